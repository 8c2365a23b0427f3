"""The built website, read back with an HTML parser.

One real build per session (conftest.site); a second one for determinism and a
third, from a copy of the project with a hostile task name, for escaping.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from generator.pipeline import build
from generator.site.model import build_model
from tests.helpers import ROOT, copy_project
from tests.helpers.html import clean_text, parse_html
from tests.helpers.sites import BuiltSite

BASE = "http://site.invalid/"  # resolve links as a browser would, then map back to files
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


@pytest.fixture(scope="session")
def model(gathered):
    return build_model(gathered)


def links(element, attrs=("href", "src")) -> list[str]:
    return [e.attrs[a] for e in [element, *element.find_all(True)] for a in attrs if a in e.attrs]


def page_url(site: BuiltSite, path: Path) -> str:
    rel = path.relative_to(site.path).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: BuiltSite, url: str) -> Path | None:
    """The file a same-site URL serves (directory URLs serve index.html), or None if external."""
    if not url.startswith(BASE):
        return None
    path = site.path / unquote(urlsplit(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


# --- the build itself -------------------------------------------------------------------------------

def test_build_log_reports_pages_seconds_and_size(site):
    line = site.report.lines()[0]
    assert re.search(r"\d+ pages, \d+ files, [\d.]+ MB in [\d.]+ s", line)
    assert site.report.pages > 200
    assert any(note.startswith("Pages: 2 plans, 111 tasks") for note in site.report.notes)


def test_build_is_small(site):
    # Short navigation keeps the site linear in its pages. How fast it builds is measured by
    # bench/site_scale.py (make bench-site), never by a timed test.
    assert site.report.bytes < 40_000_000


def test_navigation_does_not_list_tasks(site):
    task = site.page("plans/gaoping-2023/tasks/24/")
    nav = task.find("nav", class_="md-nav--primary")
    assert nav is not None
    assert len(nav.find_all("a")) < 20


# --- plans -------------------------------------------------------------------------------------------

def test_every_plan_page_shows_the_notice_and_every_task(site, model):
    for plan in model.plans:
        page = site.page(plan.url)
        meta = plan.meta
        assert clean_text(page.find("h1")) == meta["title"]
        text = clean_text(page)
        for value in (meta["doc_number"], meta["issuer"], meta["signed_by"]):
            assert value in text
        for block in plan.data["notice"]["body"]:
            assert " ".join(block["text"].split()) in text
        table = page.find("table", id="plan-tasks")
        rows = [r for r in table.find("tbody").find_all("tr") if "data-gap" not in r.attrs]
        assert len(rows) == len(plan.tasks)
        hrefs = set(links(table, ("href",)))
        for task in plan.tasks:
            assert f"../../{task.url}" in hrefs
        downloads = links(page.find("section", id="downloads"), ("href",))
        for kind in ("json", "csv", "xlsx"):
            assert f"../../data/plans/{plan.id}.{kind}" in downloads
            assert (site.path / "data" / "plans" / f"{plan.id}.{kind}").is_file()
        assert f"../../{meta['source']['file']}" in downloads
        assert (site.path / meta["source"]["file"]).is_file()


def test_disclosure_attribute_is_stated_even_when_missing(site):
    def disclosure(url):
        terms = site.page(url).find("dl", class_="gk-notice-meta")
        dt = next(e for e in terms.find_all("dt") if e.text == "公开属性")
        siblings = [c for c in dt.parent.children if not isinstance(c, str)]
        return siblings[siblings.index(dt) + 1].text

    assert disclosure("plans/gaoping-2023/") == "主动公开"
    assert disclosure("plans/jiangxian-2024/") == "原文未标注"


def test_gap_is_stated_plainly_on_the_plan_page(site):
    page = site.page("plans/jiangxian-2024/")
    assert "第15–20项任务在公开文件中缺失" in clean_text(page.find("section", id="data-notes"))
    gap_rows = [r for r in page.find("table", id="plan-tasks").find_all("tr") if "data-gap" in r.attrs]
    assert len(gap_rows) == 1 and "第15–20项任务在公开文件中缺失" in clean_text(gap_rows[0])
    svg = page.find("figure", class_="gk-timeline").find("svg")
    assert any("第15–20项任务在公开文件中缺失" in clean_text(t) for t in svg.find_all("title"))


def test_timeline_is_an_inline_svg_with_a_bar_per_dated_task(site, model):
    for plan in model.plans:
        svg = site.page(plan.url).find("figure", class_="gk-timeline").find("svg")
        assert svg.attrs["viewbox" if "viewbox" in svg.attrs else "viewBox"].startswith("0 0 ")
        rows = svg.find_all("a", class_="gk-tl-row")
        assert len(rows) == len(plan.tasks)
        bars = svg.find_all("rect", class_="gk-tl-bar")
        assert len(bars) == sum(1 for t in plan.tasks if t.months)
        assert [clean_text(m) for m in svg.find_all("text", class_="gk-tl-month")][:12] == [str(m) for m in range(1, 13)]


def test_filter_controls_cover_department_industry_mode_and_month(site):
    form = site.page("plans/gaoping-2023/").find("form", class_="gk-filter")
    names = [s.attrs["name"] for s in form.find_all("select")]
    assert names == ["department", "industry", "mode", "month"]
    assert "hidden" in form.attrs  # shown by the script; without it the whole table stays visible


# --- tasks -------------------------------------------------------------------------------------------

def test_every_task_page_shows_every_field(site, model):
    for task in model.tasks:
        page = site.page(task.url)
        assert clean_text(page.find("h1")) == f"第{task.seq}项 {' '.join(task.name.split())}"
        fields = clean_text(page.find("dl", class_="gk-task"))
        data = task.data
        assert task.lead.as_written in fields
        for ref in task.partners:
            assert ref.as_written in fields
        for item in task.lead.items:
            assert " ".join(item.split()) in fields
        for key in ("scope", "credit_risk_rule", "mode"):
            if data[key]:
                assert " ".join(data[key].split()) in fields
        assert task.months_text in fields and task.ratio_text in fields
        hrefs = links(page.find("dl", class_="gk-task"), ("href",))
        for dept in task.departments:
            assert f"../../../../{dept.url}" in hrefs
        if task.industry:
            assert f"../../../../{task.industry.url}" in hrefs
        results = page.find("section", id="results")
        assert results.attrs["data-plan"] == task.plan.id and results.attrs["data-task"] == str(task.seq)


def test_cinema_task_links_the_publicity_department(site):
    page = site.page("plans/gaoping-2023/tasks/24/")
    assert "对电影院单位检查" in page.find("h1").text
    lead = next(a for a in page.find("dl", class_="gk-task").find_all("a") if a.text == "宣传部")
    assert lead.attrs["href"] == "../../../../departments/xuan-chuan-bu/"
    assert "原文：市委宣传部" in clean_text(page.find("dl", class_="gk-task"))
    dept = site.page("departments/xuan-chuan-bu/")
    assert dept.find("h1").text == "宣传部"
    assert "../../plans/gaoping-2023/tasks/24/" in links(dept, ("href",))


def test_corrections_and_repairs_are_stated_on_the_task(site, model):
    for task in model.tasks:
        section = site.page(task.url).find("section", id="corrections")
        rows = section.find_all("tr")
        expected = len(task.data["corrections"]) + len(task.data["repairs"])
        header_rows = (1 if task.data["corrections"] else 0) + (1 if task.data["repairs"] else 0)
        assert len(rows) == expected + header_rows
        for correction in task.data["corrections"]:
            assert " ".join(correction["why"].split()) in clean_text(section)
    page = site.page("plans/gaoping-2023/tasks/48/")
    text = clean_text(page.find("section", id="corrections"))
    assert "金区雷电易发区内的的煤矿企业" in text and "全区雷电易发区内的煤矿企业" in text


# --- departments and industries ------------------------------------------------------------------------

def test_every_department_page_lists_its_tasks_with_the_english_name(site, model):
    assert site.page("departments/shi-chang-jian-du-guan-li-ju/").find("h1").text == "市场监督管理局"
    for dept in model.departments:
        page = site.page(dept.url)
        assert page.find("h1").text == dept.name
        assert page.find("p", class_="gk-en").text == dept.en
        hrefs = links(page.find("div", class_="gk-page"), ("href",))
        for task in dept.led + dept.joined:
            assert f"../../{task.url}" in hrefs


def test_every_industry_and_section_page(site, model):
    for industry in model.industries:
        page = site.page(industry.url)
        assert page.find("h1").text == industry.tag
        assert page.find("p", class_="gk-en").text == industry.en
        hrefs = links(page.find("div", class_="gk-page"), ("href",))
        assert f"../../{industry.section.url}" in hrefs
        for task in industry.tasks:
            assert f"../../{task.url}" in hrefs
    index = site.page("industries/")
    headings = [clean_text(h) for h in index.find_all("h2")]
    assert headings[-1].startswith("跨行业")
    assert any(h.startswith("C 制造业") for h in headings)
    for section in model.sections:
        assert site.page(section.url).find("h1").text == section.label


# --- site-wide pages ---------------------------------------------------------------------------------

def test_home_page_lists_plans_updates_statement_and_contact(site, gathered):
    home = site.page("")
    text = clean_text(home)
    for plan in gathered.plans:
        meta = plan["plan"]
        assert meta["doc_number"] in text and meta["jurisdiction"] in text
        assert f"{len(plan['tasks'])}项" in text
    assert gathered.config["disclosure_statement"] in text
    assert gathered.config["contact"]["office"] in text
    assert home.find("ul", class_="gk-updates").find("time") is not None
    assert "../feed.xml" not in links(home) and "feed.xml" in links(home)


def test_every_page_has_the_search_form(site):
    for path in site.html_files():
        form = parse_html(path.read_text(encoding="utf-8")).find("form", role="search")
        assert form is not None and form.attrs["method"] == "get", path
        assert form.find("input", attrs={"name": "q"}) is not None


def test_search_and_lookup_shells(site):
    search = site.page("search/").find("div", id="search-app")
    assert search.attrs["data-index"] == "../search/index/"  # assets/search.js reads manifest.json there
    lookup = site.page("lookup/").find("div", id="lookup-app")
    assert lookup.attrs["data-index"] == "../lookup/index/"  # where assets/lookup.js reads its index
    assert (site.path / "lookup" / "index" / "manifest.json").is_file()
    assert lookup.attrs["data-task-url"] == "../plans/{plan}/tasks/{seq}/"
    assert "../assets/lookup.js" in [s.attrs.get("src") for s in site.page("lookup/").find_all("script")]
    assert "../assets/lookup.css" in [l.attrs.get("href") for l in site.page("lookup/").find_all("link")]


def test_content_pages_404_feed_and_sitemap(site, model):
    for url, title in (("guide/", "公开指南"), ("about/", "关于“双随机、一公开”"), ("licence/", "数据许可")):
        assert clean_text(site.page(url).find("h1")) == title
    assert "页面不存在" in clean_text(site.page("404.html"))
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site.path / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) >= len(model.plans)
    assert len({e.find(f"{atom}id").text for e in entries}) == len(entries)
    sitemap = ET.parse(site.path / "sitemap.xml").getroot()
    locs = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "https://gongkai.example.org/plans/gaoping-2023/tasks/24/" in locs
    assert len(locs) >= len(model.tasks) + len(model.departments) + len(model.industries)


def test_no_google_fonts_and_no_build_machine_paths(site, tmp_path_factory):
    machine = [str(ROOT), str(Path(tmp_path_factory.getbasetemp())), "/tmp/"]
    for path in site.path.rglob("*"):
        if path.suffix in {".html", ".xml", ".json", ".css", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "fonts.googleapis.com" not in text, path
            for fragment in machine:
                assert fragment not in text, (path, fragment)


# --- links ------------------------------------------------------------------------------------------

def test_no_internal_link_is_broken(site):
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            tree = parse_html(path.read_text(encoding="utf-8"))
            ids[path] = {e.attrs["id"] for e in tree.find_all(True) if "id" in e.attrs} | \
                        {e.attrs["name"] for e in tree.find_all(True) if e.name == "a" and "name" in e.attrs}
        return ids[path]

    broken = []
    for path in site.html_files():
        here = page_url(site, path)
        for link in links(parse_html(path.read_text(encoding="utf-8"))):
            if link.startswith(EXTERNAL):
                continue
            url = urljoin(here, link)
            target = target_file(site, url)
            if target is None or not target.is_file():
                broken.append(f"{path.relative_to(site.path)}: {link}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in anchors(target):
                broken.append(f"{path.relative_to(site.path)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


def test_every_task_is_three_clicks_from_the_home_page(site, model):
    start = site.path / "index.html"
    depth = {start: 0}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        if depth[path] == 3:
            continue
        here = page_url(site, path)
        for element in parse_html(path.read_text(encoding="utf-8")).find_all("a"):
            href = element.attrs.get("href")
            if not href or href.startswith(EXTERNAL):
                continue
            target = target_file(site, urljoin(here, href))
            if target and target.suffix == ".html" and target.is_file() and target not in depth:
                depth[target] = depth[path] + 1
                queue.append(target)
    for task in model.tasks:
        assert site.file(task.url) in depth, f"/{task.url} is more than three clicks from the home page"


# --- escaping and determinism ----------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script>对电影院单位检查 & <b>粗体</b>'


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> BuiltSite:
    """The real pipeline on a copy of the project whose erratum renames task 24 to contain markup."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    errata = project / "data" / "errata" / "gaoping-2023.yml"
    entries = yaml.safe_load(errata.read_text(encoding="utf-8"))
    entries.append({"task": 24, "field": "name", "as_printed": "对电影院单位检查", "corrected": HOSTILE,
                    "why": "escaping test"})
    errata.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    out = project / "site"
    return BuiltSite(out, build(project / "site_config.yml", out))


def test_markup_in_data_renders_as_text(hostile_site):
    for url in ("plans/gaoping-2023/tasks/24/", "plans/gaoping-2023/", "departments/xuan-chuan-bu/",
                "industries/dian-ying-fang-ying/", "plans/gaoping-2023/tasks/23/"):
        raw = hostile_site.file(url).read_text(encoding="utf-8")
        assert '<script>alert("x")' not in raw and "<b>粗体" not in raw, url
        assert "&lt;script&gt;" in raw, url
    page = hostile_site.page("plans/gaoping-2023/tasks/24/")
    assert page.find("h1").text.endswith(HOSTILE)
    assert page.find("title").text.startswith(f"第24项 {HOSTILE} - ")
    assert not [s for s in page.find_all("script") if "alert" in s.text]
    feed = (hostile_site.path / "feed.xml").read_text(encoding="utf-8")
    ET.fromstring(feed.encode("utf-8"))  # still well-formed XML


def test_two_builds_are_byte_identical(site, tmp_path_factory):
    again = tmp_path_factory.mktemp("again") / "site"
    build(ROOT / "site_config.yml", again)
    first = {p.relative_to(site.path): p for p in site.path.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    different = [str(rel) for rel, path in sorted(first.items()) if path.read_bytes() != second[rel].read_bytes()]
    assert not different, different[:20]
