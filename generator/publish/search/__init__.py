"""Site search: documents -> lunr index (Python lunr at build time, lunr.js in the browser).

In: the pipeline's BuildContext (plans, reference lists, and the site model for the pages' URLs).
Out: the index file. Interface used by the page layer (generator/site/render.py):
    write_index(context, out_dir) -> list[str]
writes out_dir/search/index.json (and anything else the search page needs under
out_dir/search/) and returns lines for the build log (index size raw and gzip).

The page that uses it: /search/ holds
    <div id="search-app" data-index="<relative url>/search/index.json"></div>
and loads assets/lunr.min.js (lunr.js 2.3.9) and assets/search.js
(templates/assets/search.js), which read ?q= and show the results.

How Chinese, pinyin, initials and English become terms: generator/publish/search/tokenizer.py.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import urls
from generator.core.cache import BuildCache
from generator.publish.search.documents import build_documents
from generator.publish.search.index import SearchIndex, build_payload, index_bytes, size_line

__all__ = ["write_index", "SearchIndex"]


def write_index(context, out_dir: Path) -> list[str]:
    docs = build_documents(context, context.reference.synonyms)
    # The index depends only on the documents: an unchanged set is not indexed again.
    cache = context.cache or BuildCache(None)
    data = cache.get_or_compute("search-index", (repr(docs),), lambda: index_bytes(build_payload(context, docs)))
    target = Path(out_dir) / urls.search_index()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    plural = {"plan": "plans", "task": "tasks", "department": "departments", "industry": "industries and sections"}
    detail = ", ".join(f"{sum(1 for d in docs if d.kind == kind)} {label}" for kind, label in plural.items())
    return [f"{size_line(data, len(docs))}: {detail}"]
