"""Lists of tasks as paged tables: department, industry and section pages, the dashboards, comparisons.

A province's department takes part in thousands of tasks. Listed whole, at 400 plans its page
weighed up to 14.8 MB and took half a second to render, and each of its dashboards the same again.
So a list is a tables.Table, as a task's results are: its first page of rows in the HTML (it works
without JavaScript, and the plan pages list every task too), every page a JSON chunk under
data/lists/<page>/<list>/ when there are several, which assets/results-table.js fetches when asked.
The cells are made once, here, for the page and for the chunks alike.

build_lists(site, out, page_size) runs in render.render after the results view (whose dashboards it
fills) and before any page is rendered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import collector, urls
from generator.site.i18n import N_, Later, Named, Text, _, day_text, mode_name, months_text, plan_label
from generator.site.tables import Chunks, SharedRow, Table, paged_table, pages_of

TASK_COLUMNS = (N_("序号"), N_("抽查任务"), N_("发起部门"), N_("抽查时间"), N_("抽查模式"))
DASH_COLUMNS = (N_("序号"), N_("抽查任务"), N_("抽查时间"))
PLAN_COLUMN = N_("计划")
DASH_LISTS = {  # a dashboard's lists by element id: (attribute of the Dashboard, caption, last column)
    "ended": ("ended", N_("抽查时间已结束、尚未公示结果的任务"), N_("抽查时间结束于")),
    "with-results": ("with_results", N_("已公示结果的任务"), N_("抽查结果")),
    "open": ("open", N_("尚在抽查期内或未注明时间的任务"), N_("抽查时间结束于")),
}
NOWRAP = "gk-nowrap"


@dataclass
class TaskLists:
    """The site's long lists, by the page that shows them."""

    departments: dict = field(default_factory=dict)  # Department -> {"led": Table, "joined": Table}
    industries: dict = field(default_factory=dict)  # Industry or Section -> Table
    notes: list[str] = field(default_factory=list)


# --- cells: what a row shows, in the page and in the chunks alike --------------------------------

def _mode(mode: str | None):
    return mode_name(mode) or _("未注明")


def _plan_cell(task) -> dict:
    return {"text": plan_label(task.plan), "href": task.plan.url, "class": NOWRAP}


def _lead_cell(ref) -> dict:
    """The lead department, linked to its page, or as the plan writes it when no department page matches."""
    if ref.department:
        return {"text": Named(ref.department.name, ref.department.en), "href": ref.department.url}
    return {"text": ref.as_written, "class": "gk-unknown", "title": Text("未能对应到标准部门名称")}


def task_cells(task, show_plan: bool) -> list:
    """One task as a list's row: plan, number, name, lead department, months, mode."""
    return [*([_plan_cell(task)] if show_plan else []), {"text": task.seq, "class": NOWRAP},
            {"text": task.name, "href": task.url}, _lead_cell(task.lead),
            {"text": Later(months_text, task), "class": NOWRAP},
            {"text": Later(_mode, task.data.get("mode")), "class": NOWRAP}]


def dash_cells(item, show_plan: bool, last: str) -> list:
    """One task of a dashboard (results_view.DashTask): plan, number, name (to its results), months, and
    its results ("results") or the last day of its months."""
    task = item.task
    if last == "with_results":
        final = Text("%(count)s条", count=f"{item.results:,}")
    else:
        final = Later(day_text, item.ended_on)
    return [*([_plan_cell(task)] if show_plan else []), {"text": task.seq, "class": NOWRAP},
            {"text": task.name, "href": f"{task.url}#results"}, {"text": Later(months_text, task), "class": NOWRAP},
            {"text": final, "class": NOWRAP}]


# --- tables -------------------------------------------------------------------------------------

def _table(chunks: Chunks | None, items: list, cells, *, id: str, caption, columns, page_size: int | None,
           folder: str | None) -> Table:
    size = page_size or max(len(items), 1)  # no page size: one page, never chunks
    return paged_table(chunks, ([cells(item) for item in page] for page in pages_of(items, size)), id=id,
                       caption=caption, columns=columns, total=len(items), page_size=size, folder=folder,
                       downloads=())


def task_table(tasks: list, id: str, caption, show_plan: bool = True, chunks: Chunks | None = None,
               folder: str | None = None, page_size: int | None = None, rows: dict | None = None) -> Table:
    """A list of tasks; one page only, unless chunks, folder and page_size are given. rows: where a
    task's row is kept for the other lists it is in (SharedRow), for build_lists."""
    columns = ((PLAN_COLUMN,) if show_plan else ()) + TASK_COLUMNS

    def cells(task) -> list:
        if rows is None:
            return task_cells(task, show_plan)
        key = (task.url, show_plan)  # one page per task: its url names it
        if key not in rows:
            rows[key] = SharedRow(task_cells(task, show_plan))
        return rows[key]

    return _table(chunks, tasks, cells, id=id, caption=caption, columns=columns, page_size=page_size, folder=folder)


def _dashboard_lists(dashboard, chunks: Chunks, page_size: int, rows: dict) -> dict:
    """A dashboard's three lists. rows: where a task's row is kept for the other dashboards that list it
    the same way (each of its departments', SharedRow)."""
    show_plan = dashboard.kind != "plan"
    lists = {}

    def cells(item, attribute: str) -> list:
        key = (item.task.url, show_plan, attribute)  # the row shows the task's own figures only
        if key not in rows:
            rows[key] = SharedRow(dash_cells(item, show_plan, attribute))
        return rows[key]

    for name, (attribute, caption, last_column) in DASH_LISTS.items():
        columns = ((PLAN_COLUMN,) if show_plan else ()) + DASH_COLUMNS + (last_column,)
        lists[attribute] = _table(chunks, getattr(dashboard, attribute), lambda item, a=attribute: cells(item, a),
                                  id=f"{name}-table", caption=Text(caption),
                                  columns=columns, page_size=page_size,
                                  folder=urls.list_chunks(dashboard.url, name))
    return lists


def build_lists(site, out: Path, page_size: int) -> TaskLists:
    """Every long list of the site, its chunks written under `out`; the dashboards' lists put on them."""
    with collector.paused():  # cells by the hundred thousand at a province's size, none in a cycle
        return _build_lists(site, out, page_size)


def _build_lists(site, out: Path, page_size: int) -> TaskLists:
    started = time.perf_counter()
    chunks = Chunks(Path(out))
    lists = TaskLists()
    rows: dict = {}  # a task's row, for every list below it is in
    for dept in site.departments:
        lists.departments[dept] = {
            name: task_table(tasks, f"{name}-table", caption, chunks=chunks, page_size=page_size,
                             folder=urls.list_chunks(dept.url, name), rows=rows)
            for name, tasks, caption in (("led", dept.led, Text("发起的抽查任务")),
                                         ("joined", dept.joined, Text("配合的抽查任务")))}
    for entry in [*site.sections, *site.industries]:
        lists.industries[entry] = task_table(entry.tasks, "tasks-table", Text("抽查任务"), chunks=chunks,
                                             page_size=page_size, folder=urls.list_chunks(entry.url, "tasks"),
                                             rows=rows)
    view, dash_rows = site.results, {}
    for dashboard in [*view.plans.values(), *view.departments.values()]:
        dashboard.lists = _dashboard_lists(dashboard, chunks, page_size, dash_rows)
    lists.notes.append(f"Task lists: {chunks.count} chunks of {page_size} rows in {chunks.files} files "
                       f"({chunks.bytes / 1_000_000:.1f} MB) "
                       f"in {time.perf_counter() - started:.1f} s")
    return lists
