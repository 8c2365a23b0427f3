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
    for html in sorted(site.rglob("*.html")):
        url = page_url(site, html)
        text = html.read_text(encoding="utf-8")
        total = len(text.encode("utf-8"))
        seen = set()
        for ref in _REFERENCE.findall(text):
            target = urlparse(urljoin(url, ref))
            if target.netloc or target.path in seen:
                continue
            seen.add(target.path)
            path = site / target.path.lstrip("/")
            if path.is_dir():
                path = path / "index.html"
            if path.is_file():
                total += path.stat().st_size
        sizes[url] = total
    return sizes


def summary_line(weights: dict[str, int]) -> str:
    if not weights:
        return "Page weight: no pages"
    heaviest = max(weights, key=lambda u: (weights[u], u))
    return (f"Page weight: median {statistics.median(weights.values()) / 1000:.0f} KB, "
            f"heaviest {weights[heaviest] / 1000:.0f} KB ({heaviest})")
