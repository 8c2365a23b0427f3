"""信息公开 metadata and portal chrome in the text around a plan's table.

Government portals print a metadata box above every disclosed document (索引号,
发布机构, 发文日期, 文号, 主题分类 …), often twice (a summary line and a table), and
wrap the page in chrome (设为首页, 当前位置, 字体, 浏览次数, 打印). The metadata is
captured into the plan; the chrome is dropped so it is never read as a notice or a task.
The HTML reader and the text reader both call `read_metadata`, so a page saved as
HTML and the same page copied as text give the same plan.

The eight fields a page's 信息公开 box shows (DISCLOSURE_FIELDS) are defined here once, and
`disclosure_values` fills them: the box's value as printed, else what the document's own text
prints (its 文号 line, its date line, its issuer, 此件主动公开), else the site's
`disclosure_defaults` (site_config.yml), else nothing (shown 未注明): never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.importer.describe import NOT_STATED  # "未注明", as every page says it

# Printed label -> key in plan.metadata. Several spellings share one key.
METADATA_LABELS: dict[str, str] = {
    "索引号": "index_number",
    "信息索引号": "index_number",
    "发布机构": "publisher",
    "发文机关": "publisher",
    "发布单位": "publisher",
    "信息来源": "source",
    "来源": "source",
    "发文日期": "issued",
    "成文日期": "issued",
    "发布日期": "published",
    "发布时间": "published",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "主题分类": "subject",
    "组配分类": "category",
    "体裁分类": "genre",
    "公开方式": "disclosure_mode",
    "公开形式": "disclosure_mode",
    # 公开类型 prints 主动公开 or 依申请公开 on the portals that use it: the mode, not the scope.
    "公开类型": "disclosure_mode",
    "公开范围": "disclosure_scope",
    "公开时限": "disclosure_deadline",
    "有效性": "validity",
    "时效性": "validity",
    "标题": "title",
    "名称": "title",
}
# The Chinese label shown for each key (the first spelling listed above).
METADATA_KEYS: dict[str, str] = {}
for _label, _key in METADATA_LABELS.items():
    METADATA_KEYS.setdefault(_key, _label)

_LABEL = "|".join(sorted(map(re.escape, METADATA_LABELS), key=len, reverse=True))
# A label followed by a colon; its value runs to the next label or the end of the line.
_PAIR = re.compile(rf"(?<![\u4e00-\u9fff])({_LABEL})\s*[:：]\s*")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_DATE_KEYS = {"issued", "published"}

# Words that only ever appear in a portal's navigation, footer or tool bar.
CHROME = re.compile(
    r"设为首页|加入收藏|长辈版|无障碍|当前位置|所在的位置|网站首页|字体[:：]|字号[:：]?|【\s*字体|打印|关闭窗口|"
    r"浏览次数|阅读次数|访问量|网站地图|版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|扫一扫|分享到"
)


def _date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def pairs(line: str) -> list[tuple[str, str]]:
    """('索引号', '1134…') pairs printed on one line; values cut at the next label or a '|'."""
    found = list(_PAIR.finditer(line))
    out = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(line)
        value = line[match.end():end].split("|")[0]
        value = CHROME.split(re.split(r"\s{2,}|【|\[", value)[0])[0].strip(" |•·\t")
        out.append((match.group(1), value))
    return out


def is_chrome(line: str) -> bool:
    """A line of navigation or tool bar text: short, and made of chrome words and separators."""
    stripped = line.strip(" •·|>\t")
    if not stripped:
        return True
    return bool(CHROME.search(stripped)) and len(CHROME.sub("", stripped).strip(" •·|>:：[]【】\t")) <= 24


def read_metadata(lines: list[tuple[int, str]]) -> tuple[dict, list[tuple[int, str]]]:
    """The metadata printed in `lines`, and the lines that are neither metadata nor chrome.

    The first value printed for a key wins (portals repeat the box); an empty value
    (文号: with nothing after it) is kept as absent, never invented.
    """
    metadata: dict = {}
    rest: list[tuple[int, str]] = []
    for number, line in lines:
        found = pairs(line)
        if found:
            for label, value in found:
                key = METADATA_LABELS[label]
                if key in _DATE_KEYS:
                    value = _date(value) or ""
                if value and key not in metadata:
                    metadata[key] = value
            continue
        if is_chrome(line):
            continue
        rest.append((number, line))
    return metadata, rest


# --- the 信息公开 box a page shows -----------------------------------------------------------

@dataclass(frozen=True)
class DisclosureField:
    key: str  # in the open data (disclosure_fields) and in site_config.yml disclosure_defaults
    zh: str  # the label the box prints
    en: str
    printed: tuple[str, ...]  # plan.metadata keys read for it, in order (a portal prints one or both)
    site_default: bool  # whether disclosure_defaults may give it: never a document's own number or date
    after_text: tuple[str, ...] = ()  # metadata keys read only when the text prints nothing either


DISCLOSURE_FIELDS: tuple[DisclosureField, ...] = (
    DisclosureField("index_number", "索引号", "Index number", ("index_number",), False),
    DisclosureField("publisher", "发布机构", "Issuing body", ("publisher",), True),
    DisclosureField("issued", "发文日期", "Date issued", ("issued",), False, ("published",)),  # 发布日期 last
    DisclosureField("doc_number", "文号", "Document number", ("doc_number",), False),
    DisclosureField("subject", "主题分类/组配分类", "Subject / category", ("subject", "category"), True),
    DisclosureField("disclosure_mode", "公开方式", "Disclosure mode", ("disclosure_mode",), True),
    DisclosureField("disclosure_scope", "公开范围", "Disclosure scope", ("disclosure_scope",), True),
    DisclosureField("validity", "有效性", "Validity", ("validity",), True),
)


@dataclass(frozen=True)
class DisclosureValue:
    field: DisclosureField
    value: str | None  # None: neither the document nor site_config.yml gives it
    origin: str | None  # "document", "site_config" or None

    @property
    def shown(self) -> str:
        return self.value or NOT_STATED

    @property
    def day(self) -> date | None:
        """发文日期 as a day, for pages to write it as they write dates (the importer keeps it ISO)."""
        try:
            return date.fromisoformat(self.value) if self.field.key == "issued" and self.value else None
        except ValueError:
            return None

    def as_data(self) -> dict:
        return {"value": self.value, "from": self.origin}


def disclosure_values(metadata: dict, printed: dict, defaults: dict | None = None) -> list[DisclosureValue]:
    """The eight fields of a page's box, each with where its value came from.

    metadata: the box as the importer captured it (plan.metadata, notice.metadata); printed: what the
    document's text says of the same field ({"doc_number": 高市双随机办〔2023〕6号, "publisher": its
    issuer …}), read where the box is silent; defaults: site_config.yml disclosure_defaults, for the
    fields a site may state for all its documents. A portal printing both 主题分类 and 组配分类 shows
    both, joined by " / ".
    """
    out = []
    for spec in DISCLOSURE_FIELDS:
        found = [metadata[key] for key in spec.printed if metadata.get(key)]
        later = [metadata[key] for key in spec.after_text if metadata.get(key)]
        value = " / ".join(dict.fromkeys(found)) or printed.get(spec.key) or (later[0] if later else None)
        origin = "document" if value else None
        if value is None and spec.site_default and (defaults or {}).get(spec.key):
            value, origin = defaults[spec.key], "site_config"
        out.append(DisclosureValue(spec, value, origin))
    return out


def disclosure_data(values: list[DisclosureValue]) -> dict:
    """The box as open data: {key: {value, from}} in the box's order."""
    return {v.field.key: v.as_data() for v in values}


def printed_facts(lines: list[tuple[int, str]]) -> dict:
    """What a notice's own lines print of the box's fields where no box does: a 文号 line
    (高市监发〔2023〕12号) and the disclosure line (此件主动公开). Nothing is taken from a sentence."""
    from generator.importer.notice import DISCLOSURE, DOC_NUMBER  # notice.py does not import this module

    facts: dict = {}
    for _number, line in lines:
        compact = re.sub(r"\s+", "", line)
        if DOC_NUMBER.fullmatch(compact):
            facts.setdefault("doc_number", compact)
        elif disclosure := DISCLOSURE.match(compact):
            facts.setdefault("disclosure_mode", disclosure.group(1))
    return facts


def plan_disclosure(meta: dict, defaults: dict | None = None) -> list[DisclosureValue]:
    """A plan's box (meta: data/plans/ID.json's "plan"): its text's 文号, issuer, date and 此件主动公开."""
    printed = {"doc_number": meta.get("doc_number"), "publisher": meta.get("issuer"), "issued": meta.get("issued"),
               "disclosure_mode": meta.get("disclosure")}
    return disclosure_values(meta.get("metadata") or {}, printed, defaults)


def notice_disclosure(notice: dict, defaults: dict | None = None) -> list[DisclosureValue]:
    """A result notice's box (notice: data/results/ID.json's "notice"): its signature's office and date."""
    printed = {"publisher": notice.get("issuer"), "issued": notice.get("published")}
    return disclosure_values(notice.get("metadata") or {}, printed, defaults)
