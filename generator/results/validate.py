"""Validate result rows one by one: every problem is a Finding with file, row and column.

Severity follows what publishing the row would do: personal data, an unknown plan, task or
result kind, or a date that cannot be read is an error (the row is not published); a failed
credit-code check, a missing code, a date outside the task's months or a late publication
is a warning (the row is published, the office sees the problem).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

from generator.core.config import RESULT_DEFAULTS
from generator.core.findings import ERROR, Finding, Findings
from generator.importer import describe
from generator.importer.readers.grid import cell_text
from generator.reference.result_kinds import ResultKinds
from generator.results.model import HEADERS, Result
from generator.text.identifiers import credit_code_finding, find_personal_data, normalize_code, personal_data_findings
from generator.text.workdays import UnknownYear, WorkCalendar

# A date, optionally with a time of day (system exports add 00:00:00); nothing else may follow:
# "2024-08-05 至 2024-08-30" is a range and "2024-08-05 我不是日期" a mistake, not 2024-08-05.
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_RANGE = re.compile(r"\d{4}\D{1,3}\d{1,2}\D{1,3}\d{1,2}\D*?(?:至|到|~|～|—|–|\s-\s)\s*\d")
_REFUSED = date.min  # a date the row cannot be published with (in the future); its finding is already made
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SEQ = re.compile(r"^第?\s*(\d{1,4})(?:\.0+)?\s*[项号]?$")
_DEPT_SPLIT = re.compile(r"[、，,；;/／\s]+")
_EXCEL_EPOCH = date(1899, 12, 30)


def text(value) -> str:
    """A cell as text, as the importer prints a spreadsheet value (readers.grid.cell_text: 3.0 -> '3'),
    stripped; a datetime is its day, whatever the time: a result is dated, not timed."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    return cell_text(value).strip()


def parse_date(value) -> date | None:
    """A date from a cell; None if empty; ValueError if it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = text(value)
    if not s:
        return None
    m = _DATE.match(s) or _COMPACT.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if s.isdigit() and 20000 < int(s) < 80000:  # an Excel serial day number exported as text
        return _EXCEL_EPOCH + timedelta(days=int(s))
    raise ValueError(s)


class Deadlines:
    """Publication deadlines, cached per date: a million rows share a few hundred dates."""

    def __init__(self, calendar: WorkCalendar, workdays: int = RESULT_DEFAULTS.deadline_workdays,
                 year_deadline: str = RESULT_DEFAULTS.year_deadline):
        self.calendar = calendar
        self.workdays = workdays
        self.year_deadline = year_deadline
        self._deadline: dict[tuple[date, int], tuple[date, str, str | None]] = {}
        self._late: dict[tuple[date, date], int] = {}

    def deadline(self, inspected: date, plan_year: int) -> tuple[date, str, str | None]:
        """(deadline, why, calendar warning or None)."""
        key = (inspected, plan_year)
        if key not in self._deadline:
            due, warning = self.calendar.deadline(inspected, self.workdays)
            why = f"{self.workdays} working days after the inspection on {inspected}"
            if self.year_deadline:
                month, day = (int(x) for x in self.year_deadline.split("-"))
                year_end = date(plan_year, month, day)
                if inspected <= year_end < due:
                    due, why = year_end, f"the plan year's deadline {month}月{day}日"
            self._deadline[key] = (due, why, warning)
        return self._deadline[key]

    def workdays_late(self, due: date, published: date) -> int:
        """Working days in (due, published]; a year the calendar lacks counts Monday–Friday
        (the deadline's own warning already says so)."""
        if published <= due:
            return 0
        key = (due, published)
        if key not in self._late:
            n, d = 0, due
            while d < published:
                d += timedelta(days=1)
                try:
                    n += self.calendar.is_workday(d)
                except UnknownYear:
                    n += d.weekday() < 5
            self._late[key] = max(n, 1)  # published after the deadline is late even across a holiday
        return self._late[key]


class RowValidator:
    """Turns rows of cells into result rows, reporting what is wrong with each.

    Rows are checked one by one (every finding names its file, row and column), but what only
    depends on values a million rows share (plan, task, dates, kinds, departments) is worked out
    once per distinct value and remembered; a chunk of credit codes is checked with numpy
    (results/columns.py) and only the failures get the per-code message. Duplicates are found
    over the whole table afterwards (duplicate_findings), not with a dict of every row."""

    def __init__(self, plans: list[dict], kinds: ResultKinds, departments, deadlines: Deadlines,
                 today: date | None = None):
        self.today = today or date.today()  # no result can be inspected or published after it
        plans = validation_view(plans)
        self.plans = {p["plan"]["id"]: p for p in plans}
        self.tasks = {(p["plan"]["id"], t["seq"]): t for p in plans for t in p["tasks"]}
        self.kinds = kinds
        self.departments = departments
        self.deadlines = deadlines
        self._kind_cache: dict[str, tuple[list[str], list[str]]] = {}
        self._dept_cache: dict[str, tuple[str, ...]] = {}
        self._date_cache: dict[str, date | None] = {}
        self._task_cache: dict[tuple[str, str], tuple] = {}
        self._timing: dict[tuple, tuple] = {}

    def row(self, file: str, number: int, values: dict, findings: Findings) -> Result | None:
        """One row as a Result (None when it must not be published); its findings go to `findings`."""
        fields = self.row_values(file, number, values, findings)
        return None if fields is None else Result(*fields)

    def row_values(self, file: str, number: int, values: dict, findings: Findings,
                   valid_code: bool = False) -> tuple | None:
        """row() as a tuple in Result's field order; valid_code: its credit code passed the check already."""
        at = dict(file=file, row=number)
        cells = {name: v.strip() if type(v) is str else text(v) for name, v in values.items()}
        # Personal data first: such a row is never published, whatever else is wrong with it.
        if find_personal_data("\x1f".join(cells.values())):  # fast on rows that cannot hold one
            for name, value in cells.items():
                findings.extend(personal_data_findings(value, column=HEADERS[name], **at))
            return None
        found = self._task(cells.get("plan_id", ""), cells.get("seq", ""))
        if isinstance(found, Finding):
            findings.extend([replace(found, file=file, row=number)])
            return None
        plan_id, plan, task = found
        ok = True
        business = " ".join(cells.get("business", "").split())
        if not business:
            findings.error("result-no-business", "企业名称 is empty", column=HEADERS["business"], **at)
            ok = False
        code = self._credit_code(values.get("credit_code"), cells.get("credit_code", ""), findings, at, valid_code)
        inspected = self._date(cells.get("inspected", ""), "inspected", findings, at)
        if inspected is None or inspected is _REFUSED:
            ok = False
        names, unknown = self._kinds(cells.get("kinds", ""))
        for piece in unknown:
            findings.error("result-unknown-kind", self.kinds.unknown_message(piece), column=HEADERS["kinds"], **at)
        if not names and not unknown:
            findings.error("result-no-kind", "检查结果 is empty", column=HEADERS["kinds"], **at)
        if unknown or not names:
            ok = False
        published = self._date(cells.get("published", ""), "published", findings, at)
        if not ok or published is _REFUSED:
            return None
        due, late, messages = self._timing_of(plan, task, inspected, published)
        if messages:
            findings.extend([replace(f, file=file, row=number) for f in messages])
        return (plan_id, task["seq"], business, code, inspected, self._departments(cells.get("departments", ""), task),
                tuple(names), cells.get("note", ""), published, due, late, False, file, number,
                "", "", "", "", "", "")

    def _task(self, plan_id: str, seq: str):
        """(plan id, plan, task), or the Finding (without file and row) that refuses the row."""
        key = (plan_id, seq)
        if key not in self._task_cache:
            plan = self.plans.get(plan_id)
            m = _SEQ.match(seq)
            task = self.tasks.get((plan_id, int(m.group(1)))) if m and plan is not None else None
            if plan is None:
                known = ", ".join(self.plans) or "none"
                found = Finding("result-unknown-plan", f"计划编号 {plan_id!r} is not a configured plan (known: {known})",
                                ERROR, column=HEADERS["plan_id"])
            elif task is None:
                found = Finding("result-unknown-task", f"plan {plan_id} has no task {seq!r}", ERROR,
                                column=HEADERS["seq"])
            else:
                found = (plan_id, plan, task)
            self._task_cache[key] = found
        return self._task_cache[key]

    def _timing_of(self, plan: dict, task: dict, inspected: date, published: date | None) -> tuple:
        """(deadline, working days late, findings without file and row): the same for every row of
        one task inspected and published on the same days."""
        key = (plan["plan"]["id"], task["seq"], inspected, published)
        if key not in self._timing:
            collected = Findings()
            year = plan["plan"]["year"]
            self._check_months(inspected, task, year, collected, {})
            due, late = self._check_published(inspected, published, year, collected, {})
            self._timing[key] = (due, late, collected.items)
        return self._timing[key]

    def _credit_code(self, raw, cell: str, findings: Findings, at: dict, valid: bool = False) -> str:
        column = HEADERS["credit_code"]
        if valid:  # columns.valid_codes passed it: the same check, a chunk at a time
            return normalize_code(cell)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            findings.error("credit-code-number", f"统一社会信用代码 {cell} is stored as a number, which loses "
                           "digits and letters: format the column as text and enter the code again", column=column, **at)
            return ""
        if not cell:
            findings.warning("credit-code-missing", "no 统一社会信用代码: published, and found by name only",
                             column=column, **at)
            return ""
        finding = credit_code_finding(cell, column=column, **at)
        findings.extend([finding] if finding else [])
        return normalize_code(cell)

    def _date(self, cell: str, name: str, findings: Findings, at: dict) -> date | None:
        if cell not in self._date_cache:
            try:
                self._date_cache[cell] = parse_date(cell)
            except ValueError:
                self._date_cache[cell] = ValueError  # remembered as unreadable
        value = self._date_cache[cell]
        header = HEADERS[name]
        if value is ValueError:
            what = "is a date range, not the day" if _RANGE.search(cell) else "is not a date"
            findings.error("result-bad-date", f"{header} {cell!r} {what} (write YYYY-MM-DD)", column=header, **at)
            return None
        if value is not None and value > self.today:
            findings.error("result-date-future", f"{header} {value} is after today ({self.today}): a date in the "
                           "future cannot be right; the row is not published", column=header, **at)
            return _REFUSED
        if value is None and name == "inspected":
            findings.error("result-no-date", f"{header} is empty", column=header, **at)
        elif value is None:
            findings.warning("result-not-published", f"no {header}: whether it was published in time cannot be "
                             "checked", column=header, **at)
        return value

    def _kinds(self, cell: str) -> tuple[list[str], list[str]]:
        if cell not in self._kind_cache:
            self._kind_cache[cell] = self.kinds.parse(cell)
        return self._kind_cache[cell]

    def _departments(self, cell: str, task: dict) -> tuple[str, ...]:
        """Canonical names where the reference knows the spelling; the task's departments when empty."""
        if not cell:
            refs = [task["lead"], *task["partners"]]
            return tuple(dict.fromkeys(r["department"] or r["as_written"] for r in refs))
        if cell not in self._dept_cache:
            names = []
            for part in _DEPT_SPLIT.split(cell):
                if part:
                    found = self.departments.resolve(part) if self.departments else None
                    names.append(found.name if found else part)
            self._dept_cache[cell] = tuple(dict.fromkeys(names))
        return self._dept_cache[cell]

    def _check_months(self, inspected: date, task: dict, year: int, findings: Findings, at: dict) -> None:
        column = HEADERS["inspected"]
        if inspected.year != year:
            findings.warning("result-date-outside-year", f"检查日期 {inspected} is outside the plan year {year}",
                             column=column, **at)
        elif task.get("months") and not describe.in_months(task, inspected.month):
            findings.warning("result-date-outside-months", f"检查日期 {inspected} is outside task {task['seq']}'s "
                             f"months ({_span(task)})", column=column, **at)

    def _check_published(self, inspected: date, published: date | None, year: int, findings: Findings,
                         at: dict) -> tuple[date, int]:
        """(deadline, working days late)."""
        due, why, warning = self.deadlines.deadline(inspected, year)
        if warning:
            findings.warning("calendar-unknown-year", warning, column=HEADERS["inspected"], **at)
        if published is None:
            return due, 0
        column = HEADERS["published"]
        if published < inspected:
            findings.error("result-published-before", f"公示日期 {published} is before the 检查日期 {inspected}",
                           column=column, **at)
            return due, 0
        late = self.deadlines.workdays_late(due, published)
        if late:
            findings.warning("result-late", f"published {published}, {late} working day(s) after "
                             f"the deadline {due} ({why})", column=column, **at)
        return due, late


def validation_view(plans: list[dict]) -> list[dict]:
    """What of the plans decides how a result row validates: RowValidator keeps only this, so the
    build cache keys a result file by it (results/load.py) and a plan edit elsewhere (a task's scope,
    its ratio, the notice) leaves every result file's validated rows as they were."""
    def ref(r: dict) -> dict:
        return {"department": r["department"], "as_written": r["as_written"]}

    return [{"plan": {"id": p["plan"]["id"], "year": p["plan"]["year"]},
             "tasks": [{"seq": t["seq"], "lead": ref(t["lead"]), "partners": [ref(r) for r in t["partners"]],
                        "months": t.get("months"), "time": {"crosses_year": describe.crosses_year(t)}}
                       for t in p["tasks"]]} for p in plans]


def _span(task: dict) -> str:
    """The task's months as the messages print them: 4月—9月, or 10月—次年3月."""
    first, last = task["months"]
    return f"{first}月—{'次年' if describe.crosses_year(task) else ''}{last}月"
