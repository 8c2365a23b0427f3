"""How plans write numbers and comparisons: shared by the ratio, frequency and time parsers."""

from __future__ import annotations

import re
import unicodedata

# Chinese numerals as plans write small numbers: 一, 两, 十二, 二十.
NUMBER = "[零〇一二两三四五六七八九十]+"
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Range connectors: 10-20%, 3月—12月, 3月～12月, 4月至11月.
DASH = "(?:[-—–~―]+|至|到)"
# A clause ends at Chinese or ASCII sentence punctuation (full-width forms are normalized first).
CLAUSE_END = re.compile(r"[,;。!?]")

# Comparison words; where two end at the same place (低于 in 不低于) the longer one is meant.
_OPERATOR_WORDS = {
    ">=": ("不低于", "不少于", "不小于", "不得低于", "不得少于", "至少", "最低", "最少", "≥", "≧", ">=", "=>"),
    "<=": ("不高于", "不超过", "不多于", "不大于", "不得高于", "不得超过", "最高", "最多", "≤", "≦", "<=", "=<"),
    ">": ("高于", "超过", "大于", "多于", ">"),
    "<": ("低于", "少于", "小于", "<"),
}
_AFTER = re.compile(r"\s*(?:及|或)?(以上|以下|以内)")


def collapse(text: str | None) -> str:
    """The cell as printed, runs of white space made one space."""
    return " ".join((text or "").split())


def normalize(text: str) -> str:
    """Full-width forms as ASCII (％ ＞＝ ； ５ ～), one character for one so that positions
    in the result are positions in the printed cell."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def number(text: str | None) -> int | None:
    """'12' or '十二' -> 12; None for anything else."""
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if text in _DIGITS:
        return _DIGITS[text]
    tens, ten, ones = text.partition("十")
    if not ten:
        return None
    high = _DIGITS.get(tens) if tens else 1
    low = _DIGITS.get(ones) if ones else 0
    return None if high is None or low is None else high * 10 + low


def clause_start(text: str, position: int) -> int:
    """Where the clause holding `position` begins."""
    ends = [m.end() for m in CLAUSE_END.finditer(text, 0, position)]
    return ends[-1] if ends else 0


def operator(before: str, after: str, adjacent: bool = False) -> tuple[str, str | None]:
    """The comparison stated for a number: the nearest word before it (right before it when
    `adjacent`), else 以上/以下/以内 right after it, else '='. Returns (op, the word)."""
    before = before.rstrip()
    best = None
    for op, words in _OPERATOR_WORDS.items():
        for word in words:
            at = before.rfind(word)
            if at < 0 or (adjacent and at + len(word) != len(before)):
                continue
            key = (at + len(word), len(word))
            if best is None or key > best[0]:
                best = (key, op, word)
    if best:
        return best[1], best[2]
    after_word = _AFTER.match(after)
    if after_word:
        return (">=" if after_word.group(1) == "以上" else "<="), after_word.group(1)
    return "=", None
