"""Working-day deadlines: results are published within 20 working days of the inspection.

Working days follow the State Council's yearly holiday notice, 调休 make-up weekends included.
The `chinesecalendar` package carries those notices, but only up to the year it was released
for, and the notice for next year appears late in the year. data/reference/holidays.yml lets an
office add a year (or correct a date) without waiting for a new package release.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

from generator.core import paths
from generator.core.config import RESULT_DEFAULTS
from generator.core.findings import ERROR, DataError, Finding, Findings
from generator.core.resources import load_reference

DEFAULT_REFERENCE = paths.HOLIDAYS.as_posix()
_LIST_KEYS = {"holidays": False, "workdays": True}  # key -> is a working day


class UnknownYear(DataError):
    """Neither chinesecalendar nor the reference file knows the year's holidays."""

    def __init__(self, year: int, reference: str = DEFAULT_REFERENCE):
        self.year = year
        message = (
            f"year {year} is not in the working-day calendar: "
            f"add its holidays and make-up working days to {reference}"
        )
        super().__init__(message, [Finding("calendar-unknown-year", message, ERROR, file=reference)])


def _as_date(value) -> date:
    # datetime is a date subclass; a time of day must not change which day is counted.
    return value.date() if isinstance(value, datetime) else value


class WorkCalendar:
    """Working days from chinesecalendar, overridden and extended by a reference file.

    Per date, the reference file wins (so an office can correct a date); otherwise
    chinesecalendar decides; for a year only the reference file lists, Monday–Friday are
    working days except the listed holidays. A year counts as listed once it has any date.
    """

    def __init__(self, reference: str | Path | None = None):
        self.reference = str(reference) if reference is not None else DEFAULT_REFERENCE
        self.findings = Findings()  # warnings from reading the file; errors raise DataError
        self._override: dict[date, bool] = {}
        self._years: set[int] = set()
        if reference is not None:
            self._load(Path(reference))

    def _load(self, path: Path) -> None:
        f = Findings()
        where = {"file": self.reference}
        # Dates stay text: PyYAML raises on 2027-02-30 and loses the whole file, while parsing
        # each date ourselves reports every bad one with its year.
        data = load_reference(path, self.reference, dates_as_text=True)  # the packaged years, then the site's
        if data is None:  # only comments: no year added yet
            return
        if not isinstance(data, dict):
            message = "expected years as keys, e.g. 2027:"
            raise DataError(f"{self.reference}: {message}", [Finding("calendar-bad-year", message, ERROR, **where)])
        for key, entry in data.items():
            try:
                year = int(key)
            except (TypeError, ValueError):
                f.error("calendar-bad-year", f"{key!r} is not a year", **where)
                continue
            entry = entry or {}
            if not isinstance(entry, dict):
                f.error("calendar-bad-year", f"year {year}: expected holidays: and workdays: lists", **where)
                continue
            for name in entry.keys() - _LIST_KEYS.keys():
                f.error("calendar-bad-key", f"year {year}: unknown key {name!r} (expected holidays, workdays)", **where)
            dates = self._read_dates(year, entry, f, where)
            if not dates:
                f.warning("calendar-empty-year", f"year {year} lists no dates and is ignored", **where)
                continue
            self._years.add(year)
            self._override.update(dates)
        self.findings.extend(f.warnings)
        if f.errors:
            raise DataError(f"{self.reference}: {len(f.errors)} error(s)", f.errors)

    @staticmethod
    def _read_dates(year: int, entry: dict, f: Findings, where: dict) -> dict[date, bool]:
        dates: dict[date, bool] = {}
        for name, working in _LIST_KEYS.items():
            for value in entry.get(name) or []:
                try:
                    d = date.fromisoformat(str(value))
                except ValueError:
                    f.error("calendar-bad-date", f"year {year}, {name}: {value!r} is not a YYYY-MM-DD date", **where)
                    continue
                if d.year != year:
                    f.error("calendar-wrong-year", f"year {year}, {name}: {d} belongs to another year", **where)
                elif dates.get(d, working) != working:
                    f.error("calendar-conflict", f"year {year}: {d} is listed as both holiday and workday", **where)
                elif working and d.weekday() < 5:
                    # A weekday is a working day anyway: most likely a mistyped date.
                    f.warning("calendar-weekday-workday", f"year {year}, workdays: {d} is a weekday already", **where)
                dates[d] = working
        return dates

    def _lookup(self, d: date) -> bool | None:
        """True/False, or None when no source knows d's year."""
        d = _as_date(d)
        if d in self._override:
            return self._override[d]
        try:
            return chinese_calendar.is_workday(d)
        except NotImplementedError:  # year outside the package's data
            pass
        if d.year in self._years:
            return d.weekday() < 5
        return None

    def is_workday(self, d: date) -> bool:
        known = self._lookup(d)
        if known is None:
            raise UnknownYear(d.year, self.reference)
        return known

    def _count(self, start: date, n: int, fallback: bool) -> tuple[date, list[int]]:
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d, unknown = _as_date(start), []
        while n:
            d += timedelta(days=1)
            known = self._lookup(d)
            if known is None:
                if not fallback:
                    raise UnknownYear(d.year, self.reference)
                if d.year not in unknown:
                    unknown.append(d.year)
                known = d.weekday() < 5
            if known:
                n -= 1
        return d, unknown

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after start (start itself doesn't count); raises UnknownYear."""
        return self._count(start, n, fallback=False)[0]

    def workdays_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: so workdays_between(s, add_workdays(s, n)) == n. Negative if b < a."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.workdays_between(b, a)
        return sum(self.is_workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def deadline(self, start: date, n: int = RESULT_DEFAULTS.deadline_workdays) -> tuple[date, str | None]:
        """(deadline, warning). Never raises for an unknown year: a page must still be built, so
        such a year counts weekends only and the warning says how to add the year."""
        d, unknown = self._count(start, n, fallback=True)
        if not unknown:
            return d, None
        years = ", ".join(str(y) for y in unknown)
        subject = f"year {years} is" if len(unknown) == 1 else f"years {years} are"
        return d, (
            f"{subject} not in the working-day calendar; the deadline counts weekends only, "
            f"ignoring public holidays. Add the holidays and make-up working days of {years} to {self.reference}."
        )
