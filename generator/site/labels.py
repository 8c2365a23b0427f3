"""The words the pages use for what the importer and the plans record: repair rules, field names, gaps.

In: the codes the importer writes (a repair rule's name, a dotted field path, a gap's numbers).
Out: the Chinese a reader sees, the same on every page, in the feed and in the updates list.
"""

from __future__ import annotations

from generator.importer.columns import FIELD_LABELS as COLUMN_LABELS
from generator.site.i18n import N_, Text, _, english

# What each automatic repair rule of the importer did, in words a reader understands.
REPAIR_RULES = {
    "seq-restart": N_("原文序号与前一项重复或倒退，按顺序重新编号"),
    "seq-missing": N_("原文缺少序号，按顺序编号"),
    "ocr-confusion": N_("文字识别（OCR）错字，按常见混淆字更正"),
    "stray-spaces": N_("删除文字识别产生的多余空格"),
    "halfwidth": N_("全角、半角字符统一"),
    "mode-spelling": N_("抽查模式写法不规范，统一为标准名称"),
    "column-by-content": N_("内容印在了其他栏目中，按内容归入正确栏目"),
    "shifted-departments": N_("发起部门与配合部门栏目错位，按内容还原"),
}

# The importer's column labels, under the names tasks carry them by (i18n.extract_labels puts them
# in the catalogue).
FIELD_LABELS = {**COLUMN_LABELS, "department": N_("部门"), "credit_risk_rule": COLUMN_LABELS["credit_risk"]}



def field_label(path: str) -> str:
    """The label of a dotted field path in the page's language: partners.1.items -> 配合部门（第2个）抽查事项."""
    words = []
    for part in str(path).split("."):
        if part.isdigit():
            words.append(_("（第%(n)s个）") % {"n": int(part) + 1})
        else:
            words.append(_(FIELD_LABELS[part]) if part in FIELD_LABELS else part)
    return (" " if english() else "").join(words)


def gap_text(gap: dict) -> Text:
    """第15–20项任务在公开文件中缺失, in the language of the page (or feed) that shows it."""
    if gap["from"] == gap["to"]:
        return Text("第%(seq)s项任务在公开文件中缺失", seq=gap["from"])
    return Text("第%(first)s–%(last)s项任务在公开文件中缺失", first=gap["from"], last=gap["to"])
