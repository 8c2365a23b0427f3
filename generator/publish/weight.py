"""Page weight: what a visitor downloads for one page, HTML plus the local files it loads.

Counted from the built files (stylesheets, scripts, images, and the JSON a page's
script is told to fetch through data-index), so the build log can report it
without a browser. Uncompressed bytes: what the visitor's device must parse.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from urllib.parse import urljoin, urlparse

_REFERENCE = re.compile(r'<(?:link[^>]+rel="?stylesheet"?[^>]*href|script[^>]+src|img[^>]+src|[a-z]+[^>]+data-index)="([^"]+)"')


def page_url(site: Path, html: Path) -> str:
    relative = html.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def page_weights(site: Path) -> dict[str, int]:
    """URL -> bytes for every HTML page under `site`."""
    sizes: dict[str, int] = {}
    files = _FileSizes(site)
    for html in sorted(site.rglob("*.html")):
        url = page_url(site, html)
        data = html.read_bytes()
        folder = url.rpartition("/")[0] + "/"
        targets = {files.resolve(folder, ref) for ref in _REFERENCE.findall(data.decode("utf-8"))}
        sizes[url] = len(data) + sum(files.size(path) for path in targets if path)
    return sizes


class _FileSizes:
    """Every page links the same stylesheets and scripts: each file's size is read once per build, not
    once per page (the log line took 3 % of a 40-plan build)."""

    def __init__(self, site: Path):
        self.site = site
        self.paths: dict[tuple[str, str], str | None] = {}
        self.sizes: dict[str, int] = {}

    def resolve(self, folder: str, ref: str) -> str | None:
        """The site path a page in `folder` loads for `ref`; None for another host."""
        key = (folder, ref)
        if key not in self.paths:
            target = urlparse(urljoin(folder, ref))
            self.paths[key] = None if target.netloc else target.path
        return self.paths[key]

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
