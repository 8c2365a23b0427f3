"""Split a department cell into departments and the inspection items that follow each.

Cells read like '市卫健委 公共场所卫生监督抽查 市消防救援支队 单位履行…的监督检查'
(department, its items, next department, its items) or simply '市场监管局 卫生监督所
消防队'. A department starts a whitespace-separated token: either a spelling the
reference list knows (with any jurisdiction before it), or a whole token shaped like
a department name (…局, …委, …队, …所) that no rule knows yet, which `check` reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.text import clean
from generator.reference.lists import Departments

_DEPT_SHAPE = re.compile(
    r"^[\u4e00-\u9fff]{1,14}(?:局|委员会|委|办公室|部门|部|支队|大队|中队|队|所|中心|站|办)$"
)
# Words that end like a department but are places or things inspected.
_NOT_DEPT_ENDINGS = ("场所", "住所", "诊所", "厕所", "事务所", "营业部", "门部")
_ITEMS_WORDS = ("的", "检查", "抽查", "情况", "对")
_TRIM = "、，,；; "
_NUMBERED = re.compile(r"(?:^|(?<=[；;。\s]))\s*(\d{1,2})\s*[、.．]\s*(?=\D)")


@dataclass
class DeptRef:
    as_written: str
    department: str | None
    items: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"department": self.department, "as_written": self.as_written, "items": self.items}


def _looks_like_department(token: str) -> bool:
    token = token.strip(_TRIM)
    if not _DEPT_SHAPE.match(token) or token.endswith(_NOT_DEPT_ENDINGS):
        return False
    return not any(word in token for word in _ITEMS_WORDS)


def split_items(text: str, field_name: str) -> list[str]:
    """'1. A；2. B' -> ['A', 'B']; '(对…的检查)' -> ['对…的检查']."""
    value, _ = clean(text, field_name)
    value = value.strip(_TRIM)
    if value[:1] in "(（" and value[-1:] in ")）":
        value = value[1:-1].strip()
    if not value:
        return []
    starts = list(_NUMBERED.finditer(value))
    if len(starts) >= 2 and starts[0].group(1) == "1" and starts[0].start() == 0:
        parts = []
        for i, m in enumerate(starts):
            end = starts[i + 1].start() if i + 1 < len(starts) else len(value)
            parts.append(value[m.end():end].strip(_TRIM + "。"))
        return [p for p in parts if p]
    return [value]


def parse_department_cell(text: str, departments: Departments) -> tuple[list[DeptRef], str]:
    """Departments in the cell with their items, and any text before the first one."""
    refs: list[DeptRef] = []
    orphan: list[str] = []
    pending: list[str] = []  # item text of the current department
    tokens = (text or "").split()
    for token in tokens:
        match = departments.match_prefix(token)
        if match or _looks_like_department(token):
            if refs:
                refs[-1].items = split_items(" ".join(pending), "items")
            elif pending:
                orphan.extend(pending)
            pending = []
            if match:
                length, dept = match
                written, rest = token[:length], token[length:]
                refs.append(DeptRef(written.strip(_TRIM), dept.name))
            else:
                written, rest = token.strip(_TRIM), ""
                refs.append(DeptRef(written, None))
            if rest.strip(_TRIM):
                pending.append(rest)
        else:
            pending.append(token)
    if refs:
        refs[-1].items = split_items(" ".join(pending), "items")
    else:
        orphan.extend(pending)
    return refs, " ".join(orphan)


# A department list in running text: 市、县(市、区)级教育行政部门、市场监管部门 or 公安、税务部门.
_LIST_SPLIT = re.compile(r"[、，,；;\s]|(?<=[部门局委队所])[和及与或]|或")
_LEVEL_PREFIX = re.compile(r"^(?:同级|各级|本级|[省市县区](?:\([^()]*\))?级|[省市县区]{1,3}级)")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_LEVELS = re.compile(r"(?:[省市县区]、)+[省市县区]\([^()]*\)级?")


def department_pieces(text: str) -> list[str]:
    """The pieces of a department list, each with the shared 部门 ending distributed (公安、税务部门)."""
    compact = re.sub(r"\s+", "", text or "").replace("（", "(").replace("）", ")")
    compact = _LEVELS.sub("", compact)  # 市、县(市、区)级教育行政部门: the levels, not a department
    compact = _BRACKETS.sub("", compact)
    pieces = [_LEVEL_PREFIX.sub("", p) for p in _LIST_SPLIT.split(compact)]
    pieces = [p.strip(_TRIM) for p in pieces if p.strip(_TRIM) and p not in ("市", "县", "区", "省")]
    if any(p.endswith("部门") for p in pieces):
        pieces = [p if p.endswith(("部门", "局", "委", "队", "所", "机构", "部")) else p + "部门" for p in pieces]
    return pieces


def _known(piece: str, departments: Departments | None) -> bool:
    if departments is not None and departments.resolve(piece) is not None:
        return True
    return _looks_like_department(piece) or (piece.endswith("机构") and len(piece) <= 10)


def is_department_list(text: str, departments: Departments | None = None) -> bool:
    """Whether the text is nothing but department names (one or a list); without the
    reference list, by the shape of the names alone (…局, …部门, …机构)."""
    pieces = department_pieces(text)
    return bool(pieces) and len(pieces) <= 8 and all(_known(p, departments) for p in pieces)


def find_departments(text: str, departments: Departments) -> list[DeptRef]:
    """Departments named in a clause of running text (X牵头, Y、Z按职责分工负责), in order, once each."""
    refs: list[DeptRef] = []
    for piece in department_pieces(text):
        dept = departments.resolve(piece)
        if dept is None and not _looks_like_department(piece):
            continue
        if not any((r.department or r.as_written) == (dept.name if dept else piece) for r in refs):
            refs.append(DeptRef(piece, dept.name if dept else None))
    return refs


def split_glued_departments(text: str, departments: Departments) -> str:
    """'高平市工信局高平市市场监督管理局' -> '高平市工信局 高平市市场监督管理局': two names a PDF's line wrap
    glued (the space lost). A token is cut only when it is no known name itself and both halves
    are; anything else (a name with its items after it) is left as printed."""
    tokens = []
    for token in (text or "").split():
        tokens.extend(_glued_pair(token, departments) or [token])
    return " ".join(tokens)


def _glued_pair(token: str, departments: Departments) -> list[str] | None:
    if departments.resolve(token) is not None:
        return None
    for cut in range(2, len(token) - 1):
        head, tail = token[:cut], token[cut:]
        if departments.resolve(head) is not None and departments.resolve(tail) is not None:
            return [head, tail]
    return None


def expand_department_lists(text: str, departments: Departments) -> str:
    """'市场监管、税务部门 检查' -> '市场监管部门 税务部门 检查': a token that is a list of departments
    becomes one token per department, so each is read as a department and not as items."""
    tokens = []
    for token in (text or "").split():
        pieces = department_pieces(token)
        if len(pieces) > 1 and is_department_list(token, departments):
            tokens.extend(pieces)
        else:
            tokens.append(token)
    return " ".join(tokens)
