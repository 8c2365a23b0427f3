"""The lookup index: written by generator/publish/lookup, read back the way assets/lookup.js reads it."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest
from pypinyin import Style, lazy_pinyin

from generator.publish.lookup import LookupIndex, write_lookup
from generator.publish.lookup import writer
from generator.publish.lookup.terms import parse_query, segment
from generator.results.model import Results
from tests.helpers import ROOT
from tests.helpers.lookup_table import BUSINESSES, KINDS, PLANS, QUERIES, code, result

@pytest.fixture(scope="module")
def index(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    write_lookup(Results(BUSINESSES, KINDS), PLANS, out)
    return LookupIndex(out / "lookup" / "index")


def names(answer):
    return [b["names"][0] for b in answer["businesses"]]


@pytest.mark.parametrize("query, found", QUERIES["table"])
def test_lookup(index, query, found):
    answer = index.search(query)
    assert sorted(names(answer)) == sorted(found)
    assert answer["exact"]


def test_every_inspection_of_a_business_comes_with_it(index):
    [business] = index.search("恒源")["businesses"]
    assert business["credit_code"] == code(1)
    assert [(i["task"], i["task_name"], i["kinds"], i["inspected"], i["published"], i["departments"])
            for i in business["inspections"]] == [
        (1, "商场超市抽查", ["未发现问题"], "2024-05-10", "2024-05-15", ["市场监督管理局"]),
        (2, "旅馆业抽查", ["发现问题已责令改正", "未按规定公示应当公示的信息"], "2024-05-20", "2024-05-25", ["市场监督管理局"])]
    assert business["inspections"][0]["plan"] == "绛县2024年计划"


def test_too_short_and_empty_queries(index):
    assert index.search("x")["mode"] == "short" and index.search("x")["businesses"] == []
    assert index.search("  ")["mode"] == "empty"


def test_query_parsing():
    assert segment(["xian"]) == [("xian", True)]
    assert segment(["xi", "an"]) == [("xi", True), ("an", True)]
    assert segment(["fangan"]) == [("fang", True), ("an", True)]  # fewest pieces, longer first piece
    assert segment(["huay"]) == [("hua", True), ("y", False)]
    assert segment(["hy"]) is None
    assert parse_query("hycs") == {"mode": "initials", "letters": list("hycs"), "terms": ["ihycs"], "whole": True}
    assert parse_query("jxhywjd")["terms"] == ["ijxhy", "ixhyw", "ihywj", "iywjd"]
    assert parse_query("恒源超市")["terms"] == ["h恒源", "h源超", "h超市"]
    long = parse_query("山西省运城市绛县恒源超市有限公司")["terms"]
    assert long == ["h恒源", "h源超", "h超市", "h市有", "h有限", "h限公"]  # the trade name's pairs first


def test_examples_flag_and_version(tmp_path):
    examples = [result("绛县恒源超市（示例）", code(1), example=True)]
    write_lookup(Results(examples, KINDS), PLANS, tmp_path / "a")
    write_lookup(Results(examples, KINDS), PLANS, tmp_path / "b")
    first = json.loads((tmp_path / "a/lookup/index/manifest.json").read_text(encoding="utf-8"))
    second = json.loads((tmp_path / "b/lookup/index/manifest.json").read_text(encoding="utf-8"))
    assert first["examples"] is True and first == second  # same data, same version: builds are reproducible
    assert (tmp_path / "a/lookup/index" / first["version"] / "pack" / "t" / "0.bin").is_file()


def test_the_index_does_not_depend_on_string_hashing(tmp_path):
    """Python randomises str hashes per process; the files written must not change with them."""
    script = ("import sys; from pathlib import Path; from generator.publish.lookup import write_lookup; "
              "from generator.results.model import Results; from tests.helpers.lookup_table import BUSINESSES, KINDS, "
              "PLANS; write_lookup(Results(BUSINESSES, KINDS), PLANS, Path(sys.argv[1]))")
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(tmp_path / seed)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    versions = [json.loads((tmp_path / seed / "lookup/index/manifest.json").read_text(encoding="utf-8"))["version"]
                for seed in ("1", "2")]
    assert versions[0] == versions[1]


def test_no_results_still_answers(tmp_path):
    write_lookup(Results([], KINDS), PLANS, tmp_path)
    assert LookupIndex(tmp_path / "lookup/index").search("恒源")["businesses"] == []


def test_long_lists_are_cut_and_the_answer_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "CAP", 30)
    monkeypatch.setattr(writer, "INLINE", 4)
    pairs = list(zip("恒瑞宏盛兴隆福顺德嘉利丰祥泰安康永宝晋汇", "源达昌泰丰盛旺发通诚信和晟远辉明华成航润"))
    many = [result(f"绛县{a}{b}{n}超市", code(i)) for i, (n, (a, b)) in enumerate((n, p) for n in "一二三" for p in pairs)]
    write_lookup(Results(many, KINDS), PLANS, tmp_path)
    index = LookupIndex(tmp_path / "lookup/index")
    common = index.search("超市", limit=100, max_blocks=None)
    assert common["partial"] and not common["exact"] and common["total"] == 60 and len(common["businesses"]) == 30
    rare = index.search("宏昌二超市")
    assert names(rare) == ["绛县宏昌二超市"] and rare["exact"]  # the cut list is skipped, a rare one decides
    assert any(what == "postings" for what, *_ in index.fetched)  # long lists are entries of their own


def test_every_business_is_found_by_code_name_fragment_pinyin_and_initials(tmp_path):
    """Recall on invented names: each business must be among the answers to queries about it."""
    rng = random.Random(5)
    chars = "恒鑫瑞宏盛兴隆福顺德嘉利丰祥泰安康永宝晋汇通宇博新源达昌旺发诚信和晟远辉明华成航润峰茂长乐行重"
    trades = ["超市", "宾馆", "印刷有限公司", "大药房", "汽车修理厂", "农业专业合作社"]
    records = []
    for i in range(400):
        name = "绛县" + "".join(rng.choice(chars) for _ in range(2)) + rng.choice(trades)
        records.append(result(name, code(i) if i % 10 else ""))
    write_lookup(Results(records, KINDS), PLANS, tmp_path)
    index = LookupIndex(tmp_path / "lookup/index")
    for r in records[::7]:
        fragment = r.business[2:6]
        queries = [r.business, fragment, "".join(lazy_pinyin(fragment)), " ".join(lazy_pinyin(fragment)),
                   "".join(lazy_pinyin(fragment, style=Style.FIRST_LETTER))]
        if r.credit_code:
            queries.append(r.credit_code)
        for q in queries:
            answer = index.search(q, limit=1000, max_blocks=None)
            assert r.business in names(answer), q
            if q in (r.business, r.credit_code):
                assert all(fragment in n for n in names(answer))
