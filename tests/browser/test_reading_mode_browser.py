"""长者模式 and text size in Chromium (issue 15; 工信部《互联网网站适老化通用设计规范》): the switch on every
kind of page, remembered across pages and reloads, scaling the whole page without the browser's zoom,
usable from the keyboard with a visible focus, no pop-ups; and axe-core, as the gate in
test_gates_browser.py (zero serious or critical), in 长者模式 and at 200% zoom.

200% zoom is a 640 x 450 viewport at device scale factor 2: that is what Chromium's own zoom at 200%
makes of a 1280 x 900 window (the page is laid out 640 CSS px wide, devicePixelRatio 2, so media
queries, rem and px all see what a reader's browser shows). CSS `zoom` on <html> would keep the media
queries at 1280 px, so it would test a layout no reader gets.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
ZOOM_200 = {"width": 640, "height": 450}  # with device_scale_factor 2, see the module doc
SCRIPT = "assets/reading-mode.js"
STANDARD_ROOT = 20.0  # px: Material's html font-size (125% of 16 px) below 100em
PAGES = {
    "home": "",
    "plan": "plans/gaoping-2023/",
    "task": "plans/gaoping-2023/tasks/24/",
    "department": "departments/cai-zheng-ju/",
    "industry": "industries/bao-an-fu-wu/",
    "search": "search/",
    "lookup": "lookup/",
    "content": "accessibility/",
}
# Records the classes of <html> when <body> first exists: the saved mode must be there before the body
# is parsed, hence before the first paint.
FIRST_BODY = """window.__gkFirstBody = null;
new MutationObserver((_, observer) => {
  if (document.body) { window.__gkFirstBody = document.documentElement.className; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});"""
NO_STORAGE = """Object.defineProperty(window, 'localStorage', {configurable: true,
  get() { throw new DOMException('storage is disabled', 'SecurityError'); }});"""


def watched(context):
    """A page that records dialogs, new windows and errors of reading-mode.js (the other scripts' errors
    and requests are their own tests' business: tests/browser/test_browser.py)."""
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console: {m.text}")
            if m.type == "error" and m.location.get("url", "").endswith(SCRIPT) else None)
    page.on("pageerror", lambda error: page.problems.append(f"error: {error}") if SCRIPT in (error.stack or "") else None)
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("popup", lambda popup: page.problems.append(f"pop-up: {popup.url}"))
    return page


@pytest.fixture
def context(chromium):
    contexts = []

    def make(viewport=DESKTOP, scale=1, init=None):
        made = chromium.new_context(viewport=viewport, device_scale_factor=scale)
        if init:
            made.add_init_script(init)
        contexts.append(made)
        return made

    yield make
    for made in contexts:
        made.close()


def px(page, selector: str, prop: str = "fontSize") -> float:
    return page.evaluate("([s, p]) => parseFloat(getComputedStyle(document.querySelector(s))[p])", [selector, prop])


def root_px(page) -> float:
    return px(page, "html")


def pressed(page, selector: str) -> str:
    return page.locator(selector).get_attribute("aria-pressed")


def elder_on(page) -> bool:
    return page.evaluate("document.documentElement.classList.contains('gk-elder')")


def test_the_switch_is_on_every_kind_of_page_and_nothing_pops_up(context, site_server):
    page = watched(context())
    for kind, url in PAGES.items():
        page.goto(site_server + url)
        assert page.locator("#gk-reading").is_visible(), kind
        assert page.locator("#gk-elder").inner_text() == "长者模式", kind
        assert pressed(page, "#gk-elder") == "false", kind
        assert pressed(page, "#gk-text-standard") == "true", kind
        assert page.locator("#gk-text-level").inner_text() == "100%", kind
        assert [b.text_content() for b in page.locator("#gk-reading .gk-text-size button").all()] == [
            "A−（缩小文字）", "A（标准文字）", "A+（放大文字）"], kind
        assert root_px(page) == STANDARD_ROOT, kind
        # 无障碍声明 linked from every page's footer; links open in the same window.
        statement = page.locator("footer a", has_text="无障碍声明").evaluate("a => a.href")
        assert statement == site_server + PAGES["content"], kind
        assert page.locator("a[target]").count() == 0, kind
    assert page.locator("h1").inner_text() == "无障碍声明"
    assert not page.problems, page.problems


def test_without_javascript_the_bar_is_hidden_and_the_page_is_standard(chromium, site_server):
    page = chromium.new_page(java_script_enabled=False, viewport=DESKTOP)
    page.goto(site_server + PAGES["plan"])
    assert page.locator("#gk-elder").count() == 1 and not page.locator("#gk-reading").is_visible()
    assert root_px(page) == STANDARD_ROOT
    page.close()


def test_elder_mode_is_remembered_across_pages_and_reloads(context, site_server):
    page = watched(context(init=FIRST_BODY))
    page.goto(site_server + PAGES["home"])
    page.locator("#gk-elder").click()
    assert pressed(page, "#gk-elder") == "true" and elder_on(page)
    assert root_px(page) == STANDARD_ROOT * 1.25
    assert px(page, ".gk-page p") >= 22  # body text; the spec asks at least 18 in 长者模式

    for url in (PAGES["plan"], PAGES["task"]):
        page.goto(site_server + url)
        assert "gk-elder" in page.evaluate("window.__gkFirstBody").split()  # on <html> before the body
        assert pressed(page, "#gk-elder") == "true" and root_px(page) == STANDARD_ROOT * 1.25
    page.reload()
    assert "gk-elder" in page.evaluate("window.__gkFirstBody").split()
    assert pressed(page, "#gk-elder") == "true" and root_px(page) == STANDARD_ROOT * 1.25

    page.locator("footer a", has_text="无障碍声明").click()
    page.wait_for_url("**/accessibility/")
    assert page.locator("h1").inner_text() == "无障碍声明" and elder_on(page)
    page.locator("#gk-elder").click()
    assert pressed(page, "#gk-elder") == "false" and not elder_on(page)
    page.goto(site_server + PAGES["department"])
    assert not elder_on(page) and pressed(page, "#gk-elder") == "false" and root_px(page) == STANDARD_ROOT
    assert not page.problems, page.problems


def test_text_size_scales_the_whole_page_without_the_browsers_zoom(context, site_server):
    page = watched(context())
    page.goto(site_server + PAGES["plan"])
    parts = {"root": "html", "text": ".gk-page p", "table": "#plan-tasks td", "header": ".gk-header-title",
             "search box": "#gk-q", "switch": "#gk-elder"}
    standard = {name: px(page, selector) for name, selector in parts.items()}
    for level in (110, 125, 150, 175, 200):
        page.locator("#gk-text-larger").click()
        assert page.locator("#gk-text-level").inner_text() == f"{level}%"
        for name, selector in parts.items():
            assert px(page, selector) == pytest.approx(standard[name] * level / 100, abs=0.6), (level, name)
    assert page.locator("#gk-text-larger").get_attribute("aria-disabled") == "true"
    assert pressed(page, "#gk-text-standard") == "false"
    # The browser's own zoom is untouched: the page is still 1280 CSS px wide at device pixel ratio 1.
    assert page.evaluate("[innerWidth, devicePixelRatio]") == [1280, 1]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.locator("#gk-elder").click()  # 长者模式 and text size together
    assert root_px(page) == STANDARD_ROOT * 1.25 * 2
    page.locator("#gk-elder").click()
    page.locator("#gk-text-standard").click()
    assert root_px(page) == STANDARD_ROOT and pressed(page, "#gk-text-standard") == "true"
    page.locator("#gk-text-smaller").click()
    assert page.locator("#gk-text-level").inner_text() == "90%" and root_px(page) == STANDARD_ROOT * 0.9
    assert page.locator("#gk-text-smaller").get_attribute("aria-disabled") == "true"

    page.goto(site_server + PAGES["industry"])  # remembered on the next page
    assert page.locator("#gk-text-level").inner_text() == "90%" and root_px(page) == STANDARD_ROOT * 0.9
    assert not page.problems, page.problems


def focus_ring(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        return {id: e.id, href: e.getAttribute('href'), visible: e.matches(':focus-visible'),
                style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")


def test_the_switch_works_from_the_keyboard_with_a_visible_focus(context, site_server):
    page = watched(context())
    page.goto(site_server + PAGES["task"])
    page.keyboard.press("Tab")
    assert focus_ring(page)["href"] == "#gk-main"  # 跳到正文 first
    stops = []
    while len(stops) < 6 and focus_ring(page)["id"] != "gk-elder":  # then the header's few links, then the switch
        page.keyboard.press("Tab")
        stops.append(focus_ring(page)["id"] or focus_ring(page)["href"])
    assert stops[-1] == "gk-elder" and "gk-q" not in stops, stops  # before the search box
    ring = focus_ring(page)
    assert ring["visible"] and ring["style"] == "solid" and ring["width"] >= 3
    page.keyboard.press("Enter")
    assert pressed(page, "#gk-elder") == "true" and elder_on(page)
    assert focus_ring(page)["width"] >= 4  # 长者模式's stronger ring
    page.keyboard.press("Space")
    assert pressed(page, "#gk-elder") == "false" and not elder_on(page)
    page.keyboard.press("Space")
    assert elder_on(page)

    page.keyboard.press("Tab")
    assert focus_ring(page)["id"] == "gk-text-smaller"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focus_ring(page)["id"] == "gk-text-larger"
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.locator("#gk-text-level").inner_text() == "125%"
    assert root_px(page) == pytest.approx(STANDARD_ROOT * 1.25 * 1.25)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.locator("#gk-text-level").inner_text() == "100%"

    # 长者模式's large click targets: the bar's buttons and the header's search at least 44 px high.
    for selector in ("#gk-elder", "#gk-text-smaller", "#gk-text-standard", "#gk-text-larger", "#gk-q",
                     ".gk-search button"):
        assert page.locator(selector).bounding_box()["height"] >= 44, selector
    assert not page.problems, page.problems


def test_another_open_tab_follows_the_switch(context, site_server):
    browser_window = context()
    first, second = watched(browser_window), watched(browser_window)
    first.goto(site_server + PAGES["home"])
    second.goto(site_server + PAGES["lookup"])
    first.locator("#gk-elder").click()
    second.wait_for_function("document.documentElement.classList.contains('gk-elder')")
    assert pressed(second, "#gk-elder") == "true" and root_px(second) == STANDARD_ROOT * 1.25
    assert not first.problems and not second.problems, first.problems + second.problems


def test_without_storage_the_switch_still_works_on_the_page(context, site_server):
    page = watched(context(init=NO_STORAGE))
    page.goto(site_server + PAGES["home"])
    page.locator("#gk-elder").click()
    page.locator("#gk-text-larger").click()
    assert elder_on(page) and root_px(page) == pytest.approx(STANDARD_ROOT * 1.25 * 1.1)
    page.reload()  # nothing could be remembered
    assert not elder_on(page) and root_px(page) == STANDARD_ROOT
    assert not page.problems, page.problems


MODES = {
    # name: (viewport, device scale factor, buttons pressed on the first page)
    "长者模式": (DESKTOP, 1, ["#gk-elder"]),
    "200% zoom": (ZOOM_200, 2, []),
    "长者模式 at 200% zoom": (ZOOM_200, 2, ["#gk-elder"]),
    "text 200%": (DESKTOP, 1, ["#gk-text-larger"] * 5),
}


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol: a <script> tag would be inline, which the site's policy forbids.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                              nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def test_axe_passes_in_elder_mode_and_at_200_percent_zoom(context, site_server):
    assert AXE.exists(), "axe-core is installed by `npm ci` (make install)"
    failures, checked = [], []
    for mode, (viewport, scale, buttons) in MODES.items():
        page = watched(context(viewport, scale))
        page.goto(site_server + PAGES["home"])
        for button in buttons:
            page.locator(button).click()
        for kind, url in PAGES.items():
            page.goto(site_server + url)
            assert elder_on(page) == ("#gk-elder" in buttons), (mode, kind)
            failures += [{"mode": mode, "url": url, **v} for v in axe_violations(page)
                         if v["impact"] in ("serious", "critical")]
            # Reflow: larger text or zoom never makes the page scroll sideways.
            width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if width[0] > width[1]:
                failures.append({"mode": mode, "url": url, "id": "scrolls sideways", "nodes": width})
            checked.append((mode, kind))
        assert not page.problems, (mode, page.problems)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-reading-mode.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1),
                                                     encoding="utf-8")
    assert len(checked) == len(MODES) * len(PAGES)
    assert failures == [], f"{len(failures)} problems; see tests/artifacts/axe-reading-mode.json"
