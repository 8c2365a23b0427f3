"""Site search: documents -> lunr index (Python lunr at build time, lunr.js in the browser).

Interface used by the page layer (generator/site.py):
    write_index(gathered, out_dir) -> list[str]
writes out_dir/search/index.json (and anything else the search page needs under
out_dir/search/) and returns lines for the build log (index size raw and gzip).
"""

from __future__ import annotations

from pathlib import Path


def write_index(gathered, out_dir: Path) -> list[str]:
    return []
