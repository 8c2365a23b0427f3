"""The result table of a notice: which column is which, section titles, two-level headers.

The format readers (generator.importer.sources.read_document) recover the grid; this module
only says which row is the header of a result table (`is_result_header`, passed to the reader)
and turns the table's rows into one raw result per business, keeping the section title each
row was printed under (沐浴场所, 美容美发场所 …) and the line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.core.findings import Findings
from generator.importer.columns import normalize_header
from generator.importer.sources import Document, Table
from generator.importer.vocabulary import Vocabulary
from generator.results.notices.prose import is_office, iso_date
from generator.results.read import result_field

# Header spellings of departments' own result notices that result files (generator.results.read)
# do not use, or use for another field. 抽查对象 is the business here; in a plan it is the scope.
NOTICE_HEADERS = {
    "number": ["序号", "编号", "序"],
    "business": ["抽查对象名称", "抽查对象", "被抽查单位", "被抽查单位名称", "被抽查对象", "被检查对象名称",
                 "企业(单位)名称", "单位(企业)名称", "经营者名称", "场所名称", "受检单位", "受检单位名称",
                 "检查对象名称", "检查对象", "抽查企业名称", "被抽检单位", "抽检单位名称", "商户名称", "店名"],
    "items": ["抽查事项名称", "抽查事项", "检查事项", "抽查内容", "检查内容", "抽查项目", "检查项目", "抽检项目",
              "检测项目", "随机抽查事项"],
    "kinds": ["检测结果", "抽检结果", "检查情况", "抽查情况", "检查结论", "抽查结论", "结论", "检测结论",
              "检查结果(合格/不合格)"],
    "note": ["存在的问题", "存在问题", "发现问题", "主要问题", "问题描述", "处理情况", "处理结果", "整改情况",
             "处理措施", "处理意见"],
    "address": ["地址", "经营地址", "住所", "经营场所", "单位地址", "所在地址", "详细地址"],
    "place": ["所属区域", "辖区", "所属辖区", "所在区县", "乡镇(街道)", "所属乡镇", "街道"],
}
_NOTICE_BY_KEY = {normalize_header(a): name for name, aliases in NOTICE_HEADERS.items() for a in aliases}
# A cell that means "nothing here": "/" or a dash.
EMPTY = re.compile(r"^[/／\\—–\-－一_]+$|^无$")
_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^\s*(\d{4}|[〇零一二三四五六七八九]{4})\s*年")


def notice_field(text) -> str | None:
    """The field a notice header names: the notice's own spellings first, then a result file's."""
    key = normalize_header(str(text or ""))
    if not key or len(key) > 24:
        return None
    return _NOTICE_BY_KEY.get(key) or result_field(key)


def is_result_header(cells: list[str]) -> bool:
    """A header row of a result table: a business column and at least one more known column."""
    fields = [notice_field(c) for c in cells]
    return "business" in fields and len({f for f in fields if f}) >= 2


def _column(piece: str) -> tuple[str, bool] | None:
    """A notice column for the text grid recovery: its 序号 is the grid's "seq" (rows start at it)."""
    name = notice_field(piece)
    return None if name is None else ("seq" if name == "number" else name, True)


def _ends_table(lines: list[tuple[int, str]], k: int) -> bool:
    """The signature: a date, or an office's name with the date (or nothing) after it. An office
    name alone is no end: 加油站 and 学校 end like offices, and section titles name them."""
    text = lines[k][1].strip()
    following = next((t.strip() for _n, t in lines[k + 1:] if t.strip()), None)
    return bool(iso_date(text)) or (is_office(text) and (following is None or bool(iso_date(following))))


# A result notice's columns, for a table its page text printed without tabs or pipes: names
# are never glued, every row is printed whole, and single short lines among them are sections.
NOTICE_COLUMNS = Vocabulary(_column, tuple(_NOTICE_BY_KEY), lambda named: "business" in named and len(named) >= 2,
                            glued_names=False, whole_rows=True, is_section=lambda text: is_section_title(text),
                            ends_table=_ends_table, is_caption=lambda text: is_section_title(text))


def clean(cell) -> str:
    text = " ".join(str(cell or "").split())
    return "" if EMPTY.match(text) else text


@dataclass
class RawResult:
    values: dict  # field -> cell text ("" when empty); "kinds" may hold several sub-columns
    line: int
    category: str | None
    sub_results: list[tuple[str, str]] = field(default_factory=list)  # (sub-header, cell) under a two-level header
    carried: set = field(default_factory=set)  # fields copied from the row above (merged or printed once)


@dataclass
class Columns:
    fields: dict[int, str]  # column index -> field
    sub: dict[int, str] = field(default_factory=dict)  # column index -> sub-header (检测结果 / 棉织品)


def columns_of(table: Table) -> tuple[Columns, int]:
    """The table's columns, and how many rows at its top are a second header level."""
    fields: dict[int, str] = {}
    folded: dict[int, str] = {}
    parent = None
    for i, cell in enumerate(table.header):
        name = notice_field(cell)
        group, _, part = clean(cell).partition("/")
        if not name and part and notice_field(group) in ("kinds", "note"):
            # Folded by the reader from a two-level header: 检测结果/棉织品.
            fields[i], folded[i], parent = notice_field(group), clean(cell), None
        elif name:
            parent = name
            fields.setdefault(i, name)
        elif not clean(cell) and parent in ("kinds", "note", "items"):
            fields[i] = parent  # a header cell merged across: the columns under it share its field
        else:
            parent = None
    columns = Columns(fields, folded)
    if folded or not table.rows:
        return columns, 0
    first = table.rows[0]
    under = [i for i, c in enumerate(first.cells) if clean(c)]
    business = [i for i, f in fields.items() if f == "business"]
    # A second header row: only cells under grouped columns are filled, and none of them is data.
    if under and not any(i in business for i in under) and all(fields.get(i) in ("kinds", "note") for i in under) \
            and not any(re.search(r"\d", first.cells[i]) for i in under):
        for i in under:
            columns.sub[i] = f"{clean(table.header[i]) or _parent_header(table.header, i)}/{clean(first.cells[i])}"
        return columns, 1
    return columns, 0


def _parent_header(header: list[str], i: int) -> str:
    for j in range(i, -1, -1):
        if clean(header[j]):
            return clean(header[j])
    return ""


def _title_cell(cells: list[str]) -> str | None:
    """A row with one distinct non-empty cell (a title merged across the table), else None."""
    distinct = {clean(c) for c in cells if clean(c)}
    return distinct.pop() if len(distinct) == 1 else None


def is_section_title(text: str) -> bool:
    """一、沐浴场所 / 沐浴场所（9家）: short, no sentence punctuation, not a date or a signature."""
    return 0 < len(text) <= 30 and not re.search(r"[。，,；;：:]|公示|公告|通知", text) and not _DATE_LINE.match(text)


def read_table(table: Table, category: str | None, file: str, findings: Findings,
               among: list[tuple[int, str]] = ()) -> tuple[list[RawResult], list, list]:
    """(one raw result per business row, the single-cell lines among the rows that are no section
    title, such as a sentence for every row, and those after the last row: the signature)."""
    columns, skip = columns_of(table)
    out: list[RawResult] = []
    prose: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []  # single-cell rows not yet known to be a title or trailing prose
    last: dict[str, list] = {}  # field -> [value, its row, reported?]
    among = list(among)  # prose lines printed among the rows (result_tables)
    for row in table.rows[skip:]:
        while among and among[0][0] < row.line:
            text = among.pop(0)[1]
            category = text if is_section_title(text) else category
        if not any(clean(c) for c in row.cells) or is_result_header(row.cells):
            continue
        values, subs = _row_values(row.cells, columns)
        title = _title_cell(row.cells)
        merged_across = title is not None and sum(1 for c in row.cells if clean(c)) >= 2
        if not values.get("business") or merged_across:
            if title is None:
                findings.warning("notice-row-without-business", "a row without 企业名称 is not read: "
                                 + " | ".join(clean(c) for c in row.cells if clean(c)), file=file, row=row.line)
                continue
            pending.append((row.line, title))
            continue
        if pending:
            if is_section_title(pending[-1][1]):
                category = pending.pop()[1]
            prose.extend(pending)
            pending = []
        raw = RawResult(values, row.line, category, subs)
        _carry(raw, columns, last, file, findings)
        out.append(raw)
    if out and not pending:  # nothing printed after the last row: was the signature joined to it?
        pending = _signature_off(out[-1], file, findings)
    return out, prose, pending


# The signature a text reader joined to the last row, taking it for a wrapped cell:
# "正常 武汉市东西湖区气象局 2023年9月4日".
_SIGNED = re.compile(r"^(?P<cell>.+?)\s+(?:(?P<office>\S{2,30}?(?:局|委员会|委|办公室|办|中心|大队|支队|政府))\s+)?"
                     r"(?P<date>(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\S{1,3}\s*月\s*\S{1,3}\s*日)$")


def _signature_off(raw: RawResult, file: str, findings: Findings) -> list[tuple[int, str]]:
    """Lines of a signature glued to a cell of this row, taken off it (the cell keeps its own text)."""
    for name, value in raw.values.items():
        m = _SIGNED.match(value or "")
        if m:
            raw.values[name] = m.group("cell")
            findings.info("notice-signature", f"{m.group(0)[len(m.group('cell')):].strip()!r} after the table was "
                          "joined to this row's last cell by the reader: read as the notice's signature",
                          file=file, row=raw.line)
            return [(raw.line, part) for part in (m.group("office"), m.group("date")) if part]
    return []


def _row_values(cells: list[str], columns: Columns) -> tuple[dict, list]:
    values: dict[str, str] = {}
    subs: list[tuple[str, str]] = []
    for i, name in columns.fields.items():
        cell = clean(cells[i]) if i < len(cells) else ""
        if i in columns.sub:
            if cell:
                subs.append((columns.sub[i], cell))
            continue
        if cell and values.get(name):
            values[name] = f"{values[name]}；{cell}"  # a field spread over merged header columns
        elif cell or name not in values:
            values[name] = cell
    return values, subs


# Printed once for the rows below: the office (a merged cell or the first row), the date.
_CARRIED = ("departments", "inspected", "items", "place")


def _carry(raw: RawResult, columns: Columns, last: dict, file: str, findings: Findings) -> None:
    """An empty office, date, 抽查事项 or place cell takes the value printed above it, reported once per value."""
    for name in _CARRIED:
        if name not in columns.fields.values():
            continue
        if raw.values.get(name):
            last[name] = [raw.values[name], raw.line, False]
        elif name in last:
            value, line, reported = last[name]
            if not reported:
                findings.info("notice-printed-once", f"{_LABEL[name]} {value!r} printed once (row {line}) is read for "
                              "the rows below it that leave it empty", file=file, row=line, column=_LABEL[name])
                last[name][2] = True
            raw.values[name] = value
            raw.carried.add(name)


_LABEL = {"departments": "检查部门", "inspected": "检查日期", "items": "抽查事项", "place": "所属区域"}


def result_tables(document: Document) -> list[tuple[Table, str | None, list]]:
    """Each result table, the section title printed just above it (a line of prose) if any, and the
    prose printed among its rows: a reader joins two tables of one header into one (the header
    repeated, as on a new page), and the heading between them stays a line of prose."""
    prose = sorted([*document.notice, *document.trailing], key=lambda line: line[0])  # stable: printed order
    out = []
    for table in document.tables:
        if not is_result_header(table.header):
            continue
        above = [text for line, text in prose if line < table.header_line]
        caption = None if _DEFAULT_SHEET.match(table.caption or "") else table.caption  # Sheet1 names no section
        title = caption or (above[-1] if above and is_section_title(above[-1]) else None)
        last = max((r.line for r in table.rows), default=table.header_line)
        out.append((table, title, [(n, t) for n, t in prose if table.header_line < n < last]))
    return out
