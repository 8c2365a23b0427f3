from datetime import date, datetime

import chinese_calendar
import pytest

from generator.core.findings import DataError
from generator.text.workdays import UnknownYear, WorkCalendar
from tests.helpers import ROOT as REPO


def package_knows(year):
    try:
        chinese_calendar.is_workday(date(year, 1, 4))
    except NotImplementedError:
        return False
    return True


# chinesecalendar 1.11.0 stops at 2026; a release that adds 2027 would make these tests moot.
needs_2027_unknown = pytest.mark.skipif(package_knows(2027), reason="chinesecalendar now knows 2027")


def write(tmp_path, text):
    path = tmp_path / "holidays.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_national_day_2024_with_make_up_weekends():
    cal = WorkCalendar()
    assert cal.is_workday(date(2024, 9, 29))  # Sunday, 调休
    assert cal.is_workday(date(2024, 10, 12))  # Saturday, 调休
    assert not cal.is_workday(date(2024, 10, 1))
    assert not cal.is_workday(date(2024, 10, 7))
    # 9/29 (1), 9/30 (2), 10/1-7 off, 10/8-11 (3-6), 10/12 Sat (7), 10/14-18 (8-12),
    # 10/21-25 (13-17), 10/28 (18), 10/29 (19), 10/30 (20).
    assert cal.add_workdays(date(2024, 9, 27), 20) == date(2024, 10, 30)
    assert cal.deadline(date(2024, 9, 27)) == (date(2024, 10, 30), None)
    assert cal.workdays_between(date(2024, 9, 27), date(2024, 10, 30)) == 20
    assert cal.add_workdays(date(2024, 9, 27), 2) == date(2024, 9, 30)


def test_spring_festival_2025():
    # 春节 2025: 1/28-2/4 off; Sunday 1/26 and Saturday 2/8 worked.
    cal = WorkCalendar()
    start = date(2025, 1, 24)  # Friday
    assert cal.add_workdays(start, 2) == date(2025, 1, 27)
    assert cal.add_workdays(start, 3) == date(2025, 2, 5)
    assert cal.add_workdays(start, 6) == date(2025, 2, 8)
    assert cal.deadline(start) == (date(2025, 2, 27), None)


def test_start_day_does_not_count_and_zero_is_start():
    cal = WorkCalendar()
    assert cal.add_workdays(date(2024, 10, 8), 1) == date(2024, 10, 9)
    assert cal.add_workdays(date(2024, 10, 8), 0) == date(2024, 10, 8)
    assert cal.add_workdays(datetime(2024, 10, 8, 17, 30), 1) == date(2024, 10, 9)
    assert cal.workdays_between(date(2024, 10, 30), date(2024, 9, 27)) == -20
    with pytest.raises(ValueError):
        cal.add_workdays(date(2024, 10, 8), -1)


def test_year_only_in_reference_file(tmp_path):
    path = write(
        tmp_path,
        "2027:\n  holidays:\n    - 2027-01-01\n  workdays:\n    - 2027-01-09\n",
    )
    cal = WorkCalendar(path)
    assert not cal.is_workday(date(2027, 1, 1))  # Friday, listed holiday
    assert cal.is_workday(date(2027, 1, 9))  # Saturday, listed workday
    assert cal.is_workday(date(2027, 1, 4))  # Monday, unlisted
    assert not cal.is_workday(date(2027, 1, 10))  # Sunday, unlisted
    # 2026-12-31 comes from chinesecalendar, 2027 from the file.
    assert cal.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.add_workdays(date(2027, 1, 4), 5) == date(2027, 1, 9)
    assert cal.deadline(date(2027, 3, 1)) == (date(2027, 3, 29), None)
    assert len(cal.findings) == 0


def test_reference_file_overrides_a_known_year(tmp_path):
    cal = WorkCalendar(write(tmp_path, "2024:\n  holidays: [2024-10-08]\n"))
    assert not cal.is_workday(date(2024, 10, 8))
    assert cal.is_workday(date(2024, 10, 9))


def test_unknown_year_raises():
    cal = WorkCalendar()
    with pytest.raises(UnknownYear) as info:
        cal.is_workday(date(2099, 3, 2))
    assert str(info.value) == (
        "year 2099 is not in the working-day calendar: "
        "add its holidays and make-up working days to data/reference/holidays.yml"
    )
    assert info.value.year == 2099
    assert [f.kind for f in info.value.findings] == ["calendar-unknown-year"]
    with pytest.raises(UnknownYear):
        cal.add_workdays(date(2099, 3, 2), 20)


def test_unknown_year_deadline_falls_back_to_weekends_with_warning():
    cal = WorkCalendar()
    # 2099-03-02 is a Monday: four weeks of weekdays.
    assert cal.deadline(date(2099, 3, 2)) == (
        date(2099, 3, 30),
        "year 2099 is not in the working-day calendar; the deadline counts weekends only, "
        "ignoring public holidays. Add the holidays and make-up working days of 2099 "
        "to data/reference/holidays.yml.",
    )


@needs_2027_unknown
def test_add_workdays_into_2027_raises():
    with pytest.raises(UnknownYear):
        WorkCalendar().add_workdays(date(2026, 12, 20), 20)


@needs_2027_unknown
def test_deadline_crossing_into_unknown_years():
    cal = WorkCalendar()
    # 2026 days still come from chinesecalendar; only 2027 days fall back.
    d, warning = cal.deadline(date(2026, 12, 20))
    assert d == date(2027, 1, 15)
    assert warning.startswith("year 2027 is not in the working-day calendar;")
    d, warning = cal.deadline(date(2027, 12, 20))
    assert d == date(2028, 1, 17)
    assert warning.startswith("years 2027, 2028 are not in the working-day calendar;")


def test_project_reference_file_loads():
    cal = WorkCalendar(REPO / "data/reference/holidays.yml")
    assert len(cal.findings) == 0
    assert cal.deadline(date(2024, 9, 27)) == (date(2024, 10, 30), None)


def test_reference_file_errors(tmp_path):
    text = (
        "2027:\n"
        "  holiday: [2027-01-01]\n"  # typo for holidays
        "  holidays: [2027-01-01, 2028-01-01, 2027-02-30]\n"
        "  workdays: [2027-01-01]\n"
    )
    with pytest.raises(DataError) as info:
        WorkCalendar(write(tmp_path, text))
    assert sorted(f.kind for f in info.value.findings) == [
        "calendar-bad-date",
        "calendar-bad-key",
        "calendar-conflict",
        "calendar-wrong-year",
    ]


def test_reference_file_warnings(tmp_path):
    cal = WorkCalendar(write(tmp_path, "2098:\n2099:\n  workdays: [2099-01-05]\n"))
    assert [(f.kind, f.message) for f in cal.findings] == [
        ("calendar-empty-year", "year 2098 lists no dates and is ignored"),
        ("calendar-weekday-workday", "year 2099, workdays: 2099-01-05 is a weekday already"),
    ]
    with pytest.raises(UnknownYear):
        cal.is_workday(date(2098, 1, 6))
