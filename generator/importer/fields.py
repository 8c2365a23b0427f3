"""Parsers for the structured cells of a task: sampling ratio, frequency, time and mode.

Every value parser is pure and returns (value, problems): problems are short English
messages the importer turns into warnings. A number is read only where the cell states
it; a cell without one keeps its words (`text_only`) and says so, never a guess.

Ratio rules (task.ratio, schema v2):
- `op`/`value` only when exactly one rate applies to the whole task (不低于5%, ≥5%, 5%以上);
  a bare 20% is "=". Ranges (10-20%, 2%-5%) fill `min`/`max` instead.
- Two or more rates each introduced by a level (市级2% 区级10%) become `levels`; a rate
  introduced by a credit class (A:3%, A类, 低风险) goes to `classes`. Rates that nothing tells
  apart are not read, with a problem; the same number printed twice (不低于5%(含5%)) is one.
- A count (抽查3户, 60-70家, 不少于2所) fills `count`. A number with a unit followed by 的
  (学校数10所及以下的市, 超过10所的市) is a condition of the rule, not a count: 宣城's
  "10所及以下的市…不少于2所…超过10所的市,抽查比例不低于50%" reads as op >=, value 0.5 and
  count >= 2 所, the conditions staying in `as_written`.
- Strict words (超过5%, 高于) read as >= / <= with a problem; a rate over 100% is not read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from generator.importer.timespan import parse_time  # noqa: F401  (part of this module's API)
from generator.importer.wording import (CLAUSE_END, DASH, NUMBER, clause_start, collapse, normalize, number,
                                        operator)

# How each operator reads in Chinese; a bare "10%" states no operator and reads as printed.
RATIO_WORDS = {">=": "不低于", "<=": "不高于", "=": ""}

_DECIMAL = r"[0-9]+(?:\.[0-9]+)?"
_RATE = re.compile(
    rf"(?P<lo>{_DECIMAL})\s*(?P<lo_unit>[%‰])?\s*{DASH}\s*(?P<hi>{_DECIMAL})\s*(?P<unit>[%‰])"
    rf"|(?P<num>{_DECIMAL})\s*(?P<one_unit>[%‰])"
    rf"|(?P<per>[百千])分之(?P<cn>{NUMBER}|{_DECIMAL})", re.A)
_LEVEL = re.compile(r"(?:省|市|县|区|乡镇|乡|镇|街道)(?:\([^()]{1,8}\))?级|[市县区]本级")
_CLASS = re.compile(r"(?<![A-Za-z])([A-D])(?=\s*(?:类|级|:))|(较高风险|一般风险|中风险|低风险|高风险)", re.A)
_UNITS = "户|家|所|个|件|批次|批|台|辆|名|人|处|座|艘|宗|份"
_COUNT = re.compile(rf"(?<![0-9.])(?P<lo>[0-9]+|{NUMBER})(?:\s*{DASH}\s*(?P<hi>[0-9]+|{NUMBER}))?\s*(?P<unit>{_UNITS})"
                    r"(?!月|日|天|工作日|小时|年|次)", re.A)
_CONDITION = re.compile(r"\s*(?:及|或)?(?:以下|以上|以内)?的")
# Words before a number written in Chinese that make it a count (一户一档 is not one).
_COUNT_VERBS = ("抽查", "抽取", "检查", "随机抽取")
_OTHER_NUMBERS = re.compile(r"(?:19|20)[0-9]{2}\s*年度?|第\s*[0-9]+|(?:^|(?<=[;,。\s]))[0-9]{1,2}[.、](?![0-9])", re.A)


@dataclass
class _Rate:
    op: str | None
    value: float | None
    low: float | None = None
    high: float | None = None
    level: str | None = None
    credit_class: str | None = None


def _fraction(digits: str, unit: str) -> float | None:
    amount = Decimal(digits) if re.fullmatch(_DECIMAL, digits, re.A) else number(digits)
    if amount is None:
        return None
    return float(Decimal(amount) / (Decimal(1000) if unit == "‰" else Decimal(100)))


def _plain(op: str, word: str | None, text: str, problems: list[str]) -> str:
    """Plans rarely mean 'strictly more than'; the nearest inclusive operator is read, and said."""
    if op in (">", "<"):
        problems.append(f"{word!r} (strictly {'more' if op == '>' else 'less'} than) read as {op}= in {text!r}")
        return op + "="
    return op


def _rates(s: str, written: str, problems: list[str]) -> tuple[list[_Rate], list[tuple[int, int]]]:
    rates, spans, previous = [], [], 0
    for m in _RATE.finditer(s):
        spans.append(m.span())
        before = s[max(previous, clause_start(s, m.start())):m.start()]
        previous = m.end()
        if m.group("hi"):
            low = _fraction(m.group("lo"), m.group("lo_unit") or m.group("unit"))
            high = _fraction(m.group("hi"), m.group("unit"))
            if low is None or high is None or not 0 <= low <= high <= 1:
                problems.append(f"range {m.group(0)!r} is not a range of rates up to 100%; not read")
            else:
                rates.append(_Rate(None, None, low, high))
            continue
        if m.group("per"):
            value = _fraction(m.group("cn"), "%" if m.group("per") == "百" else "‰")
        else:
            value = _fraction(m.group("num"), m.group("one_unit"))
        if value is None or value > 1:
            problems.append(f"rate {m.group(0)!r} is more than 100%; not read")
            continue
        op, word = operator(before, s[m.end():])
        level, credit = _LEVEL.search(before), _CLASS.search(before)
        rates.append(_Rate(_plain(op, word, written, problems), value, level=level and level.group(0),
                           credit_class=credit and (credit.group(1) or credit.group(2))))
    return rates, spans


def _count(s: str, written: str, problems: list[str]) -> tuple[dict | None, list[tuple[int, int]]]:
    counts, spans = [], []
    for m in _COUNT.finditer(s):
        spans.append(m.span())
        before = s[clause_start(s, m.start()):m.start()].rstrip()
        low, high = number(m.group("lo")), number(m.group("hi")) if m.group("hi") else None
        if _CONDITION.match(s, m.end()) or low is None or (m.group("hi") and high is None):
            continue
        op, word = operator(before, s[m.end():], adjacent=True)
        if not m.group("lo").isdigit() and not (word or before.endswith(_COUNT_VERBS)):
            spans.pop()
            continue
        count = {"op": None, "value": None, "min": low, "max": high, "unit": m.group("unit")}
        if high is None:
            count.update(op=_plain(op, word, written, problems), value=low, min=None)
        counts.append(count)
    if len(counts) > 1 and any(c != counts[0] for c in counts):
        problems.append(f"several counts in {written!r}; none is read")
        return None, spans
    return (counts[0] if counts else None), spans


def _unread_number(s: str, spans: list[tuple[int, int]]) -> str | None:
    spans = spans + [m.span() for m in _OTHER_NUMBERS.finditer(s)]
    for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", s):
        if not any(a <= m.start() < b for a, b in spans):
            return m.group()
    return None


def parse_ratio(text: str | None) -> tuple[dict | None, list[str]]:
    """'抽查比例不低于10%;抽查1次' -> ({op: '>=', value: 0.1, …}, problems). The frequency is not read here."""
    if not text or not text.strip():
        return None, ["no sampling ratio"]
    written = collapse(text)
    s = normalize(written)
    problems: list[str] = []
    rates, rate_spans = _rates(s, written, problems)
    count, count_spans = _count(s, written, problems)
    ratio = {"op": None, "value": None, "as_written": written, "min": None, "max": None, "levels": [],
             "classes": [{"class": r.credit_class, "op": r.op, "value": r.value} for r in rates if r.credit_class],
             "count": count, "text_only": False}
    plain = [r for r in rates if not r.credit_class]
    if len(plain) > 1 and all(r.level and r.value is not None for r in plain) and \
            len({r.level for r in plain}) == len(plain):
        ratio["levels"] = [{"level": r.level, "op": r.op, "value": r.value} for r in plain]
    elif len({(r.value, r.low, r.high) for r in plain}) == 1:  # 不低于5%(含5%): one number, printed twice
        ratio.update(op=plain[0].op, value=plain[0].value, min=plain[0].low, max=plain[0].high)
    elif plain:
        problems.append(f"several rates in {written!r} and no level or class tells them apart; none is read")
    if not rates and count is None:
        ratio["text_only"] = True
        problems.append(f"no rate or count in {written!r}; kept as text")
    unread = _unread_number(s, rate_spans + count_spans + [m[:2] for m in _frequencies(s)])
    if unread and not ratio["text_only"]:
        problems.append(f"number {unread} in {written!r} is not read")
    return ratio, problems


def parse_count(text: str | None) -> tuple[dict | None, list[str]]:
    """A 抽查户数 column: '3' or '3户' -> ({op: '=', value: 3, unit: '户' or None, …}, problems)."""
    written = collapse(text)
    digits = re.fullmatch(r"([0-9]+)", normalize(written), re.A)
    if digits:
        return {"op": "=", "value": int(digits.group(1)), "min": None, "max": None, "unit": None}, []
    problems: list[str] = []
    count, _ = _count(normalize(written), written, problems)
    if count is None and not problems:
        problems.append(f"no count in {written!r}" if written else "no count")
    return count, problems


# --- frequency ----------------------------------------------------------------------

_PER_YEAR = {"年": 1, "年度": 1, "半年": 2, "季度": 4, "季": 4, "双月": 6, "月": 12}
_PERIOD = r"(?P<per>半年|年度|年|季度|季|双月|月)"
_TIMES = "[次轮]"  # 1次/年, 抽查一轮
# Most specific first: where two forms overlap, the earlier one is read.
_FREQUENCY_FORMS = [
    re.compile(rf"每\s*{_PERIOD}\s*(?:(?:至少|不少于|抽查|检查|开展)\s*)*(?P<n>{NUMBER}|[0-9]+)?\s*{_TIMES}", re.A),
    re.compile(rf"(?<!第)(?P<n>{NUMBER}|[0-9]+)\s*{_TIMES}\s*/\s*{_PERIOD}", re.A),
    re.compile(rf"每?(?P<years>[两二三四五]|[2-9]|[0-9]{{2,}})\s*年\s*(?:抽查|检查|开展)?\s*[一1]\s*{_TIMES}", re.A),
    re.compile(rf"(?<![第批0-9])(?P<n>{NUMBER}|[0-9]+)\s*{_TIMES}(?!数)", re.A),
    # 山西's glued cells: '3%;1/' and, once its months are split off, '抽查比例不低于10%;抽查1'.
    re.compile(r"(?<![0-9./])(?P<n>[0-9]{1,2})\s*/\s*年?(?![0-9/])", re.A),
    re.compile(r"(?:^|(?<=[;,。]))\s*(?:抽查|检查)\s*(?P<n>[0-9]{1,2})\s*$", re.A),
]
_FREQUENCY_WORDS = re.compile(r"频次|频率|次数")


def _frequencies(s: str, written: str = "") -> list[tuple[int, int, int, int | None, str | None]]:
    """(start, end, where its number starts, per_year, problem) of every frequency stated, in order."""
    found: list[tuple[int, int, int, int | None, str | None]] = []
    for form in _FREQUENCY_FORMS:
        for m in form.finditer(s):
            if any(a < m.end() and m.start() < b for a, b, *_ in found):
                continue
            per_year, problem = None, None
            if "years" in form.groupindex:
                problem = f"{m.group(0)!r} is less than once a year"
            else:
                n = number(m.group("n")) if m.group("n") else 1
                per = _PER_YEAR.get(m.groupdict().get("per") or "年", 1)
                if not n:
                    problem = f"{m.group(0)!r} states no inspection"
                elif re.search(rf"(?:{NUMBER}|[0-9]+)\s*{DASH}\s*$", s[:m.start()], re.A):
                    problem = f"a range of frequencies in {written or s!r}; not read"
                else:
                    per_year = n * per
            found.append((m.start(), m.end(), m.start("n") if m.groupdict().get("n") else m.end(), per_year, problem))
    return sorted(found)


def _clause(s: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause around s[start:end], a rate ending a clause too ('10% 1次/年')."""
    begin = clause_start(s, start)
    for m in _RATE.finditer(s, begin, start):
        begin = m.end()
    stop = CLAUSE_END.search(s, end)
    return begin, stop.start() if stop else len(s)


def parse_frequency(text: str | None) -> tuple[dict | None, list[str]]:
    """A frequency column, or the frequency part of a ratio cell.

    '3%;2次/年' -> ({op: '=', per_year: 2, as_written: '2次/年'}, []). Stated in words only
    (抽查频次根据监管需要确定): per_year and op null, the words kept, and a problem."""
    if not text or not text.strip():
        return None, ["no frequency"]
    written = collapse(text)
    s = normalize(written)
    found = _frequencies(s, written)
    if not found:
        words = _FREQUENCY_WORDS.search(s)
        if words or not _RATE.search(s):
            begin, end = _clause(s, words.start(), words.end()) if words else (0, len(s))
            as_written = written[begin:end].strip()
            return ({"op": None, "per_year": None, "as_written": as_written},
                    [f"frequency {as_written!r} is not a number of inspections"])
        return None, [f"no frequency in {written!r}"]
    start, end, number_start, per_year, problem = found[0]
    begin, stop = _clause(s, start, end)
    op, word = operator(s[begin:number_start], s[end:])  # 每年至少一次: the word may sit inside the form
    frequency = {"op": None if per_year is None else op, "per_year": per_year,
                 "as_written": written[begin:stop].strip().strip("()（）").strip()}  # 10%(1次/年)
    problems = [problem] if problem else []
    if op in (">", "<"):
        frequency["op"] = _plain(op, word, written, problems)
    if len({f[3] for f in found}) > 1:
        problems.append(f"several frequencies in {written!r}; the first is read")
    return frequency, problems


# --- mode ---------------------------------------------------------------------------

_MODE_BRACKET = re.compile(r"【\s*([^】]+?)\s*】")
_MODE_LEVEL_NOTE = r"(?:\s*[(（][省市县区、]{1,6}[)）])?"  # 市抽县(区)查: the note is kept in mode_as_written
_MODE_WORD = re.compile(rf"([省市县区])\s*抽\s*查?\s*([省市县区]){_MODE_LEVEL_NOTE}\s*抽?\s*查")
_MODE_JOINT = re.compile(rf"([省市县区]){_MODE_LEVEL_NOTE}\s*([省市县区]){_MODE_LEVEL_NOTE}\s*联\s*查")


def parse_mode(text: str) -> tuple[str | None, str | None, bool]:
    """'【市抽县查】 市级部门…' -> ('市抽县查', '市级部门…', repaired?).

    Doubled OCR spellings (县抽查 县抽查, 县抽 县查) read as 县抽县查; 市抽县(区)查 reads as
    市抽县查 and is no repair. Of several modes (市抽市查、市抽县(区)查) the first is read.
    """
    if not text:
        return None, None, False
    note = None
    core = text
    bracket = _MODE_BRACKET.search(text)
    if bracket:
        core = bracket.group(1)
        note = (text[: bracket.start()] + text[bracket.end():]).strip() or None
    joint = _MODE_JOINT.search(core)
    if joint:
        return f"{joint.group(1)}{joint.group(2)}联查", note, False
    word = _MODE_WORD.search(core)
    if word:
        mode = f"{word.group(1)}抽{word.group(2)}查"
        compact = re.sub(r"\s+|[(（][^)）]*[)）]", "", word.group(0))
        return mode, note, compact != mode
    return None, note or text, False
