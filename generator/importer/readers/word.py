"""Word documents: .docx with python-docx, .doc through LibreOffice headless.

The body is read in order: paragraphs before the first table are the notice,
every table becomes a grid, paragraphs after it the trailing text. A cell spanning
columns (gridSpan) keeps its text in its first column and leaves the others
empty; a vertically merged cell (vMerge) is copied down its rows, and those
positions are marked merged_from_above. Rows are numbered by their position
among the body's paragraphs and table rows, the nearest thing Word has to a line.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml.ns import qn

from generator.core.findings import Findings
from generator.importer.readers import tools
from generator.importer.readers.grid import Grid, Lines, Numbering, assemble
from generator.importer.sources import Document, SourceRow

MAX_SPAN = 1000  # columns one cell may span; no plan table comes near


def read_docx(path: Path, findings: Findings, header=None, fmt: str = "docx", name: Path | None = None) -> Document:
    import docx  # imported here: only Word input needs it

    document = docx.Document(str(path))
    numbering = Numbering()
    blocks: list[Lines | Grid] = []
    for element in _body_blocks(document.element.body):
        if element.tag == qn("w:p"):
            text = _paragraph_text(element)
            blocks.append(Lines([(numbering.next(), text)]))
        else:
            blocks.append(Grid(_table_rows(element, numbering)))
    return assemble(str(name or path), fmt, blocks, findings, header)


def read_doc(path: Path, findings: Findings, header=None) -> Document:
    with tools.workdir() as folder:
        converted = tools.convert(path, "docx", folder)
        return read_docx(converted, findings, header, fmt="doc", name=path)


def _body_blocks(container):
    """Paragraphs and tables in order, looking inside content controls (w:sdt) that wrap them."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_blocks(content)


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc) -> str:
    """A cell's own paragraphs, one per line (a table nested in the cell is not its text)."""
    lines = [_paragraph_text(p).strip() for p in tc.iterchildren(qn("w:p"))]
    return "\n".join(line for line in lines if line)


def _table_rows(tbl, numbering: Numbering) -> list[SourceRow]:
    rows: list[SourceRow] = []
    above: list[str] = []  # text of each grid column in the row above, for vMerge
    for tr in tbl.iterchildren(qn("w:tr")):
        cells: list[str] = []
        merged: set[int] = set()
        pr = tr.find(qn("w:trPr"))
        before = pr.find(qn("w:gridBefore")) if pr is not None else None
        if before is not None:
            cells.extend([""] * min(MAX_SPAN, int(before.get(qn("w:val"), "0") or 0)))
        for tc in tr.iterchildren(qn("w:tc")):
            span = min(tc.grid_span, MAX_SPAN)  # a hostile gridSpan of a million columns
            column = len(cells)
            if tc.vMerge == "continue":
                cells.append(above[column] if column < len(above) else "")
                merged.add(column)
            else:
                cells.append(_cell_text(tc))
            cells.extend([""] * (span - 1))
        rows.append(SourceRow(cells, numbering.next(), frozenset(merged)))
        above = cells
    return rows
