"""Site search, Python side: the tokenizer, the index file, and a table of real queries.

The query table runs in Python against the sharded index built from the real plans, and must get
from the shards what one whole lunr index of the same documents answers (plan, results, scores,
order); the browser test (tests/browser/test_search_browser.py) and the Node test run the same table
in lunr.js and check both sides agree.
"""

from __future__ import annotations

import json
import re

import pytest

from generator.pipeline import gather, model_site
from generator.core import urls as site_urls
from generator.publish.search import SearchIndex, write_index
from generator.publish.search.documents import FACETS, build_documents
from generator.publish.search.index import WholeIndex
from generator.publish.search.reader import decode_posting, decode_refs
from generator.publish.search.shards import delta_text
from generator.publish.search.tokenizer import (QueryContext, bigrams, english_terms, english_word, fmm_split,
                                                han_terms, initials_terms, normalize, pinyin_terms, plan_query,
                                                run_readings, segment_pinyin, segments, transliterate)
from generator.reference.lists import load_synonyms
from tests.helpers import ROOT
from tests.helpers.search_queries import CULTURE, FIRE, HOTEL_TASKS, MARKET, NOTHING, POLICE, QUERIES, QUERY_TABLE

EVERY_QUERY = [q for q, *_ in QUERY_TABLE] + NOTHING + QUERIES["edge"]


@pytest.fixture(scope="module")
def gathered():
    context = gather(ROOT / "site_config.yml")
    model_site(context)  # the pages' URLs, which the documents link to
    return context


@pytest.fixture(scope="module")
def built(gathered, tmp_path_factory):
    out = tmp_path_factory.mktemp("search-site")
    lines = write_index(gathered, out)
    return out / site_urls.search_index(), lines


@pytest.fixture(scope="module")
def index(built):
    return SearchIndex(built[0])


@pytest.fixture(scope="module")
def whole(gathered):
    return WholeIndex(gathered, build_documents(gathered, gathered.reference.synonyms))


# --- tokenizer ------------------------------------------------------------------------------

def test_normalize_folds_width_case_umlaut_and_tones():
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("Lǚguǎn") == "lvguan"
    assert normalize("lüguan") == "lvguan"
    assert normalize("市场（监管）") == "市场(监管)"


def test_segments_split_han_latin_and_fullwidth_punctuation():
    segs = segments("代码：9114 市场监管、旅馆（A级）lv guan")
    assert segs == [("han", "代码"), ("latin", "9114"), ("han", "市场监管"), ("han", "旅馆"), ("latin", "a"),
                    ("han", "级"), ("latin", "lv"), ("latin", "guan")]


def test_han_terms_keep_every_character_bigram_and_word():
    terms = han_terms("对酒店、旅馆业从业单位")
    for term in ("旅", "旅馆", "馆业", "酒店", "旅馆业", "单位"):
        assert term in terms
    assert "店旅" not in terms  # the 、 separates
    assert bigrams("市场监管") == ["市场", "场监", "监管"]
    assert han_terms("对外", characters=False, words=False) == ["对外"]


def test_pinyin_terms_syllables_pairs_and_u_for_umlaut():
    terms = pinyin_terms("旅馆")
    assert {"lv", "lu", "guan", "lv_guan", "lu_guan"} <= set(terms)
    # no stop-word filter: syllables lunr would drop as English stop words survive
    assert {"you", "xian", "gong_si"} <= set(pinyin_terms("有限公司"))
    assert "he" in pinyin_terms("河北")
    assert "an" in pinyin_terms("公安")


def test_polyphones_of_unknown_names_get_every_reading():
    readings = run_readings("宇晟")
    assert ("yu", "cheng") in readings and ("yu", "sheng") in readings
    assert run_readings("行业") == (("hang", "ye"),)  # a phrase pypinyin knows keeps its one reading


def test_initials_from_word_starts_cut_to_eight():
    terms = initials_terms("市场监督管理局")
    assert "scjdglj" in terms and "glj" in terms
    assert all(len(t) <= 8 for t in initials_terms("高平市市场监管领域双随机一公开监管工作领导小组办公室"))


def test_english_words_fold_plurals_and_keep_codes_whole():
    assert english_word("hotels") == "hotel" and english_word("agencies") == "agency"
    assert english_word("business") == "business" and english_word("gas") == "gas"
    # no stemmer: a credit code ending in Y stays whole (lunr.py and lunr.js stem it differently)
    assert english_terms("代码：91350100M000100Y43") == ["91350100m000100y43"]


def test_segment_pinyin_reads_every_way_and_stays_small():
    assert segment_pinyin("xian") == [["xian"], ["xi", "an"]]
    assert segment_pinyin("shichangjianguan")[0] == ["shi", "chang", "jian", "guan"]
    assert segment_pinyin("shichangj") == [["shi", "chang", "j"]]  # still typing
    assert segment_pinyin("scjg") == []
    assert segment_pinyin("hotel") == []
    assert len(segment_pinyin("an" * 20)) <= 8
    assert segment_pinyin("x" * 41) == []


def test_fmm_split_and_transliterate():
    assert fmm_split("高平旅馆", {"高平", "旅馆", "平旅"}) == ["高平", "旅馆"]
    names = [("市场监管局", ["shi", "chang", "jian", "guan", "ju"]), ("高平市", ["gao", "ping", "shi"])]
    assert transliterate(["gaoping"], names) == ["高平"]
    assert transliterate(["jian", "guan"], names) == ["监管"]
    assert transliterate(["scjg"], names) == ["市场监管"]
    assert transliterate(["guan"], names) == []  # one syllable spells too much


def test_query_plan_uses_required_bigrams_without_pipeline():
    plan = plan_query("市场监管")
    [level] = plan["levels"]
    [alternative] = level["alternatives"]
    required = [c["term"] for c in alternative["clauses"] if c["required"]]
    assert required == ["市场", "场监", "监管"]
    assert all(c["fields"] == ["t", "b", "a"] for c in alternative["clauses"])


def test_query_plan_pinyin_initials_english_alternatives():
    plan = plan_query("lv guan")
    kinds = [a["kind"] for a in plan["levels"][0]["alternatives"]]
    assert kinds[0] == "pinyin" and "initials" in kinds and "english" in kinds
    first = plan["levels"][0]["alternatives"][0]["clauses"]
    assert [(c["term"], c["wildcard"]) for c in first] == [("lv_guan", True)]


def test_query_plan_aliases_and_words_level():
    context = QueryContext({"高平", "旅馆"}, [("市监局", "市场监督管理局"), ("市场监管局", "市场监督管理局")], [])
    runs = [a["runs"] for a in plan_query("市监局", context)["levels"][0]["alternatives"]]
    assert runs == [["市监局"], ["市场监督管理局"]]
    runs = [a["runs"] for a in plan_query("市场监管", context)["levels"][0]["alternatives"]]
    assert ["市场监督管理局"] in runs  # the start of a spelling
    levels = plan_query("高平旅馆", context)["levels"]
    assert [lv["kind"] for lv in levels] == ["exact", "words"]
    assert levels[1]["alternatives"][0]["runs"] == ["高平", "旅馆"]


# --- the index file -------------------------------------------------------------------------

def test_build_log_reports_documents_shards_and_sizes(built):
    folder, lines = built
    assert len(lines) == 1
    match = re.match(r"Search index: (\d+) documents \(2 plans, 111 tasks, \d+ departments, \d+ industries and "
                     r"sections\); (\d+) terms in (\d+) shards \(largest ([\d.]+) KB gzip\), (\d+) posting files; "
                     r"(\d+) files, (\d+) KB; manifest ([\d.]+) KB gzip; [\d.]+ s", lines[0])
    assert match, lines
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert int(match.group(6)) == len(files)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert int(match.group(3)) == manifest["shards"] == len(manifest["bounds"])


def test_manifest_is_small_and_names_its_version(built):
    folder, _ = built
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (folder / "manifest.json").stat().st_size < 20_000
    assert (folder / manifest["version"]).is_dir()
    assert {p.name for p in folder.iterdir()} == {manifest["version"], "manifest.json"}  # no older version left
    assert manifest["fields"] == ["t", "b", "a", "yt", "y", "i", "e"]
    assert manifest["bounds"] == sorted(manifest["bounds"])  # code-point order: a term's shard by bisection
    assert [kind for kind, _ in manifest["kind_starts"]] == ["plan", "task", "department", "industry"]
    assert set(manifest["facets"]) == set(FACETS)


def test_posting_texts_round_trip():
    assert delta_text([0, 5, 8]) == "0,5,3"
    assert decode_refs("0,5,3") == [0, 5, 8]
    assert decode_posting("12339:0,5,3;3695:10") == [(12.339, [0, 5, 8]), (3.695, [10])]


def test_shards_answer_every_query_as_the_whole_index(built, whole):
    """The whole index is today's search; the shards must give the same plan, results, scores, order."""
    problems = []
    for query in EVERY_QUERY:
        sharded, one = SearchIndex(built[0]).search(query), whole.search(query)
        if sharded["plan"] != one["plan"] or sharded["level"] != one["level"]:
            problems.append(f"{query!r}: plan or level")
        elif [(r["ref"], round(r["score"], 9)) for r in sharded["results"]] != \
                [(r["ref"], round(r["score"], 9)) for r in one["results"]]:
            problems.append(f"{query!r}: results")
    assert not problems, problems


def test_posting_files_are_the_manifests_long_terms_and_answer_alike(gathered, whole, tmp_path):
    """With posting texts over 100 characters in files (the site keeps up to 1,000 inline, so two plans
    have none), the manifest lists each file's term, and the shards still answer as the whole index."""
    write_index(gathered, tmp_path, inline=100)
    folder = tmp_path / site_urls.search_index()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    long = manifest["long"]
    assert long == sorted(long) and len(long) == manifest["posting_files"] > 50
    posting_files = sorted((folder / manifest["version"] / "p").rglob("*.txt"), key=lambda p: int(p.stem))
    assert [int(p.stem) for p in posting_files] == list(range(len(long)))
    reader = SearchIndex(folder)
    for number, term in enumerate(long):  # each file holds its term's long fields, a line "field text" each
        assert reader.expand(term, False) == [term]  # reads the term's shard
        fields = {f for f, v in reader.entries[term][1].items() if v == number}
        lines = posting_files[number].read_text(encoding="utf-8").split("\n")
        assert {line.split(" ", 1)[0] for line in lines} == fields, term
    problems = []
    for query in EVERY_QUERY:
        reader = SearchIndex(folder)
        sharded, one = reader.search(query), whole.search(query)
        if [(r["ref"], round(r["score"], 9)) for r in sharded["results"]] != \
                [(r["ref"], round(r["score"], 9)) for r in one["results"]]:
            problems.append(query)
    assert not problems, problems
    # A document's file from the manifest's doc_files: every document is found, once, in order.
    assert [reader.doc(ref)[1] for ref in range(manifest["docs"])] == [d[1] for d in whole.docs]


def test_a_query_fetches_a_few_files(built):
    counts = {}
    for query in ("旅馆", "lvguan", "hotel", "市场监管"):
        reader = SearchIndex(built[0])
        reader.search(query)
        counts[query] = len(reader.fetched)
        assert all(not f.startswith("d/") for f in reader.fetched)  # documents only when shown
    total = sum(1 for p in built[0].rglob("*") if p.is_file())
    assert max(counts.values()) < total / 5, counts


def test_one_document_per_plan_task_department_industry(gathered, index):
    docs = [index.doc(ref) for ref in range(index.manifest["docs"])]
    kinds = [d[0] for d in docs]
    urls = [d[1] for d in docs]
    assert kinds.count("plan") == len(gathered.plans)
    assert kinds.count("task") == sum(len(p["tasks"]) for p in gathered.plans)
    assert kinds.count("department") == len(gathered.reference.departments.all)
    assert kinds.count("industry") >= len(gathered.reference.industries.industries)
    assert len(set(urls)) == len(urls), "two documents share a URL"
    for kind, url in zip(kinds, urls):
        assert re.fullmatch({"plan": r"plans/[^/]+/", "task": r"plans/[^/]+/tasks/\d+/",
                             "department": r"departments/[a-z0-9-]+/", "industry": r"industries/[a-z0-9-]+/"}[kind], url)


def test_urls_are_the_page_layers(index, gathered):
    from generator.site import model

    site = model.build_model(gathered)
    published = {d.url for d in site.departments} | {i.url for i in site.industries} | {s.url for s in site.sections}
    published |= {p.url for p in site.plans} | {t.url for p in site.plans for t in p.tasks}
    assert {index.doc(ref)[1] for ref in range(index.manifest["docs"])} <= published


def test_synonyms_file_is_valid_and_reaches_documents(gathered):
    groups = load_synonyms(ROOT / "data" / "reference" / "synonyms.yml")
    assert any("网吧" in g for g in groups)
    docs = build_documents(gathered, groups)
    cafe = [d for d in docs if d.kind == "task" and "互联网上网服务" in d.title]
    assert cafe and all("网吧" in d.related for d in cafe)


# --- the query table ------------------------------------------------------------------------

def test_query_table_covers_every_kind_of_query():
    assert len(QUERY_TABLE) >= 30
    assert {kind for _, kind, _, _ in QUERY_TABLE} >= {"zh", "pinyin", "initials", "en"}


@pytest.mark.parametrize("query,kind,must,must_not", QUERY_TABLE, ids=[q for q, *_ in QUERY_TABLE])
def test_query_finds_the_right_pages(index, query, kind, must, must_not):
    urls = index.urls(query)
    missing = [u for u in must if u not in urls]
    assert not missing, f"{query!r} ({kind}) misses {missing}; got {urls[:12]}"
    wrong = [u for u in must_not if u in urls]
    assert not wrong, f"{query!r} ({kind}) should not find {wrong}"


@pytest.mark.parametrize("query", NOTHING)
def test_nonsense_finds_nothing(index, query):
    assert index.search(query)["results"] == []


def test_aliases_find_the_same_department(index):
    first = {q: index.urls(q, kind="department") for q in ("市场监管局", "市监局", "市场监督管理局", "scjg", "shichangjianguan")}
    assert all(urls and urls[0] == MARKET for urls in first.values()), first
    tasks = {q: set(index.urls(q, kind="task")) for q in ("市监局", "市场监督管理局", "市场监管局")}
    assert tasks["市监局"] == tasks["市场监督管理局"] == tasks["市场监管局"]


def test_every_spelling_of_hotel_finds_the_same_tasks(index):
    found = {q: set(index.urls(q, kind="task")) for q in ("旅馆", "lvguan", "lv guan", "luguan", "hotel", "lgy")}
    assert all(v == set(HOTEL_TASKS) for v in found.values()), found


def test_department_ranks_first_for_its_name(index):
    for query, url in (("公安局", POLICE), ("gonganju", POLICE), ("文化和旅游局", CULTURE), ("消防", FIRE)):
        assert index.urls(query, kind="department")[0] == url


# --- filters ------------------------------------------------------------------------------

def test_filter_values_come_from_the_plans(index, gathered):
    facets = index.manifest["facets"]
    assert [v for v, _ in facets["place"]["values"]] == ["高平市", "绛县"]  # by pinyin: gao, jiang
    assert [v for v, _ in facets["year"]["values"]] == ["2024", "2023"]
    tasks = {p["plan"]["jurisdiction"]: len(p["tasks"]) for p in gathered.plans}
    assert dict(facets["place"]["values"]) == {place: n + 1 for place, n in tasks.items()}  # its plan and tasks
    departments = [v for v, _ in facets["dept"]["values"]]
    reference = [d.name for d in gathered.reference.departments.all]
    assert departments == [d for d in reference if d in departments]
    assert "市场监督管理局" in departments and "旅馆业" in dict(facets["industry"]["values"])


@pytest.mark.parametrize("query,filters,must,must_not", QUERIES["filtered"],
                         ids=[f"{q or '-'} {f}" for q, f, *_ in QUERIES["filtered"]])
def test_filters_narrow_the_results(index, query, filters, must, must_not):
    urls = index.urls(query, filters=filters)
    assert not [u for u in must if u not in urls], urls
    assert not [u for u in must_not if u in urls], urls
    if query:
        unfiltered = index.urls(query)
        assert urls == [u for u in unfiltered if u in urls]  # the same order, some left out


def test_no_query_and_no_filter_finds_nothing(index):
    assert index.search("")["results"] == [] and index.search("  ", {})["results"] == []
