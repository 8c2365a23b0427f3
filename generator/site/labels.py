"""The words the pages use for what the importer and the plans record: repair rules, field names, gaps.

In: the codes the importer writes (a repair rule's name, a dotted field path, a gap's numbers).
Out: the Chinese a reader sees, the same on every page, in the feed and in the updates list.
"""

from __future__ import annotations

from generator.importer.columns import FIELD_LABELS as COLUMN_LABELS

# What each automatic repair rule of the importer did, in words a reader understands.
REPAIR_RULES = {
    "seq-restart": "原文序号与前一项重复或倒退，按顺序重新编号",
    "seq-missing": "原文缺少序号，按顺序编号",
    "ocr-confusion": "文字识别（OCR）错字，按常见混淆字更正",
    "stray-spaces": "删除文字识别产生的多余空格",
    "halfwidth": "全角、半角字符统一",
    "mode-spelling": "抽查模式写法不规范，统一为标准名称",
    "column-by-content": "内容印在了其他栏目中，按内容归入正确栏目",
    "shifted-departments": "发起部门与配合部门栏目错位，按内容还原",
}

# The importer's column labels, under the names tasks carry them by.
FIELD_LABELS = {**COLUMN_LABELS, "department": "部门", "credit_risk_rule": COLUMN_LABELS["credit_risk"]}



def field_label(path: str) -> str:
    """Chinese label for a dotted field path: partners.1.items -> 配合部门（第2个）抽查事项."""
    words = []
    for part in str(path).split("."):
        if part.isdigit():
            words.append(f"（第{int(part) + 1}个）")
        else:
            words.append(FIELD_LABELS.get(part, part))
    return "".join(words)


def gap_text(gap: dict) -> str:
    numbers = f"第{gap['from']}项" if gap["from"] == gap["to"] else f"第{gap['from']}–{gap['to']}项"
    return f"{numbers}任务在公开文件中缺失"
