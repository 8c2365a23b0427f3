"""The lookup's term dictionary: term -> [document count, posting list or its location], in shards.

Every name gives ~100 terms (terms.py), so ten million results give ~600 million (term, business)
pairs: 5 GB as uint64, more than the build may hold. So the pairs are spilled to disk in
PARTITIONS files by the low bits of the term's CRC (a partition is then exactly the shards whose
bucket has those low bits, the bucket count being a larger power of two) and each partition is
sorted with numpy on its own. Credit codes are one term per business and never repeat: they are
not pairs at all, only the business number and the code's CRC. Nothing depends on Python's string
hashing: a shard's terms are written in term order.
"""

from __future__ import annotations

import shutil
import zlib
from array import array
from pathlib import Path

import numpy as np

from generator.core.io import dumps_compact
from generator.core.processes import forked_map
from generator.core.packs import PackWriter
from generator.publish.lookup.terms import name_terms, norm_chars

PARTITIONS = 64  # spill files above SPILL_FROM businesses; below, the pairs stay in memory
SPILL_FROM = 300_000
_BATCH = 4096  # businesses whose names are turned into terms at a time


class _Pairs:
    """(term id << 32 | business) pairs, by partition, in memory or in files under `folder`."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.parts = PARTITIONS if folder else 1
        self.memory: list[np.ndarray] = []
        self.files = []
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
            self.files = [open(folder / f"{p}.bin", "wb") for p in range(self.parts)]
        self.term_id: dict[str, int] = {}
        self.crc = array("I")
        self.count = 0

    def ids(self, terms: list[str]) -> np.ndarray:
        get = self.term_id.get
        ids = list(map(get, terms))
        if None in ids:  # terms not seen before get the next numbers
            for i, t in enumerate(terms):
                if ids[i] is None:
                    ids[i] = get(t)
                    if ids[i] is None:
                        ids[i] = self.term_id[t] = len(self.crc)
                        self.crc.append(zlib.crc32(t.encode("utf-8")))
        return np.array(ids, dtype=np.uint64)

    def add(self, ids: np.ndarray, businesses: np.ndarray) -> None:
        packed = ids << np.uint64(32) | businesses.astype(np.uint64)
        self.count += len(packed)
        if not self.files:
            self.memory.append(packed)
            return
        part = np.frombuffer(self.crc, dtype=np.uint32)[ids.astype(np.int64)] & (self.parts - 1)
        order = np.argsort(part, kind="stable")
        bounds = np.searchsorted(part[order], np.arange(self.parts + 1))
        for p in range(self.parts):
            if bounds[p + 1] > bounds[p]:
                packed[order[bounds[p]:bounds[p + 1]]].tofile(self.files[p])

    def partition(self, p: int) -> np.ndarray:
        """Partition p's pairs, sorted: by term, each term's businesses ascending."""
        if not self.files:
            data = np.concatenate(self.memory) if self.memory else np.zeros(0, np.uint64)
            self.memory = []
        else:
            self.files[p].close()
            data = np.fromfile(self.folder / f"{p}.bin", dtype=np.uint64)
        data.sort()
        return data

    def term_ids(self, p: int) -> np.ndarray:
        """The term of each pair of partition p (or of all, in memory), unsorted: for counting."""
        if not self.files:
            return np.concatenate(self.memory) >> np.uint64(32) if self.memory else np.zeros(0, np.uint64)
        self.files[p].flush()
        return np.fromfile(self.folder / f"{p}.bin", dtype=np.uint64) >> np.uint64(32)

    def close(self) -> None:
        for fh in self.files:
            fh.close()
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def write_dictionary(out: PackWriter, biz, spill: Path, inline: int, cap: int, shard_target: int,
                     processes: int = 1) -> dict:
    """Every business's terms into shards (out.put(bucket, …)) and long posting lists (out.add). With the
    pairs spilled, `processes` forked children make the terms of a range of businesses each."""
    if biz.count >= SPILL_FROM and processes > 1:
        pairs, code_crc, code_business = _gather_apart(biz, spill, processes)
    else:
        pairs = _Pairs(spill if biz.count >= SPILL_FROM else None)
        code_crc, code_business = _gather(pairs, biz, 0, biz.count)
    try:
        return _write_shards(out, pairs, biz, code_crc, code_business, inline, cap, shard_target)
    finally:
        pairs.close()


def _gather_apart(biz, spill: Path, processes: int):
    """_gather over `processes` ranges of businesses, each in a child spilling to a folder of its own;
    their term numbers are then mapped onto one numbering (the terms are few: 150,000 at a million
    results) by _Merged, which reads a partition from every child's files."""
    edges = np.linspace(0, biz.count, processes + 1).astype(np.int64).tolist()

    def part(k: int):
        pairs = _Pairs(spill / str(k))
        crc, owners = _gather(pairs, biz, edges[k], edges[k + 1])
        for fh in pairs.files:
            fh.close()
        return list(pairs.term_id), pairs.count, crc.tobytes(), owners.tobytes()

    parts = forked_map(part, list(range(processes)), processes)
    merged = _Merged(spill, [terms for terms, _, _, _ in parts], sum(count for _, count, _, _ in parts))
    code_crc = np.concatenate([np.frombuffer(crc, dtype=np.uint32) for _, _, crc, _ in parts])
    code_business = np.concatenate([np.frombuffer(owners, dtype=np.int64) for _, _, _, owners in parts])
    return merged, code_crc, code_business


class _Merged:
    """The children's spilled pairs as one _Pairs: each child's term numbers mapped onto the first
    numbering that lists every term (child 0's terms first, then each child's new ones)."""

    def __init__(self, spill: Path, term_lists: list[list[str]], count: int):
        self.folder, self.parts, self.count = spill, PARTITIONS, count
        self.term_id: dict[str, int] = {}
        self.crc = array("I")
        self.maps = []
        for k, terms in enumerate(term_lists):
            numbers = np.empty(len(terms), dtype=np.uint64)
            for i, term in enumerate(terms):
                number = self.term_id.get(term)
                if number is None:
                    number = self.term_id[term] = len(self.crc)
                    self.crc.append(zlib.crc32(term.encode("utf-8")))
                numbers[i] = number
            self.maps.append(numbers)

    def _read(self, p: int) -> np.ndarray:
        got = []
        for k, numbers in enumerate(self.maps):
            data = np.fromfile(self.folder / str(k) / f"{p}.bin", dtype=np.uint64)
            got.append(numbers[(data >> np.uint64(32)).astype(np.int64)] << np.uint64(32) | (data & np.uint64(0xFFFFFFFF)))
        return np.concatenate(got) if got else np.zeros(0, np.uint64)

    def partition(self, p: int) -> np.ndarray:
        data = self._read(p)
        data.sort()
        return data

    def term_ids(self, p: int) -> np.ndarray:
        return self._read(p) >> np.uint64(32)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _gather(pairs: _Pairs, biz, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
    """The (term, business) pairs of businesses start..stop-1 into `pairs`; (CRC, business) of each code."""
    crcs, owners = array("I"), array("q")
    for first in range(start, stop, _BATCH):
        last = min(stop, first + _BATCH)
        flat: list[str] = []
        sizes = []
        for names in biz.names(first, last):
            terms: set[str] = set()
            for name in names:
                name_terms(norm_chars(name), terms)
            flat.extend(terms)
            sizes.append(len(terms))
        pairs.add(pairs.ids(flat), np.repeat(np.arange(first, last, dtype=np.uint64), sizes))
        for b, code in zip(range(first, last), biz.codes(first, last)):
            if code:
                crcs.append(zlib.crc32(("c" + code).encode("utf-8")))
                owners.append(b)
    return np.frombuffer(crcs, dtype=np.uint32), np.frombuffer(owners, dtype=np.int64)


def _buckets(pairs: _Pairs, code_count: int, inline: int, shard_target: int) -> tuple[int, np.ndarray]:
    """The shard count (a power of two, at least the partitions) for shards of ~shard_target bytes."""
    counts = np.zeros(len(pairs.crc), dtype=np.int64)
    for p in range(pairs.parts):
        counts += np.bincount(pairs.term_ids(p).astype(np.int64), minlength=len(counts))
    lengths = np.fromiter((len(t.encode("utf-8")) for t in pairs.term_id), dtype=np.int64, count=len(counts))
    estimate = int((lengths + 12).sum() + np.where(counts <= inline, counts * 5, 8).sum()) + code_count * 36
    n = pairs.parts
    while n * shard_target < estimate:
        n *= 2
    return n, counts


def _write_shards(out, pairs, biz, code_crc, code_business, inline, cap, shard_target) -> dict:
    n_buckets, _ = _buckets(pairs, len(code_business), inline, shard_target)
    if not pairs.term_id and not len(code_business):  # no results: one empty shard answers "nothing found"
        return {"buckets": 1, "posting_files": 0, "shard_gzip_max": out.put(0, "{}")[2], "pairs": 0}
    terms = list(pairs.term_id)
    term_bucket = np.frombuffer(pairs.crc, dtype=np.uint32) & np.uint32(n_buckets - 1)
    code_bucket = code_crc & np.uint32(n_buckets - 1)
    by_code_bucket = np.argsort(code_bucket, kind="stable")
    code_edges = np.searchsorted(code_bucket[by_code_bucket], np.arange(n_buckets + 1))
    stats = {"buckets": n_buckets, "posting_files": 0, "shard_gzip_max": 0, "pairs": pairs.count + len(code_business)}
    for p in range(pairs.parts):
        data = pairs.partition(p)
        tids = (data >> np.uint64(32)).astype(np.int64)
        bids = (data & np.uint64(0xFFFFFFFF)).astype(np.int64)
        first, starts = np.unique(tids, return_index=True)
        ends = np.r_[starts[1:], len(tids)]
        buckets_here = term_bucket[first]
        order = np.argsort(buckets_here, kind="stable")
        edges = np.searchsorted(buckets_here[order], np.arange(n_buckets + 1))
        for bucket in range(p, n_buckets, pairs.parts):
            items = [(terms[int(first[k])], bids[starts[k]:ends[k]]) for k in order[edges[bucket]:edges[bucket + 1]]]
            owners = code_business[by_code_bucket[code_edges[bucket]:code_edges[bucket + 1]]]
            codes = biz.table.column("credit_code", biz.first_row[owners])
            items += [("c" + code, np.array([b])) for code, b in zip(codes, owners.tolist())]
            entries = {}
            for term, ids in sorted(items, key=lambda item: item[0]):
                listed = _delta_text(ids[:cap])
                if len(ids) <= inline:
                    entries[term] = [len(ids), listed]
                else:
                    entries[term] = [len(ids), out.add(listed)]  # its location: no directory entry needed
                    stats["posting_files"] += 1
            stats["shard_gzip_max"] = max(stats["shard_gzip_max"], out.put(bucket, dumps_compact(entries))[2])
        del data, tids, bids
    return stats


def _delta_text(ids: np.ndarray) -> str:
    """Business numbers delta-coded: small numbers, short text."""
    deltas = ids.astype(np.int64)
    deltas[1:] -= ids[:-1]
    return ",".join(map(str, deltas.tolist()))
