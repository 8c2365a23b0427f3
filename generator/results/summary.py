"""Figures the pages show: a task's results, and the disclosure dashboards per plan and department.

"Ended" is judged against Results.as_of, a date taken from the data (or configured), never the
build machine's clock: the same data builds the same dashboards on any day.
"""

from __future__ import annotations

import calendar as _calendar
from collections import Counter
from collections.abc import Mapping
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.importer import describe
from generator.results.hashes import content_hashes, key_hashes, pairs, value_hashes
from generator.results.table import CODED, DATES, TEXT, day
from generator.results.model import Result, Results


def record_dict(r: Result) -> dict:
    """One result as plain data: the open-data JSON row, and what templates read."""
    return {
        "plan_id": r.plan_id,
        "task": r.seq,
        "business": r.business,
        "credit_code": r.credit_code,
        "inspected": r.inspected.isoformat() if r.inspected else "",  # a notice may print no day
        "departments": list(r.departments),
        "kinds": list(r.kinds),
        "note": r.note,
        "published": r.published.isoformat() if r.published else "",
        "deadline": r.deadline.isoformat() if r.deadline else "",
        "late": r.late,
        "workdays_late": r.workdays_late,
        "example": r.is_example,
        "as_written": r.kind_as_written,  # a notice's result as printed ("" for result files)
        "notice": r.notice,
        "items": r.items,
        "category": r.category,
        "inspected_as_written": r.inspected_as_written,
    }


def kind_counts(results: Results, rows) -> list[dict]:
    """Inspections per kind in reference order (kinds with none left out), over the row numbers
    `rows`. An inspection with several results counts once under each, so shares (of inspections)
    may add up to more than 1."""
    table = results.records
    combos = table.values("kinds")
    per_combo = np.bincount(table.columns["kinds"][rows], minlength=len(combos))
    counts: Counter = Counter()
    for combo, n in zip(combos, per_combo.tolist()):
        for kind in combo:
            counts[kind] += n
    total = len(rows)
    out = []
    for kind in results.kinds.all:
        if counts[kind.name]:
            out.append({"kind": kind.name, "en": kind.en, "id": kind.id, "group": kind.group,
                        "count": counts[kind.name], "share": counts[kind.name] / total})
    return out


def _businesses(results: Results, rows) -> int:
    return int(np.unique(results.records.business_keys()[rows]).size)


def _late(results: Results, rows):
    return rows[results.records.columns["workdays_late"][rows] > 0]


def task_summary(results: Results, plan_id: str, seq: int, page_size: int) -> dict:
    """A task page's results section without the rows: counts by kind for the chart, pages."""
    rows = results.task_rows(plan_id, seq)
    return {
        "count": len(rows),
        "businesses": _businesses(results, rows),
        "kinds": kind_counts(results, rows),
        "late": len(_late(results, rows)),
        "examples": bool(results.records.columns["is_example"][rows].any()),
        "page_size": page_size,
        "page_count": -(-len(rows) // page_size),
    }


def pages_of_rows(results: Results, rows, page_size: int):
    """Results at the row numbers `rows`, a page (list of Result) at a time: rows are materialised
    a few thousand at a time, never all of a task's tens of thousands at once."""
    step = page_size * max(1, 4096 // page_size)
    for start in range(0, len(rows), step):
        batch = results.records.rows(rows[start:start + step])
        for i in range(0, len(batch), page_size):
            yield batch[i:i + page_size]


def task_pages(results: Results, plan_id: str, seq: int, page_size: int):
    """The task's result table one page of row dicts at a time: at a province's volume a task
    has tens of thousands of rows, and holding them all as dicts would cost gigabytes."""
    for page in pages_of_rows(results, results.task_rows(plan_id, seq), page_size):
        yield [record_dict(r) for r in page]


def task_results(results: Results, plan_id: str, seq: int, page_size: int) -> dict:
    """task_summary plus every page of rows (convenient when the volume is small)."""
    return {**task_summary(results, plan_id, seq, page_size), "pages": list(task_pages(results, plan_id, seq, page_size))}


def month_end(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def task_status(task: dict, year: int, has_results: bool, as_of: date | None) -> str:
    """published | ended (months over, no results) | open (months not over) | unknown (no months or no date)."""
    if has_results:
        return "published"
    if not task.get("months") or as_of is None:
        return "unknown"
    end_year = year + 1 if describe.crosses_year(task) else year
    return "ended" if as_of > month_end(end_year, task["months"][1]) else "open"


def _figures(tasks: list[tuple[dict, dict]], rows, results: Results, as_of: date | None) -> dict:
    """Shared by the plan and the department dashboards. tasks: (plan, task) pairs; rows: row numbers."""
    by_task = results.by_task()
    statuses = []
    for plan, task in tasks:
        key = (plan["plan"]["id"], task["seq"])
        status = task_status(task, plan["plan"]["year"], key in by_task, as_of)
        statuses.append({"plan_id": key[0], "task": task["seq"], "name": task["name"], "status": status,
                         "months": task.get("months"), "results": len(by_task.get(key, []))})
    table = results.records
    late = len(_late(results, rows))  # the list itself: generator/site/late_results.py, a page at a time
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "tasks": len(tasks),
        "tasks_with_results": [s for s in statuses if s["status"] == "published"],
        "tasks_ended_without_results": [s for s in statuses if s["status"] == "ended"],
        "tasks_open": [s for s in statuses if s["status"] in ("open", "unknown")],
        "results": len(rows),
        "businesses": _businesses(results, rows),
        "late": late,
        "late_share": late / len(rows) if len(rows) else 0.0,
        "unpublished": int((table.columns["published"][rows] == 0).sum()),
        "kinds": kind_counts(results, rows),
        "examples": bool(table.columns["is_example"][rows].any()),
    }


def plan_dashboard(results: Results, plan: dict, as_of: date | None = None) -> dict:
    """Disclosure figures for one plan: tasks with results published, tasks whose months have
    ended with none, results published late, share per kind."""
    plan_id = plan["plan"]["id"]
    figures = _figures([(plan, t) for t in plan["tasks"]], results.plan_rows(plan_id), results, as_of or results.as_of)
    return {"plan_id": plan_id, **figures}


def department_names(task: dict) -> list[str]:
    return list(dict.fromkeys(r["department"] or r["as_written"] for r in [task["lead"], *task["partners"]]))


def department_dashboards(results: Results, plans: list[dict], as_of: date | None = None) -> list[dict]:
    """The same figures per department. A department's tasks are those it leads or joins; its
    results are those whose 检查部门 names it (the task's departments when the cell was empty)."""
    tasks: dict[str, list[tuple[dict, dict]]] = {}
    led: Counter = Counter()
    for plan in plans:
        for task in plan["tasks"]:
            for i, name in enumerate(department_names(task)):
                tasks.setdefault(name, []).append((plan, task))
                led[name] += i == 0 and (task["lead"]["department"] or task["lead"]["as_written"]) == name
    out = []
    for name in sorted(set(tasks) | set(department_names_of(results))):
        figures = _figures(tasks.get(name, []), department_rows(results, name), results, as_of or results.as_of)
        out.append({"department": name, "tasks_led": led[name], **figures})
    return out


def department_names_of(results: Results) -> list[str]:
    """Every department some result's 检查部门 names."""
    return list(dict.fromkeys(name for combo in results.records.values("departments") for name in combo))


def department_rows(results: Results, name: str):
    """Row numbers of the results whose 检查部门 names `name` (the task's departments when the cell was empty)."""
    table = results.records
    combos = [i for i, combo in enumerate(table.values("departments")) if name in combo]
    return np.flatnonzero(np.isin(table.columns["departments"], combos))


def change_records(results: Results) -> dict[str, dict[int, "TaskRecords"]]:
    """plan id -> task -> TaskRecords, for generator.publish.changes.make_manifest: a task's key hashes
    (or, for a previous manifest of version 1, its records) are made when it is read, one task at a
    time, and the content hashes once for the whole table (_TableContents, 8 B a row), so no record
    dict of the whole set ever sits in memory."""
    out: dict[str, dict[int, TaskRecords]] = {}
    contents = _TableContents(results)
    for (plan_id, seq), rows in results.by_task().items():
        out.setdefault(plan_id, {})[seq] = TaskRecords(results, np.sort(rows), contents)
    return out


# record_dict's fields, in its order -> the column each is read from (late: workdays_late > 0).
# TaskRecords.hashes hashes these columns and the open data's JSON (generator/publish/results_data.py)
# is written from them; tests/unit/test_changes_scale.py and tests/unit/test_results_data.py check
# both against record_dict row by row, so a field added to one and not the other fails there.
RECORD_COLUMNS = {"plan_id": "plan_id", "task": "seq", "business": "business", "credit_code": "credit_code",
                   "inspected": "inspected", "departments": "departments", "kinds": "kinds", "note": "note",
                   "published": "published", "deadline": "deadline", "late": "workdays_late",
                   "workdays_late": "workdays_late", "example": "is_example", "as_written": "kind_as_written",
                   "notice": "notice", "items": "items", "category": "category",
                   "inspected_as_written": "inspected_as_written"}


class TaskRecords(Mapping):
    """One task's results as record key -> record_dict, computed on each read (a later row with the
    same key wins, as in a dict built in row order); hashes() gives their pairs from the columns."""

    def __init__(self, results: Results, rows, contents: "_TableContents | None" = None):
        self.results, self.rows = results, rows
        self.contents = contents or _TableContents(results)

    def _dict(self) -> dict[str, dict]:
        out = {}
        for page in pages_of_rows(self.results, self.rows, 4096):
            for r in page:
                out[f"{r.business_key}@{r.inspected.isoformat() if r.inspected else r.notice}"] = record_dict(r)
        return out

    def __getitem__(self, key):
        return self._dict()[key]

    def __iter__(self):
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def items(self):
        return self._dict().items()

    def hashes(self):
        """generator/results/hashes.py's pairs of these records, read from the columns: each distinct
        value hashed once, the rows mixed with numpy (no Result or dict per row)."""
        return pairs(key_hashes(self._keys()), self.contents.of(self.rows))

    def _keys(self) -> list[str]:
        """Each row's record key, as _dict spells it: business_key@inspected (or @notice, undated)."""
        table, rows = self.results.records, self.rows
        codes = table.column("credit_code", rows)
        named = [i for i, code in enumerate(codes) if not code]
        places = table.column("jurisdiction", rows[named]) if named else []
        for i, name, place in zip(named, table.column("business", rows[named]) if named else [], places):
            codes[i] = Result(plan_id="", seq=0, business=name, credit_code="", inspected=None, departments=(),
                              kinds=(), jurisdiction=place).business_key  # the one rule for names without a code
        days, inverse = np.unique(table.columns["inspected"][rows], return_inverse=True)
        spelled = [day(o).isoformat() if o else None for o in days.tolist()]
        notices = table.column("notice", rows)
        return [f"{code}@{spelled[d] or notice}" for code, d, notice in zip(codes, inverse.tolist(), notices)]


class _TableContents:
    """Every row's content hash (8 B a row), made the first time a task asks, CHUNK rows at a time: made
    task by task, a numpy unique of every column for each of 2,144 tasks cost 1.7 s at 40 plans, more
    than the hashing. A chunk's distinct values and one field's hashes at a time are all it holds."""

    CHUNK = 1 << 20

    def __init__(self, results: Results):
        self.results, self._all = results, None

    def of(self, rows) -> np.ndarray:
        if self._all is None:
            n = len(self.results.records)
            self._all = np.concatenate([np.zeros(0, np.uint64)] + [self._chunk(np.arange(first, min(n, first + self.CHUNK)))
                                                                  for first in range(0, n, self.CHUNK)])
        return self._all[rows]

    def _chunk(self, rows) -> np.ndarray:
        return content_hashes([(field, lambda f=field: _value_hashes(self.results, rows, f)) for field in RECORD_COLUMNS],
                              len(rows))


def _value_hashes(results: Results, rows, field: str):
    """vi of `field` for each of `rows`: each distinct value hashed once."""
    if not len(rows):
        return np.zeros(0, np.uint64)
    distinct, inverse = record_values(results.records, rows, field)
    return value_hashes(field, distinct)[inverse]


def record_values(table, rows, field: str) -> tuple[list, np.ndarray]:
    """record_dict's `field` for each of `rows` a column at a time: (its distinct values as record_dict
    gives them, each row's index into them), so each is spelled (hashed, written) once."""
    column = RECORD_COLUMNS[field]
    if column in TEXT:
        encoded = pc.dictionary_encode(table.columns[column].take(pa.array(rows, type=pa.int64())))
        return encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False)
    present, inverse = distinct_codes(table.columns[column][rows])
    if column in CODED:
        distinct = [table.values(column)[code] for code in present.tolist()]
    elif column in DATES:
        distinct = [day(o).isoformat() if o else "" for o in present.tolist()]
    elif field == "late":
        distinct = [n > 0 for n in present.tolist()]
    else:
        distinct = present.tolist()  # numbers and flags, as record_dict gives them
    return distinct, inverse


def distinct_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) for integers: by counting when they span a short range
    (codes, days, task numbers: linear, where sorting a province's rows column by column was not)."""
    if not len(values) or values.dtype.kind not in "biu":
        return np.unique(values, return_inverse=True)
    low, high = int(values.min()), int(values.max())
    if high - low > 4 * len(values) + 1024:
        return np.unique(values, return_inverse=True)
    shifted = values.astype(np.int64) - low
    present = np.flatnonzero(np.bincount(shifted, minlength=high - low + 1))
    index = np.zeros(high - low + 1, dtype=np.int64)
    index[present] = np.arange(len(present))
    return (present + low).astype(values.dtype), index[shifted]
