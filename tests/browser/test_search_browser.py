"""Site search in a real Chromium: the index built by Python lunr, in shards fetched by query and
scored by search.js with lunr's arithmetic.

The site is built for real (generator.pipeline.write_site); if the page layer cannot build it
(or GONGKAI_SEARCH_FIXTURE_PAGE=1), the tests use a minimal page beside a real index, with a
warning. Either way:

- search.js plans, fetches and answers every query of the Python query table exactly as Python
  does (the tokenizer exists twice: tokenizer.py and search.js);
- queries typed into the page show grouped, highlighted, linked results; /search/?q=… opens
  with its results (and its filters: ?place=…&year=…&dept=…&industry=…); nothing found says so
  and suggests close names; #search-app gets data-answered="<query>" once the answer is shown.
"""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from generator.core import urls
from generator.pipeline import gather, model_site, write_site
from generator.publish.search import SearchIndex, write_index
from tests.helpers import ROOT, require_chromium
from tests.helpers.search_queries import CAFE, HOTEL_INDUSTRY, HOTEL_TASKS, MARKET, NOTHING, QUERIES, QUERY_TABLE


require_chromium()

# Beyond the table: input the tokenizers must treat alike (tests/queries/search.json "edge").
EDGE_QUERIES = QUERIES["edge"]

FIXTURE_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>搜索</title></head>
<body><main><h1>搜索</h1>
<link rel="preload" href="../search/index/manifest.json" as="fetch" crossorigin="anonymous">
<div id="search-app" data-index="../search/index/"></div>
</main>
<script src="../assets/i18n.js"></script>
<script src="../assets/search.js"></script>
</body></html>
"""


def _real_site(gathered, out: Path) -> bool:
    if os.environ.get("GONGKAI_SEARCH_FIXTURE_PAGE"):  # test search.js alone, on the fixture page
        return False
    try:
        write_site(gathered, out)
    except Exception as exc:  # the page layer is another stage; the search is tested without it
        warnings.warn(f"the real site did not build ({exc!r}); testing search on a fixture page")
        return False
    page = out / "search" / "index.html"
    ok = page.is_file() and 'id="search-app"' in page.read_text(encoding="utf-8") \
        and (out / urls.search_manifest()).is_file() and (out / "assets" / "search.js").is_file()
    if not ok:
        warnings.warn("the real site has no /search/ page with #search-app yet; testing on a fixture page")
    return ok


@pytest.fixture(scope="module")
def served(tmp_path_factory, static_server):
    gathered = gather(ROOT / "site_config.yml")
    out = tmp_path_factory.mktemp("search-browser") / "site"
    real = _real_site(gathered, out)
    if not real:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        model_site(gathered)
        write_index(gathered, out)
        (out / "assets").mkdir()
        for name in ("i18n.js", "search.js", "search.css"):
            shutil.copy(ROOT / "templates" / "assets" / name, out / "assets" / name)
        (out / "search" / "index.html").write_text(FIXTURE_PAGE, encoding="utf-8")
    return {"base": static_server(out), "root": out, "real": real,
            "index": SearchIndex(out / urls.search_index())}


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc) + " " + str(getattr(exc, "stack", ""))))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()


def open_search(page, served, query: str | None = None, **filters):
    params = ([f"q={quote(query)}"] if query is not None else []) + [f"{k}={quote(v)}" for k, v in filters.items()]
    page.goto(served["base"] + "search/" + ("?" + "&".join(params) if params else ""))
    page.wait_for_selector('#search-app[data-ready="true"]', timeout=20_000)
    wait_answered(page, (query or "").strip())
    return page


def wait_answered(page, query: str):
    """The contract with the province bench: data-answered is the query once its results are shown."""
    page.wait_for_function("q => document.getElementById('search-app').getAttribute('data-answered') === q",
                           arg=query, timeout=20_000)


def type_query(page, query: str, enter: bool = True):
    box = page.locator("input[aria-controls='search-app-results']")
    box.fill("")
    box.type(query)
    if enter:
        box.press("Enter")
    wait_answered(page, query.strip())


def every_url(page, query: str) -> list[str]:
    """The pages of all the query's results, in order, as search.js finds them (not only those shown)."""
    return page.evaluate("""async q => {
        const s = gongkaiSearch.app.search;
        return (await s.documents((await s.search(q)).results)).map(r => r.url);
    }""", query)


def shown(page) -> dict[str, list[str]]:
    """kind → data-url of every result shown (the first of each group, more after 显示更多)."""
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('#search-app section[data-kind]').forEach(s => {
            out[s.dataset.kind] = Array.from(s.querySelectorAll('li[data-url]')).map(li => li.dataset.url);
        });
        return out;
    }""")


def shared_query(page) -> str | None:
    return (parse_qs(urlsplit(page.url).query).get("q") or [None])[0]


def result_item(page, url: str):
    return page.locator(f'#search-app li[data-url="{url}"]')


# --- search.js fetches the shards and answers as lunr.py does -------------------------------

def test_search_js_reads_the_manifest_alone(page, served):
    open_search(page, served)
    assert page.evaluate("typeof lunr") == "undefined"  # lunr ran at build time; the page needs only search.js
    stats = page.evaluate("""() => {
        const s = gongkaiSearch.app.search;
        return {fields: s.manifest.fields, docs: s.manifest.docs, fetched: s.fetched.length};
    }""")
    assert stats["fields"] == ["t", "b", "a", "yt", "y", "i", "e"]
    assert stats["docs"] == served["index"].manifest["docs"]
    assert stats["fetched"] == 0  # the manifest only, until a query is asked
    assert page.errors == []


def test_python_and_browser_plan_fetch_and_answer_alike(page, served):
    """Every query of the table (and the edge cases): the same plan, the same files, the same results in
    the same order."""
    open_search(page, served)
    queries = [q for q, *_ in QUERY_TABLE] + NOTHING + EDGE_QUERIES
    answers = page.evaluate("""async queries => {
        const app = gongkaiSearch.app, out = [];
        for (const q of queries) {
            const s = new gongkaiSearch.Search(app.search.manifest, app.search.load);
            const a = await s.search(q);
            out.push({plan: a.plan, level: a.level, fetched: s.fetched.slice().sort(),
                      results: a.results.map(r => [r.ref, r.score])});
        }
        return out;
    }""", queries)
    problems = []
    for query, js in zip(queries, answers):
        reader = SearchIndex(served["root"] / urls.search_index())
        py = reader.search(query)
        if json.loads(json.dumps(py["plan"], ensure_ascii=False)) != js["plan"]:
            problems.append(f"{query!r}: plans differ")
            continue
        if py["level"] != js["level"]:
            problems.append(f"{query!r}: level {py['level']} (Python) vs {js['level']} (browser)")
        if sorted(reader.fetched) != js["fetched"]:
            problems.append(f"{query!r}: fetched {sorted(reader.fetched)} (Python) vs {js['fetched']} (browser)")
        py_results = [(r["ref"], r["score"]) for r in py["results"]]
        if sorted(r for r, _ in py_results) != sorted(r for r, _ in js["results"]):
            problems.append(f"{query!r}: different documents")
            continue
        for (pr, ps), (jr, js_score) in zip(py_results, js["results"]):
            if pr != jr and abs(ps - js_score) > 1e-6:  # equal scores may come in either order
                problems.append(f"{query!r}: order differs at {pr}/{jr}")
        scores = dict(py_results)
        for ref, score in js["results"]:
            if abs(scores[ref] - score) > 1e-6:
                problems.append(f"{query!r}: score of {ref} {scores[ref]} vs {score}")
                break
    assert not problems, "\n".join(problems)
    assert page.errors == []


def test_a_shared_query_fetches_only_its_files(page, served):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    open_search(page, served, "旅馆")
    index = [p for p in fetched if "/search/index/" in p]
    assert index[0].endswith("/search/index/manifest.json")
    files = sum(1 for p in (served["root"] / urls.search_index()).rglob("*") if p.is_file())
    assert 2 < len(index) < files / 10, index
    assert not any(p.endswith(("names.json", "chars.json")) for p in index)  # a Chinese query needs neither


# --- the page -------------------------------------------------------------------------------

@pytest.mark.parametrize("query,expect,marked", [
    ("旅馆", [HOTEL_INDUSTRY, *HOTEL_TASKS], "旅馆"),
    ("lvguan", [HOTEL_INDUSTRY, *HOTEL_TASKS], "旅馆"),
    ("lv guan", [HOTEL_INDUSTRY, *HOTEL_TASKS], "旅馆"),
    ("lgy", [HOTEL_INDUSTRY], "旅馆业"),
    ("hotel", [HOTEL_INDUSTRY, *HOTEL_TASKS], "Hotels"),
    ("scjg", [MARKET], "市场监"),
    ("market regulation", [MARKET], "Market"),
    ("网吧", CAFE, "网吧"),
    ("wangba", CAFE, "网吧"),
])
def test_typed_query_shows_grouped_highlighted_links(page, served, query, expect, marked):
    open_search(page, served)
    type_query(page, query)
    groups = shown(page)
    urls = [u for us in groups.values() for u in us]
    assert not [u for u in expect if u not in urls], (query, groups)
    kinds = list(groups)
    order = ["plan", "task", "department", "industry"]
    assert kinds == [k for k in order if k in kinds], "groups in the order plan, task, department, industry"
    headings = page.locator("#search-app section[data-kind] h2").all_inner_texts()
    assert all(h.split()[0] in {"计划", "任务", "部门", "行业"} for h in headings)
    marks = page.locator("#search-app mark").all_inner_texts()
    assert any(marked in m or m in marked for m in marks), (query, marks[:10])
    link = result_item(page, expect[0]).locator("a").first
    assert urlsplit(link.get_attribute("href")).path == "/" + expect[0]
    assert "找到" in page.locator("#search-app .search-app-status").inner_text()
    assert shared_query(page) == query.strip()  # the search can be shared
    assert page.errors == []


def test_share_url_opens_with_results(page, served):
    open_search(page, served, "市监局")
    assert page.locator("input[aria-controls='search-app-results']").input_value() == "市监局"
    assert page.title().startswith("市监局")
    groups = shown(page)
    assert groups["department"][0] == MARKET
    assert len(groups["task"]) == 10 and "plans/gaoping-2023/tasks/3/" in every_url(page, "市监局")
    also = result_item(page, MARKET).locator(".search-app-also")
    assert "市监局" in also.locator("mark").all_inner_texts()


def test_result_links_open_the_page(page, served):
    open_search(page, served, "旅馆")
    page.locator(f'#search-app li[data-url="{HOTEL_TASKS[0]}"] a').first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + HOTEL_TASKS[0]
    if served["real"]:
        assert "旅馆" in page.locator("h1").first.inner_text()


def test_words_level_says_what_it_matched(page, served):
    open_search(page, served, "高平旅馆")
    assert shown(page)["task"] == [HOTEL_TASKS[0]]
    note = page.locator("#search-app .search-app-note").inner_text()
    assert "高平" in note and "旅馆" in note


def test_nothing_found_says_so_and_suggests(page, served):
    open_search(page, served)
    type_query(page, "hotle")
    status = page.locator("#search-app .search-app-status").inner_text()
    assert "没有找到" in status and "hotle" in status
    suggestions = page.locator("#search-app .search-app-suggestions a")
    names = suggestions.all_inner_texts()
    assert "旅馆业" in names, names
    suggestions.filter(has_text="旅馆业").first.click()
    wait_answered(page, "旅馆业")
    assert HOTEL_INDUSTRY in shown(page)["industry"]
    assert shared_query(page) == "旅馆业"

    type_query(page, "市场监官局")
    names = page.locator("#search-app .search-app-suggestions a").all_inner_texts()
    assert names and names[0] == "市场监管局", names

    type_query(page, "火星探测")
    assert "没有找到" in page.locator("#search-app .search-app-status").inner_text()
    assert page.errors == []


def test_data_is_never_parsed_as_html(page, served):
    open_search(page, served)
    evil = '<img src=x onerror="window.__pwned=1">旅馆'
    type_query(page, evil)
    assert page.locator("#search-app img").count() == 0
    assert page.evaluate("window.__pwned") is None
    open_search(page, served, '"><script>window.__pwned=1</script>')
    assert page.evaluate("window.__pwned") is None
    assert "<script>" in page.locator("#search-app .search-app-status").inner_text()


def test_keyboard_only(page, served):
    open_search(page, served)
    box = page.locator("input[aria-controls='search-app-results']")
    box.focus()
    page.keyboard.type("养老")
    page.keyboard.press("Enter")
    wait_answered(page, "养老")
    assert page.evaluate("document.activeElement.classList.contains('search-app-status')")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('search-app-title')"):
            break
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and ("/plans/" in href or "/industries/" in href), href


def test_long_groups_show_ten_then_more(page, served):
    open_search(page, served, "市场监管")
    tasks = page.locator('#search-app section[data-kind="task"] li')
    total = int(page.locator('#search-app section[data-kind="task"] .search-app-count').inner_text().strip("（）"))
    assert total > 10 and tasks.count() == 10
    more = page.locator('#search-app section[data-kind="task"] .search-app-more')
    assert f"还有 {total - 10} 项" in more.inner_text()
    while more.count():
        shown_before = tasks.count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#search-app section[data-kind=task] li').length > n",
                               arg=shown_before)
    assert tasks.count() == total
    assert [li.get_attribute("data-url") for li in tasks.all()] == \
        [u for u in every_url(page, "市场监管") if "/tasks/" in u]  # in the order of the answer


def test_large_text(page, served):
    open_search(page, served, "旅馆")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.search-app-title')).fontSize)")
    assert size >= 18


def test_search_box_on_other_pages_leads_here(page, served):
    assert served["real"], "the real site did not build: no other pages"
    page.goto(served["base"])
    form = page.locator('form[role="search"]').first
    form.locator('input[name="q"]').fill("旅馆")
    form.locator('input[name="q"]').press("Enter")
    page.wait_for_selector('#search-app[data-ready="true"]', timeout=20_000)
    wait_answered(page, "旅馆")
    assert urlsplit(page.url).path.endswith("/search/")
    assert HOTEL_TASKS[0] in shown(page)["task"]
    # the page's own form is used, not a second one
    assert page.locator("#search-app input").count() == 0


# --- filters --------------------------------------------------------------------------------

def filter_select(page, name: str):
    return page.locator(f'#search-app select[data-filter="{name}"]')


def test_filters_list_the_index_values(page, served):
    open_search(page, served)
    facets = served["index"].manifest["facets"]
    for name in ("place", "year", "dept", "industry"):
        values = filter_select(page, name).locator("option").evaluate_all("os => os.map(o => o.value)")
        assert values == ["", *(v for v, _ in facets[name]["values"])], name
    labels = page.locator("#search-app .search-app-filters label").all_inner_texts()
    assert labels == ["地区", "年度", "部门", "行业"]


def test_a_shared_filtered_search_opens_filtered(page, served):
    open_search(page, served, "旅馆", place="高平市")
    assert filter_select(page, "place").input_value() == "高平市"
    urls_shown = [u for us in shown(page).values() for u in us]
    assert HOTEL_TASKS[0] in urls_shown and HOTEL_TASKS[1] not in urls_shown
    assert HOTEL_INDUSTRY not in urls_shown  # an industry has no place
    filter_select(page, "place").select_option("绛县")
    wait_answered(page, "旅馆")
    page.wait_for_function("() => new URLSearchParams(location.search).get('place') === '绛县'")
    urls_shown = [u for us in shown(page).values() for u in us]
    assert HOTEL_TASKS[1] in urls_shown and HOTEL_TASKS[0] not in urls_shown
    assert shared_query(page) == "旅馆"
    assert page.errors == []


def test_filters_without_a_query_list_what_they_select(page, served):
    open_search(page, served, None, year="2024", dept="公安局")
    groups = shown(page)
    assert set(groups) == {"task"} and groups["task"]
    assert all(u.startswith("plans/jiangxian-2024/tasks/") for u in groups["task"])
    expect = served["index"].urls("", filters={"year": "2024", "dept": "公安局"})
    assert groups["task"] == expect[:10]
    assert f"找到 {len(expect)} 条结果" in page.locator("#search-app .search-app-status").inner_text()


def test_nothing_in_the_chosen_filters_says_so(page, served):
    open_search(page, served, "lvguan", year="2023", place="绛县")
    status = page.locator("#search-app .search-app-status").inner_text()
    assert "没有找到" in status and "所选范围" in status
    assert "放宽筛选" in page.locator("#search-app .search-app-tip").inner_text()
    open_search(page, served, "旅馆", place="火星")  # a value the index does not have is no filter
    assert filter_select(page, "place").input_value() == ""
    assert HOTEL_TASKS[1] in shown(page)["task"]
