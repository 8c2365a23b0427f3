"""Write the lookup index: a query reads only the few small entries it touches, by HTTP range.

Layout under site/lookup/index/ (Pagefind-like; one lunr index cannot hold a province):
  manifest.json               small, re-fetched each visit: version, sizes, plans, tasks, kinds
  <version>/t.idx, b.idx      directories: where each term shard (by bucket) and business block is
  <version>/pack/t/<n>.bin    term dictionary shards (term -> [df, postings | their location]) and
                              long posting lists (business ids, delta-coded, cut at CAP)
  <version>/pack/b/<n>.bin    businesses, BLOCK per entry: names, code, readings, inspections
Every entry is gzip-compressed on its own (packs.py): a million results make a handful of files.
<version> is a hash of the content, so a browser never mixes entries of two builds.

Columnar build: every (term, business) pair is one uint64 in an array, sorted once with numpy;
no per-term Python lists, so a million results fit in well under the memory budget.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import time
import zlib
from array import array
from pathlib import Path

from datetime import date

import numpy as np

from generator.core import urls
from generator.core.io import dumps_compact
from generator.publish.lookup.packs import PackWriter, directory_file, files_hash
from generator.publish.lookup.terms import MAX_TERMS, name_terms, norm_chars, reading_text
from generator.text.pinyin import browser_rules

FORMAT = 2  # 2: entries in pack files, read by range (packs.py)
INLINE = 96  # posting lists up to this long sit in the dictionary shard: no extra fetch
CAP = 10_000  # longest posting list written: a query that common shows "refine your query"
BLOCK = 32  # businesses per payload file
SHARD_TARGET = 16_000  # raw bytes per dictionary shard the bucket count aims at
PAGE = 10  # businesses shown per page of answers
ENOUGH = 8  # fetch no further posting lists once this few candidates remain
MAX_LISTS = 3  # posting-list files a query fetches at most (lists inside the shards are free)
MAX_BLOCKS = 12  # business files one page of answers reads at most; "more" goes on from there
_CHUNK = 1 << 23  # term ids counted this many at a time, to bound the temporary arrays

_JURISDICTION = re.compile(r"^(?:[^省市县区旗]{1,7}[省市县区旗])+")


def _businesses(records) -> list[list[int]]:
    """Record indices grouped by business (credit code, else name), in first-seen order."""
    index: dict[str, int] = {}
    groups: list[list[int]] = []
    for i, r in enumerate(records):
        b = index.setdefault(r.business_key, len(groups))
        if b == len(groups):
            groups.append([i])
        else:
            groups[b].append(i)
    return groups


def _sort_key(name: str, code: str):
    """Trade name first (jurisdiction prefix dropped): businesses a name query finds together
    then sit in the same payload files, so a page of answers costs few fetches."""
    return (_JURISDICTION.sub("", name), name, code)


def _term_files(groups, names, records) -> tuple[list[tuple[str, str]], dict, int]:
    """The term dictionary shards and posting lists: they depend on names and codes only."""
    # (term id << 32 | business id) pairs, generated in business order so lists come out sorted.
    term_id: dict[str, int] = {}
    pairs = array("Q")
    for bid, group in enumerate(groups):
        terms: set[str] = set()
        for name in names[bid]:
            name_terms(norm_chars(name), terms)
        code = records[group[0]].credit_code
        if code:
            terms.add("c" + code)
        for t in terms:
            pairs.append(term_id.setdefault(t, len(term_id)) << 32 | bid)
    term_list = list(term_id)
    del term_id
    packer = PackWriter("t")  # in memory: the build cache keeps it
    stats = _write_terms(packer, term_list, pairs)
    return packer, stats, len(term_list)


def write_lookup(results, plans: list[dict], out_dir: Path, cache=None) -> list[str]:
    started = time.perf_counter()
    records = [*results.records, *results.unlinked]  # notice results no task fits are found too
    index_dir = Path(out_dir) / urls.lookup_index()
    shutil.rmtree(index_dir, ignore_errors=True)
    staging = index_dir / "_building"
    staging.mkdir(parents=True)

    groups = _businesses(records)
    names = [list(dict.fromkeys(records[i].business for i in g)) for g in groups]
    order = sorted(range(len(groups)), key=lambda b: _sort_key(names[b][0], records[groups[b][0]].credit_code))
    groups = [groups[b] for b in order]
    names = [names[b] for b in order]
    del order

    # A rebuild where only results' kinds or dates changed reuses the term files from the cache.
    key = hashlib.sha256()
    for bid, group in enumerate(groups):
        key.update(("\x1f".join(names[bid]) + "\x1e" + records[group[0]].credit_code + "\n").encode())
    compute = lambda: _term_files(groups, names, records)  # noqa: E731
    terms, stats, term_count = cache.get_or_compute("lookup-terms", (key.hexdigest(),), compute) if cache \
        else compute()
    stats = dict(stats)
    terms.write_out(staging)
    del terms
    stats.update(_write_blocks(PackWriter("b", staging), results, plans, records, groups, names))

    files = [p for p in staging.rglob("*") if p.is_file()]
    stats.update(files=len(files), bytes=sum(p.stat().st_size for p in files))
    version = files_hash(staging)[:16]
    staging.rename(index_dir / version)
    manifest = _manifest(results, plans, version, len(groups), stats)
    (index_dir / "manifest.json").write_text(dumps_compact(manifest), encoding="utf-8")
    seconds = time.perf_counter() - started
    return [f"Lookup index: {len(records)} results of {len(groups)} businesses; {term_count} terms in "
            f"{stats['buckets']} shards (largest {stats['shard_gzip_max'] / 1000:.1f} KB gzip), "
            f"{stats['posting_files']} posting lists, {stats['blocks']} business blocks "
            f"(largest {stats['block_gzip_max'] / 1000:.1f} KB gzip); {stats['files']} files, "
            f"{stats['bytes'] / 1e6:.1f} MB in {seconds:.1f} s"]


def _write_terms(out: PackWriter, term_list: list[str], pairs: array) -> dict:
    if not term_list:  # no results: one empty shard, so every query answers "nothing found"
        return {"buckets": 1, "posting_files": 0, "shard_gzip_max": out.put(0, "{}")[2]}
    # Sorted in place, then read through views: at a million results these arrays are the
    # build's largest objects, and every copy of them would cost hundreds of megabytes.
    packed = np.frombuffer(pairs, dtype=np.uint64)
    halves = packed.view(np.uint32)
    low, high = (0, 1) if sys.byteorder == "little" else (1, 0)
    bids, tids = halves[low::2], halves[high::2]
    n_terms = len(term_list)
    # Term ids were handed out in set order, which string hashing randomises per process:
    # renumber them in term order so two builds of the same data write the same files.
    order = sorted(range(n_terms), key=term_list.__getitem__)
    rank = np.empty(n_terms, dtype=np.uint32)
    rank[np.array(order, dtype=np.int64)] = np.arange(n_terms, dtype=np.uint32)
    term_list[:] = [term_list[i] for i in order]
    del order
    for a in range(0, len(tids), _CHUNK):
        tids[a:a + _CHUNK] = rank[tids[a:a + _CHUNK]]
    del rank
    packed.sort()
    counts = np.zeros(n_terms, dtype=np.int64)
    for a in range(0, len(tids), _CHUNK):
        counts += np.bincount(tids[a:a + _CHUNK], minlength=n_terms)
    starts = np.concatenate(([0], np.cumsum(counts)))

    buckets_of = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in term_list), dtype=np.uint32, count=n_terms)
    lengths = np.fromiter((len(t.encode("utf-8")) for t in term_list), dtype=np.int64, count=n_terms)
    estimate = int((lengths + 12).sum() + np.where(counts <= INLINE, counts * 5, 8).sum())
    n_buckets = 1
    while n_buckets * SHARD_TARGET < estimate:
        n_buckets *= 2
    buckets_of &= np.uint32(n_buckets - 1)
    by_bucket = np.argsort(buckets_of, kind="stable")
    edges = np.searchsorted(buckets_of[by_bucket], np.arange(n_buckets + 1, dtype=np.uint32))

    posting_files = 0
    shard_gzip_max = 0
    for bucket in range(n_buckets):
        entries = {}
        for t in by_bucket[edges[bucket]:edges[bucket + 1]].tolist():
            a, df = int(starts[t]), int(counts[t])
            ids = bids[a:a + min(df, CAP)].astype(np.int64)
            ids[1:] -= ids[:-1].copy()  # delta-coded: small numbers, short text
            listed = ",".join(map(str, ids.tolist()))
            if df <= INLINE:
                entries[term_list[t]] = [df, listed]
            else:
                entries[term_list[t]] = [df, out.add(listed)]  # its location: no directory entry needed
                posting_files += 1
        shard_gzip_max = max(shard_gzip_max, out.put(bucket, dumps_compact(entries))[2])
    return {"buckets": n_buckets, "posting_files": posting_files, "shard_gzip_max": shard_gzip_max,
            "pairs": len(packed)}


def _write_blocks(out: PackWriter, results, plans, records, groups, names) -> dict:
    plan_index = {p["plan"]["id"]: i for i, p in enumerate(plans)}
    kind_index = {k.name: i for i, k in enumerate(results.kinds.all)}
    departments: dict[str, int] = {}
    block: list = []
    n_blocks = 0
    for bid, group in enumerate(groups):
        inspections = []
        for i in sorted(group, key=lambda i: (records[i].inspected or date.min, records[i].plan_id, records[i].seq)):
            r = records[i]
            inspections.append([plan_index.get(r.plan_id, -1), r.seq,
                                [departments.setdefault(d, len(departments)) for d in r.departments],
                                r.inspected.isoformat() if r.inspected else "", [kind_index[k] for k in r.kinds],
                                _note(r),
                                r.published.isoformat() if r.published else "", r.workdays_late,
                                1 if r.is_example else 0])
        code = records[group[0]].credit_code
        block.append([names[bid], code, [reading_text(norm_chars(n)) for n in names[bid]], inspections])
        if len(block) == BLOCK or bid == len(groups) - 1:
            out.put(n_blocks, dumps_compact(block))
            n_blocks += 1
            block = []
    out.close()
    out.root.joinpath(directory_file("b")).write_bytes(out.directory())
    return {"blocks": n_blocks, "departments": list(departments), "block_gzip_max": out.gzip_max,
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
        "plans": [{"id": p["plan"]["id"], "title": p["plan"].get("table_title") or p["plan"].get("title") or "",
                   "jurisdiction": p["plan"].get("jurisdiction") or "", "year": p["plan"].get("year"),
                   "doc_number": p["plan"].get("doc_number") or "",
                   "tasks": {str(t["seq"]): t["name"] for t in p["tasks"]}} for p in plans],
        "departments": stats["departments"],
        "kinds": [{"name": k.name, "en": k.en, "id": k.id, "group": k.group} for k in results.kinds.all],
        **browser_rules(),  # the syllable table and folding rules: lookup.js has no copy
        "urls": urls.browser_patterns(),  # the addresses lookup.js fills in: it builds none by hand
    }
