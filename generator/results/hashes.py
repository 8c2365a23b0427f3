"""Fingerprints of results for the change report: a 64-bit hash of each result's key and content.

In: a task's records, either as dicts (record key -> field -> JSON value) or as per-row value hashes
the columnar reader makes (generator/results/summary.py TaskRecords.hashes). Out: per task an (n, 2)
uint64 array of (key hash, content hash) "pairs", sorted by key hash, one row per key (a later row
with the same key wins, as in a dict built in row order); its digest; the counts two tasks differ by.

One definition, evaluated two ways. A record's content hash is mix(…mix(mix(v1) ^ v2)… ^ vk) over
its fields in sorted order, vi the blake2b-64 of `"field":value` (canonical JSON); its key hash is
the blake2b-64 of the key's UTF-8. record_pairs() computes it record by record for any dicts; the
columnar reader hashes each distinct value of a column once and mixes numpy arrays, so ten million
results cost a few numpy passes and a blake2b per distinct value, not a JSON dump per row.
tests/unit/test_changes_scale.py checks that both give the same hashes on every row of real data.

Collisions. mix (splitmix64's finaliser) is a bijection of 64-bit words, so two records differing
in one field always hash apart unless that field's two values collide in blake2b-64 (2^-64); a
changed record goes unreported with probability 2^-64. Two keys of one task with the same hash would
count as one result: with n results in a task the chance is about n^2 / 2^65 (3 in 10^8 for a task
of a million; summed over a national site's tasks of that size, still under 10^-5).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

_MIX1, _MIX2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
DTYPE = np.dtype("<u8")  # how the pairs are stored: little-endian on every machine


def mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, elementwise (numpy's uint64 arithmetic wraps modulo 2^64)."""
    h = (h ^ (h >> np.uint64(30))) * _MIX1
    h = (h ^ (h >> np.uint64(27))) * _MIX2
    return h ^ (h >> np.uint64(31))


def _blake(data: Iterable[bytes]) -> np.ndarray:
    joined = b"".join(hashlib.blake2b(d, digest_size=8).digest() for d in data)
    return np.frombuffer(joined, dtype=DTYPE).astype(np.uint64)


def value_hashes(field: str, values: Sequence) -> np.ndarray:
    """vi for each of `values` of `field`: one blake2b a value, so callers pass distinct values."""
    prefix = _JSON(field) + ":"
    return _blake((prefix + _JSON(v)).encode("utf-8") for v in values)


def key_hashes(keys: Iterable[str]) -> np.ndarray:
    return _blake(k.encode("utf-8") for k in keys)


def content_hashes(fields: Iterable[tuple[str, object]], rows: int) -> np.ndarray:
    """Content hashes of `rows` records from (field, per-row vi) in any order; vi may be a function
    that makes them, called in turn, so that only one field's hashes are held at a time."""
    h = np.zeros(rows, dtype=np.uint64)
    for i, (_, v) in enumerate(sorted(fields, key=lambda f: f[0])):
        v = v() if callable(v) else v
        h = mix(v if i == 0 else h ^ v)
    return h


def pairs(keys: np.ndarray, contents: np.ndarray) -> np.ndarray:
    """(n, 2) [key hash, content hash] sorted by key hash; of rows with one key, the last is kept."""
    order = np.argsort(keys, kind="stable")
    keys, contents = keys[order], contents[order]
    last = np.r_[keys[1:] != keys[:-1], True] if len(keys) else np.zeros(0, dtype=bool)
    return np.ascontiguousarray(np.stack([keys[last], contents[last]], axis=1), dtype=DTYPE)


def record_pairs(records: Mapping[str, dict]) -> np.ndarray:
    """The pairs of a task given as record key -> record (a dict), record by record: small volumes."""
    items = list(records.items())
    contents = [content_hashes([(f, value_hashes(f, [v])) for f, v in record.items()], 1) for _, record in items]
    return pairs(key_hashes(k for k, _ in items), np.concatenate(contents) if contents else np.zeros(0, np.uint64))


def digest(found: np.ndarray) -> str:
    """One task's results in 16 hex digits: equal digests, equal pairs (bar a 2^-64 collision)."""
    return hashlib.blake2b(np.ascontiguousarray(found, dtype=DTYPE).tobytes(), digest_size=8).hexdigest()


def is_pairs(found, count: int) -> bool:
    """Whether `found` is what pairs() makes for `count` results (a file read back is checked with it)."""
    return (isinstance(found, np.ndarray) and found.dtype == DTYPE and found.shape == (count, 2)
            and bool(np.all(found[1:, 0] > found[:-1, 0])))


def diff_counts(old: np.ndarray, new: np.ndarray) -> tuple[int, int, int]:
    """(added, changed, withdrawn) results from `old` to `new` pairs: sorted arrays, so searchsorted."""
    at = np.searchsorted(old[:, 0], new[:, 0])
    inside = at < len(old)
    common = np.zeros(len(new), dtype=bool)
    common[inside] = old[at[inside], 0] == new[inside, 0]
    changed = int(np.count_nonzero(old[at[common], 1] != new[common, 1]))
    kept = int(np.count_nonzero(common))
    return len(new) - kept, changed, len(old) - kept
