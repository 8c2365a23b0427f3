"""Split a run of cells printed with no separator at all.

山西's table copies as "…的双随机抽查定向园林绿化…从业人员抽查比例不低于10%;抽查14—10市园林局市市场监管局":
the cells follow each other with nothing between them. Only what content shows is cut:
a ratio with its frequency and the month range after it ("…10%;抽查1" + "4—10": the
frequency is one digit, so the months are valid), the 定向/不定向 sampling type after a
task name ending 抽查, and the department names at the end (each ends 局, 委, 部门 …).
Free text next to free text (抽查事项 glued to 抽查对象范围) stays one fragment: nothing
shows where one ends, so it is not guessed.
"""

from __future__ import annotations

import re

_MONTHS = r"(?:次年)?(?:1[0-2]|[1-9])月?\s*[—\-–~～至到]+\s*(?:次年)?(?:1[0-2]|[1-9])月?"
_RATIO_TIME = re.compile(
    r"(?P<ratio>(?:抽查比例)?(?:不低于|不少于|不高于|不超过|≥|≤)?\d+(?:\.\d+)?[%‰](?:[;；,，]?(?:抽查)?\d次?(?:/年|/)?)?)"
    rf"(?P<months>{_MONTHS})")
_RATIO = re.compile(r"(?:抽查比例)?(?:不低于|不少于|不高于|不超过|≥|≤)?\d+(?:\.\d+)?[%‰](?:[;；,，]?\d次/年)?")
_TYPE = re.compile(r"(?<=[抽检]查)(不?定向)")
_DEPT_END = re.compile(r"(?:局|委员会|委|部门|支队|大队|中心|机构)[、,，]?")


def split_glued(text: str, is_department) -> list[str]:
    """The cells of a glued run, as far as content shows them; a run it cannot cut is returned whole."""
    match = _RATIO_TIME.search(text) or _RATIO.search(text)
    if not match:
        return [text]
    head, tail = text[:match.start()], text[match.end():]
    middle = [match.group("ratio"), match.group("months")] if "months" in match.groupdict() and \
        match.groupdict().get("months") else [match.group(0)]
    return _split_head(head) + middle + _split_departments(tail, is_department)


def _split_head(text: str) -> list[str]:
    found = _TYPE.search(text)
    parts = [text[:found.start()], found.group(1), text[found.end():]] if found else [text]
    return [p for p in parts if p]


def _split_departments(text: str, is_department) -> list[str]:
    """'市园林局市市场监管局' -> ['市园林局', '市市场监管局'], when every piece is a department name."""
    pieces, start = [], 0
    for end in _DEPT_END.finditer(text):
        pieces.append(text[start:end.end()])
        start = end.end()
    rest = text[start:]
    if rest:
        pieces.append(rest)
    if pieces and all(is_department(p) for p in pieces if p is not rest):
        return [p for p in pieces if p]
    return [text] if text else []
