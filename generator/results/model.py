"""The results a build publishes: a table of Results (record.py, table.py) and what came with them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.reference.result_kinds import ResultKinds
from generator.results.record import HEADERS, Result
from generator.results.table import ResultTable

__all__ = ["HEADERS", "Result", "Results"]

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
        self.records = ResultTable.from_records(self.records)

    @property
    def table(self):
        return self.records

    @property
    def examples(self) -> bool:
        """True when any record is a generated example: every page showing them says so."""
        return bool(self.records.columns["is_example"].any())

    def by_task(self) -> dict[tuple[str, int], np.ndarray]:
        """(plan id, task) -> row numbers of its results in display order (检查日期, name, code)."""
        if self._by_task is None:
            self._by_task = _group_by_task(self.records)
        return self._by_task

    def task_rows(self, plan_id: str, seq: int):
        return self.by_task().get((plan_id, seq), np.zeros(0, dtype=np.int64))

    def for_task(self, plan_id: str, seq: int) -> list[Result]:
        return self.records.rows(self.task_rows(plan_id, seq))

    def plan_rows(self, plan_id: str):
        """Row numbers of a plan's results, in row order."""
        plans = self.records.values("plan_id")
        if plan_id not in plans:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(self.records.columns["plan_id"] == plans.index(plan_id))

    def for_plan(self, plan_id: str) -> list[Result]:
        return self.records.rows(self.plan_rows(plan_id))

    def late(self) -> list[Result]:
        """The results published after their deadline (a few in a hundred), as Results."""
        return self.records.rows(np.flatnonzero(self.records.columns["workdays_late"] > 0))

    def from_notices(self) -> "Results":
        """Only the results read from departments' notices (linked and unlinked), as the notice pages
        read them: a handful beside a province's result files, so a list is fine."""
        noticed = [i for i, notice in enumerate(self.records.values("notice")) if notice]
        rows = np.flatnonzero(np.isin(self.records.columns["notice"], noticed))
        return Results(self.records.rows(rows), self.kinds, self.sources, self.as_of, self.unlinked, self.notices)


def _group_by_task(table) -> dict:
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
