"""Read a plan document of any supported format into tables of raw cells.

Text (tab-separated tables between prose) is read here; CSV, Excel, Word, HTML,
PDF and scans by generator.importer.readers, into the same Document. Encodings:
UTF-8, UTF-8 with BOM, GB18030 (a superset of GBK, Excel's default in China).
Nothing here interprets cells; it only finds the notice text, the header rows
and the data rows with their line/row numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.findings import DataError, Findings
from generator.importer.columns import header_fields
from generator.importer.departments import is_department_list
from generator.importer.layouts import aligned_rows, is_caption as _is_caption, recover
from generator.importer.metadata import read_metadata
from generator.importer.vocabulary import PLAN_COLUMNS, Vocabulary
from generator.text.encoding import decode_text

TEXT_SUFFIXES = {".txt", ".tsv", ".text", ".md"}


@dataclass
class SourceRow:
    cells: list[str]
    line: int  # 1-based line (text) or spreadsheet row number
    # Column positions whose value was copied down from a vertically merged cell above
    # (docx vMerge, XLSX merged range, HTML rowspan). A row whose 序号 is merged from
    # above continues the task above: it is an item of that task, never a new task.
    merged_from_above: frozenset[int] = frozenset()


@dataclass
class Table:
    header: list[str]
    header_line: int
    caption: str | None = None
    rows: list[SourceRow] = field(default_factory=list)


@dataclass
class Document:
    path: str
    notice: list[tuple[int, str]]  # (line number, text) before the first table
    tables: list[Table]
    trailing: list[tuple[int, str]] = field(default_factory=list)  # prose between/after tables
    # 信息公开 metadata a portal page or notice prints (索引号, 发布机构 …), keyed as in
    # generator.importer.metadata.METADATA_LABELS; empty when the document has none.
    metadata: dict = field(default_factory=dict)
    format: str = "text"  # text, csv, xlsx, xls, docx, doc, html, pdf, ocr
    ocr: bool = False  # every value came from OCR: each task is flagged, with a finding


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM) or GB18030, read by the one decoder results use too
    (generator.text.encoding), so a stray byte of a third encoding is refused with its line
    instead of turning the whole document into GB18030 mojibake."""
    findings = Findings()
    text = decode_text(data, path, findings)
    if text is None:
        raise DataError(f"{path}: {findings.items[0].message}")
    return text


def is_header(cells: list[str]) -> bool:
    """A header row names at least three known columns, one of them the task name or 序号."""
    fields = [f for f in header_fields(cells) if f]
    return len(set(fields)) >= 3 and ("name" in fields or "seq" in fields)


def read_document(path: str | Path, findings: Findings, *, header=None, vocabulary: Vocabulary | None = None
                  ) -> Document:
    """Any supported plan document, its format told by its content and suffix (readers.sniff).

    header: which row starts a table (default: a plan's task header); result notices pass their own,
    and the column vocabulary text of any other layout is recovered with (default: a plan's columns).
    """
    from generator.importer import readers  # the binary readers build on this module's classes

    path = Path(path)
    fmt = readers.detect_format(path, findings)
    if fmt == "text":
        document = _read_text(path, findings, header or is_header, vocabulary or PLAN_COLUMNS)
        document.format = "text"
    else:
        document = readers.read(path, fmt, findings, header, vocabulary)
    if not document.metadata:
        # A reader that does not read the 信息公开 box itself (tabs, pipes, Word, Excel, PDF): the lines above the table.
        document.metadata, document.notice = read_metadata(document.notice)
    return document


def _read_text(path: Path, findings: Findings, header=is_header, vocabulary: Vocabulary = PLAN_COLUMNS) -> Document:
    """Tab-separated tables as before; any other layout through the grid recovery of layouts.py."""
    text = decode(path.read_bytes(), str(path))
    lines = [(n, raw.rstrip("\r\n")) for n, raw in enumerate(text.splitlines(), start=1)]
    if any("\t" in line and header(line.split("\t")) for _n, line in lines):
        return _read_tabbed(path, lines, findings, header)
    if any(header(cells) for cells in map(_pipe_cells, (line for _n, line in lines)) if cells):
        return _read_pipes(path, lines, findings, header)
    return _read_layout(path, lines, findings, vocabulary)


def _read_tabbed(path: Path, lines: list[tuple[int, str]], findings: Findings, header) -> Document:
    notice: list[tuple[int, str]] = []
    trailing: list[tuple[int, str]] = []
    tables: list[Table] = []
    caption: str | None = None
    current: Table | None = None
    for number, line in lines:
        if not line.strip():
            continue
        if "\t" in line:
            cells = line.split("\t")
            if header(cells):
                current = Table(cells, number, caption)
                tables.append(current)
                continue
            if current is None:
                findings.warning("row-before-header", "tab-separated row before any table header; not read",
                                 file=str(path), row=number)
                continue
            current.rows.append(SourceRow(cells, number))
            continue
        stripped = line.strip()
        if not tables:
            notice.append((number, stripped))
        elif current is not None and current.rows and _continues_row(stripped):
            # A wrapped last cell that the extractor put on a line of its own.
            last = current.rows[-1]
            idx = max(i for i, c in enumerate(last.cells) if c.strip()) if any(c.strip() for c in last.cells) else 0
            last.cells[idx] = f"{last.cells[idx]} {stripped}"
            findings.info("row-continuation", "line joined to the row above it", file=str(path), row=number)
        else:
            caption = stripped if _is_caption(stripped) else caption
            trailing.append((number, stripped))
            current = None if _is_caption(stripped) else current
    return Document(str(path), notice, tables, trailing)


_RULE = re.compile(r"[\s|:\-—=+]*")


def _pipe_cells(line: str) -> list[str] | None:
    """`a | b | c |` -> ['a', 'b', 'c'] (empty cells kept); None for a line that is not a pipe row."""
    if line.count("|") < 2:
        return None
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _read_pipes(path: Path, lines: list[tuple[int, str]], findings: Findings, header) -> Document:
    """Pipe rows `a | b | c |` are a grid already: read like a spreadsheet's rows.

    A row cut over two lines goes on. When rows end with a closing pipe, a row printed without
    one continues on the next line (its last cell, then the cells that line adds); a line after a
    closed row is prose (a signature, a date). When rows have no closing pipe, a line without
    pipes right after a row continues its last cell, as in tab text.
    """
    from generator.importer.readers.grid import Grid, Lines, assemble  # grid builds on this module

    blocks: list = []
    closing = None  # whether this table's rows end with a closing pipe (its first row tells)
    open_row, previous = False, None  # the last pipe row goes on; the line number it ended on
    for number, line in lines:
        if "|" in line and _RULE.fullmatch(line):
            previous = number if previous == number - 1 else previous
            continue  # a Markdown rule |---|---| under the header is no row
        cells = _pipe_cells(line)
        # A line without pipes after a row its closing pipe ended (a notice's signature) is prose.
        goes_on = previous == number - 1 and line.strip() and (
            (cells is None and _continues_row(line.strip()) and (open_row or not closing))
            or (cells is not None and open_row))
        if goes_on:
            last = blocks[-1].rows[-1]
            pieces = cells or [line.strip()]
            index = len(last.cells) - 1 if cells else max(
                (i for i, c in enumerate(last.cells) if c.strip()), default=0)
            last.cells[index] = f"{last.cells[index]} {pieces[0]}".strip()
            last.cells.extend(pieces[1:])
            findings.info("row-continuation", "line joined to the row above it", file=str(path), row=number)
        elif cells is None:
            blocks.append(Lines([(number, line)]))
            previous = None
            continue
        elif blocks and isinstance(blocks[-1], Grid):
            blocks[-1].rows.append(SourceRow(cells, number))
        else:
            blocks.append(Grid([SourceRow(cells, number)]))
        if cells is not None:
            closing = line.rstrip().endswith("|") if closing is None else closing
            open_row = closing and not line.rstrip().endswith("|")
        previous = number
    return assemble(str(path), "text", blocks, findings, header)


def _read_layout(path: Path, lines: list[tuple[int, str]], findings: Findings, vocabulary: Vocabulary) -> Document:
    """Spaces, pipes, a cell per line, glued cells: the grid is recovered table by table."""
    recovered, first = recover(lines, is_department_list, vocabulary)
    printed = dict(lines)
    before = [(n, t.strip()) for n, t in (lines if first is None else lines[:first]) if t.strip()]
    metadata, notice = read_metadata(before)
    tables: list[Table] = []
    for table in recovered:
        header = table.header
        caption = notice[-1][1] if notice and (vocabulary.is_caption or bool)(notice[-1][1]) else None
        for fragments in table.refused:  # only a vocabulary of whole rows (a result notice's) refuses rows
            how = "one per line" if header.layout == "cells" else "split by spaces"
            findings.warning("notice-row-cells", f"{len(fragments)} cells {how} under a header of "
                             f"{len(header.columns)}: not read ({' '.join(f.text for f in fragments)})",
                             file=str(path), row=fragments[0].line)
        found = Table(header.columns, lines[header.first][0], caption)
        for line, cells, continuation in aligned_rows(table):
            if header.layout == "rows":
                cells = _indented(str(path), printed.get(line, ""), cells, line, findings)
            found.rows.append(SourceRow(cells, line))
            filled = [i for i, c in enumerate(cells) if c.strip()]
            empty = [header.columns[i] for i in range(filled[0], filled[-1]) if not cells[i].strip()] \
                if filled and not continuation else []
            if empty and header.glued:
                # Glued text is cut only where content shows a boundary: free text next to free
                # text stays in one cell, and the reader must know it.
                findings.warning("glued-cells", f"row {line}: cells printed with no separator; nothing "
                                 f"shows where {', '.join(empty)} begins, so it is read with the cell before it",
                                 file=str(path), row=line)
            elif empty:
                findings.info("row-alignment", f"row {line} prints no cell under {', '.join(empty)}; "
                              "its cells are placed under the columns their content belongs to",
                              file=str(path), row=line)
        tables.append(found)
        findings.info("layout", f"table read from text laid out as {LAYOUT_NAMES[header.layout]}"
                      + (", cells glued" if header.glued else ""), file=str(path), row=found.header_line)
    # Lines between tables (page captions) and after the last one are the document's trailing text.
    ends = [t.end for t in recovered]
    starts = [t.header.first for t in recovered[1:]] + [len(lines)]
    trailing = [(n, t.strip()) for end, start in zip(ends, starts) for n, t in lines[end:start] if t.strip()]
    return Document(str(path), notice, tables, trailing, metadata=metadata)


def _indented(file: str, text: str, aligned: list[str], line: int, findings: Findings) -> list[str]:
    """A row line that starts with spaces, as if its first cells were empty (汾阳's merged cells).

    Cells split by single spaces put an empty cell between two spaces; only when the line so split
    has one cell a column (and is the whole row) does the indent place the cells by position.
    Otherwise it shows that some cells are missing but not which: the cells stay where their
    content puts them, reported.
    """
    blanks, width = len(text) - len(text.lstrip(" ")), len(aligned)
    if not blanks:
        return aligned
    positional = text.rstrip().split(" ")
    if len(positional) == width and " ".join(c for c in aligned if c) == " ".join(text.split()):
        findings.info("indented-row", f"row {line} starts with {blanks} space(s) and has a cell for every column "
                      "split by single spaces: its cells are placed by position", file=file, row=line)
        return positional
    findings.warning("indented-row", f"row {line} starts with {blanks} space(s), as if its first cells were "
                     f"empty, but {blanks} empty and {len(text.split())} printed cells do not fill the {width} "
                     "columns; its cells are placed by their content, not by position: check them against the "
                     "document", file=file, row=line)
    return aligned


LAYOUT_NAMES = {"rows": "a row per line, cells split by spaces", "wide": "a row per line, cells split by runs of spaces",
                "cells": "a cell per line", "pipes": "pipe-separated rows"}


def _continues_row(line: str) -> bool:
    return not _is_caption(line) and not line.startswith("#")
