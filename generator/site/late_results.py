"""The dashboards' lists of late results, read from the result table's columns.

In: the results (generator/results/table.py's columns) and the site's tasks. Out: each plan's and
department's late results as row numbers in the lists' order (LateRows), their cells a column at a
time for tables.paged_columns (late_columns), and the whole list as late.csv (write_late_csv). A few in
a hundred results are late: a province's dashboards list hundreds of thousands, each once on its
plan's dashboard and once on each department's it names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.core.io import spreadsheet_csv
from generator.results.summary import distinct_codes
from generator.results.table import day
from generator.site.i18n import N_, Text, plan_label
from generator.site.tables import Coded, blocks_of

LATE_COLUMNS = (N_("抽查任务"), N_("企业名称"), N_("检查日期"), N_("公示期限"), N_("公示日期"), N_("逾期"))
LATE_CSV_HEADERS = ("计划编号", "任务序号", "抽查任务", "企业名称", "统一社会信用代码", "检查日期", "公示期限",
                    "公示日期", "逾期工作日", "检查部门")


class LateRows:
    """Row numbers of the late results in the lists' order: plan (the site's order), 任务序号, 检查日期,
    name, code (a stable sort: equal keys in row order). One sort for all; a dashboard's list keeps it."""

    def __init__(self, table, plans):
        self.table = table
        c = table.columns
        late = np.flatnonzero(c["workdays_late"] > 0)
        order = {p.id: p.order for p in plans}
        plan_order = np.array([order.get(p, len(order)) for p in table.values("plan_id")], dtype=np.int64)
        taken = pa.array(late, type=pa.int64())
        keys = pa.table({"plan": plan_order[c["plan_id"][late]], "seq": c["seq"][late],
                         "inspected": c["inspected"][late], "business": c["business"].take(taken),
                         "code": c["credit_code"].take(taken)})
        self.rows = late[pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()]

    def of_plan(self, plan_id: str) -> np.ndarray:
        plans = self.table.values("plan_id")
        if plan_id not in plans:
            return self.rows[:0]
        return self.rows[self.table.columns["plan_id"][self.rows] == plans.index(plan_id)]

    def of_department(self, name: str) -> np.ndarray:
        """The results whose 检查部门 names `name` (as often as it names it)."""
        times = np.array([combo.count(name) for combo in self.table.values("departments")], dtype=np.int64)
        return np.repeat(self.rows, times[self.table.columns["departments"][self.rows]])


def late_columns(table, rows, by_key: dict, with_plan: bool) -> list:
    """The late-results table's cells for `rows`, a column at a time (tables.Coded); by_key: (plan id,
    任务序号) -> the site's Task; with_plan: the task's plan is named too (a department's dashboard)."""
    c = table.columns
    plans = table.values("plan_id")

    def label(key: int):
        seq = key & 0xFFFFFFFF
        task = by_key.get((plans[key >> 32], seq))
        name = Text("第%(seq)s项 %(name)s", seq=seq, name=task.name) if task else Text("第%(seq)s项", seq=seq)
        if with_plan and task:
            name = Text("%(plan)s %(task)s", plan=plan_label(task.plan), task=name)
        return {"text": name, "href": task.url} if task else name

    return [Coded.of(_task_keys(table, rows), label), c["business"].take(pa.array(rows, type=pa.int64())),
            Coded.of(c["inspected"][rows], _iso, True), Coded.of(c["deadline"][rows], _iso, True),
            Coded.of(c["published"][rows], _iso, True), Coded.of(c["workdays_late"][rows], _days_late, True)]


def write_late_csv(path: Path, table, rows, by_key: dict) -> None:
    """The whole list of late results for the reader without JavaScript (UTF-8 with BOM, for Excel)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    c = table.columns
    plans = table.values("plan_id")
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = spreadsheet_csv(fh)  # formula-like text as text (OWASP)
        writer.writerow(LATE_CSV_HEADERS)
        for block in blocks_of(rows, 1):
            taken = pa.array(block, type=pa.int64())
            tasks, task_codes = distinct_codes(_task_keys(table, block))
            names = [getattr(by_key.get((plans[k >> 32], k & 0xFFFFFFFF)), "name", "") for k in tasks.tolist()]
            writer.writecolumns([(plans, c["plan_id"][block]), _spelled(c["seq"][block], int), (names, task_codes),
                                 c["business"].take(taken), c["credit_code"].take(taken),
                                 _spelled(c["inspected"][block], lambda o: day(o).isoformat()),
                                 _spelled(c["deadline"][block], _iso), _spelled(c["published"][block], _iso),
                                 _spelled(c["workdays_late"][block], int),
                                 (["、".join(combo) for combo in table.values("departments")], c["departments"][block])])


def _task_keys(table, rows) -> np.ndarray:
    """(plan code, 任务序号) of each row as one integer: plan code << 32 | 任务序号."""
    return table.columns["plan_id"][rows].astype(np.int64) << 32 | table.columns["seq"][rows].astype(np.int64)


def _days_late(days: int) -> dict:
    return {"text": Text("%(days)s个工作日", days=days), "class": "gk-late"}


def _iso(ordinal: int) -> str:
    found = day(ordinal)
    return found.isoformat() if found else ""


def _spelled(keys, spell) -> tuple[list, np.ndarray]:
    """(values, codes) for spreadsheet_csv.writecolumns: each distinct key spelled once."""
    present, codes = distinct_codes(keys)
    return [spell(key) for key in present.tolist()], codes
