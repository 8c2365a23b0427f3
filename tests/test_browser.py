"""The site in a real browser: Debian's chromium driven by Playwright.

Opens the home page, follows the link to a plan, filters its task table with
the mouse and the keyboard, and saves screenshots at desktop and phone widths
under tests/artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed: run `make test`")


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


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
    page.wait_for_function("document.querySelectorAll('#plan-tasks tbody tr:not([hidden])').length === 53")
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
