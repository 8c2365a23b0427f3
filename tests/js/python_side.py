"""The Python half of the Node tests (tests/js/*.test.mjs): what generator/ answers for each query.

    python -m tests.js.python_side search OUT   writes OUT/search/index/ and OUT/python.json
    python -m tests.js.python_side lookup OUT   writes OUT/lookup/index/ and OUT/python.json

(run from the project root, so that the query tables come from the tests.helpers package).

python.json holds, for every query of tests/queries/<kind>.json, what the Python side makes of it,
so the Node test can check that search.js and lookup.js do the same on the same index.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.core import urls
from generator.pipeline import gather, model_site
from generator.publish.lookup import LookupIndex, write_lookup
from generator.publish.lookup.terms import parse_query
from generator.publish.search import SearchIndex, write_index
from generator.publish.search.documents import build_documents
from generator.publish.search.index import WholeIndex
from generator.results.model import Results
from tests.helpers import ROOT
from tests.helpers.lookup_table import BUSINESSES, KINDS, PLANS, QUERIES as LOOKUP_TABLE
from tests.helpers.search_queries import QUERIES as SEARCH_TABLE


def search_side(out: Path) -> dict:
    table = SEARCH_TABLE
    context = gather(ROOT / "site_config.yml")
    model_site(context)
    # Posting texts over 100 characters in files of their own (the site keeps up to 1,000 in the
    # shards, so two plans have none): search.js's posting files are then read on most queries.
    write_index(context, out, inline=100)
    folder = out / urls.search_index()
    queries = [row[0] for row in table["table"]] + table["nothing"] + table["edge"]
    answers = []
    for query in queries:
        index = SearchIndex(folder)  # a fresh reader per query: the files it fetches are its own
        py = index.search(query)
        answers.append({"query": query, "plan": py["plan"], "level": py["level"], "fetched": sorted(index.fetched),
                        "results": [[r["ref"], r["score"]] for r in py["results"]],
                        "urls": [index.doc(r["ref"])[1] for r in py["results"]]})
    filtered = [{"query": q, "filters": f, "urls": SearchIndex(folder).urls(q, filters=f)}
                for q, f, *_ in table.get("filtered", [])]
    # The whole index as lunr.js loads it: search.js's arithmetic on shards is checked against lunr.js itself.
    whole = WholeIndex(context, build_documents(context, context.reference.synonyms)).index.serialize()
    (out / "whole.json").write_text(json.dumps(whole, ensure_ascii=False), encoding="utf-8")
    return {"index": str(folder), "whole": str(out / "whole.json"), "answers": answers, "filtered": filtered}


def lookup_side(out: Path) -> dict:
    table = LOOKUP_TABLE
    write_lookup(Results(BUSINESSES, KINDS), PLANS, out)
    index = LookupIndex(out / "lookup" / "index")
    businesses = [b for n in range(index.manifest["blocks"]) for b in index.block(n)]
    return {"manifest": index.manifest, "businesses": businesses, "index": str(index.dir),
            "task_url": urls.task("jx-2024", 2), "files": sorted(str(p.relative_to(index.base)) for p in
                                                             index.base.rglob("*") if p.is_file()),
            "answers": [{"query": q, "parsed": parse_query(q),
                         "found": [b["names"][0] for b in index.search(q)["businesses"]]}
                        for q, _ in table["table"]]}


if __name__ == "__main__":
    kind, folder = sys.argv[1], Path(sys.argv[2])
    answer = {"search": search_side, "lookup": lookup_side}[kind](folder)
    (folder / "python.json").write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
