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
from generator.reference import Departments

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
