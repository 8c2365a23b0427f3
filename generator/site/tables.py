"""Paged tables: the first page of rows in the HTML, every page as a JSON chunk when there are several.

In: an iterator of pages of cells (a task's results, a dashboard's late results, a notice's other
results). Out: a Table for the template, and data/…/<n>.json chunks that assets/results-table.js
fetches on demand. Only one page of rows is held at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from generator.core import urls
from generator.core.io import dumps_compact
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
    chunks: str | None  # site-relative folder of <n>.json, when pages > 1
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


class Chunks:
    """Writes the JSON chunks under the output folder and counts them for the build log."""

    def __init__(self, out: Path):
        self.out = out
        self.files = 0
        self.bytes = 0

    def write(self, folder: str, number: int, pages: int, total: int, page_size: int, columns, rows) -> None:
        """The chunk once per language: its columns and interface words (逾期, 按期) are the page's."""
        for lang in i18n.LANGUAGES:
            path = self.out / urls.chunk(urls.language_data(folder, lang), number)
            if number == 1:
                path.parent.mkdir(parents=True, exist_ok=True)
            with i18n.activate(lang):
                data = dumps_compact({"page": number, "pages": pages, "total": total, "page_size": page_size,
                                      "columns": [i18n._(c) for c in columns],
                                      "rows": [[i18n.plain(c) for c in row] for row in rows]})
            path.write_text(data + "\n", encoding="utf-8")
            self.files += 1
            self.bytes += len(data.encode("utf-8")) + 1


def paged_table(chunks: Chunks, pages_of_rows, *, id: str, caption: str, columns, total: int, page_size: int,
                folder: str, downloads) -> Table:
    """Consume an iterator of pages of cells: keep the first, write every page as a chunk if there are several."""
    pages = -(-total // page_size) if total else 0
    table = Table(id, caption, tuple(columns), [], total, page_size, pages, folder if pages > 1 else None,
                  list(downloads))
    for number, rows in enumerate(pages_of_rows, start=1):
        if number == 1:
            table.rows = rows
        if pages > 1:
            chunks.write(folder, number, pages, total, page_size, columns, rows)
    return table


def pages_of(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i:i + size]
