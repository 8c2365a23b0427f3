"""Read the sharded search index the way templates/assets/search.js does, step for step.

Used by tests (the shards answer every query as the whole index does) and by the bench (which
files does a query fetch?). `fetched` lists every file read, in order, so bytes per query can be
counted. A query:
  1. the shards of each bigram of its long Han runs (their terms say how a run splits into words)
     and, for Latin words, names.json (what pinyin and initials spell);
  2. the plan (tokenizer.plan_query); for each level, until one finds something: the shards of its
     clauses' terms (a prefix's every shard) and, at the same time, the posting files of the terms
     they match that the manifest lists as long (all of a term's long fields in one file), then
     lunr's query arithmetic on just those postings (score_alternative);
  3. the filters' document lists, and the document files of the results shown.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path

from generator.core import urls
from generator.publish.search.index import answer
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


def score_alternative(alternative: dict, fields: list[str], expand, posting) -> list[dict]:
    """lunr's Index.query, on the fetched postings: the same hits and, summed in the same order,
    the same scores (lunr 2.3.9 lib/index.js; index.py run_alternative runs lunr itself).

    expand(clause) -> [(term, term index)] the clause matches; posting(term, field) -> {ref: weight}.
    A document must have every required clause in one of its fields; its score is, over each of
    its fields that matched, the dot product of the query's vector for that field (each clause's
    boost for each term it matched, whether or not the field has the term) and the document's
    weights, divided by the query vector's length."""
    vectors: dict[str, dict[int, float]] = {f: {} for f in fields}
    required: dict[str, set | None] = {}   # field -> documents; None while a clause is read (lunr.Set.complete)
    matched: dict[tuple[str, str], None] = {}  # (ref, field), in the order lunr first meets them
    terms_of: dict[str, dict[int, str]] = {f: {} for f in fields}
    for clause in alternative["clauses"]:
        terms = expand(clause)
        if not terms and clause["required"]:
            for field in clause["fields"]:
                required[field] = set()
            break
        found: set[str] = set()
        for term, term_index in terms:
            for field in clause["fields"]:
                docs = posting(term, field)
                if clause["required"]:
                    found.update(docs)
                    required.setdefault(field, None)
                vector = vectors[field]
                vector[term_index] = vector.get(term_index, 0) + clause["boost"]
                terms_of[field][term_index] = term
                for ref in docs:
                    matched.setdefault((ref, field), None)
        if clause["required"]:
            for field in clause["fields"]:
                required[field] = set(found) if required[field] is None else required[field] & found
    passing: set | None = None  # documents with every required clause (all, if none is required)
    for docs in required.values():
        passing = set(docs) if passing is None else passing & docs
    lengths = {f: sum(v * v for _, v in sorted(vector.items())) ** 0.5 for f, vector in vectors.items()}
    scores: dict[str, float] = {}
    for ref, field in matched:
        if passing is not None and ref not in passing:
            continue
        dot = 0.0
        for term_index, boost in sorted(vectors[field].items()):
            weight = posting(terms_of[field][term_index], field).get(ref)
            if weight is not None:
                dot += boost * weight
        scores[ref] = scores.get(ref, 0) + (dot / lengths[field] if lengths[field] else 0)
    return sorted(({"ref": ref, "score": score} for ref, score in scores.items()), key=lambda h: -h["score"])


class SearchIndex:
    def __init__(self, index_dir: str | Path):
        self.dir = Path(index_dir)
        self.manifest = json.loads((self.dir / "manifest.json").read_text(encoding="utf-8"))
        self.base = self.dir / self.manifest["version"]
        self.bounds = self.manifest["bounds"]
        self.long = {term: k for k, term in enumerate(self.manifest["long"])}  # term -> its posting file
        self.fetched: list[str] = []
        self._cache: dict[str, object] = {}
        self.entries: dict[str, list] = {}   # every term of the shards read: [term index, {field: text | n}]
        self.names: list = []
        self.postings: dict[tuple[str, str], dict[str, float]] = {}
        self.expanded: dict[tuple[str, bool], list[tuple[str, int]]] = {}

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

    def prepare(self, level: dict) -> None:
        """Fetch what the level's clauses need: their terms' shards and the posting files of the long
        terms among those they match (search.js fetches both at once: the manifest names the long
        terms)."""
        self.expanded = {}
        for alternative in level["alternatives"]:
            for clause in alternative["clauses"]:
                key = (clause["term"], clause["wildcard"])
                if key not in self.expanded:
                    self.expanded[key] = [(t, self.entries[t][0]) for t in self.expand(*key)]
                for term, _ in self.expanded[key]:
                    if term in self.long:
                        self._long_postings(self.long[term])

    def _long_postings(self, number: int) -> dict[str, str]:
        """field -> posting text of one posting file (a line "field text" each)."""
        text = self._get(urls.search_postings(number), as_json=False)
        return dict(line.split(" ", 1) for line in text.split("\n"))

    def posting(self, term: str, field: str) -> dict[str, float]:
        """{ref: weight} of a term in a field (empty if the field has not the term), read once."""
        key = (term, field)
        if key not in self.postings:
            value = self.entries[term][1].get(field)
            text = value if isinstance(value, str) or value is None else self._long_postings(value)[field]
            self.postings[key] = {str(ref): weight for weight, refs in decode_posting(text) for ref in refs} \
                if text else {}
        return self.postings[key]

    def run(self, alternative: dict) -> list[dict]:
        return score_alternative(alternative, self.manifest["fields"],
                                 lambda c: self.expanded[(c["term"], c["wildcard"])], self.posting)

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
        found = answer(self.plan(query), self.prepare, self.run)
        if filters:
            keep = set(self.passing(filters))
            found["results"] = [r for r in found["results"] if int(r["ref"]) in keep]
        return found

    def passing(self, filters: dict) -> list[int]:
        """Documents with every chosen filter value, in document order (unknown values: none)."""
        refs: set[int] | None = None
        for name, value in filters.items():
            values = [v for v, _ in self.manifest["facets"].get(name, {"values": []})["values"]]
            docs = set(decode_refs(self._get(urls.search_facet(name, values.index(value)), as_json=False))) \
                if value in values else set()
            refs = docs if refs is None else refs & docs
        return sorted(refs or ())

    def doc(self, ref) -> list:
        n = int(ref)
        first, size, number = next(r for r in reversed(self.manifest["doc_files"]) if r[0] <= n)
        return self._get(urls.search_docs(number + (n - first) // size))[(n - first) % size]

    def urls(self, query: str, kind: str | None = None, filters: dict | None = None) -> list[str]:
        docs = [self.doc(r["ref"]) for r in self.search(query, filters)["results"]]
        return [d[1] for d in docs if kind is None or d[0] == kind]
