"""The time cell of a task: months, year, exact dates and deadlines (task.time, schema v2).

Rules:
- months [start, end] from a range (3月-12月, 3—10月, 4—10, 2020.4-2020.12, 2023年6-12月), from
  全年/常年 (1–12), 上半年/下半年 or quarters (第三季度, 二、三季度), or from one month or day
  (2021年9月 -> [9, 9]; 4.1-11.30 is month.day without a year).
  10月-次年3月 gives [10, 3] and crosses_year. Several periods: months span them, with a problem.
- year: the first year printed, glued ones too (20234月至11 -> 2023 and [4, 11]; 20229 -> 2022, [9, 9]).
- dates: exact days printed that are not deadlines, ISO (2021/5/20 -> 2021-05-20).
- deadlines: a month or day followed by 前/以前/之前/止/完成, or 月底/年底/年内 on their own (10月底前, 年底,
  第一批2023720日前完成): "YYYY-MM" or "YYYY-MM-DD". Without a year printed or given, the ISO 8601
  forms without a year, "--MM" and "--MM-DD". months stay null when a cell gives only deadlines.
- A glued year+month+day (2023720日) is read only when exactly one split is a real calendar date;
  2023111日 (1月11日 or 11月1日) is a problem, not a date. Without 日, digits after a year are a month.
- Months outside 1–12 and days that do not exist are problems, never clamped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.importer.wording import DASH, NUMBER, collapse, normalize, number

_YEAR = r"(?:19|20)[0-9]{2}"
_NEXT = "次年|翌年|第二年|来年|明年"
_POINT = re.compile(
    rf"(?P<ymd>(?P<y1>{_YEAR})(?P<sep>[./-])(?P<m1>[0-9]{{1,2}})(?P=sep)(?P<d1>[0-9]{{1,2}})(?![0-9])[日号]?)"
    rf"|(?P<ymdc>(?P<y2>{_YEAR})年(?P<m2>[0-9]{{1,2}})月份?(?P<d2>[0-9]{{1,2}})(?![0-9])[日号]?)"
    rf"|(?P<glued>(?<![0-9])(?P<y3>{_YEAR})(?P<md3>[0-9]{{2,4}})[日号])"
    rf"|(?P<compact>(?<![0-9])(?P<y4>{_YEAR})(?P<m4>0[1-9]|1[0-2])(?P<d4>0[1-9]|[12][0-9]|3[01])(?![0-9]))"
    rf"|(?P<yend>(?:(?P<y5>{_YEAR})|本|今|当)?年(?:底|末|内))"
    rf"|(?P<ym>(?P<y6>{_YEAR})(?:年|[./-])(?P<m6>[0-9]{{1,2}})(?![0-9])(?:月份?)?(?P<e6>底|末)?)"
    rf"|(?P<gym>(?<![0-9])(?P<y7>{_YEAR})(?P<m7>[0-9]{{1,2}})(?:月份?(?P<e7>底|末)?|(?![0-9日号])))"
    rf"|(?P<md>(?P<n8>{_NEXT})?(?P<m8>[0-9]{{1,2}})月份?(?P<d8>[0-9]{{1,2}})[日号])"
    rf"|(?P<m>(?P<n9>{_NEXT})?(?P<m9>[0-9]{{1,2}})月份?(?P<e9>底|末)?(?:初|上旬|中旬|下旬)?)"
    rf"|(?P<year>(?P<y10>{_YEAR})(?:年度?)?(?![0-9]))"
    rf"|(?P<dotted>(?<![0-9.])(?P<m12>[0-9]{{1,2}})\.(?P<d12>[0-9]{{1,2}})(?![0-9.]))"
    rf"|(?P<bare>(?<![0-9.第])(?P<n11>{_NEXT})?(?P<m11>[0-9]{{1,2}})(?![0-9.]))", re.A)
_SEASONS = {"全年度": (1, 12), "全年": (1, 12), "常年": (1, 12), "上半年": (1, 6), "下半年": (7, 12)}
_SEASON = re.compile("|".join(_SEASONS) + r"|第?(?P<q>[一二三四1-4](?:[、,和至到—-]+第?[一二三四1-4])*)季度")
_CONNECT = re.compile(rf"(?:起|开始)?{DASH}")
_DEADLINE_AFTER = re.compile(r"(?:前|以前|之前|止|为止|完成)")
_DEADLINE_BEFORE = re.compile(r"(?:截止|截至|至|到|即日起[-—–~]+)$")
_START_AFTER = re.compile(r"(?:起|开始|以后|之后)")


@dataclass
class _Point:
    start: int
    end: int
    month: int | None          # None: a year on its own
    year: int | None = None    # as printed
    day: int | None = None
    next_year: bool = False    # 次年3月
    month_end: bool = False    # 10月底, 年底
    bare: bool = False         # a number without 月: a month only inside a range (4—10)
    valid: bool = True
    resolved_year: int | None = None


def _real(year: int | None, month: int, day: int) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 stands without a year
    except ValueError:
        return False
    return True


def _glued_day(year: int, digits: str, raw: str, problems: list[str]) -> tuple[int, int] | None:
    """2023720日 -> (7, 20); None (with a problem) when no split or more than one is a real date."""
    fits = [(int(digits[:cut]), int(digits[cut:])) for cut in (1, 2)
            if 1 <= len(digits) - cut <= 2 and _real(year, int(digits[:cut]), int(digits[cut:]))]
    if len(fits) == 1:
        return fits[0]
    if fits:
        readings = " or ".join(f"{year}-{m:02d}-{d:02d}" for m, d in fits)
        problems.append(f"{raw!r} reads as {readings}; not read")
    else:
        problems.append(f"{raw!r} is not a calendar date; not read")
    return None


def _point(m: re.Match, written: str, problems: list[str]) -> _Point:
    g = m.groupdict()
    year = next((int(g[k]) for k in ("y1", "y2", "y3", "y4", "y5", "y6", "y7", "y10") if g[k]), None)
    p = _Point(m.start(), m.end(), None, year)
    if g["yend"]:
        p.month, p.month_end = 12, True
    elif g["glued"]:
        split = _glued_day(year, g["md3"], m.group(0), problems)
        p.month, p.day = split if split else (None, None)
        p.valid = split is not None
    elif not g["year"]:
        month = next(g[k] for k in ("m1", "m2", "m4", "m6", "m7", "m8", "m9", "m11", "m12") if g[k])
        day = next((g[k] for k in ("d1", "d2", "d4", "d8", "d12") if g[k]), None)
        p.month, p.day = int(month), int(day) if day else None
        p.next_year = bool(g["n8"] or g["n9"] or g["n11"])
        p.month_end = bool(g["e6"] or g["e7"] or g["e9"])
        p.bare = bool(g["bare"])
    if p.month is not None and not 1 <= p.month <= 12:
        if not p.bare:
            problems.append(f"month {p.month} out of range in {written!r}")
        p.valid = False
    elif p.day is not None and not _real(year, p.month, p.day):
        problems.append(f"{m.group(0)!r} is not a calendar date")
        p.day = None
    return p


def _prepare(text: str) -> str:
    """Full-width forms folded, Chinese numerals before 月/日 as digits (十月 -> 10月), spaces out;
    a space between two numbers (two cells joined: 20229 202210) separates them like a dash."""
    s = normalize("".join(re.sub(r"(?<=[0-9])\s+(?=[0-9])", "-", text).split()))
    return re.sub(f"({NUMBER})(?=[月日号])", lambda m: str(number(m.group(1)) or m.group(1)), s)


def _iso(p: _Point) -> str:
    head = f"{p.resolved_year:04d}-{p.month:02d}" if p.resolved_year else f"--{p.month:02d}"
    return f"{head}-{p.day:02d}" if p.day else head


def _resolve_years(points: list[_Point], given: int | None) -> None:
    """A point without a year takes the last one printed before it (plus one after 次年), else the given one."""
    current = None
    for p in points:
        if p.year:
            current = p.year
        base = p.year or current or given
        p.resolved_year = base + 1 if base and p.next_year and not p.year else base


def _classify(points: list[_Point], s: str, deadline: bool) -> dict[str, list]:
    """Pair points into ranges; the rest are deadlines, starts, single months or unread bare numbers."""
    found: dict[str, list] = {"ranges": [], "deadlines": [], "starts": [], "singles": [], "unread": []}
    i = 0
    while i < len(points):
        p, q = points[i], points[i + 1] if i + 1 < len(points) else None
        if q and p.month and q.month and _CONNECT.fullmatch(s[p.end:q.start]):
            found["ranges"].append((p, q))
            i += 2
            continue
        i += 1
        if p.month is None:
            continue
        if p.bare:
            found["unread"].append(p)
        elif deadline or p.month_end or _DEADLINE_AFTER.match(s, p.end) or _DEADLINE_BEFORE.search(s[:p.start]):
            found["deadlines"].append(p)
        elif _START_AFTER.match(s, p.end):
            found["starts"].append(p)
        else:
            found["singles"].append(p)
    return found


def _periods(found: dict[str, list], s: str, written: str, problems: list[str]) -> list[tuple[int, int, int, bool]]:
    """(position, start month, end month, crosses the year) of every range and season."""
    periods = []
    for p, q in found["ranges"]:
        if not (p.valid and q.valid):
            problems.extend(f"month {x.month} out of range in {written!r}" for x in (p, q) if x.bare and not x.valid)
            continue
        crosses = q.next_year or bool(p.resolved_year and q.resolved_year and q.resolved_year > p.resolved_year)
        if not crosses and p.month > q.month:
            problems.append(f"months {written!r} run backwards")
        periods.append((p.start, p.month, q.month, crosses))
    for m in _SEASON.finditer(s):
        quarters = [number(q) or int(q) for q in re.findall("[一二三四1-4]", m.group("q") or "")]
        start, end = (3 * min(quarters) - 2, 3 * max(quarters)) if quarters else _SEASONS[m.group(0)]
        periods.append((m.start(), start, end, False))
    return sorted(periods)


def _months(periods: list, singles: list[_Point], text: str, problems: list[str]) -> tuple[list[int] | None, bool]:
    if len(periods) == 1:
        return [periods[0][1], periods[0][2]], periods[0][3]
    if periods:
        spans = [(a, b) for _, a, b, crosses in periods if not crosses]
        if len(spans) == len(periods) and all(a <= b for a, b in spans) and spans == sorted(spans):
            problems.append(f"several periods in {text!r}; months span them all")
            return [spans[0][0], max(b for _, b in spans)], False
        problems.append(f"several periods in {text!r} that do not follow each other; months not read")
        return None, False
    months = [p.month for p in singles if p.valid]
    if not months:
        return None, False
    if len(set(months)) > 1:
        problems.append(f"several months in {text!r}; months span them all")
    return [min(months), max(months)], False


def _unread(s: str, points: list[_Point], found: dict[str, list]) -> str | None:
    covered = [(p.start, p.end) for p in points if p not in found["unread"]]
    covered += [m.span() for m in _SEASON.finditer(s)]
    for m in re.finditer(r"[0-9]+", s):
        if not any(a <= m.start() < b for a, b in covered):
            return m.group()
    return None


def parse_time(text: str | None, year: int | None = None, deadline: bool = False) -> tuple[dict | None, list[str]]:
    """'2023年6-12月' -> ({months: [6, 12], year: 2023, …}, problems). `year` (the plan's) only
    completes dates and deadlines that print none; time.year is the year printed. `deadline`: the
    cell is a 完成时限 column, so a lone month or day (宜宾's 202211) is a deadline."""
    if not text or not text.strip():
        return None, ["no months"]
    written = collapse(text)
    s = _prepare(written)
    problems: list[str] = []
    points = [_point(m, written, problems) for m in _POINT.finditer(s)]
    _resolve_years(points, year)
    found = _classify(points, s, deadline)
    months, crosses = _months(_periods(found, s, written, problems), found["singles"], written, problems)
    days = [p for pair in found["ranges"] for p in pair] + found["singles"] + found["starts"]
    time = {"as_written": written, "months": months,
            "year": next((p.year for p in points if p.year), None), "crosses_year": crosses,
            "dates": [_iso(p) for p in sorted(days, key=lambda p: p.start) if p.day and p.valid],
            "deadlines": [_iso(p) for p in found["deadlines"] if p.valid], "text_only": False}
    time["text_only"] = not (months or time["dates"] or time["deadlines"] or time["year"])
    if found["starts"] and months is None:
        problems.append(f"only a start in {written!r}; no end read")
    unread = _unread(s, points, found)
    if unread:
        problems.append(f"number {unread} in {written!r} is not read")
    if months is None and not time["deadlines"] and not problems:
        problems.append(f"no month or date in {written!r}; kept as text" if time["text_only"]
                        else f"no months in {written!r}")
    return time, problems
