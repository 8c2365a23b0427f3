"""A result table in page text without tabs or pipes: cells split by spaces, or one cell per line.

Portals' pages copied as text lose the table's borders. The plan reader's grid recovery
(generator.importer.layouts) knows a plan's columns, not a notice's, so a notice whose text it
returns without a table is read here: a header is a line of known notice columns split by
spaces, or a run of lines each one known column; rows follow it until the signature. A row
whose cells do not fit the header is reported with its line, never forced into the columns.
"""

from __future__ import annotations

import re

from generator.core.findings import Findings
from generator.importer.sources import Document, SourceRow, Table
from generator.results.notices.prose import is_office, iso_date
from generator.results.notices.table import is_result_header, notice_field

_SPLIT = re.compile(r"[ \t\u3000]+")
_NUMBER = re.compile(r"^\d{1,4}$")


def recover(document: Document, findings: Findings) -> Document:
    """`document` with the result table its prose holds; unchanged when it has tables or none is found."""
    if document.tables:
        return document
    lines = [(n, t) for n, t in [*document.notice, *document.trailing] if t.strip()]
    lines.sort()
    for i, (number, text) in enumerate(lines):
        cells = _SPLIT.split(text.strip())
        if len(cells) >= 2 and is_result_header(cells):
            return _split_by_spaces(document, lines, i, cells, findings)
        width = _header_run(lines, i)
        if width:
            return _one_cell_per_line(document, lines, i, width, findings)
    return document


def _header_run(lines: list[tuple[int, str]], start: int) -> int:
    """How many lines from `start` are each one known column (0 unless they form a result header)."""
    run = 0
    while start + run < len(lines) and notice_field(lines[start + run][1].strip()):
        run += 1
    header = [t.strip() for _, t in lines[start:start + run]]
    return run if run >= 2 and is_result_header(header) else 0


def _ends_table(lines: list[tuple[int, str]], k: int) -> bool:
    """The signature: a date, or an office's name with the date (or nothing) after it. An office
    name alone is no end: 加油站 and 学校 end like offices, and section titles name them."""
    text = lines[k][1].strip()
    if iso_date(text):
        return True
    return is_office(text) and (k + 1 == len(lines) or bool(iso_date(lines[k + 1][1].strip())))


def _split_by_spaces(document: Document, lines, i: int, header: list[str], findings: Findings) -> Document:
    table = Table(header, lines[i][0])
    rest = []
    for k in range(i + 1, len(lines)):
        number, text = lines[k]
        cells = _SPLIT.split(text.strip())
        if rest or _ends_table(lines, k):
            rest.append((number, text.strip()))
        elif len(cells) == len(header):
            table.rows.append(SourceRow(cells, number))
        elif len(cells) == 1 and not _NUMBER.match(cells[0]):
            table.rows.append(SourceRow(cells + [""] * (len(header) - 1), number))  # a section title
        else:
            findings.warning("notice-row-cells", f"{len(cells)} cells split by spaces under a header of "
                             f"{len(header)}: not read ({text.strip()})", file=document.path, row=number)
    findings.info("notice-text-table", "result table read from cells split by spaces", file=document.path,
                  row=table.header_line)
    return _with_table(document, lines[:i], table, rest)


def _one_cell_per_line(document: Document, lines, i: int, width: int, findings: Findings) -> Document:
    header = [t.strip() for _, t in lines[i:i + width]]
    table = Table(header, lines[i][0])
    numbered = notice_field(header[0]) == "number"
    k, rest = i + width, []
    while k < len(lines):
        number, text = lines[k]
        if _ends_table(lines, k):
            rest = [(n, t.strip()) for n, t in lines[k:]]
            break
        chunk = [t.strip() for _, t in lines[k:k + width]]
        if numbered and not _NUMBER.match(chunk[0]):
            table.rows.append(SourceRow([chunk[0]] + [""] * (width - 1), number))  # a section title
            k += 1
            continue
        if len(chunk) < width or (numbered and any(_NUMBER.match(c) for c in chunk[1:2])):
            findings.warning("notice-row-cells", f"row at line {number} has fewer than {width} cells: not read",
                             file=document.path, row=number)
            k += 1
            continue
        table.rows.append(SourceRow(chunk, number))
        k += width
    findings.info("notice-text-table", "result table read from one cell per line", file=document.path,
                  row=table.header_line)
    return _with_table(document, lines[:i], table, rest)


def _with_table(document: Document, before, table: Table, after) -> Document:
    return Document(document.path, list(before), [table], list(after), document.metadata, document.format,
                    document.ocr)
