"""The site in a real browser: Debian's chromium driven by Playwright.

Opens the home page, follows the link to a plan, filters its task table with
the mouse and the keyboard, and saves screenshots at desktop and phone widths
under tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import pytest

from generator.site.tables import chunk_count, read_chunk
from tests.helpers import ROOT, require_chromium
from tests.helpers.server import StaticServer

ARTIFACTS = ROOT / "tests" / "artifacts"
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}

require_chromium()


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def open_page(browser, site_server):
    """A page at a given width that records console errors and any request leaving the local server."""
    pages = []

    def opener(width_name: str):
        width, height = WIDTHS[width_name]
        page = browser.new_page(viewport={"width": width, "height": height})
        page.problems = []

        def console(message):
            if message.type == "error":
                page.problems.append(f"console: {message.text}")

        def request(req):
            # No fonts, analytics or CDN: a public-office site must work offline from its own server.
            if not req.url.startswith((site_server, "data:")):
                page.problems.append(f"external request: {req.url}")

        page.on("console", console)
        page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
        page.on("request", request)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.close()


def visible_tasks(page) -> int:
    return page.locator("#plan-tasks tbody tr:not([data-gap]):visible").count()


def shoot(page, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def test_no_page_makes_the_theme_fetch_the_sitemap(browser, site_server):
    """mkdocs-material's script fetches sitemap.xml beside each link[rel=alternate] and parses it on the
    page's thread (megabytes on a province's site): the feed's link says "alternate feed" instead."""
    page = browser.new_page()
    asked = []
    page.on("request", lambda req: asked.append(req.url))
    for path in ("", "plans/gaoping-2023/", "en/search/"):
        page.goto(site_server + path, wait_until="networkidle")
    page.close()
    assert [url for url in asked if "sitemap" in url] == []
    assert any(url.endswith(".js") for url in asked)  # the theme's script did run


@pytest.mark.parametrize("width", WIDTHS)
def test_home_to_plan_and_filter_the_tasks(open_page, site_server, width):
    page = open_page(width)
    page.goto(site_server)
    assert page.locator("h1").first.inner_text().startswith("双随机、一公开")
    shoot(page, f"home-{width}", full_page=True)

    page.locator("table.gk-table a", has_text="高市双随机办〔2023〕6号").click()
    page.wait_for_url("**/plans/gaoping-2023/")
    assert "高平市2023年度" in page.locator("h1").inner_text()
    shoot(page, f"plan-{width}")

    form = page.locator("form.gk-filter")
    assert form.is_visible()  # the script reveals the filters it drives
    assert visible_tasks(page) == 53

    form.locator("select[name=department]").select_option("shi-chang-jian-du-guan-li-ju")
    by_department = visible_tasks(page)
    assert 0 < by_department < 53
    assert f"显示 {by_department} 项" in form.locator(".gk-filter-count").inner_text()
    assert "department=shi-chang-jian-du-guan-li-ju" in page.url  # a filtered table can be shared

    form.locator("select[name=month]").select_option("2")
    by_department_and_month = visible_tasks(page)
    assert by_department_and_month < by_department
    page.locator("#tasks").scroll_into_view_if_needed()
    shoot(page, f"plan-filtered-{width}")

    form.locator("button[type=reset]").click()
    # A function, not an expression: Playwright evaluates expressions with eval, which the policy forbids.
    page.wait_for_function("() => document.querySelectorAll('#plan-tasks tbody tr:not([hidden])').length === 53")
    assert visible_tasks(page) == 53
    assert not page.problems, page.problems


def test_filters_work_from_the_keyboard_and_survive_a_reload(open_page, site_server):
    page = open_page("desktop")
    page.goto(site_server + "plans/jiangxian-2024/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"  # the first stop skips the header
    gap_row = page.locator("#plan-tasks tr[data-gap]")
    assert gap_row.is_visible()  # the gap is shown in the unfiltered table

    department = page.locator("select[name=department]")
    department.focus()
    page.keyboard.press("ArrowDown")  # the first department after 全部部门
    chosen = department.input_value()
    assert chosen
    shown = visible_tasks(page)
    assert 0 < shown < 58 and not gap_row.is_visible()

    page.reload()
    assert page.locator("select[name=department]").input_value() == chosen
    assert visible_tasks(page) == shown
    assert not page.problems, page.problems


def test_task_page_and_timeline_on_a_phone(open_page, site_server):
    page = open_page("phone")
    page.goto(site_server + "plans/gaoping-2023/")
    svg = page.locator("figure.gk-timeline svg")
    box = svg.bounding_box()
    assert box["width"] <= 375  # scales to the phone instead of overflowing
    svg.scroll_into_view_if_needed()
    shoot(page, "timeline-phone")

    page.locator("figure.gk-timeline a.gk-tl-row").nth(23).click()
    page.wait_for_url("**/plans/gaoping-2023/tasks/24/")
    assert "对电影院单位检查" in page.locator("h1").inner_text()
    shoot(page, "task-phone", full_page=True)
    page.locator("a", has_text="宣传部").first.click()
    page.wait_for_url("**/departments/xuan-chuan-bu/")

    # On a phone the navigation lives in the drawer behind the menu button.
    menu = page.locator(".md-sidebar--primary a.md-nav__link", has_text="抽查计划")
    page.locator("header label[for=__drawer]").click()
    menu.click()
    page.wait_for_url("**/plans/")
    assert not page.problems, page.problems


def test_print_layout_hides_navigation_and_keeps_the_table(open_page, site_server):
    page = open_page("desktop")
    page.goto(site_server + "plans/gaoping-2023/")
    page.emulate_media(media="print")
    assert not page.locator("header.md-header").is_visible()
    assert not page.locator("form.gk-filter").is_visible()
    assert page.locator("#plan-tasks thead").is_visible()
    assert page.locator("figure.gk-timeline svg").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "plan-print.pdf"), format="A4")


# --- inspection results: paging a task's table, the dashboards, the enterprise lookup -------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def paged_server(paged_site, static_server):
    """The real project built with results.page_size 3 (the paged_site fixture), served on 127.0.0.1."""
    return paged_site, static_server(paged_site.path)


def watched_page(browser, width_name: str, origin: str):
    width, height = WIDTHS[width_name]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(f"error: {error}"))
    page.on("request", lambda req: None if req.url.startswith((origin, "data:")) else
            page.problems.append(f"external request: {req.url}"))
    return page


def axe_violations(page) -> list:
    if not AXE.exists():
        return []
    # Evaluated through the DevTools protocol: a <script> tag would be inline, which the site's policy forbids.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' ' + v.nodes[0].target)""")


def chunk_names(built, plan: str, seq: int, page: int) -> list[str]:
    return [row[0] for row in read_chunk(built.path / "data" / "results" / plan / str(seq), page)["rows"]]


def shown_names(page) -> list[str]:
    return page.locator("#results-table tbody tr td:first-child").all_inner_texts()


def wait_page(page, number: int) -> None:
    page.wait_for_selector(f'#results-table[data-page="{number}"][data-state="done"]', state="attached")


def test_paging_through_a_tasks_results_with_mouse_and_keyboard(browser, paged_server):
    built, origin = paged_server
    folders = [p for p in (built.path / "data" / "results" / "gaoping-2023").iterdir() if p.is_dir()]
    longest = max(folders, key=lambda p: (chunk_count(p), -int(p.name)))
    seq, pages = int(longest.name), chunk_count(longest)
    assert pages >= 3

    page = watched_page(browser, "desktop", origin)
    page.goto(f"{origin}plans/gaoping-2023/tasks/{seq}/#results")
    pager = page.locator("#results-table nav.gk-pager-bar")
    assert pager.is_visible() and not page.locator("#results-table .gk-paged-nojs").is_visible()
    assert shown_names(page) == chunk_names(built, "gaoping-2023", seq, 1)
    assert page.locator("button[data-go=prev]").is_disabled()
    page.locator("#results-table").scroll_into_view_if_needed()
    shoot(page, "results-task-desktop")

    pager.locator("button[data-go=next]").click()  # the mouse
    wait_page(page, 2)
    assert shown_names(page) == chunk_names(built, "gaoping-2023", seq, 2)
    assert page.evaluate("document.activeElement.tagName") == "CAPTION"  # read the new page from its top
    assert "第2页" in page.locator("#results-table caption").inner_text()
    assert "第2页" in page.locator("#results-table .gk-pager-status").inner_text()

    page.keyboard.press("Tab")  # the next stop after the table is the pager
    assert page.evaluate("document.activeElement.dataset.go") == "first"
    page.locator("button[data-go=next]").focus()
    page.keyboard.press("Enter")
    wait_page(page, 3)
    assert shown_names(page) == chunk_names(built, "gaoping-2023", seq, 3)

    page.locator(".gk-pager-jump input").fill("1")  # a page number and Enter
    page.locator(".gk-pager-jump input").press("Enter")
    wait_page(page, 1)
    assert shown_names(page) == chunk_names(built, "gaoping-2023", seq, 1)

    page.locator("button[data-go=last]").click()
    wait_page(page, pages)
    assert page.locator("button[data-go=next]").is_disabled() and page.locator("button[data-go=last]").is_disabled()
    assert shown_names(page) == chunk_names(built, "gaoping-2023", seq, pages)
    assert axe_violations(page) == []

    page.emulate_media(media="print")
    assert not pager.is_visible() and page.locator("#results-kinds svg").is_visible()
    page.pdf(path=str(ARTIFACTS / "results-task-print.pdf"), format="A4")
    assert not page.problems, page.problems
    page.close()

    phone = watched_page(browser, "phone", origin)
    phone.goto(f"{origin}plans/gaoping-2023/tasks/{seq}/")
    phone.locator("#results-table button[data-go=next]").click()
    wait_page(phone, 2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#results").scroll_into_view_if_needed()
    shoot(phone, "results-task-phone")
    assert not phone.problems, phone.problems
    phone.close()


def test_paging_a_dashboards_late_results(browser, paged_server):
    built, origin = paged_server
    page = watched_page(browser, "desktop", origin)
    page.goto(f"{origin}plans/jiangxian-2024/dashboard/")
    box = page.locator("#late-table")
    first = page.locator("#late-table tbody tr td:first-child a").first.get_attribute("href")
    box.locator("button[data-go=next]").click()
    page.wait_for_selector('#late-table[data-page="2"][data-state="done"]', state="attached")
    link = page.locator("#late-table tbody tr td:first-child a").first
    assert link.get_attribute("href").startswith(f"{origin}plans/jiangxian-2024/tasks/")  # chunk links resolve
    assert first.startswith("../../../plans/jiangxian-2024/tasks/")
    link.click()
    page.wait_for_url("**/plans/jiangxian-2024/tasks/*/")
    assert not page.problems, page.problems
    page.close()


def test_paging_where_the_server_ignores_range_requests(browser, paged_site):
    """A host (or `python -m http.server`) that answers a range with the whole file (200): the page is
    cut out of it, the same rows."""
    folders = [p for p in (paged_site.path / "data" / "results" / "gaoping-2023").iterdir() if p.is_dir()]
    seq = int(max(folders, key=lambda p: (chunk_count(p), -int(p.name))).name)
    with StaticServer(paged_site.path, ranges=False) as server:
        page = watched_page(browser, "desktop", server.url)
        statuses = []
        page.on("response", lambda r: statuses.append(r.status) if "/data/results/" in r.url else None)
        page.goto(f"{server.url}plans/gaoping-2023/tasks/{seq}/#results")
        page.locator("#results-table button[data-go=last]").click()
        last = chunk_count(paged_site.path / "data" / "results" / "gaoping-2023" / str(seq))
        wait_page(page, last)
        assert shown_names(page) == chunk_names(paged_site, "gaoping-2023", seq, last)
        assert statuses == [200, 200]  # the directory and the pack, each sent whole
        assert not page.problems, page.problems
        page.close()


def test_paging_a_departments_list_of_tasks(browser, paged_server):
    built, origin = paged_server
    folder = max((p for p in (built.path / "data" / "lists" / "departments").glob("*/joined")),
                 key=lambda p: (chunk_count(p), p.parent.name))
    second = read_chunk(folder, 2)["rows"]
    page = watched_page(browser, "desktop", origin)
    page.goto(f"{origin}departments/{folder.parent.name}/")
    box = page.locator("#joined-table")
    box.locator("button[data-go=next]").click()
    page.wait_for_selector('#joined-table[data-page="2"][data-state="done"]', state="attached")
    names = box.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert names == [row[2]["text"] for row in second]
    link = box.locator("tbody tr td:nth-child(3) a").first
    assert link.get_attribute("href") == f"{origin}{second[0][2]['href']}"  # chunk links resolve from the root
    assert not page.problems, page.problems
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_and_task_results_on_the_built_site(open_page, site_server, width):
    page = open_page(width)
    page.goto(site_server)
    page.locator("a", has_text="高平市 2023年公开情况").click()
    page.wait_for_url("**/plans/gaoping-2023/dashboard/")
    assert page.locator(".gk-example-banner").is_visible()
    assert "示例数据：以下抽查结果为虚构示例，并非真实企业" in page.locator(".gk-example-banner").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
    shoot(page, f"dashboard-{width}", full_page=True)
    page.locator("#ended a").first.click()
    page.wait_for_url("**/plans/gaoping-2023/tasks/*/#results")
    assert "尚未收到其抽查结果" in page.locator("#results").inner_text()
    page.goto(site_server + "departments/shi-chang-jian-du-guan-li-ju/dashboard/")
    assert page.locator("#kinds svg").is_visible()
    shoot(page, f"department-dashboard-{width}")
    assert not page.problems, page.problems


def test_lookup_by_name_pinyin_and_code_on_the_built_site(open_page, site_server, site):
    import json
    from urllib.parse import quote

    from pypinyin import lazy_pinyin

    records = json.loads((site.path / "data" / "results" / "jiangxian-2024.json").read_text(encoding="utf-8"))["results"]
    business = next(r for r in records if r["credit_code"])
    fragment = business["business"].replace("绛县", "")[:3]
    page = open_page("desktop")

    def answered(q: str) -> list[str]:
        page.wait_for_function("q => { const a = document.getElementById('lookup-app');"
                               " return a.dataset.state === 'done' && a.dataset.query === q; }", arg=q)
        return page.locator(".lookup-business h3").all_inner_texts()

    # A shared link opens with its answer: /lookup/?q=…
    page.goto(site_server + "lookup/?q=" + quote(fragment))
    assert business["business"] in answered(fragment)
    assert page.locator(".gk-example-banner").is_visible()  # the page's own banner …
    assert not page.locator(".lookup-example-banner").is_visible()  # … and not a second one from the script
    shoot(page, "lookup-name-desktop", full_page=True)

    for q in ("".join(lazy_pinyin(fragment)), business["credit_code"]):
        page.fill("#lookup-q", q)
        page.keyboard.press("Enter")
        assert business["business"] in answered(q), q
    item = page.locator(".lookup-business").filter(has_text=business["credit_code"])
    link = item.locator("a").first
    assert link.get_attribute("href") == f"{site_server}plans/jiangxian-2024/tasks/{business['task']}/"
    link.click()
    page.wait_for_url(f"**/plans/jiangxian-2024/tasks/{business['task']}/")
    assert business["business"] in page.locator("#results-table").inner_text()
    assert not page.problems, page.problems

    phone = open_page("phone")
    phone.goto(site_server + "lookup/?q=" + business["credit_code"])
    phone.wait_for_function("q => document.getElementById('lookup-app').dataset.query === q && "
                            "document.getElementById('lookup-app').dataset.state === 'done'", arg=business["credit_code"])
    assert phone.locator(".lookup-business h3").all_inner_texts() == [business["business"]]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(phone, "lookup-code-phone", full_page=True)
    assert not phone.problems, phone.problems
