"""Build the lunr index (Python lunr, empty pipeline) and search a lunr index the way search.js does.

The whole index is built here once; shards.py writes it out in pieces, and reader.py (and
search.js) put a query's pieces back into a small lunr index and run the same steps on it:
plan_query (tokenizer.py), then answer() below over the plan's levels.
"""

from __future__ import annotations

from collections import Counter

from lunr.builder import Builder
from lunr.idf import idf as lunr_idf
from lunr.index import Index
from lunr.vector import Vector
from lunr.query import Query, QueryPresence

from generator.publish.search.documents import SearchDoc
from generator.publish.search.tokenizer import (BOOSTS, INDEX_FIELDS, QueryContext, english_terms, han_terms,
                                                initials_terms, jieba_words, pinyin_terms, plan_query,
                                                run_readings, segments)


def document_terms(doc: SearchDoc, memo: dict | None = None) -> dict[str, list[str]]:
    """The terms of each field of one document.

    Han text is searched everywhere (body: bigrams only, so a single character finds titles
    and names); pinyin and initials only in titles and names (a department's, an industry's,
    a plan's jurisdiction), aliases and synonyms: what visitors type in pinyin are names.
    Pinyin that spells a known name is also searched as that Chinese text
    (tokenizer.transliterate), which reaches the bodies: gongan finds the tasks of 公安局.

    memo: terms already made of a field's text, shared by the documents of one build. A province's
    plans repeat their tasks' titles and texts county after county, and tokenizing (jieba,
    pinyin) is pure: the same text gives the same terms, which the builder only reads.
    """
    body = "\n".join(x for x in doc.body if x)
    aliases = "\n".join(x for x in [*doc.aliases, *(r for r in doc.related if r not in doc.aliases)] if x)
    names = "\n".join(x for x in doc.names if x)
    texts = {
        "t": doc.title,
        "b": body,
        "a": aliases,
        "yt": doc.title,
        "y": names + "\n" + aliases,
        "i": doc.title + "\n" + names + "\n" + aliases,
        "e": "\n".join([doc.en, *doc.english, doc.title, body, aliases]),
    }
    memo = {} if memo is None else memo
    out = {}
    for field, text in texts.items():
        terms = memo.get((field, text))
        if terms is None:
            terms = memo[(field, text)] = FIELD_TERMS[field](text)
        out[field] = terms
    return out


# How each field's text becomes terms.
FIELD_TERMS = {
    "t": han_terms,
    "b": lambda text: han_terms(text, characters=False, words=False),
    "a": han_terms,
    "yt": pinyin_terms,
    "y": pinyin_terms,
    "i": initials_terms,
    "e": english_terms,
}


# lunr's metadata of a (term, field, document): empty, as no metadata is whitelisted. One dict for
# all of them, which nothing writes to (lunr's MatchData copies or extends its keys, and it has
# none). Builder.add makes a defaultdict for each: 3.7 million at 400 plans, ~280 MB and 4.7 s
# of the index's 16.6 s.
NO_METADATA: dict = {}


class TermsBuilder(Builder):
    """lunr's Builder (0.8.0) given each field's terms, not text to tokenize: the same index,
    built without what our empty pipeline leaves unused.

    Builder.add wraps every term in a lunr Token with a deep-copied metadata dict, runs the
    (empty) pipeline and counts terms one by one; _create_field_vectors inserts each weight
    into its Vector by binary search. Here the terms are counted at once (first-seen order, as
    lunr numbers new terms) and a vector's weights are computed with lunr's own expression
    and sorted by term number: the same inverted index and field vectors, float for float
    (tests/unit/test_search_builder.py compares them with lunr's Builder on the site's documents)."""

    def __init__(self, queries: bool = True):
        super().__init__()
        self.queries = queries

    def _create_token_set(self):
        # The token set (lunr's automaton of every term, for wildcard and fuzzy queries) is the
        # slowest part of build(); the shards are written from the postings and field vectors
        # alone, and each reader builds its own from the terms it fetched.
        if self.queries:
            super()._create_token_set()
        else:
            self.token_set = None

    def add_terms(self, doc_ref: str, fields: dict[str, list[str]]) -> None:
        self._documents[doc_ref] = {}
        self.document_count += 1
        inverted_index = self.inverted_index
        for field_name in self._fields:
            # lunr's Tokenizer lower-cases list elements: a term's key is its lower case
            field_terms = Counter([term.lower() for term in fields[field_name]])
            field_ref = f"{field_name}/{doc_ref}"  # str(FieldRef(doc_ref, field_name))
            self.field_term_frequencies[field_ref] = field_terms
            self.field_lengths[field_ref] = sum(field_terms.values())
            for term in field_terms:
                posting = inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    inverted_index[term] = posting
                posting[field_name][doc_ref] = NO_METADATA

    def _create_field_vectors(self):
        k1, b = self._k1, self._b
        idfs: dict[str, float] = {}
        field_vectors = {}
        for field_ref, term_frequencies in self.field_term_frequencies.items():
            if not term_frequencies:  # lunr divides by the average length only for a term it has
                field_vectors[field_ref] = Vector()
                continue
            field_name = field_ref.split("/", 1)[0]
            boost = self._fields[field_name].boost
            # lunr computes k1 * (1 - b + b * (length / average)) + tf: the product first, so
            # computing it once per field is the same float
            norm = k1 * (1 - b + b * (self.field_lengths[field_ref] / self.average_field_length[field_name]))
            pairs = []
            for term, tf in term_frequencies.items():
                posting = self.inverted_index[term]
                idf = idfs.get(term)
                if idf is None:
                    idf = idfs[term] = lunr_idf(posting, self.document_count)
                score = idf * ((k1 + 1) * tf) / (norm + tf)
                score *= boost  # the document boost is 1: lunr's "score *= 1" changes nothing
                pairs.append((posting["_index"], round(score, 3)))
            pairs.sort()
            field_vectors[field_ref] = Vector([x for pair in pairs for x in pair])
        self.field_vectors = field_vectors


def build_index(docs: list[SearchDoc], queries: bool = True) -> Index:
    """queries=False: an index without its token set, which only shards.py reads (it cannot be queried)."""
    builder = TermsBuilder(queries)  # no pipeline functions: terms arrive ready (see tokenizer.py)
    builder.ref("id")
    for name in INDEX_FIELDS:
        builder.field(name, boost=BOOSTS[name])
    memo: dict = {}
    for ref, doc in enumerate(docs):
        builder.add_terms(str(ref), document_terms(doc, memo))
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


def department_aliases(context) -> list[list[str]]:
    """[other spelling, canonical name] of every department (as a query run would be written)."""
    out = []
    for dept in context.reference.departments.all:
        for alias in dept.aliases:
            runs = [run for kind, run in segments(alias) if kind == "han"]
            if len(runs) == 1 and runs[0] != dept.name:
                out.append([runs[0], dept.name])
    return out


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


def answer(plan: dict, prepare, run) -> dict:
    """{"plan", "level": the level that answered or None, "results": [{ref, score, alternatives}]}.

    prepare(level) readies what the level's alternatives need (the sharded reader fetches their
    terms); run(alternative) gives lunr's hits. Within a level, the alternatives' results are
    merged: a document's score is its best score; results are ordered by score (rounded to 6
    places), then by ref (document order). search.js does the same."""
    for level in plan["levels"]:
        prepare(level)
        merged: dict[str, dict] = {}
        for number, alternative in enumerate(level["alternatives"]):
            for hit in run(alternative):
                entry = merged.setdefault(hit["ref"], {"ref": hit["ref"], "score": 0.0, "alternatives": []})
                entry["score"] = max(entry["score"], hit["score"])
                entry["alternatives"].append(number)
        if merged:
            results = sorted(merged.values(), key=lambda r: (-round(r["score"], 6), int(r["ref"])))
            return {"plan": plan, "level": level["kind"], "results": results}
    return {"plan": plan, "level": None, "results": []}


class WholeIndex:
    """The documents in one lunr index, searched in memory: what the shards must answer alike
    (tests compare the two on every query of the table)."""

    def __init__(self, context, docs: list[SearchDoc]):
        self.index = build_index(docs)
        self.docs = [doc.display() for doc in docs]
        self.context = QueryContext(han_vocabulary(self.index), department_aliases(context),
                                    names_table(context, docs))

    def search(self, query: str) -> dict:
        return answer(plan_query(query, self.context), lambda level: None,
                      lambda alternative: run_alternative(self.index, alternative))
