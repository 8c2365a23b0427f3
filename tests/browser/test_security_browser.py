"""The Content-Security-Policy in Chromium: the site works under it, and a hostile copy runs no script.

The hostile copy is tests/helpers/hostile.py's (the ``hostile`` fixture); the policy's text and
the pages' markup are checked without a browser in tests/site/test_security_site.py.
"""

from __future__ import annotations

import pytest


MAIN_PAGES = ["", "plans/", "plans/gaoping-2023/", "plans/gaoping-2023/tasks/1/", "departments/",
              "industries/", "search/?q=食品", "lookup/", "about/", "guide/", "does-not-exist/"]


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def _visit(browser, url: str) -> list[str]:
    """Load a page and report every CSP violation, console error, page error and alert."""
    page = browser.new_page()
    problems: list[str] = []
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(200)
    page.close()
    return problems


def test_main_pages_work_under_the_policy(browser, site_server):
    for path in MAIN_PAGES:
        problems = [p for p in _visit(browser, site_server + path)
                    if not (path == "does-not-exist/" and "404" in p)]  # the 404 page's own status line
        assert problems == [], path


def test_search_and_lookup_run_under_the_policy(browser, site_server):
    page = browser.new_page()
    violations = []
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective))")
    page.on("console", lambda m: violations.append(m.text) if "CSP" in m.text else None)
    page.goto(site_server + "search/?q=食品", wait_until="networkidle")
    page.wait_for_selector('#search-app[data-ready="true"]', timeout=20_000)
    page.wait_for_selector("#search-app li[data-url]", timeout=10_000)
    page.goto(site_server + "lookup/", wait_until="networkidle")
    page.fill("#lookup-q", "超市")
    page.keyboard.press("Enter")
    page.wait_for_selector(".lookup-business h3", timeout=10_000)  # the index shards were fetched and read
    page.close()
    assert violations == []


@pytest.fixture(scope="module")
def hostile_server(hostile, static_server):
    return static_server(hostile)


def test_hostile_pages_run_no_script(browser, hostile_server):
    for path in ("", "about/", "plans/"):
        problems = _visit(browser, hostile_server + path)
        assert not [p for p in problems if p.startswith("dialog")], (path, problems)
        # The one thing that fails is the picture the sanitiser left, <img src="x">: a 404, no script.
        assert [p for p in problems if "404" not in p] == [], path
