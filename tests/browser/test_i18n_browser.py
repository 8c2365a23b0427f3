"""The English site in real Chromium: the language switch clicked on one page of each kind, and the
English search and lookup answering on /en/search/ and /en/lookup/ (the same indexes, the interface
in English). That every page pair's switch names its twin is read from the HTML, which is what
Chromium follows: tests/site/test_i18n.py."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.helpers import require_chromium

require_chromium()


@pytest.fixture(scope="module")
def context(chromium):
    context = chromium.new_context()
    context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1")
                  else route.continue_())
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    page.close()
    assert problems == []


def click_switch(page, expected: str, lang: str) -> None:
    with page.expect_navigation(wait_until="domcontentloaded"):
        page.click("a.gk-language")
    assert page.url == expected
    assert page.get_attribute("html", "lang") == lang, expected


@pytest.mark.parametrize("path", ["", "plans/", "plans/gaoping-2023/", "plans/gaoping-2023/tasks/24/",
                                  "plans/gaoping-2023/dashboard/", "departments/", "departments/gong-an-ju/",
                                  "industries/", "industries/section-h/", "search/", "lookup/"])
def test_the_switch_works_with_the_pages_scripts(site_server, page, path):
    """One page of each kind with its scripts running (mkdocs-material's bundle handles link clicks)."""
    page.goto(f"{site_server}/{path}")
    click_switch(page, f"{site_server}/en/{path}", "en")
    assert page.locator("a.gk-language").inner_text() == "中文"
    click_switch(page, f"{site_server}/{path}", "zh-CN")
    assert page.locator("a.gk-language").inner_text() == "English"


def test_english_search_answers_on_en_search(site_server, page):
    query = "market regulation"
    page.goto(f"{site_server}/en/search/?q={quote(query)}")
    page.wait_for_selector(f'#search-app[data-answered="{query}"]')
    status = page.locator(".search-app-status").inner_text()
    assert "results" in status and not any("\u4e00" <= ch <= "\u9fff" for ch in status)
    links = page.eval_on_selector_all("#search-app a.search-app-title", "as => as.map(a => a.href)")
    assert links and all(link.startswith(site_server + "/en/") for link in links)
    assert any("/en/departments/" in link for link in links)
    with page.expect_navigation():
        page.click("#search-app a.search-app-title >> nth=0")
    assert page.get_attribute("html", "lang") == "en"


def test_english_lookup_answers_on_en_lookup(site, site_server, page):
    page.goto(f"{site_server}/en/lookup/")
    page.wait_for_selector("#lookup-q")
    label = page.locator('label[for="lookup-q"]').inner_text()
    assert label == "Business name, its pinyin, or its unified social credit code"
    query = lookup_query(site)
    page.fill("#lookup-q", query)
    page.press("#lookup-q", "Enter")
    page.wait_for_function("q => { const a = document.getElementById('lookup-app');"
                           " return a.dataset.state === 'done' && a.dataset.query === q; }", arg=query)
    assert page.locator(".lookup-business").count() >= 1
    status = page.locator("#lookup-app .lookup-status").inner_text()
    assert "businesses found" in status
    tasks = page.eval_on_selector_all(".lookup-business a[href]", "as => as.map(a => a.href)")
    assert tasks and all(t.startswith(site_server + "/en/plans/") for t in tasks)


def lookup_query(site) -> str:
    """The first business of the built site's published results (data/results/*.csv)."""
    import csv

    first = sorted(site.path.glob("data/results/*.csv"))[0]
    with open(first, encoding="utf-8-sig", newline="") as fh:
        return next(csv.DictReader(fh))["企业名称"]
