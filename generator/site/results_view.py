"""Inspection results as the pages show them, and the paged tables' JSON chunks.

build_view(site, results, out, page_size) runs in render.render before any page is rendered:

- every task gets its summary (generator.results.task_summary: counts by kind for the chart)
  and its table, made from the result table's columns a block of pages at a time
  (result_columns: each distinct day, list of departments or kinds made a cell once). The
  first page's rows go into the task page, so it works without JavaScript; when a table has
  more than one page, every page is also written as a JSON chunk into the packs of
  data/results/<plan>/<seq>/ (generator/site/tables.py), which assets/results-table.js reads on demand;
- every plan and department gets a disclosure dashboard (plan_dashboard,
  department_dashboards), whose list of late results is paged the same way under
  data/dashboards/{plans,departments}/<id>/late/, with the whole list as late.csv.

So a page never grows with the number of results: a million results make the same pages,
each with at most one page of rows, and the rest are static files nobody pays for unless
they page. Chunk cells are the very strings the first page shows (one formatter, here).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from generator.core import urls
from generator.results import ResultKinds, Results, department_dashboards, plan_dashboard, task_summary
from generator.results.summary import month_end, task_status
from generator.results.table import day
from generator.site.charts import KindChart, kind_chart
from generator.site.i18n import N_, Joined, Named, Text, plan_label
from generator.site.notice_pages import notice_pages, other_results, task_sources, write_notice_data
from generator.site.late_results import LATE_COLUMNS, LateRows, late_columns, write_late_csv
from generator.site.tables import Chunks, Coded, Table, blocks_of, cell_rows, paged_columns, paged_table

RESULT_COLUMNS = (N_("企业名称"), N_("统一社会信用代码"), N_("检查日期"), N_("检查部门"), N_("检查结果"),
                  N_("结果说明"), N_("公示日期"), N_("是否按期公示"))  # msgids: each page shows them in its language


# --- cells: what a row shows, in the page and in the chunks alike --------------------------------

def result_columns(table, rows, english: dict) -> list:
    """The task table's cells for `rows` (row numbers in a generator.results.table.ResultTable), a column
    at a time (tables.Coded): text as it is, every other cell made once for each distinct value (a day,
    a list of departments), since a province's task has hundreds of thousands of rows. english: the
    English names of result kinds and departments, shown beside the Chinese on English pages."""
    c = table.columns
    taken = pa.array(rows, type=pa.int64())
    departments, kinds, written = table.values("departments"), table.values("kinds"), table.values("kind_as_written")
    late, deadline = c["workdays_late"][rows].astype(np.int64), c["deadline"][rows]
    return [c["business"].take(taken), c["credit_code"].take(taken), Coded.of(c["inspected"][rows], _day_cell, True),
            Coded.of(c["departments"][rows], lambda d: Joined([Named(n, english.get(n)) for n in departments[d]])),
            Coded.of(c["kinds"][rows].astype(np.int64) * len(written) + c["kind_as_written"][rows],
                     lambda k: _kinds_cell(kinds[k // len(written)], written[k % len(written)], english)),
            c["note"].take(taken), Coded.of(c["published"][rows], _day_cell, True),
            Coded.of(np.where(late > 0, late << 32 | deadline, (c["published"][rows] > 0) & (deadline > 0)), _timely_cell,
                     True)]


def _day_cell(ordinal: int):
    return day(ordinal).isoformat() if ordinal else Text("未注明")


def _kinds_cell(names: tuple, written: str, english: dict):
    """检查结果: the kinds, and a notice's wording as printed when it differs."""
    kinds = Joined([Named(k, english.get(k)) for k in names], "；")
    if written and written != "；".join(names):  # a notice's wording is always shown as printed
        return Text("%(kinds)s（公示原文：%(written)s）", kinds=kinds, written=written) if kinds else written
    return kinds


def _timely_cell(key: int):
    """是否按期公示: key is workdays late << 32 | the deadline's day when late, else 1 if on time, 0 if unknown."""
    if key >> 32:
        deadline = day(key & 0xFFFFFFFF)
        return {"text": Text("逾期%(days)s个工作日（期限%(deadline)s）", days=key >> 32,
                             deadline=deadline.isoformat() if deadline else ""), "class": "gk-late"}
    return Text("按期") if key else "—"


# --- what the pages read -----------------------------------------------------------------------

@dataclass
class TaskResults:
    status: str  # published | ended | open | unknown (generator.results.task_status)
    count: int = 0
    businesses: int = 0
    late: int = 0
    examples: bool = False
    kinds: list[dict] = field(default_factory=list)
    chart: KindChart | None = None
    table: Table | None = None
    ended_on: date | None = None  # the last day of the task's months
    sources: list = field(default_factory=list)  # the notices its results came from (notices.pages.NoticeSource)


@dataclass
class DashTask:
    task: object  # generator.site.model.Task
    results: int
    ended_on: date | None


@dataclass
class Dashboard:
    kind: str  # plan | department
    subject: object  # generator.site.model.Plan or Department
    url: str
    title: str
    figures: dict  # plan_dashboard / department_dashboards, without its long lists
    with_results: list[DashTask]
    ended: list[DashTask]
    open: list[DashTask]
    chart: KindChart | None
    late: Table
    examples: bool
    tasks_led: int | None = None
    lists: dict = field(default_factory=dict)  # attribute of a list above -> its Table (task_lists.build_lists)


@dataclass
class ResultsView:
    as_of: date | None
    as_of_configured: bool
    examples: bool
    count: int
    page_size: int
    tasks: dict = field(default_factory=dict)  # Task -> TaskResults
    plans: dict = field(default_factory=dict)  # Plan -> Dashboard
    departments: dict = field(default_factory=dict)  # Department -> Dashboard
    other: dict = field(default_factory=dict)  # Department -> notices whose results fit no task (notice_pages.py)
    notices: list = field(default_factory=list)  # every configured notice's page (notice_pages.NoticePage)
    notes: list[str] = field(default_factory=list)


def empty_results() -> Results:
    return Results([], ResultKinds([]))


def build_view(site, results: Results | None, plans: list[dict], out: Path, page_size: int,
               as_of_configured: bool = False) -> ResultsView:
    started = time.perf_counter()
    results = results if results is not None else empty_results()
    records = results.records
    view = ResultsView(results.as_of, as_of_configured, results.examples, len(records), page_size)
    chunks = Chunks(Path(out))
    noticed = results.from_notices()  # the notice pages read only these, never the result files' millions
    sources = task_sources(noticed)
    english = {**{d.name: d.en for d in site.departments}, **{k.name: k.en for k in results.kinds.all}}
    single = _single_pages(results, page_size, english)
    for plan in site.plans:
        for task in plan.tasks:
            view.tasks[task] = _task_entry(plan, task, results, chunks, page_size, english, single)
            view.tasks[task].sources = sources.get((plan.id, task.seq), [])
    unknown = _Dashboards(view, site, results, chunks, Path(out), page_size).fill(plans)
    view.other = other_results(noticed, site.departments, chunks, page_size)
    view.notices = notice_pages(noticed, site)
    write_notice_data(results.notices, [*noticed.records, *results.unlinked], out,
                      site.config.get("disclosure_defaults"))
    view.notes.append(
        f"Results pages: {view.count} results on {sum(1 for t in view.tasks.values() if t.count)} task pages, "
        f"{len(view.plans)} plan and {len(view.departments)} department dashboards; "
        f"{chunks.count} table chunks of {page_size} rows in {chunks.files} files ({chunks.bytes / 1_000_000:.1f} MB) "
        f"in {time.perf_counter() - started:.1f} s")
    if unknown:
        view.notes.append(f"Note: no department page for {', '.join(sorted(unknown))}: results and tasks that name "
                          "them are on the plan dashboards only")
    return view


def _single_pages(results: Results, page_size: int, english: dict) -> dict:
    """(plan id, task) -> the rows of each task table that fits on one page, made together: at 400 plans
    ~21,600 tables of ~4 rows, where making each a column at a time cost numpy's per-call overhead eight
    times a table (~3 s), not its rows."""
    small = {key: rows for key, rows in results.by_task().items() if len(rows) <= page_size}
    if not small:
        return {}
    cells = cell_rows(result_columns(results.records, np.concatenate(list(small.values())), english))
    ends = np.cumsum([len(rows) for rows in small.values()]).tolist()
    return {key: cells[end - len(rows):end] for (key, rows), end in zip(small.items(), ends)}


def _task_entry(plan, task, results: Results, chunks: Chunks, page_size: int, english: dict,
                single: dict) -> TaskResults:
    """A task page's results: its status, counts and chart, and its table: made with the others that fit on
    one page (`single`, _single_pages), else streamed page by page."""
    year = plan.meta["year"]
    summary = task_summary(results, plan.id, task.seq, page_size)
    status = task_status(task.data, year, summary["count"] > 0, results.as_of)
    entry = TaskResults(status, ended_on=month_end(year, task.months[1]) if task.months else None)
    if summary["count"]:
        entry.count, entry.businesses, entry.late = summary["count"], summary["businesses"], summary["late"]
        entry.examples, entry.kinds = summary["examples"], summary["kinds"]
        entry.chart = kind_chart(summary["kinds"], summary["count"])
        one_page = single.get((plan.id, task.seq))
        blocks = (result_columns(results.records, rows, english)
                  for rows in blocks_of(results.task_rows(plan.id, task.seq), page_size))
        entry.table = (paged_columns if one_page is None else paged_table)(
            chunks, blocks if one_page is None else [one_page], id="results-table",
            caption=Text("第%(seq)s项抽查结果明细", seq=task.seq),
            columns=RESULT_COLUMNS, total=summary["count"], page_size=page_size,
            folder=urls.task_results_chunks(plan.id, task.seq),
            downloads=[(Text("本计划全部抽查结果（CSV 表格）"), urls.results_data(plan.id, "csv")),
                       (Text("JSON 数据"), urls.results_data(plan.id, "json"))])
    return entry


class _Dashboards:
    """Every plan's and department's disclosure dashboard; late results sorted out once (late_results.py)."""

    def __init__(self, view: ResultsView, site, results: Results, chunks: Chunks, out: Path, page_size: int):
        self.view, self.site, self.results, self.chunks, self.out = view, site, results, chunks, out
        self.page_size = page_size
        self.by_key = {(t.plan.id, t.seq): t for t in site.tasks}
        self.late = LateRows(results.records, site.plans)

    def fill(self, plans: list[dict]) -> list[str]:
        """Fill the view's dashboards; returns the departments results name that have no page."""
        view, site, results = self.view, self.site, self.results
        for plan, data in zip(site.plans, plans):
            figures = plan_dashboard(results, data)
            view.plans[plan] = self.dashboard("plan", plan, urls.dashboard(plan.url),
                                              Text("%(plan)s抽查结果公开情况", plan=plan_label(plan)),
                                              figures, self.late.of_plan(plan.id),
                                              urls.dashboard_data("plan", plan.id), False)
        by_name = {d.name: d for d in site.departments}
        unknown = []
        for figures in department_dashboards(results, plans):
            dept = by_name.get(figures["department"])
            if dept is None:
                unknown.append(figures["department"])
                continue
            view.departments[dept] = self.dashboard(
                "department", dept, urls.dashboard(dept.url), Text("%(department)s抽查结果公开情况",
                                                                 department=Named(dept.name, dept.en)), figures,
                self.late.of_department(dept.name), urls.dashboard_data("department", dept.slug), True,
                figures["tasks_led"])
        return unknown

    def dash_tasks(self, items) -> list[DashTask]:
        out = []
        for item in items:
            task = self.by_key.get((item["plan_id"], item["task"]))
            if task is not None:
                out.append(DashTask(task, item["results"], self.view.tasks[task].ended_on))
        return out

    def dashboard(self, kind, subject, url, title, figures, late, folder, with_plan, tasks_led=None) -> Dashboard:
        name = plan_label(subject) if kind == "plan" else Named(subject.name, subject.en)
        records = self.results.records
        blocks = (late_columns(records, rows, self.by_key, with_plan) for rows in blocks_of(late, self.page_size))
        csv_url = urls.late_csv(folder)
        table = paged_columns(self.chunks, blocks, id="late-table", caption=Text("%(name)s逾期公示的抽查结果", name=name),
                              columns=LATE_COLUMNS, total=len(late), page_size=self.page_size,
                              folder=urls.late_chunks(folder), downloads=[(Text("逾期公示结果清单（CSV 表格）"), csv_url)])
        write_late_csv(self.out / csv_url, records, late, self.by_key)
        shown = {k: v for k, v in figures.items()
                 if k not in ("tasks_with_results", "tasks_ended_without_results", "tasks_open")}
        return Dashboard(kind, subject, url, title, shown, self.dash_tasks(figures["tasks_with_results"]),
                         self.dash_tasks(figures["tasks_ended_without_results"]),
                         self.dash_tasks(figures["tasks_open"]), kind_chart(figures["kinds"], figures["results"]),
                         table, figures["examples"], tasks_led)
