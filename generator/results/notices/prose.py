"""What a notice prints once for all its rows: title, office, date, period, one result sentence.

Read from the lines around the table: the portal's metadata box (generator.importer.metadata),
the title, the body ("截止8月份 …", "抽检结果均合格"), and the signature after the table
(武汉市东西湖区气象局 / 2023年9月4日). A contact line (联系人 + phone) is reported, never kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.core.findings import Findings
from generator.importer.metadata import printed_facts, read_metadata

_URL = re.compile(r"^https?://\S+$")
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_DATE = re.compile(r"^(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?$")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
# A period the inspections fall in, printed instead of a day: 截止8月份, 截至2023年8月底, 1-8月.
_PERIOD = re.compile(r"(截[止至]\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:份|底|末)?(?:\d{1,2}\s*日)?"
                     r"|(?:\d{4}\s*年\s*)?\d{1,2}\s*月(?:份)?\s*[-—至到]\s*\d{1,2}\s*月(?:份)?)")
# One sentence for every row: 抽检结果均合格, 检查结果均为未发现问题, 均未发现问题.
_ALL_ROWS = re.compile(r"(?:抽检|抽查|检查|检测)?结果均(?:为|是)?[“\"]?([^，。,；;\s”\"]{1,16})|均(未发现[^，。,；;\s]{0,8}问题)")
_CONTACT = re.compile(r"联系人|联系电话|咨询电话|监督电话|举报电话|联系方式")
_OFFICE_END = re.compile(r"(局|委员会|委|办公室|办|中心|大队|支队|中队|所|站|院|政府|分局)$")
_TITLE_WORDS = re.compile(r"公示|公告|结果|情况|通报")


@dataclass
class NoticeProse:
    title: str | None = None
    url: str | None = None
    issuer: str | None = None  # as written: the signature line, else the metadata's 发布机构
    issuer_line: int | None = None
    published: str | None = None  # ISO date: the signature date, else the metadata's 发布日期
    period: str | None = None  # 截止8月份: the inspections' time, as printed
    all_rows: tuple[str, str, int] | None = None  # (result as written, the sentence, line)
    metadata: dict = field(default_factory=dict)
    items: str | None = None  # 抽查事项：… printed once above the table


def iso_date(text: str) -> str | None:
    """2023年9月4日, 2023-09-04, 二〇二三年九月四日 -> "2023-09-04"; anything else -> None."""
    text = "".join(text.split())
    m = _DATE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CN_DATE.match(text)
        if not m:
            return None
        y = int("".join(_CN_DIGITS[c] for c in m.group(1)))
        mo, d = _cn_number(m.group(2)), _cn_number(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _cn_number(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return int(_CN_DIGITS.get(tens, "1")) * 10 + (int(_CN_DIGITS[ones]) if ones else 0)
    return int(_CN_DIGITS[text])


def is_office(text: str) -> bool:
    """武汉市东西湖区气象局: short, no punctuation, ends like an office; not a numbered heading (二、美容美发场所)."""
    return len(text) <= 30 and not re.search(r"[。，,；;：:、.．\s]", text) and bool(_OFFICE_END.search(text))


def read_prose(before: list[tuple[int, str]], after: list[tuple[int, str]], metadata: dict, file: str,
               findings: Findings) -> NoticeProse:
    """The notice's own facts from the lines before and after its tables."""
    prose = NoticeProse(metadata=dict(metadata))
    found, before = read_metadata(before)
    # The box first, then what the notice's own lines print of it (a 文号 line, 此件主动公开).
    for key, value in [*found.items(), *printed_facts([*before, *after]).items()]:
        prose.metadata.setdefault(key, value)
    for line, text in [*before, *after]:
        if _CONTACT.search(text):
            findings.info("notice-contact", "a contact line (联系人, phone) is not published", file=file, row=line)
    before = [(n, t) for n, t in before if not _CONTACT.search(t)]
    after = [(n, t) for n, t in after if not _CONTACT.search(t)]
    for line, text in before:
        if _URL.match(text):
            prose.url = prose.url or text
        elif not prose.title and len(text) <= 60 and _TITLE_WORDS.search(text) and not re.search(r"[。：:]$", text):
            prose.title = text
        _body_facts(prose, line, text)
    for line, text in after:
        if iso_date(text):
            prose.published = iso_date(text)
        elif is_office(text):
            prose.issuer, prose.issuer_line = text, line
        else:
            _body_facts(prose, line, text)
    prose.title = prose.title or prose.metadata.get("title")
    prose.issuer = prose.issuer or prose.metadata.get("publisher")
    prose.published = prose.published or prose.metadata.get("published") or prose.metadata.get("issued")
    return prose


def _body_facts(prose: NoticeProse, line: int, text: str) -> None:
    period = _PERIOD.search(text)
    if period and not prose.period:
        prose.period = "".join(period.group(1).split())
    every = _ALL_ROWS.search(text)
    if every and not prose.all_rows:
        prose.all_rows = (every.group(1) or every.group(2), every.group(0), line)
    items = re.search(r"(?:抽查|检查)事项(?:名称)?[:：]\s*([^。；;]+)", text)
    if items and not prose.items:
        prose.items = items.group(1).strip()
