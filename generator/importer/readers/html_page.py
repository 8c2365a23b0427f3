"""A plan page saved from a government portal (.html/.htm), read with lxml.

Scripts, styles, comments and the <head> are never read. Portals lay pages out
with tables too, so only innermost tables (holding no table) are data tables; the
layout tables around them are read as prose. rowspan is copied down its rows
(marked merged_from_above), colspan leaves the spanned columns empty. The prose
goes through `read_metadata`, which keeps the 信息公开 box (索引号, 发布机构 …) and
drops the portal's chrome, exactly as for the same page copied as text. Rows and
lines are numbered by the line of the HTML source they start on.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.core.findings import DataError, Findings
from generator.importer.metadata import METADATA_LABELS, read_metadata
from generator.importer.readers.grid import Grid, Lines, assemble
from generator.importer.sources import Document, SourceRow, decode, is_header

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
# Never text of the plan: code, the head, form controls, and a page's own <nav> and <footer>.
_SKIPPED = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button", "select",
            "nav", "footer"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
           "section", "article", "header", "footer", "nav", "dl", "dt", "dd", "form", "center", "blockquote",
           "pre", "hr", "caption", "tbody", "thead", "tfoot", "aside", "main", "figure", "figcaption"}
_SPACES = re.compile(r"[ \t\r\n\f\u3000\xa0]+")


def page_text(data: bytes, path: Path) -> str:
    """The page's declared charset first; else UTF-8, then GB18030 (as every text input)."""
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "x-gbk") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, str(path))


def read_html(path: Path, findings: Findings, header=None) -> Document:
    import lxml.html  # imported here: only web pages need it

    text = page_text(path.read_bytes(), path)
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml raises ParserError or a bare ValueError on a page with no elements
        raise DataError(f"{path}: unreadable file: not an HTML page ({exc})") from None
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    header = header or is_header
    # A table with no header row is a box of the page (the 信息公开 metadata, a title): prose.
    blocks = [b if isinstance(b, Lines) or any(header(r.cells) for r in b.rows) else _box_lines(b)
              for b in walker.blocks]
    prose = [(n, t) for block in blocks if isinstance(block, Lines) for n, t in block.lines]
    metadata, kept = read_metadata(prose)
    kept_set = set(kept)
    blocks = [Lines([x for x in b.lines if x in kept_set]) if isinstance(b, Lines) else b for b in blocks]
    document = assemble(str(path), "html", blocks, findings, header)
    document.metadata = metadata
    return document


def _box_lines(grid: Grid) -> Lines:
    """One line per row; a cell that is only a metadata label (索引号 | 1134…) takes a colon."""
    lines = []
    for row in grid.rows:
        parts = [f"{c.strip().rstrip(':：')}：" if c.strip().rstrip(":：") in METADATA_LABELS else c.strip()
                 for c in row.cells if c.strip()]
        if parts:
            lines.append((row.line, " ".join(parts)))
    return Lines(lines)


class _Walker:
    """Prose lines and innermost tables of a page, in reading order."""

    def __init__(self) -> None:
        self.blocks: list[Lines | Grid] = []
        self.words: list[str] = []
        self.line: int = 0

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.words)).strip()
        if text:
            if not self.blocks or not isinstance(self.blocks[-1], Lines):
                self.blocks.append(Lines([]))
            self.blocks[-1].lines.append((self.line, text))
        self.words = []

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if not "".join(self.words).strip():
                self.line = line or self.line
            self.words.append(text)

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments and processing instructions
        if tag.lower() in _SKIPPED or not tag:
            return
        if tag.lower() == "table" and not element.xpath(".//table"):
            self.flush()
            self.blocks.append(Grid(table_rows(element)))
            return
        block = tag.lower() in _BLOCKS
        if block:
            self.flush()
        self.add(element.text, element.sourceline)
        for child in element:
            self.walk(child)
            self.add(child.tail, getattr(child, "sourceline", None))
        if block:
            self.flush()


def _cell_text(cell) -> str:
    """A cell's text with <br> and block elements as line breaks, source whitespace collapsed."""
    parts: list[str] = []

    def visit(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if not tag or tag in _SKIPPED:
            return
        if tag in _BLOCKS:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            visit(child)
            parts.append(child.tail or "")
        if tag in _BLOCKS:
            parts.append("\n")

    parts.append(cell.text or "")
    for child in cell:
        visit(child)
        parts.append(child.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1").strip() or 1), 1000))
    except ValueError:
        return 1


def table_rows(table) -> list[SourceRow]:
    """The table's own rows (not a nested table's) with rowspan and colspan expanded."""
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill) from a rowspan above
    rows: list[SourceRow] = []
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells: list[str] = []
        merged: set[int] = set()

        def fill_pending() -> None:
            while len(cells) in pending:
                column = len(cells)
                text, left = pending[column]
                cells.append(text)
                if text:
                    merged.add(column)
                if left > 1:
                    pending[column] = (text, left - 1)
                else:
                    del pending[column]

        for td in tr.xpath("./td | ./th"):
            fill_pending()
            column, text = len(cells), _cell_text(td)
            width, height = _span(td, "colspan"), _span(td, "rowspan")
            cells.append(text)
            cells.extend([""] * (width - 1))
            if height > 1:
                # The rows below keep the whole span: its text in the first column, the rest empty.
                for k in range(width):
                    pending[column + k] = (text if k == 0 else "", height - 1)
        fill_pending()
        rows.append(SourceRow(cells, tr.sourceline or 0, frozenset(merged)))
    return rows
