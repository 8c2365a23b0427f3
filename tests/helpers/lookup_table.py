"""The lookup's query table (tests/queries/lookup.json) and the businesses it is asked about,
as results of plan jx-2024: shared by tests/unit/test_lookup.py and the subprocess it starts.
The Node test of lookup.js (tests/js/lookup.test.mjs) reads the same JSON."""

from __future__ import annotations

import json
from datetime import date

from generator.reference.result_kinds import ResultKinds
from generator.results.model import Result
from generator.text.identifiers import make_credit_code
from tests.helpers import ROOT

KINDS = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
# The businesses and the query table, shared with the lookup's Node test (tests/js/lookup.test.mjs).
QUERIES = json.loads((ROOT / "tests" / "queries" / "lookup.json").read_text(encoding="utf-8"))
PLANS = QUERIES["plans"]


def code(n: int) -> str:
    return make_credit_code(f"9114082600000{n:04d}")


def result(name, credit_code="", seq=1, day=10, kinds=("未发现问题",), example=False):
    return Result("jx-2024", seq, name, credit_code, date(2024, 5, day), ("市场监督管理局",), kinds, "",
                  date(2024, 5, day + 5), date(2024, 6, 7), 0, example)


BUSINESSES = [result(name, code(n) if n else "", seq, day, tuple(kinds))
              for name, n, seq, day, kinds in QUERIES["businesses"]]
