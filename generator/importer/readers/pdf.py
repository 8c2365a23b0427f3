"""PDF plans: ruled tables page by page with pdfplumber; scans go to OCR.

A table that runs over several pages comes back as one grid per page; the grid
assembly merges them (a header repeated at the top of each page is dropped, a
page without a header of the same width continues the table), and a row that a
page break cut in two is joined back to the row above. A cell wrapped over
several lines is one text (no space between Chinese characters). A cell of a
merged region comes back empty from pdfplumber: covered from above it takes the
text above and is marked merged_from_above; covered from the left it stays empty.
Text outside the tables becomes the notice (before the first table) or trailing
lines. Lines and rows are numbered in reading order over the whole document.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.core.findings import Findings
from generator.importer.readers.grid import Grid, Lines, Numbering, assemble, glue
from generator.importer.sources import Document, SourceRow

# A page with fewer characters than this has no text layer worth the name (a scan
# may carry a stray page number); a document whose pages all lack one is OCR'd.
MIN_TEXT_CHARS = 10


def read_pdf(path: Path, findings: Findings, header=None, vocabulary=None) -> Document:
    import pdfplumber  # imported here: only PDF input needs it

    # pdfminer logs every oddity of a damaged file on standard error, the command line's own.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    with pdfplumber.open(path) as pdf:
        texts = [len(page.chars) for page in pdf.pages]
        if not any(count >= MIN_TEXT_CHARS for count in texts):
            from generator.importer.readers.ocr import read_scanned_pdf
            return read_scanned_pdf(path, findings, header, vocabulary)
        numbering = Numbering()
        blocks: list[Lines | Grid] = []
        for page, count in zip(pdf.pages, texts):
            if count < MIN_TEXT_CHARS and page.images:
                findings.warning("pdf-page-no-text", f"page {page.page_number} is a scanned image with no text "
                                 "layer; it is not read", file=str(path))
                continue
            blocks.extend(_page_blocks(page, numbering, first=page.page_number == 1))
    return assemble(str(path), "pdf", blocks, findings, header)


def _page_blocks(page, numbering: Numbering, first: bool) -> list[Lines | Grid]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    items: list[tuple[float, object]] = [(line["top"], line["text"])
                                         for line in page.filter(outside).extract_text_lines()]
    items += [(table.bbox[1], table) for table in tables]
    blocks: list[Lines | Grid] = []
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, str):
            blocks.append(Lines([(numbering.next(), item)]))
        else:
            blocks.append(Grid(_table_rows(item, numbering), continues=not first))
    return blocks


def _table_rows(table, numbering: Numbering) -> list[SourceRow]:
    rows: list[SourceRow] = []
    chars = table.page.chars
    for i, row in enumerate(table.rows):
        row_chars = [c for c in chars if _inside(c, row.bbox)]
        cells: list[str] = []
        merged: set[int] = set()
        for j, box in enumerate(row.cells):
            if box is not None:
                cells.append(cell_text([c for c in row_chars if _inside(c, box)], box))
            elif rows and j < len(rows[-1].cells) and _covered_from_above(table, i, j):
                cells.append(rows[-1].cells[j])
                merged.add(j)
            else:
                cells.append("")
        rows.append(SourceRow(cells, numbering.next(), frozenset(merged)))
    return rows


def _inside(char: dict, box: tuple) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def cell_text(chars: list[dict], box: tuple) -> str:
    """A cell's lines as one text: wrapped lines joined, lines the writer ended early kept apart.

    A line wrapped when the next line's first word would not have fitted after it;
    such a break joins as grid.glue says (no space between Chinese characters or
    digits, one between two Latin words). A line that ends well
    before the cell's edge was ended by the writer (a new paragraph, or a space the
    PDF dropped at the wrap): it stays a line break, which reads as a space.
    """
    from pdfplumber.utils.text import chars_to_textmap

    if not chars:
        return ""
    lines = chars_to_textmap(chars).extract_text_lines()
    if not lines:
        return ""
    padding = max(0.0, min(line["x0"] for line in lines) - box[0])
    edge = box[2] - padding
    text = lines[0]["text"]
    for previous, line in zip(lines, lines[1:]):
        word = line["chars"][:1]
        for char in line["chars"][1:]:
            if not word[-1]["text"].isascii() or not char["text"].strip() or not char["text"].isascii():
                break
            word.append(char)
        needed = sum(c["x1"] - c["x0"] for c in word)
        wrapped = previous["x1"] + needed > edge - 1
        text += glue(text, line["text"]) if wrapped else "\n"
        text += line["text"]
    return text.strip()


def _covered_from_above(table, i: int, j: int) -> bool:
    """Is the empty slot (row i, column j) part of a cell that starts in a row above?"""
    row_box = table.rows[i].bbox
    column_box = table.columns[j].bbox if j < len(table.columns) else None
    if column_box is None:
        return False
    x, y = (column_box[0] + column_box[2]) / 2, (row_box[1] + row_box[3]) / 2
    for x0, top, x1, bottom in table.cells:
        if x0 <= x <= x1 and top <= y <= bottom:
            return top < row_box[1] - 1
    return False
