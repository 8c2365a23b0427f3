"""The Python half of the Node tests (tests/js/*.test.mjs): what generator/ answers for each query.

    python tests/js/python_side.py search OUT   writes OUT/search/index.json and OUT/python.json
    python tests/js/python_side.py lookup OUT   writes OUT/lookup/index/ and OUT/python.json

python.json holds, for every query of tests/queries/<kind>.json, what the Python side makes of it,
so the Node test can check that search.js and lookup.js do the same on the same index.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from generator.core import urls
from generator.pipeline import gather, model_site
from generator.publish.lookup import LookupIndex, write_lookup
from generator.publish.lookup.terms import parse_query
from generator.publish.search import SearchIndex, write_index
from generator.reference.result_kinds import ResultKinds
from generator.results.model import Result, Results
from generator.text.identifiers import make_credit_code

ROOT = Path(__file__).resolve().parents[2]


def _queries(kind: str) -> dict:
    return json.loads((ROOT / "tests" / "queries" / f"{kind}.json").read_text(encoding="utf-8"))


def search_side(out: Path) -> dict:
    table = _queries("search")
    context = gather(ROOT / "site_config.yml")
    model_site(context)
    write_index(context, out)
    index = SearchIndex.from_file(out / "search" / "index.json")
    queries = [row[0] for row in table["table"]] + table["nothing"] + table["edge"]
    answers = []
    for query in queries:
        py = index.search(query)
        answers.append({"query": query, "plan": py["plan"], "level": py["level"],
                        "results": [[r["ref"], r["score"]] for r in py["results"]]})
    return {"index": str(out / "search" / "index.json"), "answers": answers}


def lookup_side(out: Path) -> dict:
    table = _queries("lookup")
    kinds = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
    records = [Result("jx-2024", seq, name, make_credit_code(f"9114082600000{n:04d}") if n else "",
                      date(2024, 5, day), ("市场监督管理局",), tuple(names), "", date(2024, 5, day + 5),
                      date(2024, 6, 7), 0, False)
               for name, n, seq, day, names in table["businesses"]]
    write_lookup(Results(records, kinds), table["plans"], out)
    index = LookupIndex(out / "lookup" / "index")
    blocks = sorted((index.base / "b").rglob("*.json"), key=lambda p: int(p.stem))
    businesses = [b for path in blocks for b in json.loads(path.read_text(encoding="utf-8"))]
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
