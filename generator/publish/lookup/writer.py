"""Write the lookup index: a query reads only the few small entries it touches, by HTTP range.

Layout under site/lookup/index/ (Pagefind-like; one lunr index cannot hold a province):
  manifest.json               small, re-fetched each visit: version, sizes, plans, tasks, kinds
  <version>/t.idx, b.idx      directories: where each term shard (by bucket) and business block is
  <version>/pack/t/<n>.bin    term dictionary shards (term -> [df, postings | their location]) and
                              long posting lists (business ids, delta-coded, cut at CAP)
  <version>/pack/b/<n>.bin    businesses, BLOCK per entry: names, code, readings, inspections
Every entry is gzip-compressed on its own (generator/core/packs.py): a million results make a handful of files.
<version> is a hash of the content, so a browser never mixes entries of two builds.

Columnar build: businesses are grouped and ordered from the result columns (businesses.py), and
every (term, business) pair is one uint64, spilled to disk in partitions and sorted with numpy
(dictionary.py): ten million results fit in the memory budget.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from functools import partial
from pathlib import Path

from generator.core import urls
from generator.core.cache import BuildCache
from generator.core.io import dumps_compact
from generator.core.processes import Apart
from generator.publish.lookup.businesses import businesses
from generator.publish.lookup.dictionary import write_dictionary
from generator.core.packs import PackWriter, files_hash
from generator.publish.lookup.terms import LEVEL, MAX_TERMS, norm_chars, reading_text
from generator.results.table import ResultTable
from generator.text.pinyin import browser_rules

FORMAT = 2  # 2: entries in pack files, read by range (generator/core/packs.py)
INLINE = 96  # posting lists up to this long sit in the dictionary shard: no extra fetch
CAP = 10_000  # longest posting list written: a query that common shows "refine your query"
BLOCK = 32  # businesses per payload file
SHARD_TARGET = 16_000  # raw bytes per dictionary shard the bucket count aims at
PAGE = 10  # businesses shown per page of answers
ENOUGH = 8  # fetch no further posting lists once this few candidates remain
MAX_LISTS = 3  # posting-list files a query fetches at most (lists inside the shards are free)
MAX_BLOCKS = 12  # business files one page of answers reads at most; "more" goes on from there


def _packs(part: str, staging: Path) -> PackWriter:
    """The pack files of one part of the index (t or b), every entry compressed on its own."""
    return PackWriter(staging, partial(urls.lookup_pack, part), urls.lookup_directory(part))


def write_lookup(results, plans: list[dict], out_dir: Path, cache=None, processes: int = 1) -> list[str]:
    """processes: with two or more, the business blocks are written by a forked child while this
    process makes the term dictionary (the two read the same columns and write their own packs), and
    the dictionary's terms are made by that many children (dictionary.py)."""
    started = time.perf_counter()
    table = results.records
    if results.unlinked:  # notice results no task fits are found too
        table = ResultTable.concat([table, ResultTable.from_records(results.unlinked)])
    index_dir = Path(out_dir) / urls.lookup_index()
    shutil.rmtree(index_dir, ignore_errors=True)
    staging = index_dir / "_building"
    staging.mkdir(parents=True)
    biz = businesses(table)

    # A rebuild where only results' kinds or dates changed reuses the term packs from the cache.
    key = hashlib.sha256()
    for first in range(0, biz.count, 65536):
        last = min(biz.count, first + 65536)
        for names, code in zip(biz.names(first, last), biz.codes(first, last)):
            key.update(("\x1f".join(names) + "\x1e" + code + "\n").encode())

    def make() -> tuple[dict, list[str]]:
        packer = _packs("t", staging)
        stats = write_dictionary(packer, biz, index_dir / "_spill", INLINE, CAP, SHARD_TARGET, processes)
        return stats, packer.close()

    blocks = Apart(lambda: _write_blocks(_packs("b", staging), results, plans, biz), fork=processes > 1)
    try:
        stats = dict((cache or BuildCache(None)).made_files("lookup-terms", (key.hexdigest(),), staging, make))
        stats.update(blocks.result())
    except BaseException:
        blocks.stop()
        raise

    files = [p for p in staging.rglob("*") if p.is_file()]
    stats.update(files=len(files), bytes=sum(p.stat().st_size for p in files))
    version = files_hash(staging)[:16]
    staging.rename(index_dir / version)
    manifest = _manifest(results, plans, version, biz.count, stats)
    (index_dir / "manifest.json").write_text(dumps_compact(manifest), encoding="utf-8")
    seconds = time.perf_counter() - started
    return [f"Lookup index: {len(table)} results of {biz.count} businesses; {stats['pairs']} term entries in "
            f"{stats['buckets']} shards (largest {stats['shard_gzip_max'] / 1000:.1f} KB gzip), "
            f"{stats['posting_files']} posting lists, {stats['blocks']} business blocks "
            f"(largest {stats['block_gzip_max'] / 1000:.1f} KB gzip); {stats['files']} files, "
            f"{stats['bytes'] / 1e6:.1f} MB in {seconds:.1f} s"]


def _write_blocks(out: PackWriter, results, plans, biz) -> dict:
    """BLOCK businesses per entry: names, code, readings and every inspection, read from the columns
    a batch of blocks at a time."""
    plan_index = {p["plan"]["id"]: i for i, p in enumerate(plans)}
    kind_index = {k.name: i for i, k in enumerate(results.kinds.all)}
    departments: dict[str, int] = {}
    n_blocks = 0
    step = BLOCK * 128
    for first in range(0, biz.count, step):
        last = min(biz.count, first + step)
        rows = biz.table.rows(biz.rows_in_order[biz.starts[first]:biz.starts[last]])
        offset = int(biz.starts[first])
        block: list = []
        for b, names, code in zip(range(first, last), biz.names(first, last), biz.codes(first, last)):
            inspections = []
            for r in rows[int(biz.starts[b]) - offset:int(biz.starts[b + 1]) - offset]:
                inspections.append([plan_index.get(r.plan_id, -1), r.seq,
                                    [departments.setdefault(d, len(departments)) for d in r.departments],
                                    r.inspected.isoformat() if r.inspected else "", [kind_index[k] for k in r.kinds],
                                    _note(r), r.published.isoformat() if r.published else "", r.workdays_late,
                                    1 if r.is_example else 0])
            block.append([names, code, [reading_text(norm_chars(n)) for n in names], inspections])
            if len(block) == BLOCK or b == biz.count - 1:
                out.put(n_blocks, dumps_compact(block))
                n_blocks += 1
                block = []
    out.close()
    return {"blocks": n_blocks, "departments": list(departments), "block_gzip_max": out.stored_max,
            "block_packs": len(out.sizes)}


def _note(r) -> str:
    """The note, with what a notice printed that the columns do not hold: its result's wording when
    no kind, or another wording, was read from it, and its period when it printed no day."""
    parts = []
    if r.kind_as_written and tuple(r.kinds) != (r.kind_as_written,):
        parts.append(f"公示原文：{r.kind_as_written}")
    if r.inspected is None and r.inspected_as_written:
        parts.append(f"检查时间：{r.inspected_as_written}")
    return "；".join([*parts, r.note] if r.note else parts)


def _manifest(results, plans, version: str, n_businesses: int, stats: dict) -> dict:
    return {
        "format": FORMAT,
        "version": version,
        "records": len(results.records),
        "businesses": n_businesses,
        "examples": results.examples,  # the page shows the example banner
        "buckets": stats["buckets"],
        "blocks": stats["blocks"],
        "block": BLOCK,
        "cap": CAP,
        "page": PAGE,
        "enough": ENOUGH,
        "max_lists": MAX_LISTS,
        "max_blocks": MAX_BLOCKS,
        "max_terms": MAX_TERMS,
        "level": LEVEL,  # a name query's terms skip its jurisdiction's levels (terms.py _trade_first)
        "plans": [{"id": p["plan"]["id"], "title": p["plan"].get("table_title") or p["plan"].get("title") or "",
                   "jurisdiction": p["plan"].get("jurisdiction") or "", "year": p["plan"].get("year"),
                   "doc_number": p["plan"].get("doc_number") or "",
                   "tasks": {str(t["seq"]): t["name"] for t in p["tasks"]}} for p in plans],
        "departments": stats["departments"],
        "kinds": [{"name": k.name, "en": k.en, "id": k.id, "group": k.group} for k in results.kinds.all],
        **browser_rules(),  # the syllable table and folding rules: lookup.js has no copy
        "urls": urls.browser_patterns(),  # the addresses lookup.js fills in: it builds none by hand
    }
