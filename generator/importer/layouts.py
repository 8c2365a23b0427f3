"""Recover a table's grid from text of any layout (what copying a PDF or a web page gives).

Tab-separated text is read by sources.py as before. Every other layout is read here:
rows of cells separated by spaces or pipes, cells wrapped onto next lines, one cell per
line (with or without blank lines between), and cells glued with no separator at all.

The header is recovered first: a run of fragments whose joined forms are known column
names (抽查比例 / 及频次 -> 抽查比例及频次; 地市序号抽查任务名称… split by the names it
contains). Each data row then starts at its 序号 and its fragments are aligned to the
header's columns by content (align.py), so a missing cell, a wrapped cell and a merged-cell
continuation line each land where a careful reader puts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.align import Fragment, align_row, label
from generator.importer.align import field_fit as fit
from generator.importer.columns import cell_class
from generator.importer.glued import split_glued
from generator.importer.header_names import segment_header
from generator.importer.notice import ends_like_title
from generator.importer.vocabulary import PLAN_COLUMNS, Vocabulary

_SEQ_START = re.compile(r"^(\d{1,3})(?=$|\s|[\u4e00-\u9fff“\"(（《])(?!\s*[月年日次户家个%])")
_OPEN_END = tuple("、，,；;或及和与(（")
# A portal page's footer and tool bar after the table: never a cell (metadata.CHROME has the
# full list; these words never occur in a plan's cells).
_PAGE_END = re.compile(r"版权所有|网站地图|ICP备|公网安备|网站标识码|主办单位[:：]|承办单位[:：]|关闭窗口|扫一扫|【打印】|上一篇|下一篇")


@dataclass
class Header:
    columns: list[str]  # each column's name as recovered (joined, spaces removed)
    fields: list[str | None]
    first: int  # index into the document's lines of the header's first line
    end: int  # index of the first line after the header
    layout: str  # "rows" (a row per line), "cells" (a cell per line or paragraph), "pipes"
    glued: bool = False  # names were glued together: data rows are split by content too
    # A cell per line with blank lines between cells: lines with no blank between are one cell.
    paragraphs: bool = False
    vocabulary: Vocabulary = PLAN_COLUMNS


@dataclass
class RecoveredTable:
    header: Header
    rows: list[list[Fragment]] = field(default_factory=list)  # fragments of each row, by row
    end: int = 0  # index of the first line after the table
    next_seq: int | None = None  # the 序号 a next table (page) goes on with
    titles: set[int] = field(default_factory=set)  # indexes of rows that are a section title (whole_rows)
    refused: list[list[Fragment]] = field(default_factory=list)  # whole rows of too few or many cells


def fragments_of(text: str, layout: str) -> list[str]:
    """A line's cell fragments: split on pipes when it has them, else on runs of spaces."""
    if "|" in text:
        return [p.strip() for p in text.split("|") if p.strip()]
    if layout == "cells":
        return [text.strip()] if text.strip() else []
    if layout == "wide":  # runs of two or more spaces between cells, single spaces inside them
        return [p for p in re.split(r"\s{2,}", text.strip()) if p]
    return text.split()


def _starts_with_name(text: str, vocabulary: Vocabulary) -> bool:
    if not vocabulary.glued_names:  # the line's first fragment is a whole name
        parts = fragments_of(text, "rows")
        return bool(parts) and vocabulary.match(parts[0]) is not None
    compact = re.sub(r"\s+", "", text)
    return any(vocabulary.match(compact[:k]) for k in range(2, min(len(compact), 12) + 1))


def _is_seq_start(text: str, expected: int, layout: str, columns: int = 0, seq_at: int = 0) -> bool:
    """Whether the line starts the row numbered `expected` (or a little after: rows may be missing).

    A line of its own cells (as many as half the columns) starting with a number starts a row
    whatever its number: a misprinted 序号 (24 printed 21) is the Sequencer's to repair.
    """
    parts = fragments_of(text, layout)
    if seq_at and len(parts) > seq_at and parts[seq_at].isdigit() and len(parts[0]) <= 8:
        parts = parts[seq_at:]  # 绛县 1 …: the place printed before the 序号
    first = parts[0] if parts else ""
    if layout == "cells":
        return first.isdigit() and expected <= int(first) <= expected + 5
    match = _SEQ_START.match(first)
    if not match:
        return False
    if columns and match.group(1) == first and len(parts) >= max(3, columns // 2):
        return True
    return expected <= int(match.group(1)) <= expected + 5


def find_header(lines: list[tuple[int, str]], start: int, vocabulary: Vocabulary = PLAN_COLUMNS) -> Header | None:
    """The first header at or after lines[start]; None when the text has none."""
    for first in range(start, len(lines)):
        text = lines[first][1]
        if not text.strip() or not _starts_with_name(text, vocabulary):
            continue
        header = _grow_header(lines, first, vocabulary)
        if header:
            return header
    return None


def _repeats_header(parts: list[str], taken: list[str], vocabulary: Vocabulary) -> bool:
    """A line of two or more names, every one a column the header above already has."""
    _cost, pieces, _glued = segment_header(parts, vocabulary)
    above = {f for _p, f in segment_header(taken, vocabulary)[1] if f}
    return len(parts) >= 2 and len(pieces) == len(parts) and all(f and f in above for _p, f in pieces)


def _grow_header(lines: list[tuple[int, str]], first: int, vocabulary: Vocabulary = PLAN_COLUMNS) -> Header | None:
    layout = "pipes" if "|" in lines[first][1] else "rows"
    taken: list[str] = []
    k, texts = first, []
    best, blank, separated = None, False, True
    while k < len(lines) and k - first < 80:
        text = lines[k][1].strip()
        if not text:
            blank = True
            k += 1
            continue
        separated = separated and (blank or not texts)
        blank = False
        if texts and (_is_seq_start(text, 1, "rows") or re.search(r"\d", text)):
            break  # a data row: header names carry no numbers
        parts = fragments_of(text, "rows")
        if texts and not vocabulary.glued_names and any(vocabulary.match(p) is None for p in parts):
            break  # names never glued or wrapped: a line that is not all names is no header's
        if texts and _repeats_header(parts, taken, vocabulary):
            k += 1  # a second header row under merged cells (发起部门 配合部门 again): nothing new
            continue
        cost, pieces, _glued = segment_header(taken + parts, vocabulary)
        known = sum(len(p) for p, f in pieces if f)
        if texts and known < 0.6 * len("".join(taken + parts)):
            break
        taken += parts
        texts.append(text)
        k += 1
        best = (pieces, k)
    if not best:
        return None
    _cost, pieces, glued = segment_header(taken, vocabulary)
    fields = [f for _p, f in pieces]
    if not vocabulary.is_table({f for f in fields if f and f not in ("extra", "notes")}):
        return None
    # The first data line tells the layout: its 序号 alone on the line means a cell per line.
    data = next((t.strip() for _n, t in lines[best[1]:] if t.strip()), "")
    if len(fragments_of(data, "rows")) == 1 and fragments_of(data, "rows")[0].isdigit():
        layout = "cells"
    return Header([p for p, _f in pieces], fields, first, best[1], layout, glued,
                  paragraphs=layout == "cells" and separated and len(texts) >= 3, vocabulary=vocabulary)


def _wide(lines: list[tuple[int, str]], header: Header) -> bool:
    """Cells separated by runs of spaces when the first data line splits so into most columns."""
    first = next((t for _n, t in lines[header.end:header.end + 20] if _SEQ_START.match(t.strip())),
                 next((t for _n, t in lines[header.end:] if t.strip()), ""))
    return len(fragments_of(first, "wide")) >= max(3, 0.6 * len(header.columns))


def _next_header_near(lines: list[tuple[int, str]], k: int, vocabulary: Vocabulary) -> bool:
    """The next table starts here: its header, or its caption (a title, a bracketed subtitle)
    with the header a few lines on. Any other line before a header is a cell of the row."""
    near = [i for i in range(k, min(len(lines), k + 8)) if lines[i][1].strip()][:4]
    if not is_caption(lines[k][1].strip()):
        near = near[:1]
    return any(_starts_with_name(lines[i][1], vocabulary) and _grow_header(lines, i, vocabulary) is not None
               for i in near)


def is_caption(text: str) -> bool:
    """A plan's title or its parenthesised subtitle, repeated above each page's table (a cell that
    mentions 计划 in passing is none: the title ends with it)."""
    return ends_like_title(text) or (text[:1] in "(（" and text[-1:] in ")）")


def read_rows(lines: list[tuple[int, str]], header: Header, is_department, expected: int = 1) -> RecoveredTable:
    """Split the text after the header into rows at each 序号 and align each row to the columns.

    `expected` is the 序号 the previous table (page) ended before: a table goes on from it.
    """
    if header.layout == "rows" and not header.glued and _wide(lines, header):
        header.layout = "wide"
    if header.vocabulary.whole_rows:
        return _read_whole_rows(lines, header, is_department)
    table = RecoveredTable(header)
    has_seq = "seq" in header.fields
    seq_at = header.fields.index("seq") if has_seq else 0
    k, restart = header.end, expected
    current: list[Fragment] = []
    while k < len(lines):
        number, text = lines[k]
        k += 1
        if not text.strip():
            continue
        if _PAGE_END.search(text) or not (
                has_seq and _is_seq_start(text, expected, header.layout, len(header.columns), seq_at)) \
                and _next_header_near(lines, k - 1, header.vocabulary):
            k -= 1
            break  # the next table's caption or header, or the page's footer
        parts = fragments_of(text, header.layout)
        if header.glued and header.layout == "rows":
            parts = [q for p in parts for q in split_glued(p, is_department)]
        if not current and has_seq and restart > 1 and _is_seq_start(text, 1, header.layout, 0, seq_at):
            expected = 1  # the numbering starts again in this table
        if has_seq:
            starts = _numbered_start(text, expected, header, current, seq_at, first=not table.rows)
        else:
            starts = _starts_unnumbered(parts, current, header, is_department)
        if starts:
            carried = _carried(current, header, seq_at)
            if current[:len(current) - len(carried)]:
                table.rows.append(current[:len(current) - len(carried)])
            current = carried
            if has_seq:
                expected = int(_SEQ_START.match(next(p for p in parts if p[:1].isdigit())).group(1)) + 1
        elif has_seq and not table.rows and len(current) >= (seq_at if header.layout == "cells" else 0) \
                and not _started(current, header):
            current = current[1:] if current else []  # text between header and first row: not a cell
            if header.layout != "cells" or not seq_at:
                continue
        elif header.paragraphs and current and lines[k - 2][1].strip():
            # No blank line before it: the cell above goes on (a wrapped cell).
            previous = current.pop()
            current.append(_fragment(previous.text + text.strip(), previous.line, True, is_department, True))
            continue
        current.extend(_fragments(parts, number, starts and header.glued, is_department))
    if current and _started(current, header):
        table.rows.append(current)
    table.end = k
    table.next_seq = expected if has_seq else None
    return table


def _read_whole_rows(lines: list[tuple[int, str]], header: Header, is_department) -> RecoveredTable:
    """Rows printed whole (a result notice): a row a line, or a row of as many lines as columns
    when a cell is printed a line (a number where a cell should be starts the next row early).
    A line of one cell where a row would start is a section title when the vocabulary says so;
    the signature (`ends_table`), the page's footer or the next header ends the table."""
    vocabulary, width = header.vocabulary, len(header.columns)
    table, current = RecoveredTable(header), []
    k = header.end
    while k < len(lines):
        number, text = lines[k]
        if not text.strip():
            k += 1
            continue
        if _PAGE_END.search(text) or (vocabulary.ends_table and vocabulary.ends_table(lines, k)) or (
                not _SEQ_START.match(text.strip()) and _next_header_near(lines, k, vocabulary)):
            break
        k += 1
        parts = fragments_of(text, header.layout)
        if not current and len(parts) == 1 and not parts[0].isdigit() and vocabulary.is_section \
                and vocabulary.is_section(parts[0]):
            table.titles.add(len(table.rows))
            table.rows.append(_fragments(parts, number, False, is_department))
            continue
        current.extend(_fragments(parts, number, False, is_department))
        following = next((t.strip() for _n, t in lines[k:] if t.strip()), "")
        if header.layout != "cells" or len(current) >= width or (len(current) >= 2 and following.isdigit()):
            (table.rows if len(current) == width else table.refused).append(current)
            current = []
    if current:
        table.refused.append(current)
    table.end = k
    return table


def _numbered_start(text: str, expected: int, header: Header, current: list[Fragment], seq_at: int,
                    first: bool) -> bool:
    """Whether this line starts the next numbered row; a cell per line needs the row above to be
    half done (a count 3 among its cells is no 序号), and a table's first row may have any number."""
    if header.layout != "cells":
        return _is_seq_start(text, expected, header.layout, len(header.columns), seq_at)
    value = fragments_of(text, "cells")[0] if fragments_of(text, "cells") else ""
    if not value.isdigit():
        return False
    if first and not any(f.cls in ("seq", "count") for f in current):
        return True
    if len(current) >= len(header.columns):
        return True  # after a whole row, a number is the next row's, misprinted or renumbered
    return _is_seq_start(text, expected, "cells") and len(current) >= len(header.columns) // 2


def _started(current: list[Fragment], header: Header) -> bool:
    """Whether the fragments gathered so far include a 序号 (a row has begun)."""
    return "seq" not in header.fields or any(f.cls in ("seq", "count") for f in current)


def _carried(current: list[Fragment], header: Header, seq_at: int) -> list[Fragment]:
    """A cell per line with a place before the 序号 (绛县 / 1 / …): the place starts the next row."""
    if header.layout != "cells" or not seq_at or len(current) < seq_at:
        return []
    tail = current[len(current) - seq_at:]
    return tail if all(f.cls == "text" and len(f.text) <= 12 for f in tail) else []


def _fragments(parts: list[str], number: int, split_seq: bool, is_department) -> list[Fragment]:
    """The line's fragments; a glued row's 序号 is cut from the text after it (1绿化… -> 1, 绿化…)."""
    out = []
    for i, part in enumerate(parts):
        seq = _SEQ_START.match(part) if split_seq and i == 0 else None
        if seq and seq.group(1) != part:
            out.append(_fragment(seq.group(1), number, True, is_department))
            out.append(_fragment(part[seq.end():], number, False, is_department))
            continue
        out.append(_fragment(part, number, i == 0, is_department, len(parts) == 1))
    return out


def _starts_unnumbered(parts: list[str], current: list[Fragment], header: Header, is_department) -> bool:
    """With no 序号, a line starts a row when it has cells of its own, the line before it did not
    end open (市公安局、), and its first cell belongs under the first column."""
    if not current:
        return True
    first = _fragment(parts[0], 0, True, is_department) if parts else None
    return (first is not None and len(parts) >= max(2, len(header.columns) // 2) and not current[-1].open_end
            and fit(first, header.fields[0], False) == 0.0)


def _fragment(text: str, line: int, first: bool, is_department, alone: bool = False) -> Fragment:
    return Fragment(text, line, first, cell_class(text, is_department), text.endswith(_OPEN_END), alone)


def recover(lines: list[tuple[int, str]], is_department, vocabulary: Vocabulary = PLAN_COLUMNS
            ) -> tuple[list[RecoveredTable], int | None]:
    """Every table in the text, and the index of the first header line (None: no table)."""
    tables: list[RecoveredTable] = []
    start, first, expected = 0, None, 1
    while True:
        header = find_header(lines, start, vocabulary)
        if header is None:
            return tables, first
        first = header.first if first is None else first
        table = read_rows(lines, header, is_department, expected)
        tables.append(table)
        start = max(table.end, header.end)
        expected = table.next_seq or expected


def aligned_rows(table: RecoveredTable) -> list[tuple[int, list[str], bool]]:
    """(line, cells under the header's columns, continues the row above?) for every row and sub-row."""
    out = []
    sub_rows = table.header.layout in ("rows", "wide", "pipes")
    labels: list[set[str]] = [set() for _ in table.header.fields]  # labels (基数:) seen in each column
    for index, fragments in enumerate(table.rows):
        if index in table.titles or table.header.vocabulary.whole_rows:
            # A title in the first column; a whole row's cells are where they are printed.
            cells = [f.text for f in fragments] + [""] * (len(table.header.fields) - len(fragments))
            out.append((fragments[0].line, cells, False))
            continue
        for line, cells, continuation in align_row(fragments, table.header.fields, sub_rows, labels):
            out.append((line, cells, continuation))
            for column, cell in enumerate(cells):
                labels[column].update(t for t in map(label, re.split(r"\s+", cell)) if t)
    return out
