"""The English site under /en/, read back as HTML: every generated page has its twin, each says its
language, links the other, and an English page shows no Chinese interface text.

The rule for the last: on an English page every Han character sits inside an element whose `lang`
is Chinese (a name or a value from the data, marked by the templates' `zh` filter or an "English
(中文)" name) or inside an English value from the data that marks itself lang="en" (a note quoting a
Chinese name), except where markup cannot hold a lang span: the document <title>, a filter's <option>s, and an
SVG's <title>/<desc> tooltips. Interface text the catalogue lacks would show as bare Chinese and fail.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from generator.site.tables import read_chunk
from tests.helpers import ROOT
from tests.helpers.html import clean_text
from tests.helpers.sites import BuiltSite

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BASE = "http://site.invalid/"


def page_paths(site: BuiltSite) -> list[str]:
    """Site-relative folders of every generated page (content/*.md pages are Chinese only)."""
    content = {p.relative_to(ROOT / "content").with_suffix("").as_posix() + "/"
               for p in (ROOT / "content").rglob("*.md")}
    found = []
    for path in site.path.rglob("index.html"):
        rel = path.parent.relative_to(site.path).as_posix()
        rel = "" if rel == "." else rel + "/"
        if rel not in content:
            found.append(rel)
    return sorted(found)


@pytest.fixture(scope="module")
def pairs(site) -> list[tuple[str, str]]:
    paths = page_paths(site)
    chinese = [p for p in paths if not p.startswith("en/")]
    return [(p, "en/" + p) for p in chinese]


def test_every_page_has_its_twin_in_the_other_language(site, pairs):
    paths = set(page_paths(site))
    english = {p for p in paths if p.startswith("en/")}
    assert len(pairs) > 200
    assert sorted(en for _, en in pairs if en not in paths) == []
    assert sorted(english - {en for _, en in pairs}) == []
    for kind in ("", "plans/", "plans/gaoping-2023/", "plans/gaoping-2023/tasks/24/", "departments/",
                 "industries/", "search/", "lookup/", "plans/gaoping-2023/dashboard/"):
        assert "en/" + kind in english


def test_each_page_says_its_language(site, pairs):
    for zh, en in pairs:
        assert site.page(zh).html["lang"] == "zh-CN", zh
        assert site.page(en).html["lang"] == "en", en
        assert "<" not in site.page(en).title.string, en  # a title is text: no name's lang span in it


def test_the_language_switch_points_at_the_twin(site, pairs):
    for zh, en in pairs:
        for here, there, lang in ((zh, en, "en"), (en, zh, "zh-CN")):
            page = site.page(here)
            switch = page.select("a.gk-language")
            assert len(switch) == 1, here
            assert switch[0]["hreflang"] == lang and switch[0]["lang"] == lang
            assert urljoin(BASE + here, switch[0]["href"]) == BASE + there, here
            # mkdocs-material's script fetches a sitemap.xml beside each <link rel=alternate>: none per page
            assert page.select('link[rel="alternate"][hreflang]') == [], here


def test_the_sitemap_names_each_page_in_both_languages(site, pairs):
    import xml.etree.ElementTree as ET

    base = site_url(site)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    alternates = {url.find("s:loc", ns).text.removeprefix(base): {link.get("hreflang"): link.get("href")
                                                                  for link in url.findall("x:link", ns)}
                  for url in ET.parse(site.path / "sitemap.xml").getroot()}
    for zh, en in pairs:
        assert alternates[zh] == alternates[en] == {"zh-CN": base + zh, "en": base + en}, zh
    assert alternates["guide/"] == {}  # a hand-written page is in Chinese only


def site_url(site) -> str:
    import yaml

    return yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8"))["url"]


def chinese_outside_chinese(page) -> list[str]:
    """Text with Han characters that no element marks as Chinese."""
    found = []
    for node in page.find_all(string=HAN):
        element = node.parent
        if element.name in ("script", "style", "option") or element.name == "title" and element.find_parent("head"):
            continue
        if element.name in ("title", "desc") and element.find_parent("svg") is not None:
            continue
        carrier = next((e for e in [element, *element.parents] if e.attrs and "lang" in e.attrs), None)
        marked = carrier["lang"] if carrier is not None else ""
        # An English value from the data marks itself (a department's note, an erratum's why: lang="en"
        # inside the page) and may quote Chinese names; interface text has only <html lang="en">.
        if not marked.startswith("zh") and not (marked == "en" and carrier.name != "html"):
            found.append(" ".join(node.split())[:60])
    return found


def test_english_pages_show_no_chinese_interface_text(site, pairs):
    untranslated = {en: found for _, en in pairs if (found := chinese_outside_chinese(site.page(en)))}
    assert untranslated == {}


def test_fields_we_hold_in_english_read_english_with_the_chinese_beside(site):
    task = site.page("en/plans/gaoping-2023/tasks/24/")
    text = clean_text(task)
    assert "Publicity Department (Press and Publication) (宣传部)" in text
    assert "July–November (7–11月)" in text
    assert "City and county inspect jointly (市县联查)" in text
    assert "Cinemas (电影放映)" in text
    assert "No problems found (未发现问题)" in text
    for span in task.select('[lang="zh-CN"]'):
        assert HAN.search(span.get_text()), span
    assert clean_text(site.page("plans/gaoping-2023/tasks/24/").find("h1")) == "第24项 对电影院单位检查"
    assert clean_text(task.find("h1")) == "Task 24 对电影院单位检查"


def test_english_pages_link_english_pages_and_share_data_and_scripts(site):
    task = site.page("en/plans/gaoping-2023/tasks/24/")
    hrefs = [urljoin(BASE + "en/plans/gaoping-2023/tasks/24/", a["href"]) for a in task.select("article a[href]")]
    pages = [h for h in hrefs if h.startswith(BASE) and "/data/" not in h and not h.endswith((".txt", ".json"))]
    shared = ("guide/", "about/", "licence/", "accessibility/")
    assert pages and all(h.startswith(BASE + "en/") or h.removeprefix(BASE).startswith(shared) for h in pages)
    scripts = [urljoin(BASE + "en/plans/gaoping-2023/tasks/24/", s["src"]) for s in task.select("script[src]")]
    assert scripts and all(s.startswith(BASE + "assets/") for s in scripts)


def test_paged_tables_page_through_chunks_in_their_language(paged_site):
    import json

    base = next(p.parent.relative_to(paged_site.path).as_posix() + "/"
                for p in sorted((paged_site.path / "plans").glob("*/tasks/*/index.html"))
                if 'data-chunks="' in p.read_text(encoding="utf-8"))
    zh = paged_site.page(base).select_one(".gk-paged[data-chunks]")
    en = paged_site.page("en/" + base).select_one(".gk-paged[data-chunks]")
    zh_folder = urljoin(BASE + base, zh["data-chunks"]).removeprefix(BASE)
    en_folder = urljoin(BASE + "en/" + base, en["data-chunks"]).removeprefix(BASE)
    assert en_folder == "en/" + zh_folder
    chinese, english = read_chunk(paged_site.path / zh_folder, 1), read_chunk(paged_site.path / en_folder, 1)
    assert chinese["columns"][0] == "企业名称" and english["columns"][0] == "Business"
    assert chinese["rows"][0][0] == english["rows"][0][0]  # the business, as published
    assert json.loads(en["data-i18n"]) and zh["data-i18n"] == "{}"
