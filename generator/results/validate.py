"""Validate result rows one by one: every problem is a Finding with file, row and column.

Severity follows what publishing the row would do: personal data, an unknown plan, task or
result kind, or a date that cannot be read is an error (the row is not published); a failed
credit-code check, a missing code, a date outside the task's months or a late publication
is a warning (the row is published, the office sees the problem).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from generator.core.config import RESULT_DEFAULTS
from generator.core.findings import Findings
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
    """Turns rows of cells into Results, reporting what is wrong with each."""

    def __init__(self, plans: list[dict], kinds: ResultKinds, departments, deadlines: Deadlines,
                 today: date | None = None):
        self.today = today or date.today()  # no result can be inspected or published after it
        self.plans = {p["plan"]["id"]: p for p in plans}
        self.tasks = {(p["plan"]["id"], t["seq"]): t for p in plans for t in p["tasks"]}
        self.kinds = kinds
        self.departments = departments
        self.deadlines = deadlines
        self._seen: dict[tuple[str, int, str], tuple[str, int, date]] = {}
        self._kind_cache: dict[str, tuple[list[str], list[str]]] = {}
        self._dept_cache: dict[str, tuple[str, ...]] = {}
        self._date_cache: dict[str, date | None] = {}

    def row(self, file: str, number: int, values: dict, findings: Findings) -> Result | None:
        at = dict(file=file, row=number)
        cells = {name: text(v) for name, v in values.items()}
        # Personal data first: such a row is never published, whatever else is wrong with it.
        joined = "\x1f".join(cells.values())
        if find_personal_data(joined):  # it skips, fast, the rows that cannot hold a personal number
            for name, value in cells.items():
                findings.extend(personal_data_findings(value, column=HEADERS[name], **at))
            return None
        ok = True
        plan_id = cells.get("plan_id", "")
        plan = self.plans.get(plan_id)
        if plan is None:
            known = ", ".join(self.plans) or "none"
            findings.error("result-unknown-plan", f"计划编号 {plan_id!r} is not a configured plan (known: {known})",
                           column=HEADERS["plan_id"], **at)
            return None
        m = _SEQ.match(cells.get("seq", ""))
        task = self.tasks.get((plan_id, int(m.group(1)))) if m else None
        if task is None:
            findings.error("result-unknown-task", f"plan {plan_id} has no task {cells.get('seq', '')!r}",
                           column=HEADERS["seq"], **at)
            return None
        business = " ".join(cells.get("business", "").split())
        if not business:
            findings.error("result-no-business", "企业名称 is empty", column=HEADERS["business"], **at)
            ok = False
        code = self._credit_code(values.get("credit_code"), cells.get("credit_code", ""), findings, at)
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
        year = plan["plan"]["year"]
        self._check_months(inspected, task, year, findings, at)
        record = Result(plan_id, task["seq"], business, code, inspected, self._departments(cells.get("departments", ""), task),
                        tuple(names), cells.get("note", ""), published, file=file, row=number)
        self._check_published(record, year, findings, at)
        self._check_duplicate(record, findings, at)
        return record

    def _credit_code(self, raw, cell: str, findings: Findings, at: dict) -> str:
        column = HEADERS["credit_code"]
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

    def _check_published(self, record: Result, year: int, findings: Findings, at: dict) -> None:
        due, why, warning = self.deadlines.deadline(record.inspected, year)
        record.deadline = due
        if warning:
            findings.warning("calendar-unknown-year", warning, column=HEADERS["inspected"], **at)
        published = record.published
        if published is None:
            return
        column = HEADERS["published"]
        if published < record.inspected:
            findings.error("result-published-before", f"公示日期 {published} is before the 检查日期 {record.inspected}",
                           column=column, **at)
            return
        record.workdays_late = self.deadlines.workdays_late(due, published)
        if record.late:
            findings.warning("result-late", f"published {published}, {record.workdays_late} working day(s) after "
                             f"the deadline {due} ({why})", column=column, **at)

    def _check_duplicate(self, record: Result, findings: Findings, at: dict) -> None:
        key = (record.plan_id, record.seq, record.business_key)
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = (record.file, record.row, record.inspected)
            return
        file, row, inspected = first
        where = f"{file} row {row}"
        if inspected == record.inspected:
            findings.error("result-duplicate", f"{record.business} is listed twice in task {record.seq} with the "
                           f"same 检查日期 {inspected} (also {where}): remove one", column=HEADERS["business"], **at)
        else:
            findings.warning("result-repeat", f"{record.business} appears again in task {record.seq} (first inspected "
                             f"{inspected}, {where}): check that it was inspected twice", column=HEADERS["business"], **at)


def _span(task: dict) -> str:
    """The task's months as the messages print them: 4月—9月, or 10月—次年3月."""
    first, last = task["months"]
    return f"{first}月—{'次年' if describe.crosses_year(task) else ''}{last}月"
