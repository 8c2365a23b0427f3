"""Paged tables: the first page of rows in the HTML, every page as a JSON chunk when there are several.

In: an iterator of pages of cells (a dashboard's late results, a notice's other results, the task
lists), or for a task's results, blocks of rows given a column at a time (paged_columns: at a
province's volume a Python object per cell cost more than the rest of the build's pages). Out: a
Table for the template, and each page's JSON chunk, which assets/results-table.js fetches on demand,
the same bytes either way. Only one page (or block) of rows is held at a time.

A table's chunks are entries of pack files in its folder (generator/core/packs.py), read by HTTP
range: at ten million results a file per chunk was 431,108 files, twenty times what a static host
takes in one deployment (Cloudflare Pages: 20,000).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path

import numpy as np
import pyarrow as pa
from markupsafe import Markup, escape

from generator.core import urls
from generator.core.io import dumps_compact, joined_rows, json_texts, utf8_of
from generator.core.packs import LOCATION, PackWriter, read_entry
from generator.results.summary import distinct_codes
from generator.site import i18n


@dataclass
class Table:
    """A table whose first page is in the HTML and whose pages are JSON chunks when there are several."""

    id: str  # element id prefix on the page
    caption: object  # an i18n.Text: in the language of the page showing it
    columns: tuple[str, ...]
    rows: list[list]  # the first page's cells
    total: int
    page_size: int
    pages: int
    chunks: str | None  # site-relative folder of the pages' packs, when pages > 1
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (label, site-relative url)

    @property
    def shown(self) -> int:
        return len(self.rows)

    def rows_html(self, href) -> Markup:
        """The first page's rows as <tr> lines, for a page whose relative links `href` makes. In Python, not
        a macro per cell: a task page holds up to page_size × columns cells, and a Jinja macro call
        costs about what the rest of a cell does. The cells are the chunks' cells (results-table.js)."""
        labels = [Markup(i18n._(c)) % {} for c in self.columns]  # as the template's _() prints a label
        return Markup("".join(f"    <tr>{''.join(_cell(v, label, href) for v, label in zip(row, labels))}</tr>\n"
                              for row in self.rows))


def _cell(value, label: Markup, href) -> str:
    """One cell: text, or {text, href, class, title} (results_view.py and task_lists.py make them). Every value is
    escaped here (str.format on Markup goes through string.Formatter: a third of a table's time)."""
    if not isinstance(value, dict):
        return f'<td data-label="{label}">{i18n.zh_span(value)}</td>'
    text = i18n.zh_span(value["text"])
    if value.get("href"):
        text = f'<a href="{escape(href(value["href"]))}">{text}</a>'
    css = f' class="{escape(value["class"])}"' if value.get("class") else ""
    title = f' title="{escape(str(value["title"]))}"' if value.get("title") else ""
    return f'<td data-label="{label}"{css}{title}>{text}</td>'


@dataclass
class Coded:
    """A column of a paged table whose rows repeat a few cells (a day, a list of departments): each
    distinct cell once, and each row's index into them. A column given as an Arrow string array is
    text shown as it is (a business's name)."""

    cells: list
    codes: np.ndarray
    shared: tuple | None = None  # (cell, keys) when cell(key) is the same in every table: see of()

    @classmethod
    def of(cls, keys: np.ndarray, cell, shared: bool = False) -> "Coded":
        """The column whose row i shows cell(keys[i]): cell() called once for each distinct key. shared: cell
        is a function of the key alone (a day, a lateness), so Chunks spells each key's cell once per build."""
        present, codes = distinct_codes(keys)
        keys = present.tolist()
        return cls([cell(key) for key in keys], codes, (cell, keys) if shared else None)


class Chunks:
    """Writes the JSON chunks into their tables' packs under the output folder and counts them for the
    build log. A table's packs are closed when its last page is written (pages come in order)."""

    def __init__(self, out: Path):
        self.out = out
        self.count = 0  # chunks
        self.files = 0  # packs and directories
        self.bytes = 0
        self._spellings: dict = {}  # (cell function, language) -> key -> JSON, for Coded columns made shared
        self._open: dict[str, PackWriter] = {}  # a table's folder in one language -> its packs

    def write(self, folder: str, number: int, pages: int, total: int, page_size: int, columns, rows) -> None:
        """The chunk once per language: its columns and interface words (逾期, 按期) are the page's."""
        for lang in i18n.LANGUAGES:
            with i18n.activate(lang):
                body = ",".join(_row_json(row, lang) for row in rows).encode("utf-8")
                self._write(*self._table_head(folder, lang, pages, total, page_size, columns), number, body, pages)

    def write_columns(self, folder: str, first: int, pages: int, total: int, page_size: int, columns, block) -> int:
        """Chunks first, first + 1, … of a block of whole pages given as columns (see Coded), a column at a
        time: text is made JSON once for both languages, each distinct cell once per language. Returns the
        number of the next chunk."""
        size = len(block[0]) if isinstance(block[0], pa.Array) else len(block[0].codes)
        texts = {i: json_texts(c) for i, c in enumerate(block) if isinstance(c, pa.Array)}
        starts = range(0, size, page_size)
        for lang in i18n.LANGUAGES:
            with i18n.activate(lang):
                parts = ["["]
                for i, column in enumerate(block):
                    if i:
                        parts.append(",")
                    if i in texts:
                        parts.append(texts[i])
                    else:
                        spelled = pa.array(self._spelled_cells(column), type=pa.large_string())
                        parts.append(spelled.take(pa.array(column.codes)))
                rows, offsets = utf8_of(joined_rows([*parts, "],"]))
                head = self._table_head(folder, lang, pages, total, page_size, columns)
                for k, start in enumerate(starts):
                    end = min(size, start + page_size)
                    body = rows[offsets[start]:offsets[end] - 1]  # no comma after the last row
                    self._write(*head, first + k, body, pages)
        return first + len(starts)

    def _spelled_cells(self, column: Coded) -> list[str]:
        """Each distinct cell of a column as JSON in the active language (a shared cell once per build)."""
        if column.shared is None:
            return [_spelled(c) for c in column.cells]
        cell, keys = column.shared
        known = self._spellings.setdefault((cell, i18n.language()), {})
        return [known[key] if key in known else known.setdefault(key, _spelled(made))
                for key, made in zip(keys, column.cells)]

    def _table_head(self, folder: str, lang: str, pages: int, total: int, page_size: int, columns) -> tuple[str, str]:
        """Where a table's chunks in `lang` go, and what each holds between its page number and its rows."""
        figures = dumps_compact({"pages": pages, "total": total, "page_size": page_size,
                                 "columns": [i18n._(c) for c in columns], "rows": []})
        return os.path.join(self.out, urls.language_data(folder, lang)), figures[1:-2]  # "pages":…,"rows":[

    def _write(self, where: str, figures: str, number: int, body, pages: int) -> None:
        """One chunk: {"page":number,figures, then `body` (its rows' JSON in UTF-8, without brackets), then ]}."""
        packs = self._open.get(where)
        if packs is None:
            os.makedirs(where, exist_ok=True)
            packs = self._open[where] = PackWriter(where, urls.table_pack, urls.table_directory(), compress=False)
        data = b"".join([(dumps_compact({"page": number})[:-1] + "," + figures).encode("utf-8"), body, b"]}\n"])
        packs.put(number - 1, data)
        self.count += 1
        self.bytes += len(data)
        if number == pages:
            self.files += len(self._open.pop(where).close())


class SharedRow(list):
    """A row of cells that several tables list (a task is in its departments', its industry's and its
    section's lists): spelled as JSON once per language, not once per table (Chunks.write)."""

    __slots__ = ("spelled",)

    def __init__(self, cells):
        super().__init__(cells)
        self.spelled: dict[str, str] = {}


# A cell or a row as a chunk holds it, in the active language: dumps_compact's spelling, with our text as
# plain strings (i18n.plain). A recursive plain() over each row's dicts was half the task lists' time.
cell_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=i18n.plain).encode


def _row_json(row: list, lang: str) -> str:
    """A row as its chunk holds it, in the active language `lang`."""
    if type(row) is not SharedRow:
        return cell_json(row)
    if lang not in row.spelled:
        row.spelled[lang] = cell_json(row)
    return row.spelled[lang]


def chunk_count(folder: Path) -> int:
    """How many pages the paged table whose packs are in `folder` has (0: no such table)."""
    directory = Path(folder) / urls.table_directory()
    return directory.stat().st_size // LOCATION.size if directory.is_file() else 0


def read_chunk(folder: Path, number: int) -> dict:
    """Page `number` of the paged table whose packs are in `folder`, as results-table.js reads it."""
    return json.loads(read_entry(folder, urls.table_pack, urls.table_directory(), number - 1))


def _spelled(cell) -> str:
    """A cell as a chunk holds it, in the active language (json's own string spelling: dumps_compact's)."""
    return encode_basestring(cell) if isinstance(cell, str) else cell_json(cell)


def _table(id: str, caption, columns, total: int, page_size: int, folder: str, downloads) -> Table:
    pages = -(-total // page_size) if total else 0
    return Table(id, caption, tuple(columns), [], total, page_size, pages, folder if pages > 1 else None,
                 list(downloads))


def paged_table(chunks: Chunks, pages_of_rows, *, id: str, caption: str, columns, total: int, page_size: int,
                folder: str, downloads) -> Table:
    """Consume an iterator of pages of cells: keep the first, write every page as a chunk if there are several."""
    table = _table(id, caption, columns, total, page_size, folder, downloads)
    for number, rows in enumerate(pages_of_rows, start=1):
        if number == 1:
            table.rows = rows
        if table.pages > 1:
            chunks.write(folder, number, table.pages, total, page_size, columns, rows)
    return table


def paged_columns(chunks: Chunks, blocks, *, id: str, caption: str, columns, total: int, page_size: int,
                  folder: str, downloads) -> Table:
    """paged_table for a table of a province's size: `blocks` yields its rows a block of whole pages at a
    time (blocks_of), each a list of columns (see Coded). Only the first page's rows are made cells (for
    the HTML); every chunk is written a column at a time (Chunks.write_columns)."""
    table = _table(id, caption, columns, total, page_size, folder, downloads)
    number = 1
    for block in blocks:
        if number == 1:
            table.rows = cell_rows(block, page_size)
        if table.pages <= 1:
            break
        number = chunks.write_columns(folder, number, table.pages, total, page_size, columns, block)
    return table


def cell_rows(block, count: int | None = None) -> list[list]:
    """The first `count` rows (all if None) of a block given as columns (see Coded), as lists of cells."""
    return [list(row) for row in zip(*(_first_cells(column, count) for column in block))]


def _first_cells(column, count: int | None) -> list:
    if isinstance(column, pa.Array):
        return column.slice(0, count).to_pylist()  # slice(0, None): the whole column
    return [column.cells[code] for code in column.codes[:count].tolist()]


def blocks_of(rows, page_size: int, size: int = 1 << 16):
    """`rows` a block of whole pages at a time (about `size` rows): a province's task has hundreds of
    thousands, and a block's text is held twice (its cells, their JSON) while its chunks are written."""
    step = page_size * max(1, size // page_size)
    for start in range(0, len(rows), step):
        yield rows[start:start + step]


def pages_of(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
