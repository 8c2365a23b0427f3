"""The notice around the task table: title, 文号, issuer, date, addressees, body.

Government notices (公文, GB/T 9704) have a fixed order: issuing office's header,
document number, title, addressees, body with numbered headings, attachment
note, signature, date, disclosure attribute, printing line. The parser walks
that order and reports each part it could not find.
"""

from __future__ import annotations

import re
from datetime import date

from generator.core.findings import Findings
from generator.importer.text import squeeze

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号")
DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
PRINTED_LINE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印\s*发$")
DISCLOSURE = re.compile(r"^[(（]\s*此件\s*(主动公开|依申请公开|不予公开|不公开)\s*[)）]$")
HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
TITLE_END = ("通知", "计划", "意见", "方案", "决定", "函")
JURISDICTION = re.compile(r"^(.+?(?:自治县|自治州|地区|盟|省|市|县|区|旗))")
_OPEN, _CLOSE = "《(（“【", "》)）”】"


def _balanced(text: str) -> bool:
    return sum(text.count(c) for c in _OPEN) <= sum(text.count(c) for c in _CLOSE)


def _plain(line: str) -> tuple[str, int]:
    """Strip Markdown heading marks the extractor added; return text and level."""
    match = re.match(r"^(#+)\s*", line)
    return (line[match.end():].strip(), len(match.group(1))) if match else (line.strip(), 0)


# A plan published as a web page has no 公文 parts: its title ends like these, often with a
# bracketed note after it ((修订版), (各市)).
PAGE_TITLE_END = (*TITLE_END, "清单", "计划表", "一览表")
_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_TRAILING_NOTES = re.compile(r"(?:[(（][^()（）]{1,40}[)）]|-[\u4e00-\u9fff]{1,4})+$")


def is_page(lines: list[tuple[int, str]]) -> bool:
    """A web page's copy: no 文号 and no 关于… title, so none of the 公文 parts are there."""
    return not any(DOC_NUMBER.search(t) or re.match(r"^#*\s*关于", t) for _n, t in lines)


def ends_like_title(text: str) -> bool:
    """Whether a line ends as a plan's title does (…工作计划, …清单), its bracketed notes aside."""
    return _TRAILING_NOTES.sub("", re.sub(r"\s+", "", text)).endswith(PAGE_TITLE_END)


def _page_title(text: str) -> bool:
    return len(re.sub(r"\s+", "", text)) >= 8 and ends_like_title(text)


def parse_page(lines: list[tuple[int, str]], file: str, findings: Findings) -> dict:
    """The title (first line that ends like a plan's title), the table's own title (the last such
    line), the page's address; the other lines are the body. A page has no 文号, date or
    disclosure attribute, and is not reported for lacking them."""
    notice: dict = {"issuer": None, "doc_number": None, "title": None, "addressees": None, "body": [],
                    "attachment": None, "signed_by": None, "issued": None, "disclosure": None,
                    "table_title": None, "url": None}
    titles = []
    for _n, text in lines:
        stripped = text.strip()
        if _URL.match(stripped):
            notice["url"] = notice["url"] or stripped
        elif _page_title(stripped):
            titles.append(squeeze(stripped))
        elif not re.match(r"^附\s*件\s*\d*$", stripped):
            notice["body"].append({"type": "paragraph", "text": squeeze(stripped)})
    if titles:
        notice["title"] = re.sub(r"\s+", "", titles[0])
        if titles[-1] != titles[0]:
            notice["table_title"] = titles[-1]
    else:
        findings.warning("notice", "the page has no title", file=file, row=lines[0][0] if lines else None)
    return notice


def parse_notice(lines: list[tuple[int, str]], file: str, findings: Findings) -> dict:
    if is_page(lines):
        return parse_page(lines, file, findings)
    notice: dict = {"issuer": None, "doc_number": None, "title": None, "addressees": None, "body": [],
                    "attachment": None, "signed_by": None, "issued": None, "disclosure": None,
                    "table_title": None}
    entries = [(n, *_plain(text)) for n, text in lines]
    i = _head(entries, notice)
    i = _body(entries, i, notice)
    i = _attachment(entries, i, notice)
    _closing(entries[i:], notice)
    for key, label in (("doc_number", "document number (文号)"), ("title", "title"), ("issued", "date"),
                       ("disclosure", "disclosure attribute (此件主动公开)")):
        if not notice.get(key):
            findings.warning("notice", f"the notice has no {label}", file=file,
                             row=lines[0][0] if lines else None)
    return notice


def _head(entries: list[tuple[int, str, int]], notice: dict) -> int:
    """Issuer and 文号, title, addressees; the index of the first line after them."""
    i = 0
    for k, (_n, text, _level) in enumerate(entries):
        match = DOC_NUMBER.search(text)
        if match:
            notice["doc_number"] = squeeze(match.group(0))
            notice["doc_year"] = int(match.group(1))
            head = [t for _, t, _ in entries[:k]]
            if head:
                notice["issuer"] = re.sub(r"文件$", "", squeeze(" ".join(head)))
            i = k + 1
            break
    # Title: from a line starting 关于 (or the first line) until it ends like a title.
    title_parts: list[str] = []
    while i < len(entries) and len(title_parts) < 4:
        title_parts.append(entries[i][1])
        i += 1
        if squeeze("".join(title_parts)).endswith(TITLE_END):
            break
    if title_parts:
        notice["title"] = re.sub(r"\s+", "", "".join(title_parts))
    if i < len(entries) and re.search(r"[：:]$", entries[i][1]) and len(entries[i][1]) < 60:
        notice["addressees"] = squeeze(entries[i][1]).rstrip("：:")
        i += 1
    return i


def _body(entries: list[tuple[int, str, int]], i: int, notice: dict) -> int:
    """Headings and paragraphs until 附件."""
    paragraph: list[str] = []
    body: list[dict] = []

    def flush():
        if paragraph:
            body.append({"type": "paragraph", "text": squeeze("".join(paragraph))})
            paragraph.clear()

    while i < len(entries) and not re.match(r"^附\s*件\s*[:：]", entries[i][1]):
        _n, text, level = entries[i]
        if level or (HEADING.match(text) and len(text) < 40 and "。" not in text):
            flush()
            body.append({"type": "heading", "text": squeeze(text)})
        else:
            paragraph.append(text)
            if re.search(r"[。！？；：:]$", text):
                flush()
        i += 1
    flush()
    notice["body"] = body
    return i


def _attachment(entries: list[tuple[int, str, int]], i: int, notice: dict) -> int:
    """The attachment's title: until brackets balance and the next line does not open one."""
    if i < len(entries):
        parts = [re.sub(r"^附\s*件\s*[:：]\s*", "", entries[i][1])]
        i += 1
        while i < len(entries) and (not _balanced("".join(parts)) or entries[i][1][:1] in "(（"):
            parts.append(entries[i][1])
            i += 1
        notice["attachment"] = squeeze(" ".join(p for p in parts if p)) or None
    return i


def _closing(entries: list[tuple[int, str, int]], notice: dict) -> None:
    """Signature, date, disclosure, printing line, then the table's own title."""
    signature: list[str] = []
    after_date: list[str] = []
    for _n, text, _level in entries:
        compact = re.sub(r"\s+", "", text)
        date_match = DATE_LINE.match(compact)
        if date_match and notice["issued"] is None:
            notice["issued"] = date(*map(int, date_match.groups())).isoformat()
            continue
        disclosure = DISCLOSURE.match(compact)
        if disclosure:
            notice["disclosure"] = disclosure.group(1)
            continue
        if PRINTED_LINE.search(compact):
            continue
        if notice["issued"] is None:
            signature.append(text)
        elif not re.match(r"^附\s*件\s*[:：]?$", compact):
            after_date.append(text)
    if signature:
        notice["signed_by"] = squeeze(" ".join(signature))
    if after_date:
        notice["table_title"] = squeeze(" ".join(after_date))


def jurisdiction_of(*texts: str | None) -> str | None:
    for text in texts:
        if text:
            match = JURISDICTION.match(re.sub(r"\s+", "", text))
            if match:
                return match.group(1)
    return None


def year_of(*texts: str | None) -> int | None:
    for text in texts:
        if text:
            match = re.search(r"(20\d{2})\s*年", text)
            if match:
                return int(match.group(1))
    return None
