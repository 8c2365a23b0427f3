"""Write the search index in shards: a query fetches the small manifest, the term shards its
terms fall in, and the documents it shows; never the whole index.

Layout under site/search/index/ (the lookup's, generator/publish/lookup/writer.py, with lunr's
scores kept):
  manifest.json              small, re-fetched each visit: version, shard bounds, the terms with
                             posting files (`long`), tokenizer tables, kinds, department
                             spellings, the filters' values
  <version>/t/<n>.json       term shards: term -> [term index, {field: posting text | file no}],
                             terms in code-point order, cut at SHARD_TARGET bytes; `bounds`
                             (the first term of each) finds a term's shard, and a prefix's
                             shards (pinyin, initials and English are typed as prefixes)
  <version>/p/<k>/<n>.txt    the posting texts longer than INLINE of the n-th term of the manifest's
                             `long` list, a line "field text" each: a reader that knows a query's
                             terms fetches them beside the term shards, not after them
  <version>/d/<k>/<n>.json   the documents as shown ([kind, url, title, meta, en, also]), in
                             document order (tasks alike together), DOC_BLOCK per file (DOC_BLOCKS for some kinds);
                             the manifest's `doc_files` finds a document's file
  <version>/f/<facet>/<n>.txt  the documents of one filter value (delta-coded refs)
  <version>/names.json       [Han, syllables, English] of names: pinyin and initials queries are
                             tried as the Han text they spell; "did you mean" is chosen from it
  <version>/chars.json       Han character -> syllables, to highlight pinyin matches

A posting text holds, for one term in one field, lunr's weight of every document that has it (the
numbers of the whole index's field vectors, times 1000) and the documents, grouped by weight:
"12339:0,5,3;3695:10" is documents 0, 5 and 8 at 12.339 and document 10 at 3.695. A reader puts the
fetched terms back into a lunr index of its own (reader.py, search.js) and lets lunr score the
query there: only the query's terms take part in a score, so it is the score, and the order, the
whole index gives.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import defaultdict

from generator.core import urls
from generator.core.io import dumps_compact
from generator.publish.search.documents import FACETS, KIND_LABELS, SearchDoc
from generator.publish.search.index import build_index, department_aliases, names_table
from generator.publish.search.tokenizer import INDEX_FIELDS, readings_of_chars, run_readings, tokenizer_config

FORMAT = 3
SHARD_TARGET = 3_000  # raw bytes of a term shard before the next one starts
INLINE = 1000         # posting texts up to this long sit in their shard: no further fetch (a round trip saved)
# Documents per file. Ties come in document order, and tasks alike (documents.build_documents) are
# numbered together, so a page of a province's results is a run of neighbours: 10 tasks in 2 files,
# not 5 (at 400 plans the heaviest query 74 KB for 80; at 2 plans, where little is alike, 68 for 66).
DOC_BLOCK = 5
# Departments and industries are the reference lists' few dozen, however many plans: all in a file
# each (36 and 77 today), so the first page of results is up to 8 requests fewer (browsers open 6
# connections to a host over HTTP/1.1: 20 files are 4 rounds of them) for at most ~4 KB more. Plans
# are ten to a file: their synonym lists are much alike (the two real plans: 0.9 KB gzip alone, 1.2 KB
# together), so ten cost about what four do alone; a page shows ten. The queries of
# tests/queries/search.json at 40 plans: 13 files a query for 21, 10 KB for 18 (median).
DOC_BLOCKS = {"plan": 10, "department": 40, "industry": 80}


def posting_texts(index) -> dict[str, dict[str, str]]:
    """term -> field -> posting text, from a built lunr index's field vectors."""
    term_of = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    # (term number, field) -> weight -> refs; refs arrive ascending (vectors are in document
    # order), sorted again below all the same. The inner loop runs once per posting (millions at
    # 400 plans): the field's and the document's parts of a vector's key are split once per vector.
    grouped: dict[tuple[int, str], dict[int, list[int]]] = {}
    for field_ref, vector in index.field_vectors.items():
        field, ref = str(field_ref).split("/", 1)
        ref = int(ref)
        elements = vector.elements
        for term_index, weight in zip(elements[::2], elements[1::2]):
            key = (term_index, field)
            by_weight = grouped.get(key)
            if by_weight is None:
                by_weight = grouped[key] = {}
            weight = round(weight * 1000)
            refs = by_weight.get(weight)
            if refs is None:
                by_weight[weight] = [ref]
            else:
                refs.append(ref)
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for (term_index, field), by_weight in grouped.items():
        out[term_of[term_index]][field] = ";".join(
            f"{weight}:{delta_text(sorted(refs))}" for weight, refs in sorted(by_weight.items(), reverse=True))
    return out


def delta_text(numbers: list[int]) -> str:
    """Ascending numbers as the first, then the differences: short text that compresses well."""
    return ",".join(str(n - (numbers[k - 1] if k else 0)) for k, n in enumerate(numbers))


def _term_files(index, texts, inline: int) -> tuple[list[tuple[str, str]], list[str], dict]:
    files: list[tuple[str, str]] = []
    bounds: list[str] = []
    long: list[str] = []  # terms with a posting file, in term order: the file's number is the place here
    shard: dict = {}
    size = 0

    def flush():
        files.append((urls.search_terms(len(bounds) - 1), dumps_compact(shard)))

    for term in sorted(index.inverted_index):
        entry: dict[str, object] = {}
        lines = []
        for field in INDEX_FIELDS:
            text = texts.get(term, {}).get(field)
            if text is None:
                continue
            if len(text) > inline:
                lines.append(f"{field} {text}")
                entry[field] = len(long)
            else:
                entry[field] = text
        if lines:
            files.append((urls.search_postings(len(long)), "\n".join(lines)))
            long.append(term)
        item = [index.inverted_index[term]["_index"], entry]
        if not bounds or size >= SHARD_TARGET:
            if bounds:
                flush()
            bounds.append(term)
            shard, size = {}, 0
        shard[term] = item
        size += len(term.encode("utf-8")) + len(dumps_compact(item).encode("utf-8")) + 4
    if bounds:
        flush()
    else:  # no documents: one empty shard, so every query answers "nothing found"
        bounds.append("")
        files.append((urls.search_terms(0), "{}"))
    return files, bounds, {"shards": len(bounds), "posting_files": len(long), "long": long}


def _facet_files(docs: list[SearchDoc]) -> tuple[list[tuple[str, str]], dict]:
    """The filters' values (those some document has), each with its documents' file."""
    refs: dict[str, dict[str, list[int]]] = {name: {} for name in FACETS}
    for ref, doc in enumerate(docs):
        for name, values in doc.facets.items():
            for value in values:
                refs[name].setdefault(value, []).append(ref)
    # A department's and an industry's own document comes in reference order: their values do too.
    own = {(name, doc.title): ref for ref, doc in enumerate(docs) if doc.kind in ("department", "industry")
           for name in doc.facets}
    order = {
        "place": lambda v: (run_readings(v)[0], v),   # by pinyin, as a list of places is read
        "year": lambda v: (-int(v) if v.isdigit() else 0, v),  # the latest first
        "dept": lambda v: own.get(("dept", v), len(docs)),
        "industry": lambda v: own.get(("industry", v), len(docs)),
    }
    files, facets = [], {}
    for name, label in FACETS.items():
        values = sorted(refs[name], key=order[name])
        facets[name] = {"label": label, "values": [[v, len(refs[name][v])] for v in values]}
        for k, value in enumerate(values):
            files.append((urls.search_facet(name, k), delta_text(refs[name][value])))
    return files, facets


def _chars(docs: list[SearchDoc]) -> dict[str, str]:
    chars: dict[str, set[str]] = {}
    # Each text once: a province's plans repeat their tasks' titles and facts, and the union of
    # a text's readings with itself adds nothing.
    texts = dict.fromkeys(text for doc in docs for text in (doc.title, doc.meta, *doc.aliases, *doc.related))
    for text in texts:
        for ch, syllables in readings_of_chars(text).items():
            chars.setdefault(ch, set()).update(syllables)
    return {ch: " ".join(sorted(s)) for ch, s in sorted(chars.items())}


def shard_files(context, docs: list[SearchDoc], inline: int = INLINE) -> tuple[list[tuple[str, str]], dict]:
    """(files of the version folder as (relative path, text), the manifest without its version).
    inline: the longest posting text kept in its shard (tests lower it to read posting files)."""
    index = build_index(docs, queries=False)
    files, bounds, stats = _term_files(index, posting_texts(index), inline)
    doc_files, doc_ranges = _doc_files(docs)
    files += doc_files
    facet_files, facets = _facet_files(docs)
    files += facet_files
    files.append((urls.SEARCH_NAMES, dumps_compact(names_table(context, docs))))
    files.append((urls.SEARCH_CHARS, dumps_compact(_chars(docs))))
    manifest = {
        "format": FORMAT,
        "docs": len(docs),
        "doc_files": doc_ranges,
        "fields": list(INDEX_FIELDS),
        "bounds": bounds,
        "tokenizer": tokenizer_config(),
        "kinds": KIND_LABELS,
        "kind_starts": _kind_starts(docs),
        "aliases": department_aliases(context),
        "facets": facets,
        "terms": len(index.inverted_index),
        **stats,
        "urls": urls.search_patterns(),
    }
    return files, manifest


def _doc_files(docs: list[SearchDoc]) -> tuple[list[tuple[str, str]], list[list[int]]]:
    """The document files, and [first ref, documents per file, first file number] of each kind: the
    file of document r of a kind is number + (r - first) // per file, at (r - first) % per file."""
    starts = _kind_starts(docs)
    files: list[tuple[str, str]] = []
    ranges: list[list[int]] = []
    for k, (kind, first) in enumerate(starts):
        end = starts[k + 1][1] if k + 1 < len(starts) else len(docs)
        size = DOC_BLOCKS.get(kind, DOC_BLOCK)
        ranges.append([first, size, len(files)])
        for n in range(first, end, size):
            shown = [d.display() for d in docs[n:min(n + size, end)]]
            files.append((urls.search_docs(len(files)), dumps_compact(shown)))
    return files, ranges


def _kind_starts(docs: list[SearchDoc]) -> list[list]:
    """[[kind, first ref], …]: documents come one kind after another (documents.build_documents)."""
    starts: list[list] = []
    for ref, doc in enumerate(docs):
        if not starts or starts[-1][0] != doc.kind:
            starts.append([doc.kind, ref])
    return starts


def version_of(files: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for rel, text in files:
        digest.update(rel.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
