"""Site search: documents -> lunr index (Python lunr at build time) -> shards a browser fetches
by query and scores as lunr does.

In: the pipeline's BuildContext (plans, reference lists, and the site model for the pages' URLs).
Out: the index folder. Interface used by the page layer (generator/site/render.py):
    write_index(context, out_dir) -> list[str]   (inline=: see shards.shard_files)
writes out_dir/search/index/ (manifest.json and one version folder, see shards.py) and returns
lines for the build log (documents, files, the largest shard and what a manifest costs).

The page that uses it: /search/ holds
    <div id="search-app" data-index="<relative url>/search/index/"></div>
and loads assets/search.js (templates/assets/search.js), which reads ?q= (and the filters:
place, year, dept, industry), fetches what the query needs and shows the results. lunr runs here,
at build time: its weights are in the shards, and search.js repeats lunr.js's query arithmetic
on them (tests/js/search.test.mjs checks it against lunr.js 2.3.9 on the whole index).

How Chinese, pinyin, initials and English become terms: generator/publish/search/tokenizer.py.
Reading the shards as search.js does (tests, bench): reader.SearchIndex.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from generator.core import collector, urls
from generator.core.cache import BuildCache
from generator.core.io import dumps_compact
from generator.publish.search.documents import build_documents
from generator.publish.search.reader import SearchIndex
from generator.publish.search.shards import INLINE, gzip_size, shard_files, version_of

__all__ = ["write_index", "SearchIndex"]


def write_index(context, out_dir: Path, inline: int = INLINE) -> list[str]:
    started = time.perf_counter()
    with collector.paused():  # millions of small objects, none in a cycle
        docs = build_documents(context, context.reference.synonyms)
        # The index depends only on the documents: an unchanged set is not indexed again.
        cache = context.cache or BuildCache(None)
        key = hashlib.sha256(repr(docs).encode("utf-8")).hexdigest()
        files, manifest = cache.get_or_compute("search-shards", (key, str(inline)),
                                               lambda: shard_files(context, docs, inline))
    version = version_of(files)
    folder = Path(out_dir) / urls.search_index()
    shutil.rmtree(folder, ignore_errors=True)
    made: set[Path] = set()
    for rel, text in files:
        path = folder / version / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
    manifest_text = dumps_compact({**manifest, "version": version})
    (folder / "manifest.json").write_text(manifest_text, encoding="utf-8")
    plural = {"plan": "plans", "task": "tasks", "department": "departments", "industry": "industries and sections"}
    detail = ", ".join(f"{sum(1 for d in docs if d.kind == kind)} {label}" for kind, label in plural.items())
    shards = [text for rel, text in files if rel.startswith("t/")]
    return [f"Search index: {len(docs)} documents ({detail}); {manifest['terms']} terms in "
            f"{manifest['shards']} shards (largest {max(map(gzip_size, shards)) / 1024:.1f} KB gzip), "
            f"{manifest['posting_files']} posting files; {len(files) + 1} files, "
            f"{sum(len(t.encode('utf-8')) for _, t in files) / 1024:.0f} KB; manifest "
            f"{gzip_size(manifest_text) / 1024:.1f} KB gzip; {time.perf_counter() - started:.1f} s"]
