"""信息公开 metadata and portal chrome in the text around a plan's table.

Government portals print a metadata box above every disclosed document (索引号,
发布机构, 发文日期, 文号, 主题分类 …), often twice (a summary line and a table), and
wrap the page in chrome (设为首页, 当前位置, 字体, 浏览次数, 打印). The metadata is
captured into the plan; the chrome is dropped so it is never read as a notice or a task.
The HTML reader and the text reader both call `read_metadata`, so a page saved as
HTML and the same page copied as text give the same plan.
"""

from __future__ import annotations

import re

# Printed label -> key in plan.metadata. Several spellings share one key.
METADATA_LABELS: dict[str, str] = {
    "索引号": "index_number",
    "发布机构": "publisher",
    "发文机关": "publisher",
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
    "公开范围": "disclosure_scope",
    "公开时限": "disclosure_deadline",
    "有效性": "validity",
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
