"""Read the sharded search index the way templates/assets/search.js does, step for step.

Used by tests (the shards answer every query as the whole index does) and by the bench (which
files does a query fetch?). `fetched` lists every file read, in order, so bytes per query can be
counted. A query:
  1. the shards of each bigram of its long Han runs (their terms say how a run splits into words)
     and, for Latin words, names.json (what pinyin and initials spell);
  2. the plan (tokenizer.plan_query); for each level, until one finds something: the shards of its
     clauses' terms (a prefix's every shard), the posting texts of the fields the clauses name,
     then lunr on an index of just those terms (subset_index);
  3. the filters' document lists, and the document files of the results shown.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path

from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.token_set_builder import TokenSetBuilder
from lunr.vector import Vector

from generator.core import urls
from generator.publish.search.index import answer, run_alternative
from generator.publish.search.tokenizer import QueryContext, bigrams, chars, plan_query, segments


def decode_refs(text: str) -> list[int]:
    out, total = [], 0
    for part in text.split(",") if text else []:
        total += int(part)
        out.append(total)
    return out


def decode_posting(text: str) -> list[tuple[float, list[int]]]:
    """(weight, refs) groups of a posting text (shards.py posting_texts)."""
    groups = []
    for group in text.split(";"):
        weight, refs = group.split(":")
        groups.append((int(weight) / 1000, decode_refs(refs)))
    return groups


def subset_index(fields: list[str], terms: dict[str, tuple[int, dict[str, str]]]) -> Index:
    """A lunr index of some terms: term -> (its index in the whole index, {field: posting text}).
    Fields whose posting was not fetched are empty: no clause asked for them."""
    inverted, vectors = {}, {}
    for term, (term_index, postings) in terms.items():
        entry = {"_index": term_index, **{f: {} for f in fields}}
        for field, text in postings.items():
            for weight, refs in decode_posting(text):
                for ref in refs:
                    entry[field][str(ref)] = {}
                    vectors.setdefault(f"{field}/{ref}", []).append((term_index, weight))
        inverted[term] = entry
    builder = TokenSetBuilder()
    for term in sorted(inverted):
        builder.insert(term)
    builder.finish()
    field_vectors = {key: Vector([x for pair in sorted(pairs) for x in pair]) for key, pairs in vectors.items()}
    return Index(inverted, field_vectors, builder.root, list(fields), Pipeline())


class SearchIndex:
    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        self.base = self.dir / self.manifest["version"]
        self.bounds = self.manifest["bounds"]
        self.fetched: list[str] = []
        self._cache: dict[str, object] = {}
        self.entries: dict[str, list] = {}   # every term of the shards read: [term index, {field: text | n}]
        self.names: list = []
        self.index: Index | None = None

    def _get(self, rel: str, as_json: bool = True):
        if rel not in self._cache:
            path = self.base / rel
            self.fetched.append(rel)  # relative to the version folder, as search.js names them
            text = path.read_text(encoding="utf-8")
            self._cache[rel] = json.loads(text) if as_json else text
        return self._cache[rel]

    # --- terms ----------------------------------------------------------------------------

    def _shard_of(self, term: str) -> int:
        return max(bisect_right(self.bounds, term) - 1, 0)

    def _load_shard(self, n: int) -> None:
        self.entries.update(self._get(urls.search_terms(n)))

    def expand(self, term: str, prefix: bool) -> list[str]:
        """The index's terms a clause matches: the term, or every term it starts (all its shards)."""
        n = self._shard_of(term)
        self._load_shard(n)
        if not prefix:
            return [term] if term in self.entries else []
        while n + 1 < len(self.bounds) and self.bounds[n + 1].startswith(term):
            n += 1
            self._load_shard(n)
        return sorted(t for t in self.entries if t.startswith(term))

    def _posting(self, value) -> str:
        return value if isinstance(value, str) else self._get(urls.search_postings(value), as_json=False)

    def prepare(self, level: dict) -> None:
        """Fetch what the level's clauses need; self.index becomes a lunr index of those terms."""
        wanted: dict[str, set[str]] = {}
        for alternative in level["alternatives"]:
            for clause in alternative["clauses"]:
                for term in self.expand(clause["term"], clause["wildcard"]):
                    wanted.setdefault(term, set()).update(clause["fields"])
        terms = {}
        for term, fields in wanted.items():
            term_index, postings = self.entries[term]
            terms[term] = (term_index, {f: self._posting(postings[f]) for f in sorted(fields) if f in postings})
        self.index = subset_index(self.manifest["fields"], terms)

    # --- queries --------------------------------------------------------------------------

    def context(self, query: str) -> QueryContext:
        """What plan_query needs for this query: the terms its Han runs may split into, the
        department spellings, and (for Latin words) the names table."""
        segs = segments(query)
        for kind, run in segs:
            if kind == "han" and len(chars(run)) > 2:
                for pair in dict.fromkeys(bigrams(run)):
                    self.expand(pair, True)
        if any(kind == "latin" for kind, _ in segs):
            self.names = self._get(urls.SEARCH_NAMES)
        vocabulary = {t for t in self.entries if len(t) > 1 and segments(t) == [("han", t)]}
        return QueryContext(vocabulary, self.manifest["aliases"], self.names)

    def plan(self, query: str) -> dict:
        return plan_query(query, self.context(query))

    def search(self, query: str, filters: dict | None = None) -> dict:
        """As WholeIndex.search (index.py), restricted to the documents passing `filters`
        ({facet: value}); with no query, every document passing them, in document order."""
        if not segments(query):
            found = {"plan": plan_query(query), "level": None, "results": []}
            if filters:
                found["results"] = [{"ref": str(r), "score": 0.0, "alternatives": []} for r in self.passing(filters)]
            return found
        found = answer(self.plan(query), self.prepare, lambda alternative: run_alternative(self.index, alternative))
        if filters:
            keep = set(self.passing(filters))
            found["results"] = [r for r in found["results"] if int(r["ref"]) in keep]
        return found

    def passing(self, filters: dict) -> list[int]:
        """Documents with every chosen filter value, in document order (unknown values: none)."""
        refs: set[int] | None = None
        for name, value in filters.items():
            values = [v for v, _ in self.manifest["facets"][name]["values"]]
            docs = set(decode_refs(self._get(urls.search_facet(name, values.index(value)), as_json=False))) \
                if value in values else set()
            refs = docs if refs is None else refs & docs
        return sorted(refs or ())

    def doc(self, ref) -> list:
        block = self.manifest["doc_block"]
        return self._get(urls.search_docs(int(ref) // block))[int(ref) % block]

    def urls(self, query: str, kind: str | None = None, filters: dict | None = None) -> list[str]:
        docs = [self.doc(r["ref"]) for r in self.search(query, filters)["results"]]
        return [d[1] for d in docs if kind is None or d[0] == kind]
