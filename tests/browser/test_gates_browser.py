"""Gates a public government site needs, on the real built site, in Chromium: WCAG 2.1 AA (axe-core,
zero serious or critical violations) on every kind of page in both languages, and usable at 320 px
(no sideways scrolling) on every page. The page-weight gate needs no browser: tests/site/test_gates.py."""

import json
import re

import pytest

from generator.publish.weight import page_url
from tests.helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"


KIND = re.compile(r'class="gk-page gk-page-([a-z0-9-]+)')


@pytest.fixture(scope="module")
def urls(site):
    return [page_url(site.path, html) for html in site.html_files()]


PER_KIND = 4  # pages of each kind, in each language, that axe reads


@pytest.fixture(scope="module")
def axe_urls(site):
    """Of each kind of page (its gk-page-KIND class) in each language, the first PER_KIND, and every page
    with no kind (404, the hand-written pages). Pages of one kind are one template over different data,
    and axe takes 1–5 s a page here: every page of both languages took most of the suite's 15 minutes.
    The 320 px check, which is cheap, reads every page."""
    chosen, seen = [], {}
    for html in site.html_files():
        url = page_url(site.path, html)
        kind = KIND.search(html.read_text(encoding="utf-8"))
        if kind:
            key = (url.startswith("/en/"), kind.group(1))
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > PER_KIND:
                continue
        chosen.append(url)
    return chosen


def test_every_kind_of_page_passes_axe_wcag21_aa(chromium, site_server, axe_urls):
    assert AXE.exists(), "axe-core is installed by `npm ci` (make install)"
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    failures = []
    for url in axe_urls:
        page.goto(site_server + url.lstrip("/"))
        # Evaluated through the DevTools protocol: a <script> tag would be inline, which the site's policy forbids.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                  nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        failures += [{"url": url, **v} for v in violations if v["impact"] in ("serious", "critical")]
    page.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-violations.json").write_text(json.dumps(failures, ensure_ascii=False, indent=1), encoding="utf-8")
    assert len(axe_urls) > 50 and any(url.startswith("/en/") for url in axe_urls)
    assert failures == [], f"{len(failures)} serious/critical violations; see tests/artifacts/axe-violations.json"


def test_every_page_is_usable_at_320px(chromium, site_server, urls):
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    too_wide = []
    for url in urls:
        page.goto(site_server + url.lstrip("/"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((url, width))
    page.close()
    assert too_wide == [], f"pages that scroll sideways at 320 px: {too_wide[:10]}"
