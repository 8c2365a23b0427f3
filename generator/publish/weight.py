"""Page weight: what a visitor downloads for one page, HTML plus the local files it loads.

Counted from the built files (stylesheets, scripts, images, and the JSON a page's
script is told to fetch through data-index), so the build log can report it
without a browser. Uncompressed bytes: what the visitor's device must parse.
"""

from __future__ import annotations

import posixpath
import re
import statistics
from pathlib import Path

# What a page makes the browser load: scripts and images (src), stylesheets (<link rel=stylesheet href>)
# and the files a script is told to fetch (data-index). Each is found with str.find, then the tag
# around it is read: one regular expression over every tag of 5,000 pages took 3 s of a 40-plan build.
_SOURCE_TAGS = ("script", "img")
_STYLESHEET = re.compile(r'\brel="?stylesheet"?')
_HREF = re.compile(r'\shref="([^"]+)"')
_SRC, _DATA_INDEX = ' src="', ' data-index="'


def page_url(site: Path, html: Path) -> str:
    return url_of(html.relative_to(site).as_posix())


def url_of(output: str) -> str:
    """The URL of the page published as the site-relative file `output` (x/index.html -> /x/)."""
    return "/" + (output[: -len("index.html")] if output.endswith("index.html") else output)


def page_weights(site: Path) -> dict[str, int]:
    """URL -> bytes for every HTML page under `site`, each read back from its file."""
    pages = {}
    for html in sorted(site.rglob("*.html")):
        data = html.read_bytes()
        pages[page_url(site, html)] = (len(data), references(data.decode("utf-8")))
    return weigh(site, pages)


def weigh(site: Path, pages: dict[str, tuple]) -> dict[str, int]:
    """URL -> bytes, from each page's (bytes, references) as the renderer had them when it wrote the
    page (the build does not read 5,000 pages back for one log line) and the sizes of what they load."""
    sizes: dict[str, int] = {}
    files = _FileSizes(site)
    for url in sorted(pages):
        size, refs = pages[url]
        folder = url.rpartition("/")[0] + "/"
        targets = {files.resolve(folder, ref) for ref in refs}
        sizes[url] = size + sum(files.size(path) for path in targets if path)
    return sizes


def references(text: str) -> set[str]:
    """The stylesheets, scripts, images and data-index files the page `text` loads, as it writes them."""
    found = set()
    for name, _, at in _tags_holding(text, _SRC):
        if name in _SOURCE_TAGS:
            found.add(_value(text, at + len(_SRC)))
    for name, tag, _ in _tags_holding(text, "stylesheet"):
        href = _HREF.search(tag) if name == "link" and _STYLESHEET.search(tag) else None
        found.update([href.group(1)] if href else [])
    found.update(_value(text, at + len(_DATA_INDEX)) for _, _, at in _tags_holding(text, _DATA_INDEX))
    return found


def _tags_holding(text: str, needle: str):
    """(tag name, the tag's text, where `needle` starts) for each occurrence of `needle` inside a tag."""
    at = text.find(needle)
    while at != -1:
        opened, closed = text.rfind("<", 0, at), text.find(">", at)
        if opened != -1 and text.rfind(">", opened, at) == -1:  # inside a tag, not in text between tags
            tag = text[opened + 1:closed]
            yield tag.split(None, 1)[0] if tag.strip() else "", tag, at
        at = text.find(needle, at + 1)


def _value(text: str, start: int) -> str:
    return text[start:text.find('"', start)]


class _FileSizes:
    """Every page links the same stylesheets and scripts: each file's size is read once per build, not
    once per page (the log line took 3 % of a 40-plan build)."""

    def __init__(self, site: Path):
        self.site = site
        self.sizes: dict[str, int] = {}

    @staticmethod
    def resolve(folder: str, ref: str) -> str | None:
        """The site path a page in `folder` loads for `ref`; None for another host. (urllib's urljoin
        took most of this log line's time: our pages write plain relative paths.)"""
        if "://" in ref or ref.startswith("//"):
            return None
        return posixpath.normpath(posixpath.join(folder, ref.split("#", 1)[0].split("?", 1)[0]))

    def size(self, path: str) -> int:
        if path not in self.sizes:
            file = self.site / path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            self.sizes[path] = file.stat().st_size if file.is_file() else 0
        return self.sizes[path]


def summary_line(weights: dict[str, int]) -> str:
    if not weights:
        return "Page weight: no pages"
    heaviest = max(weights, key=lambda u: (weights[u], u))
    return (f"Page weight: median {statistics.median(weights.values()) / 1000:.0f} KB, "
            f"heaviest {weights[heaviest] / 1000:.0f} KB ({heaviest})")
