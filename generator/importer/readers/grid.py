"""Tables of cells (from Word, Excel, HTML, PDF) and the prose around them -> a Document.

Every binary reader recovers the same two kinds of block in reading order: lines of
prose and grids of cells with merged cells already expanded. This module decides,
for all of them alike, which grid row is the header (a title row above it goes to
the notice, a second header level is folded into it), where a table continues (a
header repeated on the next page, a page without a header of the same width) and
which prose is the notice (before the first table) or trailing text (after it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from generator.core.findings import Findings
from generator.importer.columns import header_field, normalize_header
from generator.importer.sources import Document, SourceRow, Table, is_header

# A cell line that starts a numbered entry (2、… 2. … (2) …) was begun by the writer.
_ENTRY = re.compile(r"^\s*(?:\d{1,2}\s*[、.．)）]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]+、)")


@dataclass
class Lines:
    lines: list[tuple[int, str]]  # (line, text) of prose in reading order


@dataclass
class Grid:
    rows: list[SourceRow]
    caption: str | None = None  # the sheet's name, for a workbook
    # Continue the open table when this grid has no header and has its width (a PDF page).
    continues: bool = False


@dataclass
class Numbering:
    """One running line number over prose and table rows, for formats with no lines of their own."""

    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def glue(before: str, after: str) -> str:
    """What joins a wrapped line to the next: nothing (Chinese, digits, 6-/12月), or one space
    between two Latin words; a line that starts a numbered entry keeps its own line."""
    if _ENTRY.match(after):
        return "\n"
    a, b = before.rstrip()[-1:], after.lstrip()[:1]
    return " " if a.isascii() and a.isalpha() and b.isascii() and b.isalpha() else ""


def join_wrapped(text: str) -> str:
    """A cell whose line breaks are all wraps (OCR, a row cut by a page break) as one text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return ""
    joined = lines[0]
    for line in lines[1:]:
        joined += glue(joined, line) + line
    return joined


def cell_text(value) -> str:
    """A spreadsheet value as printed: 3.0 -> '3', a date at midnight -> '2023-06-01'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value)


@dataclass
class _Assembly:
    path: str
    findings: Findings
    notice: list[tuple[int, str]] = field(default_factory=list)
    trailing: list[tuple[int, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    current: Table | None = None
    header: Callable[[list[str]], bool] = is_header  # which row starts a table

    def prose(self, number: int, text: str) -> None:
        (self.trailing if self.tables else self.notice).append((number, text))

    def grid(self, grid: Grid) -> None:
        rows = [r for r in grid.rows if any(c.strip() for c in r.cells)]
        start = next((i for i, r in enumerate(rows) if self.header(r.cells)), None)
        if start is None:
            if grid.continues and self.current is not None and _width(rows) == len(self.current.header):
                self._continue(rows)
                return
            # A grid with no header row (a layout box, a title block) is prose.
            for row in rows:
                self.prose(row.line, " ".join(c.strip() for c in row.cells if c.strip()))
            self.current = None
            return
        if start:
            for row in rows[:start]:
                self.prose(row.line, " ".join(c.strip() for c in row.cells if c.strip()))
            self.current = None
        self._rows(rows[start:], grid)

    def _rows(self, rows: list[SourceRow], grid: Grid) -> None:
        index = 0
        while index < len(rows):
            row = rows[index]
            if not self.header(row.cells):
                if self.current is not None:
                    self.current.rows.append(row)
                index += 1
                continue
            header = list(row.cells)
            following = rows[index + 1] if index + 1 < len(rows) else None
            if following is not None and is_lower_header(row, following):
                header = fold_header(row.cells, following.cells)
                self.findings.info("two-level-header", "second header row folded into the first",
                                   file=self.path, row=following.line)
                index += 1
            index += 1
            if self.current is not None and _same(header, self.current.header):
                # The header repeated at the top of the next page: the table goes on.
                if grid.continues:
                    index += self._continue(rows[index:])
                continue
            self.current = Table(header, row.line, grid.caption)
            self.tables.append(self.current)

    def _continue(self, rows: list[SourceRow]) -> int:
        """Rows of a table's next page; a first row with no 序号 is the row the page break cut."""
        taken = 0
        if rows and self.current and self.current.rows and not rows[0].cells[0].strip() \
                and 0 not in rows[0].merged_from_above and not self.header(rows[0].cells):
            last = self.current.rows[-1]
            for position, text in enumerate(rows[0].cells):
                if text.strip() and position not in rows[0].merged_from_above:
                    last.cells.extend([""] * (position + 1 - len(last.cells)))
                    last.cells[position] = join_wrapped(f"{last.cells[position]}\n{text}")
            self.findings.info("page-break-row", "row cut by a page break joined to its first part",
                               file=self.path, row=rows[0].line)
            taken = 1
        for row in rows[taken:]:
            if self.header(row.cells):
                break  # a new table starts on this page
            self.current.rows.append(row)
            taken += 1
        return taken

    def document(self, fmt: str) -> Document:
        return Document(self.path, self.notice, self.tables, self.trailing, format=fmt)


def assemble(path: str, fmt: str, blocks: list[Lines | Grid], findings: Findings,
             header: Callable[[list[str]], bool] | None = None) -> Document:
    assembly = _Assembly(path, findings, header=header or is_header)
    for block in blocks:
        if isinstance(block, Lines):
            for number, text in block.lines:
                if text.strip():
                    assembly.prose(number, text.strip())
        else:
            assembly.grid(block)
    return assembly.document(fmt)


def is_lower_header(upper: SourceRow, lower: SourceRow) -> bool:
    """The second row of a two-level header: it splits a cell that the header row spans.

    A spanned header cell leaves its continuation positions empty; the row below
    names each part (抽查项目 over 抽查事项名称 / 抽查内容). Its own cells are short
    labels, never a sequence number or a sentence.
    """
    own = [(i, c.strip()) for i, c in enumerate(lower.cells) if c.strip() and i not in lower.merged_from_above]
    if not own:
        return False
    if any(re.search(r"\d", c) or len(c) > 16 for _, c in own):
        return False
    return any(i >= len(upper.cells) or not upper.cells[i].strip() or header_field(upper.cells[i]) is None
               for i, _ in own)


def fold_header(upper: list[str], lower: list[str]) -> list[str]:
    """One header from two levels: the lower label where it is a known column, else the group's."""
    folded: list[str] = []
    group = ""
    for i in range(max(len(upper), len(lower))):
        up = upper[i].strip() if i < len(upper) else ""
        low = lower[i].strip() if i < len(lower) else ""
        group = up or (group if low else "")
        if not low or low == group:
            folded.append(group)
        elif header_field(low):
            folded.append(low)
        elif not header_field(group):
            # Neither level is a plan column: keep both (检测结果/棉织品), a result notice reads the group.
            folded.append(f"{group}/{low}" if group else low)
        else:
            folded.append(group)
    return folded


def _same(header: list[str], other: list[str]) -> bool:
    def key(cells):
        return [normalize_header(c) for c in cells if c.strip()]
    return key(header) == key(other)


def _width(rows: list[SourceRow]) -> int:
    return max((len(r.cells) for r in rows), default=0)
