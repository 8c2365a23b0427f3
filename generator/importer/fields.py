"""Parsers for the structured cells of a task: ratio and frequency, months, mode."""

from __future__ import annotations

import re
from decimal import Decimal

# Operators as plans write them. Longer spellings first.
_OPERATORS = [
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="), ("以上", ">="),
    ("不高于", "<="), ("不超过", "<="), ("不多于", "<="), ("不大于", "<="), ("以内", "<="),
]
# How each operator reads in Chinese; a bare "10%" states no operator and reads as printed.
RATIO_WORDS = {">=": "不低于", "<=": "不高于", "=": ""}
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*([%‰％])")
_FREQUENCY = re.compile(r"(\d+)\s*次\s*(?:/\s*年|每年)?|每年\s*(\d+)\s*次")
_MONTHS = re.compile(r"(\d{1,2})\s*月?\s*[-—–~～－至到]+\s*(\d{1,2})\s*月")
_MODE_BRACKET = re.compile(r"【\s*([^】]+?)\s*】")
_MODE_WORD = re.compile(r"([省市县区])\s*抽\s*查?\s*([省市县区])\s*抽?\s*查")
_MODE_JOINT = re.compile(r"([省市县区])\s*([省市县区])\s*联\s*查")


def parse_ratio(text: str) -> tuple[dict | None, int | None, list[str]]:
    """'不低于10% 1次/年' -> ({op, value, as_written}, 1, problems)."""
    problems: list[str] = []
    if not text:
        return None, None, ["no sampling ratio"]
    rates = _RATE.findall(text)
    ratio = None
    if not rates:
        problems.append(f"no percentage or permille in {text!r}")
    else:
        if len(rates) > 1:
            problems.append(f"several rates in {text!r}; the first is used")
        number, unit = rates[0]
        divisor = Decimal(1000) if unit == "‰" else Decimal(100)
        value = Decimal(number) / divisor
        op = "="
        head = text[: text.find(number)]
        for word, symbol in _OPERATORS:
            if word in head or (word in ("以上", "以内") and word in text):
                op = symbol
                break
        ratio = {"op": op, "value": float(value), "as_written": text}
        if value > 1:
            problems.append(f"ratio {number}{unit} is more than 100%")
    frequency = None
    match = _FREQUENCY.search(text)
    if match:
        frequency = int(match.group(1) or match.group(2))
    else:
        problems.append(f"no frequency in {text!r}")
    return ratio, frequency, problems


def parse_months(text: str) -> tuple[list[int] | None, list[str]]:
    if not text:
        return None, ["no months"]
    if re.sub(r"\s+", "", text) in ("全年", "1-12月"):
        return [1, 12], []
    match = _MONTHS.search(text)
    if not match:
        return None, [f"cannot read months from {text!r}"]
    start, end = int(match.group(1)), int(match.group(2))
    if not (1 <= start <= 12 and 1 <= end <= 12):
        return None, [f"month out of range in {text!r}"]
    if start > end:
        return [start, end], [f"months {text!r} run backwards"]
    return [start, end], []


def parse_mode(text: str) -> tuple[str | None, str | None, bool]:
    """'【市抽县查】 市级部门…' -> ('市抽县查', '市级部门…', repaired?).

    Doubled OCR spellings (县抽查 县抽查, 县抽 县查) read as 县抽县查.
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
        compact = re.sub(r"\s+", "", core)
        return mode, note, compact != mode
    return None, note or text, False
