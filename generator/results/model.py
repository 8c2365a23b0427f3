"""One inspection result per business per task, and the set of them a build publishes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.reference.result_kinds import ResultKinds

# The nine columns of a result file, in order: field -> header as offices write it.
HEADERS = {
    "plan_id": "计划编号",
    "seq": "任务序号",
    "business": "企业名称",
    "credit_code": "统一社会信用代码",
    "inspected": "检查日期",
    "departments": "检查部门",
    "kinds": "检查结果",
    "note": "结果说明",
    "published": "公示日期",
}


@dataclass(slots=True, eq=False)
class Result:
    """One row of a result file, validated. Slots: a province's volume is a million of these."""

    plan_id: str
    seq: int
    business: str  # 企业名称 as written, trimmed
    credit_code: str  # normalised (half-width, upper case); "" when the row had none
    inspected: date | None  # None: a notice printed no day (截止8月份), never made up
    departments: tuple[str, ...]  # canonical names where known, else as written
    kinds: tuple[str, ...]  # canonical result kind names, in cell order
    note: str = ""
    published: date | None = None
    deadline: date | None = None  # last day to publish: 20 working days, or the year's deadline if earlier
    workdays_late: int = 0  # working days after the deadline; 0 when on time or unknown
    is_example: bool = False  # generated demo data, never a real business
    file: str = ""
    row: int = 0
    # From a department's result notice (generator.results.notices): the result as printed (its
    # kind may be unknown, kinds then empty), the place the office is in, the notice, its section.
    kind_as_written: str = ""
    jurisdiction: str = ""
    notice: str = ""
    category: str = ""
    items: str = ""  # 抽查事项 as the notice printed it
    inspected_as_written: str = ""  # 截止8月份: the notice's period when it printed no day

    @property
    def late(self) -> bool:
        return self.workdays_late > 0

    @property
    def business_key(self) -> str:
        """What makes two rows the same business: the code, else the name (many notices list names only)."""
        # One name in two places is two businesses: notices print names only, 城关加油站 in every county.
        place = f"@{self.jurisdiction}" if self.jurisdiction else ""
        return self.credit_code or "名称:" + "".join(self.business.split()) + place


@dataclass
class Results:
    """records: a ResultTable (generator/results/table.py); a list of Result is turned into one."""

    records: object
    kinds: ResultKinds
    sources: list[str] = field(default_factory=list)  # files read, or a note that these are examples
    as_of: date | None = None  # the data's own "today": config results.as_of, else the latest 公示日期
    unlinked: list[Result] = field(default_factory=list)  # notice results no plan task fits (plan_id "")
    notices: list[dict] = field(default_factory=list)  # the configured notices, as imported (their "notice")
    _by_task: dict | None = field(default=None, repr=False)

    def __post_init__(self):
        from generator.results.table import ResultTable

        self.records = ResultTable.from_records(self.records)

    @property
    def table(self):
        return self.records

    @property
    def examples(self) -> bool:
        """True when any record is a generated example: every page showing them says so."""
        return bool(self.records.columns["is_example"].any())

    def by_task(self) -> dict[tuple[str, int], "np.ndarray"]:
        """(plan id, task) -> row numbers of its results in display order (检查日期, name, code)."""
        if self._by_task is None:
            self._by_task = _group_by_task(self.records)
        return self._by_task

    def task_rows(self, plan_id: str, seq: int):
        import numpy as np

        return self.by_task().get((plan_id, seq), np.zeros(0, dtype=np.int64))

    def for_task(self, plan_id: str, seq: int) -> list[Result]:
        return self.records.rows(self.task_rows(plan_id, seq))

    def plan_rows(self, plan_id: str):
        """Row numbers of a plan's results, in row order."""
        import numpy as np

        plans = self.records.values("plan_id")
        if plan_id not in plans:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.records.columns["plan_id"] == plans.index(plan_id))

    def for_plan(self, plan_id: str) -> list[Result]:
        return self.records.rows(self.plan_rows(plan_id))

    def late(self) -> list[Result]:
        """The results published after their deadline (a few in a hundred), as Results."""
        import numpy as np

        return self.records.rows(np.flatnonzero(self.records.columns["workdays_late"] > 0))

    def from_notices(self) -> "Results":
        """Only the results read from departments' notices (linked and unlinked), as the notice pages
        read them: a handful beside a province's result files, so a list is fine."""
        import numpy as np

        noticed = [i for i, notice in enumerate(self.records.values("notice")) if notice]
        rows = np.flatnonzero(np.isin(self.records.columns["notice"], noticed))
        return Results(self.records.rows(rows), self.kinds, self.sources, self.as_of, self.unlinked, self.notices)


def _group_by_task(table) -> dict:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(table):
        return {}
    plan, seq = table.columns["plan_id"].astype(np.int64), table.columns["seq"].astype(np.int64)
    task = plan << 32 | (seq & 0xFFFFFFFF)
    keys = pa.table({"task": task, "inspected": table.columns["inspected"], "business": table.columns["business"],
                     "code": table.columns["credit_code"]})
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()
    ordered = task[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    plans = table.values("plan_id")
    return {(plans[int(ordered[a] >> 32)], int(seq[order[a]])): order[a:b] for a, b in zip(starts, ends)}
