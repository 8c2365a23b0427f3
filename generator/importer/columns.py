"""Which column is which: by header alias first, by cell content where the header lies.

Fields of a plan task row:
  seq, jurisdiction, name, field, lead, partners, items, scope, ratio, frequency, count,
  credit_risk, months, mode, duty, notes, extra

`extra` columns are known but not part of a task's fields (行业, 抽取类型, 事项类别 …): their
cells are kept on the task under the header as printed, never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Exact header spellings seen in plans, after removing spaces and unifying brackets.
HEADER_ALIASES: dict[str, str] = {
    "序号": "seq", "编号": "seq", "任务序号": "seq",
    "地市": "jurisdiction", "地区": "jurisdiction", "县区": "jurisdiction",
    "抽查任务名称": "name", "任务名称": "name", "抽查任务": "name",
    "抽查领域": "field", "抽查类别": "field",
    "抽查事项": "items", "检查事项": "items", "抽查内容": "items", "抽查项目": "items",
    "抽查事项名称": "items", "检查内容": "items", "检查项目": "items", "抽查检查事项": "items",
    "抽查对象范围": "scope", "抽查对象": "scope", "检查对象": "scope", "联查对象": "scope",
    "检查对象范围": "scope", "抽查对象名称": "scope", "检查对象名称": "scope",
    "抽查比例及频次": "ratio", "抽查比例": "ratio", "比例及频次": "ratio", "抽查比例和频次": "ratio",
    "检查比例": "ratio",
    "抽查户数": "count", "抽查数量": "count",
    "抽查频次": "frequency", "检查频次": "frequency", "抽查频率": "frequency", "检查频率": "frequency",
    "实施时间": "months", "时间安排": "months", "抽查时间安排": "months", "计划实施时间": "months", "初步检查时间": "months", "计划任务实施时段": "months",
    "完成时限": "deadline", "计划完成时间": "deadline", "完成时间": "deadline", "抽查完成时限": "deadline", "抽取日期": "months", "抽取日期至": "months",
    "组织检查方式": "mode", "抽查模式": "mode", "检查方式": "mode", "组织方式": "mode", "抽查方式": "mode",
    "实施层级": "mode", "组织层级": "mode", "抽查层级": "mode",
    "检查主体": "lead", "发起处室": "lead", "实施主体": "lead", "责任单位": "lead", "牵头单位": "lead",
    "责任部门": "lead", "实施部门": "lead", "检查部门": "lead", "抽查部门": "lead",
    "参检单位": "partners", "联合处室": "partners", "联查部门": "partners", "配合单位": "partners",
    "参与单位": "partners", "协同部门": "partners", "协助部门": "partners", "联合部门": "partners",
    "责任分工": "duty", "我市负责单位": "duty", "负责单位": "duty",
    "备注": "notes",
    # Known, read into the task's `extra`: what the column says is kept, not interpreted.
    "行业": "extra", "抽取类型": "extra", "抽查类型": "extra", "事项类别": "extra", "无为计划": "extra", "检查依据": "extra", "抽查依据": "extra",
}

# Prefix rules for headers that carry a parenthesised gloss: 发起部门(抽查事项).
HEADER_PREFIXES: list[tuple[str, str]] = [
    ("发起部门", "lead"),
    ("牵头部门", "lead"),
    ("发起方式", "lead"),  # 发起方式(牵头指导单位)
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
    ("检查模式", "mode"),
    ("对象范围", "scope"),
    ("对范围", "scope"),  # 检查对象范围 printed with 象 lost in a wrapped header (宜宾)
]

FIELDS = ("seq", "jurisdiction", "name", "field", "lead", "partners", "items", "scope",
          "ratio", "frequency", "count", "credit_risk", "months", "deadline", "mode", "duty", "notes")

# Chinese labels for messages and for the CSV download.
FIELD_LABELS = {
    "seq": "序号", "jurisdiction": "地市", "name": "抽查任务名称", "lead": "发起部门",
    "partners": "配合部门", "items": "抽查事项", "scope": "抽查对象范围",
    "ratio": "抽查比例及频次", "credit_risk": "信用风险分类要求", "months": "抽查起止时间",
    "mode": "抽查模式", "field": "抽查领域", "frequency": "抽查频次", "count": "抽查户数",
    "duty": "责任分工", "notes": "备注", "deadline": "完成时限",
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


@lru_cache(maxsize=8192)  # header recovery asks about the same pieces again and again
def header_match(piece: str) -> tuple[str, bool] | None:
    """(field, exact?) for a header piece recovered from wrapped or glued text, or None.

    Stricter than `header_field`: a prefix rule needs nothing or a bracketed gloss after the
    prefix, and a contains rule must not swallow another column's name (抽查检查起止时间发起部门).
    """
    key = normalize_header(piece)
    if key in HEADER_ALIASES:
        return HEADER_ALIASES[key], True
    for prefix, name in HEADER_PREFIXES:
        if key.startswith(prefix) and (key == prefix or re.fullmatch(r"\([^()]*\)", key[len(prefix):])):
            return name, True
    for part, name in HEADER_CONTAINS:
        if part in key:
            rest = key.replace(part, "", 1)
            if not any(alias in rest for alias in _NAMES if len(alias) >= 3):
                return name, False
    return None


NAMES = _NAMES = [*HEADER_ALIASES, *(p for p, _ in HEADER_PREFIXES), *(p for p, _ in HEADER_CONTAINS)]


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
                  "credit_risk": "credit_risk", "frequency": "ratio", "count": "seq"}

# Finer content classes for recovering a grid from text (layouts.py): what a fragment of
# a cell looks like, so it can be put under the column that takes it.
_PERCENT = re.compile(r"\d+(?:\.\d+)?\s*[%‰％]|[≥≤]\s*\d")
_FREQUENCY = re.compile(r"\d+\s*次\s*/\s*年|每年\s*\d+\s*次|每(?:半年|季度|月|年)\s*[一1]\s*次|本年度检查一次|"
                        r"^\d+\s*次$|^\d/$|根据监管需要确定")
_MONTHS_ANY = re.compile(r"\d{1,2}\s*月?\s*[-—–~～－至到]+\s*(?:次年)?\s*\d{1,2}\s*月|\d{1,2}\s*月\s*[-—–~～－至到]+\s*\d{1,2}|^\d{1,2}\s*[-—–]\s*\d{1,2}$|全年|"
                         r"\d{4}\s*[年.\-/]\s*\d{1,2}|\d{4,8}日前|月底|年底|\d{1,2}月\d{0,2}日?前")
_DATE_DIGITS = re.compile(r"^20\d{2}(?:0?[1-9]|1[0-2])(?:\d{2})?$")  # 20229, 202210, 20230720
_COUNT = re.compile(r"^\d{1,4}\s*(?:户|家|所|个)?$")
_LEVEL = re.compile(r"^(?:[省市县区](?:[、,，]?(?:[省市县区]|区县|县区))*(?:\([^()]*\))?级?|省级|市级|县级|区县级?|"
                    r"[省市县区]县\(区\)级|市县\(区\)级|县\(区\)级)$")
_METHOD = re.compile(r"^(?:现场|网络|网上|书面|远程|非现场)(?:检查|抽查|核查)")
# What 抽查类型 / 事项类别 columns hold: a word of a closed list, never a task's own text.
SAMPLING_KINDS = ("定向", "不定向", "一般检查事项", "重点检查事项", "特殊检查事项")
KINDS = ("kind", "seq", "count", "ratio", "frequency", "months", "mode", "level", "method", "department",
         "credit_risk", "text")


def cell_class(cell: str, is_department=None) -> str:
    """One of KINDS for a fragment of a cell; `is_department(text)` tells department names."""
    s = re.sub(r"\s+", "", cell or "").replace("（", "(").replace("）", ")")
    if not s:
        return "text"
    if _DATE_DIGITS.match(s) and len(s) >= 5:
        return "months"
    if _COUNT.match(s):
        return "count"
    if "风险" in s and len(s) > 8:
        return "credit_risk"
    if s.startswith("【") or MODE_WORD.match(s) or re.fullmatch(r"(?:[省市县区]抽[省市县区](?:\(区\))?查[、,]?)+", s):
        return "mode"
    if _LEVEL.match(s):
        return "level"
    if s in SAMPLING_KINDS:
        return "kind"
    if _METHOD.match(s) and len(s) <= 16:
        return "method"
    if _PERCENT.search(s) or re.search(r"\d+\s*[户家所]", s):
        return "ratio"
    if _FREQUENCY.search(s) and len(s) <= 20:
        return "frequency"
    if _MONTHS_ANY.search(s) and len(s) <= 40:
        return "months"
    if is_department is not None and (is_department(s) or is_department(cell.split()[0])):
        return "department"  # a department, or one followed by its items (市民政局 对养老机构…检查)
    return "text"


# Classes each field's column takes without cost (None: free text takes anything).
COLUMN_TAKES: dict[str, set[str]] = {
    "seq": {"seq", "count"}, "lead": {"department"}, "partners": {"department"},
    "ratio": {"ratio", "frequency"}, "frequency": {"frequency", "count"}, "count": {"count", "ratio"},
    "months": {"months"}, "deadline": {"months"}, "mode": {"mode", "level", "method"}, "credit_risk": {"credit_risk"},
}
