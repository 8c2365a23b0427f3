"""Read the lookup index the way templates/assets/lookup.js does, step for step.

Used by tests (is every business findable?). `fetched` lists every range read, in order, as
(what, file, offset, length): what is terms-directory, terms, postings, blocks-directory or block,
so a test can see which entries a query touched and the bytes each cost (compressed, as sent).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.core import urls
from generator.core.packs import LOCATION
from generator.publish.lookup.terms import matches, parse_query


def bucket(term: str, n_buckets: int) -> int:
    import zlib

    return zlib.crc32(term.encode("utf-8")) & (n_buckets - 1)


def intersect(a: list[int], b: list[int]) -> list[int]:
    other = set(b)
    return [x for x in a if x in other]


def decode_postings(text: str) -> list[int]:
    out, total = [], 0
    for part in text.split(",") if text else []:
        total += int(part)
        out.append(total)
    return out


class LookupIndex:
    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        self.base = self.dir / self.manifest["version"]
        self.fetched: list[str] = []
        self._cache: dict[str, object] = {}

    def _range(self, what: str, rel: str, offset: int, length: int) -> bytes:
        """The bytes `Range: bytes=offset-(offset+length-1)` of one file would bring."""
        self.fetched.append((what, rel, offset, length))
        with open(self.base / rel, "rb") as fh:
            fh.seek(offset)
            return fh.read(length)

    def _entry(self, what: str, part: str, location) -> str:
        pack, offset, length = location
        key = (part, pack, offset)
        if key not in self._cache:
            data = self._range(what, urls.lookup_pack(part, pack), offset, length)
            self._cache[key] = gzip.decompress(data).decode("utf-8")
        return self._cache[key]

    def _located(self, what: str, part: str, number: int):
        """Entry `number` of a part: its 12 directory bytes first, then the entry (JSON)."""
        key = (part, "json", number)
        if key not in self._cache:
            at = self._range(what + "-directory", urls.lookup_directory(part), LOCATION.size * number, LOCATION.size)
            self._cache[key] = json.loads(self._entry(what, part, LOCATION.unpack(at)))
        return self._cache[key]

    def entry(self, term: str):
        return self._located("terms", "t", bucket(term, self.manifest["buckets"])).get(term)

    def postings(self, entry) -> list[int]:
        df, ref = entry
        if isinstance(ref, str):
            return decode_postings(ref)
        return decode_postings(self._entry("postings", "t", ref))

    def block(self, n: int) -> list:
        return self._located("block", "b", n)

    def search(self, text: str, limit: int | None = None, max_blocks: int | None = -1) -> dict:
        """{mode, businesses, exact, partial, candidates, total}: businesses as dicts, at most
        `limit` (default one page); exact when every candidate was checked and no list was cut
        off; total the number of answers when known, else None."""
        m = self.manifest
        limit = limit or m["page"]
        max_blocks = m["max_blocks"] if max_blocks == -1 else max_blocks  # None: no limit (tests)
        query = parse_query(text)
        answer = {"mode": query["mode"], "businesses": [], "exact": True, "partial": False, "candidates": 0,
                  "total": 0}
        if not query["terms"]:
            return answer
        entries = [(t, self.entry(t)) for t in query["terms"]]
        if any(e is None for _, e in entries):
            return answer  # a term no business has: nothing can match
        entries.sort(key=lambda te: (te[1][0], te[0]))
        # The rarest list first; lists inside the shards cost nothing more; further list files
        # only while many candidates remain. A list cut at CAP would drop true matches: skipped.
        candidates = self.postings(entries[0][1])
        answer["partial"] = entries[0][1][0] > m["cap"]
        rest = [e for _, e in entries[1:] if e[0] <= m["cap"]]
        for entry in [e for e in rest if isinstance(e[1], str)]:
            candidates = intersect(candidates, self.postings(entry))
        if len(candidates) > m["enough"]:
            for entry in [e for e in rest if not isinstance(e[1], str)][:m["max_lists"] - 1]:
                candidates = intersect(candidates, self.postings(entry))
        answer["candidates"] = len(candidates)
        blocks_read: set[int] = set()
        checked = 0
        for bid in candidates:
            if len(answer["businesses"]) >= limit:
                break
            n = bid // m["block"]
            if n not in blocks_read:
                if max_blocks is not None and len(blocks_read) >= max_blocks:
                    break
                blocks_read.add(n)
            names, code, readings, inspections = self.block(n)[bid % m["block"]]
            checked += 1
            if matches(query, names, code, readings):
                answer["businesses"].append(self._business(names, code, inspections))
        answer["exact"] = not answer["partial"] and checked == len(candidates)
        # Answers in all: known when one term is the whole condition, or every candidate was checked.
        whole = query.get("whole") and len(entries) == 1
        answer["total"] = entries[0][1][0] if whole else (len(answer["businesses"]) if answer["exact"] else None)
        return answer

    def _business(self, names, code, inspections) -> dict:
        m = self.manifest
        rows = []
        for plan, seq, depts, inspected, kinds, note, published, late, example in inspections:
            # -1: a notice's result no plan task fits (lookup.js: m.plans[-1] is undefined, not the last plan)
            p = m["plans"][plan] if plan >= 0 else {"id": "", "title": "", "tasks": {}}
            rows.append({"plan_id": p["id"], "plan": p["title"], "task": seq, "task_name": p["tasks"].get(str(seq), ""),
                         "departments": [m["departments"][d] for d in depts], "inspected": inspected,
                         "kinds": [m["kinds"][k]["name"] for k in kinds], "note": note, "published": published,
                         "workdays_late": late, "example": bool(example)})
        return {"names": names, "credit_code": code, "inspections": rows}
