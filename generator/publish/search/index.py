"""Build the lunr index (Python lunr, empty pipeline) and search it the way search.js does.

The index file (site/search/index.json) holds:

    format     1
    tokenizer  constants shared with search.js (fields, syllable table, limits, stop words)
    kinds      kind → label (计划, 任务, 部门, 行业), in the order results are grouped
    docs       per document ref (its position): [kind, url, title, meta, en, also]
    chars      Han character → the syllables it was indexed with (for highlighting pinyin)
    names      [Han, syllables, English] of names: what pinyin spells, and suggestions
    aliases    [other spelling, canonical department name], tried at query time
    index      the lunr index, serialized for lunr.js 2.3.9 (pipeline: []), without the empty
               field postings (see compact(): loaders put them back before lunr.Index.load)
"""

from __future__ import annotations

import gzip
import json

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query, QueryPresence

from generator.core.io import dumps_compact
from generator.publish.search.documents import KIND_LABELS, SearchDoc
from generator.publish.search.tokenizer import (BOOSTS, INDEX_FIELDS, QueryContext, english_terms, han_terms,
                                                initials_terms, jieba_words, pinyin_terms, plan_query,
                                                readings_of_chars, run_readings, segments, tokenizer_config)

FORMAT = 1


def document_terms(doc: SearchDoc) -> dict[str, list[str]]:
    """The terms of each field of one document.

    Han text is searched everywhere (body: bigrams only, so a single character finds titles
    and names); pinyin and initials only in titles and names (a department's, an industry's,
    a plan's jurisdiction), aliases and synonyms: what visitors type in pinyin are names.
    Pinyin that spells a known name is also searched as that Chinese text
    (tokenizer.transliterate), which reaches the bodies: gongan finds the tasks of 公安局.
    """
    body = "\n".join(x for x in doc.body if x)
    aliases = "\n".join(x for x in [*doc.aliases, *(r for r in doc.related if r not in doc.aliases)] if x)
    names = "\n".join(x for x in doc.names if x)
    return {
        "t": han_terms(doc.title),
        "b": han_terms(body, characters=False, words=False),
        "a": han_terms(aliases),
        "yt": pinyin_terms(doc.title),
        "y": pinyin_terms(names + "\n" + aliases),
        "i": initials_terms(doc.title + "\n" + names + "\n" + aliases),
        "e": english_terms("\n".join([doc.en, *doc.english, doc.title, body, aliases])),
    }


def build_index(docs: list[SearchDoc]) -> Index:
    builder = Builder()  # no pipeline functions: terms arrive ready (see tokenizer.py)
    builder.ref("id")
    for name in INDEX_FIELDS:
        builder.field(name, boost=BOOSTS[name])
    for ref, doc in enumerate(docs):
        builder.add({"id": str(ref), **document_terms(doc)})
    return builder.build()


def names_table(context, docs: list[SearchDoc]) -> list[list[str]]:
    """[Han, syllables, English] of the names visitors type: departments and their spellings,
    industries and their keywords, GB/T 4754 sections, synonyms, jurisdictions, and the words
    (jieba) of task and plan titles. Pinyin and initials queries are also tried as the Han
    text they spell here; the "did you mean" suggestions are chosen from it."""
    entries: dict[str, str] = {}

    def add(text: str, en: str = "") -> None:
        for kind, run in segments(text):
            if kind == "han" and len(run) > 1 and (run not in entries or (en and not entries[run])):
                entries[run] = en

    for doc in docs:
        if doc.kind in ("department", "industry"):
            add(doc.title, doc.en.split(" · ")[0])
            for alias in doc.aliases:
                add(alias)
    for section in context.reference.industries.sections.values():
        add(section["name"], section["en"])
    for doc in docs:
        for word in doc.related:
            add(word)
    for plan in context.plans:
        add(plan["plan"].get("jurisdiction") or "")
    for doc in docs:
        if doc.kind in ("task", "plan"):
            for kind, run in segments(doc.title):
                if kind == "han":
                    for word in jieba_words(run):
                        add(word)
    table = []
    for han, en in entries.items():
        reading = run_readings(han)[0]
        if len(reading) == len(han) and "?" not in reading:  # one syllable per character
            table.append([han, " ".join(reading), en])
    return table


def build_payload(context, docs: list[SearchDoc]) -> dict:
    index = build_index(docs)
    chars: dict[str, set[str]] = {}
    for doc in docs:
        for text in (doc.title, doc.meta, *doc.aliases, *doc.related):
            for ch, syllables in readings_of_chars(text).items():
                chars.setdefault(ch, set()).update(syllables)
    return {
        "format": FORMAT,
        "tokenizer": tokenizer_config(),
        "kinds": KIND_LABELS,
        "docs": [doc.display() for doc in docs],
        "chars": {ch: " ".join(sorted(s)) for ch, s in sorted(chars.items())},
        "names": names_table(context, docs),
        "aliases": department_aliases(context),
        "index": compact(index.serialize()),
    }


def department_aliases(context) -> list[list[str]]:
    """[other spelling, canonical name] of every department (as a query run would be written)."""
    out = []
    for dept in context.reference.departments.all:
        for alias in dept.aliases:
            runs = [run for kind, run in segments(alias) if kind == "han"]
            if len(runs) == 1 and runs[0] != dept.name:
                out.append([runs[0], dept.name])
    return out


def compact(serialized: dict) -> dict:
    """lunr's serialization lists every field in every term's posting, mostly empty: `"t":{}`.
    Those are dropped here and put back by expand() (and by search.js) before lunr loads the
    index; it is a third of the file."""
    fields = serialized["fields"]
    inverted = [[term, {k: v for k, v in posting.items() if k == "_index" or v}]
                for term, posting in serialized["invertedIndex"]]
    assert all(set(p) <= {"_index", *fields} for _, p in inverted)
    return {**serialized, "invertedIndex": inverted}


def expand(serialized: dict) -> dict:
    fields = serialized["fields"]
    inverted = [[term, {**{f: {} for f in fields}, **posting}] for term, posting in serialized["invertedIndex"]]
    return {**serialized, "invertedIndex": inverted}


def index_bytes(payload: dict) -> bytes:
    """The index file's bytes: compact JSON (core.io.dumps_compact), as the browser downloads it."""
    return dumps_compact(payload).encode("utf-8")


def size_line(payload_bytes: bytes, documents: int) -> str:
    raw = len(payload_bytes)
    packed = len(gzip.compress(payload_bytes, compresslevel=9, mtime=0))
    return f"Search index: {documents} documents, {raw / 1024:.0f} KB ({packed / 1024:.0f} KB gzip)"


# --- searching (the same steps as search.js) ----------------------------------------------

def han_vocabulary(index: Index) -> set[str]:
    """The index's Han terms of two or more characters: what a query run may be split into."""
    out = set()
    for term in index.inverted_index:
        segs = segments(term)
        if len(segs) == 1 and segs[0] == ("han", term) and len(term) > 1:
            out.add(term)
    return out


def run_alternative(index: Index, alternative: dict) -> list[dict]:
    query = index.create_query()
    for clause in alternative["clauses"]:
        query.term(clause["term"], fields=clause["fields"], use_pipeline=False, boost=clause["boost"],
                   presence=QueryPresence.REQUIRED if clause["required"] else QueryPresence.OPTIONAL,
                   wildcard=Query.WILDCARD_TRAILING if clause["wildcard"] else Query.WILDCARD_NONE)
    return index.query(query)


def search(index: Index, query: str, context: QueryContext) -> dict:
    """{"plan", "level": the level that answered or None, "results": [{ref, score, alternatives}]}.

    Within a level, the alternatives' results are merged: a document's score is its best
    score; results are ordered by score (rounded to 6 places), then by ref (document order).
    search.js does the same."""
    plan = plan_query(query, context)
    for level in plan["levels"]:
        merged: dict[str, dict] = {}
        for number, alternative in enumerate(level["alternatives"]):
            for hit in run_alternative(index, alternative):
                entry = merged.setdefault(hit["ref"], {"ref": hit["ref"], "score": 0.0, "alternatives": []})
                entry["score"] = max(entry["score"], hit["score"])
                entry["alternatives"].append(number)
        if merged:
            results = sorted(merged.values(), key=lambda r: (-round(r["score"], 6), int(r["ref"])))
            return {"plan": plan, "level": level["kind"], "results": results}
    return {"plan": plan, "level": None, "results": []}


class SearchIndex:
    """The index file, loaded for searching in Python (tests, diagnostics)."""

    def __init__(self, payload: dict):
        self.payload = payload
        self.index = Index.load(expand(payload["index"]))
        self.docs = payload["docs"]
        self.context = QueryContext(han_vocabulary(self.index), payload.get("aliases") or (),
                                    payload.get("names") or ())

    @classmethod
    def from_file(cls, path) -> "SearchIndex":
        with open(path, encoding="utf-8") as fh:
            return cls(json.load(fh))

    def plan(self, query: str) -> dict:
        return plan_query(query, self.context)

    def search(self, query: str) -> dict:
        return search(self.index, query, self.context)

    def urls(self, query: str, kind: str | None = None) -> list[str]:
        return [self.docs[int(r["ref"])][1] for r in self.search(query)["results"]
                if kind is None or self.docs[int(r["ref"])][0] == kind]
