"""The /lookup/ page in real Chromium: demo results, assets/lookup.js, a minimal page shell."""

from __future__ import annotations

import shutil
from dataclasses import replace
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from pypinyin import Style, lazy_pinyin

from generator.core.findings import Findings
from generator.pipeline import gather
from generator.publish.lookup import LookupIndex
from generator.publish.lookup.terms import parse_query
from generator.publish.results_data import write_results
from generator.results import Results, load_results
from tests.helpers import ROOT, require_chromium


SHELL = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>企业查询</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="../assets/lookup.css"></head>
<body><main><h1>企业抽查结果查询</h1><div id="lookup-app"{attrs}></div>
<script src="../assets/i18n.js" defer></script><script src="../assets/packs.js" defer></script>
<script src="../assets/lookup.js" defer></script></main></body></html>"""
HOSTILE = '<img src=x onerror="window.pwned=1">测试商行（示例）'

require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    gathered = gather(ROOT / "site_config.yml")
    results = load_results(gathered.config, gathered.plans, gathered.reference, Findings())
    first = results.records[0]
    results = Results([*results.records, replace(first, business=HOSTILE, credit_code="")],  # markup in a name is text
                      results.kinds, results.sources, results.as_of, results.unlinked, results.notices)
    out = tmp_path_factory.mktemp("site")
    write_results(results, gathered.plans, out)
    (out / "assets").mkdir()
    for name in ("i18n.js", "packs.js", "lookup.js", "lookup.css"):
        shutil.copy(ROOT / "templates" / "assets" / name, out / "assets" / name)
    (out / "lookup" / "index.html").write_text(SHELL.format(attrs=""), encoding="utf-8")
    # The same page one level deeper, told where the index is: the data attributes work.
    (out / "lookup" / "deep").mkdir()
    (out / "lookup" / "deep" / "index.html").write_text(
        SHELL.replace("../assets/", "../../assets/").format(
            attrs=' data-index="../index/" data-task-url="/plans/{plan}/tasks/{seq}/"'), encoding="utf-8")
    business = next(r for r in results.records if r.credit_code and len(results.for_task(r.plan_id, r.seq)) > 1)
    return out, results, business


@pytest.fixture(scope="module")
def browser(site, static_server, chromium):
    return static_server(site[0]), chromium


@pytest.fixture
def page(browser):
    origin, chromium = browser
    context = chromium.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.origin = origin
    yield page
    context.close()
    assert problems == []


def wait_done(page, q):
    page.wait_for_function("q => { const a = document.getElementById('lookup-app');"
                           " return a.dataset.state === 'done' && a.dataset.query === q; }", arg=q)


def shown(page):
    return page.locator(".lookup-business h3").all_inner_texts()


def type_query(page, q):
    page.fill("#lookup-q", q)
    page.keyboard.press("Enter")
    wait_done(page, q.strip())


def test_lookup_by_name_pinyin_initials_and_code(page, site):
    _, _, business = site
    page.goto(page.origin + "lookup/")
    assert page.get_attribute("#lookup-app", "data-state") == "idle"
    fragment = business.business.replace("高平市", "").replace("绛县", "")[:3]
    queries = [fragment, "".join(lazy_pinyin(fragment)), "".join(lazy_pinyin(fragment, style=Style.FIRST_LETTER)),
               business.credit_code, business.business]
    for q in queries:
        type_query(page, q)
        assert business.business in shown(page), q
        assert parse_qs(urlsplit(page.url).query)["q"] == [q]  # replaceState: the address links to this answer
    assert page.is_visible(".lookup-example-banner")
    assert "示例数据" in page.inner_text(".lookup-example-banner")
    # Every inspection of the business, with plan, task, departments, date, result and published date.
    item = page.locator(".lookup-business").filter(has_text=business.credit_code)
    rows = item.locator("tbody tr").all()
    assert len(rows) >= 1
    cells = rows[0].locator("td").all_inner_texts()
    assert cells[3] == business.inspected.isoformat() and business.published.isoformat() in cells[5]
    assert any(k in cells[4] for k in business.kinds) and business.departments[0] in cells[2]
    assert item.locator("a").first.get_attribute("href").endswith(f"/plans/{business.plan_id}/tasks/{business.seq}/")


def test_a_shared_link_opens_with_its_answer(page, site):
    _, _, business = site
    page.goto(page.origin + "lookup/?q=" + business.credit_code)
    wait_done(page, business.credit_code)
    assert shown(page) == [business.business]
    assert page.input_value("#lookup-q") == business.credit_code
    assert page.inner_text(".lookup-status").startswith("找到 1 家企业")


def test_nothing_found_says_so(page):
    page.goto(page.origin + "lookup/?q=" + quote("不存在的企业名称"))
    wait_done(page, "不存在的企业名称")
    assert shown(page) == []
    assert page.inner_text(".lookup-status").startswith("没有找到与“不存在的企业名称”相符的抽查检查记录")


def test_names_are_text_never_markup(page):
    page.goto(page.origin + "lookup/?q=" + quote("测试商行"))
    wait_done(page, "测试商行")
    assert shown(page) == [HOSTILE]
    assert page.evaluate("window.pwned") is None and page.locator(".lookup-business img").count() == 0


def test_data_attributes_place_the_index_and_task_links(page, site):
    _, _, business = site
    page.goto(page.origin + "lookup/deep/?q=" + business.credit_code)
    wait_done(page, business.credit_code)
    href = page.locator(".lookup-business a").first.get_attribute("href")
    assert href == f"{page.origin}plans/{business.plan_id}/tasks/{business.seq}/"


def test_the_browser_answers_as_the_python_reader_does(page, site):
    out, results, business = site
    index = LookupIndex(out / "lookup" / "index")
    page.goto(page.origin + "lookup/")
    queries = ["示例", "印刷", "gaoping", "gp", "huay", "jiangxian", "超市", "yxgs", "baoc", "x", "  ", "高平市 宝",
               business.credit_code.lower(), "ＧＡＯＰＩＮＧ", "xi'an", "14"]
    for q in queries:
        js = page.evaluate("q => window.gongkaiLookup.parseQuery(q)", q)
        py = parse_query(q)
        assert {k: js.get(k) for k in py if k != "pieces"} == {k: v for k, v in py.items() if k != "pieces"}, q
        if py["mode"] == "pinyin":
            assert [list(p) for p in js["pieces"]] == py["pieces"], q
        if q.strip():
            type_query(page, q)
            assert shown(page) == [b["names"][0] for b in index.search(q)["businesses"]], q


def test_the_index_is_read_by_range_requests_from_a_few_pack_files(page, site):
    """Chromium asks the real static server for byte ranges of the pack files and inflates each entry."""
    out, _, business = site
    version = LookupIndex(out / "lookup" / "index").manifest["version"]
    files = [p for p in (out / "lookup" / "index").rglob("*") if p.is_file()]
    assert sorted(p.relative_to(out / "lookup" / "index" / version).as_posix() for p in files if version in p.parts) \
        == ["b.idx", "pack/b/0.bin", "pack/t/0.bin", "t.idx"]
    answers = []
    page.on("response", lambda r: answers.append(r) if f"/{version}/" in r.url else None)
    page.goto(page.origin + "lookup/?q=" + business.credit_code)
    wait_done(page, business.credit_code)
    assert shown(page) == [business.business]
    assert {a.url.rsplit(f"/{version}/", 1)[1] for a in answers} == {"t.idx", "pack/t/0.bin", "b.idx", "pack/b/0.bin"}
    for answer in answers:
        asked = answer.request.headers["range"]
        start, end = (int(x) for x in asked.removeprefix("bytes=").split("-"))
        assert answer.status == 206 and answer.headers["content-range"].startswith(f"bytes {start}-{end}/"), asked
        assert len(answer.body()) == end - start + 1
        if answer.url.endswith(".idx"):
            assert end - start + 1 == 12  # one location: pack, offset, length


def test_the_static_server_answers_ranges_as_hosts_do(site, static_server):
    from urllib.error import HTTPError
    from urllib.request import Request, urlopen

    out = site[0]
    origin = static_server(out)
    version = LookupIndex(out / "lookup" / "index").manifest["version"]
    url = f"{origin}lookup/index/{version}/t.idx"
    whole = (out / "lookup" / "index" / version / "t.idx").read_bytes()
    with urlopen(Request(url, headers={"Range": "bytes=12-23"})) as answer:
        assert answer.status == 206 and answer.headers["Content-Range"] == f"bytes 12-23/{len(whole)}"
        assert answer.read() == whole[12:24]
    with urlopen(Request(url, headers={"Range": "bytes=-5"})) as answer:
        assert answer.read() == whole[-5:]
    with urlopen(url) as answer:
        assert answer.status == 200 and answer.read() == whole and answer.headers["Accept-Ranges"] == "bytes"
    try:
        urlopen(Request(url, headers={"Range": f"bytes={len(whole)}-"}))
        raise AssertionError("a range past the end must be refused")
    except HTTPError as refused:
        assert refused.code == 416 and refused.headers["Content-Range"] == f"bytes */{len(whole)}"
