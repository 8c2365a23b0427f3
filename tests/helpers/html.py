"""Pages read as trees: Beautiful Soup over lxml's HTML parser.

Enough to ask "the text of the h1", "every link", "the rows of this table". Attributes such
as ``data-figure`` are not Python names: ask for them with ``attrs={"data-figure": …}``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from bs4 import BeautifulSoup, Tag


def parse_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml")


def clean_text(element: Tag) -> str:
    """The element's text with every run of white space one space, as a reader sees it."""
    return " ".join(element.get_text().split())


@functools.lru_cache(maxsize=None)
def read_page(path: Path) -> BeautifulSoup:
    return parse_html(path.read_text(encoding="utf-8"))
