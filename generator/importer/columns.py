"""Which column is which: by header alias first, by cell content where the header lies.

Fields of a plan task row:
  seq, jurisdiction, name, lead, partners, items, scope, ratio, credit_risk, months, mode
"""

from __future__ import annotations

import re

# Exact header spellings seen in plans, after removing spaces and unifying brackets.
HEADER_ALIASES: dict[str, str] = {
    "序号": "seq",
    "编号": "seq",
    "任务序号": "seq",
    "地市": "jurisdiction",
    "地区": "jurisdiction",
    "县区": "jurisdiction",
    "抽查任务名称": "name",
    "任务名称": "name",
    "抽查任务": "name",
    "抽查事项": "items",
    "检查事项": "items",
    "抽查内容": "items",
    "抽查对象范围": "scope",
    "抽查对象": "scope",
    "检查对象": "scope",
    "抽查比例及频次": "ratio",
    "抽查比例": "ratio",
    "比例及频次": "ratio",
    "抽查比例和频次": "ratio",
    "组织检查方式": "mode",
    "抽查模式": "mode",
    "检查方式": "mode",
    "组织方式": "mode",
}

# Prefix rules for headers that carry a parenthesised gloss: 发起部门(抽查事项).
HEADER_PREFIXES: list[tuple[str, str]] = [
    ("发起部门", "lead"),
    ("牵头部门", "lead"),
    ("配合部门", "partners"),
    ("参与部门", "partners"),
    ("联合部门", "partners"),
]

# Substring rules, last resort: every spelling of the months column ends in 时间.
HEADER_CONTAINS: list[tuple[str, str]] = [
    ("信用风险", "credit_risk"),
    ("起止时间", "months"),
    ("抽查时间", "months"),
    ("检查时间", "months"),
]

FIELDS = ("seq", "jurisdiction", "name", "lead", "partners", "items", "scope",
          "ratio", "credit_risk", "months", "mode")

# Chinese labels for messages and for the CSV download.
FIELD_LABELS = {
    "seq": "序号", "jurisdiction": "地市", "name": "抽查任务名称", "lead": "发起部门",
    "partners": "配合部门", "items": "抽查事项", "scope": "抽查对象范围",
    "ratio": "抽查比例及频次", "credit_risk": "信用风险分类要求", "months": "抽查起止时间",
    "mode": "抽查模式",
}


def normalize_header(text: str) -> str:
    text = re.sub(r"\s+", "", text or "")
    return text.replace("（", "(").replace("）", ")")


def header_field(text: str) -> str | None:
    key = normalize_header(text)
    if not key:
        return None
    if key in HEADER_ALIASES:
        return HEADER_ALIASES[key]
    for prefix, name in HEADER_PREFIXES:
        if key.startswith(prefix):
            return name
    for part, name in HEADER_CONTAINS:
        if part in key:
            return name
    return None


def header_fields(cells: list[str]) -> list[str | None]:
    return [header_field(c) for c in cells]


# --- cell content -----------------------------------------------------------------

MONTH_RANGE = re.compile(r"^(\d{1,2})月?\s*[-—–~～－至到]+\s*(\d{1,2})月$")
MODE_WORD = re.compile(r"^([省市县区])\s*抽\s*查?\s*([省市县区])\s*抽?\s*查$|^[省市县区]{2}联查$")
RATIO_HINT = re.compile(r"\d+(?:\.\d+)?\s*[%‰％]|\d+\s*次\s*/")


def classify(cell: str) -> str | None:
    """The field a cell's content unmistakably belongs to, or None for free text."""
    s = re.sub(r"\s+", "", cell or "")
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}", s):
        return "seq"
    if MONTH_RANGE.match(s):
        return "months"
    if s.startswith("【") or MODE_WORD.match(s):
        return "mode"
    # Credit-risk sentences mention 抽查比例 too; they never lack 风险, ratios never have it.
    if "风险" in s and len(s) > 8:
        return "credit_risk"
    if len(s) <= 40 and RATIO_HINT.search(s):
        return "ratio"
    return None


# The content class each field's cells are expected to have (None: free text).
EXPECTED_CLASS = {"seq": "seq", "months": "months", "mode": "mode", "ratio": "ratio",
                  "credit_risk": "credit_risk"}
