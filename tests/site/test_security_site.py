"""Nothing active reaches the public site: configured markup shows as text, content/*.md is
sanitised, every page carries a Content-Security-Policy the site works under, and open data
cannot turn into spreadsheet formulas.

A hostile copy of the project is built once (config title, description and licence with
<script>, a content page with raw scripts, javascript:/data: links and attr_list handlers).
"""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import re
import threading

import pytest

from conftest import CHROMIUM, CHROMIUM_ARGS, _QuietHandler, copy_project, parse_html, require_chromium
from generator.pipeline import build
from generator.site.safety import CONTENT_SECURITY_POLICY

TITLE = "站点<script>alert(1)</script>"
HOSTILE_CONTENT = """
## 标题 <script>alert(4)</script> {: onclick="alert(5)" }

段落
{: onmouseover="alert(6)" }

[x](javascript:alert(7)) [y](data:text/html,<script>alert(8)</script>) <img src=x onerror=alert(9)>
[合法链接](https://www.gov.cn/) 和 [站内](../guide/)

<script>alert(10)</script>
<div onclick="alert(11)" style="position:fixed">覆盖</div>

## 标题 &lt;img src=x onerror=alert(12)&gt;

| 列一 | 列二 |
|------|------|
| 1    | 2    |

- 第一条
- 第二条
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^title: .*$", f"title: {TITLE}", config)
    config = re.sub(r"(?m)^description: ", 'description: 说明"><script>alert(2)</script>', config)
    config = re.sub(r"(?m)^licence: .*$", "licence: CC<script>alert(3)</script>", config)
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    about = root / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + HOSTILE_CONTENT, encoding="utf-8")
    _add_formula_data(root)
    out = root / "site"
    build(root / "site_config.yml", out)
    return out


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
RESULT_HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]


def _add_formula_data(root):
    """Result rows whose cells are formulas, published late (so they are in late.csv too), and an
    erratum that renames task 1 to a formula."""
    rows = [RESULT_HEADER]
    for i, formula in enumerate(FORMULAS[:4], start=1):
        rows.append(["gaoping-2023", "1", f"{formula}{i}", "", "2023-05-10", "市场监管局", "未发现问题", formula,
                     "2023-08-30"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (root / "data" / "results" / "inject.csv").write_text(buffer.getvalue(), encoding="utf-8")
    name = json.loads((root / "data" / "plans" / "gaoping-2023.json").read_text(encoding="utf-8"))["tasks"][0]["name"]
    with open(root / "data" / "errata" / "gaoping-2023.yml", "a", encoding="utf-8") as fh:
        fh.write(f"\n- task: 1\n  field: name\n  as_printed: {name}\n  corrected: '{FORMULAS[0]}'\n"
                 "  why: a contributor's formula\n")


def test_configured_title_is_text_on_every_page(hostile):
    pages = sorted(hostile.rglob("*.html"))
    assert len(pages) > 200
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "alert(" not in "".join(re.findall(r"<script[^>]*>[^<]*", html)), path
    home = parse_html((hostile / "index.html").read_text(encoding="utf-8"))
    assert home.find("title").text == TITLE
    assert home.find("div", class_="gk-header-title").clean_text() == TITLE
    assert home.find("label", class_="md-nav__title").clean_text() == TITLE  # Material's drawer, overridden
    assert "CC<script>alert(3)</script>" in home.find("footer").text


def test_content_pages_keep_markup_and_lose_scripts(hostile):
    html = (hostile / "about" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    page = parse_html(article)
    for element in page.iter():
        assert element.tag not in ("script", "style", "iframe"), element
        for name, value in element.attrs.items():
            assert not name.startswith("on") and name != "style", element
            assert not value.strip().lower().startswith(("javascript:", "data:")), element
    assert "alert(5)" not in article and "alert(6)" not in article  # attr_list's handlers are gone, not text
    assert [h.clean_text() for h in page.find_all("h2")][-2:] == ["标题", "标题 <img src=x onerror=alert(12)>"]
    assert page.find("a", href="https://www.gov.cn/").text == "合法链接"
    assert page.find("a", href="../guide/") is not None
    assert [td.text for td in page.find_all("td")][-2:] == ["1", "2"]
    assert [li.text for li in page.find_all("li")][-2:] == ["第一条", "第二条"]
    assert page.find("h2", id="_6") is not None  # the table of contents' anchors stay


def test_every_page_has_the_policy_and_no_inline_script(site):
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        policy = parse_html(html).find("meta", http_equiv="Content-Security-Policy")
        assert policy is not None and policy.attrs["content"] == CONTENT_SECURITY_POLICY, path
        for element in parse_html(html).find_all("script"):
            # A script is a file of the site's own, or data a script reads (not run by the browser).
            assert element.attrs.get("src") or element.attrs.get("type") == "application/json", (path, element)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]


MAIN_PAGES = ["", "plans/", "plans/gaoping-2023/", "plans/gaoping-2023/tasks/1/", "departments/",
              "industries/", "search/?q=食品", "lookup/", "about/", "guide/", "does-not-exist/"]


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
def hostile_server(hostile):
    handler = functools.partial(_QuietHandler, directory=str(hostile))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_hostile_pages_run_no_script(browser, hostile_server):
    for path in ("", "about/", "plans/"):
        problems = _visit(browser, hostile_server + path)
        assert not [p for p in problems if p.startswith("dialog")], (path, problems)
        # The one thing that fails is the picture the sanitiser left, <img src="x">: a 404, no script.
        assert [p for p in problems if "404" not in p] == [], path


# Open data: OWASP's CSV-injection rule ----------------------------------------------------

def test_spreadsheet_cell_rule():
    from generator.core.io import spreadsheet_text

    for value in FORMULAS:
        assert spreadsheet_text(value) == "'" + value
    for value in ["食品", "1-2", "", "2024-08-05", "'quoted"]:
        assert spreadsheet_text(value) == value
    assert spreadsheet_text(-5) == -5 and spreadsheet_text(3.5) == 3.5  # numbers stay numbers


def _csv_cells(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_result_csv_late_csv_and_plan_files_hold_no_formula(hostile):
    results = _csv_cells(hostile / "data" / "results" / "gaoping-2023.csv")
    businesses = sorted(row[2] for row in results[1:])
    assert businesses == sorted("'" + f"{f}{i}" for i, f in enumerate(FORMULAS[:4], start=1))
    assert sorted(row[7] for row in results[1:]) == sorted("'" + f for f in FORMULAS[:4])
    late = _csv_cells(hostile / "data" / "dashboards" / "plans" / "gaoping-2023" / "late.csv")
    assert sorted(row[3] for row in late[1:]) == businesses
    assert {row[2] for row in late[1:]} == {"'" + FORMULAS[0]}  # the task's name, from the erratum
    # The JSON keeps every value as it is.
    data = json.loads((hostile / "data" / "results" / "gaoping-2023.json").read_text(encoding="utf-8"))
    assert sorted(r["business"] for r in data["results"]) == sorted(f"{f}{i}" for i, f in enumerate(FORMULAS[:4], 1))
    plan_csv = _csv_cells(hostile / "data" / "plans" / "gaoping-2023.csv")
    assert plan_csv[1][:2] == ["1", "'" + FORMULAS[0]]
    plan_json = json.loads((hostile / "data" / "plans" / "gaoping-2023.json").read_text(encoding="utf-8"))
    assert plan_json["tasks"][0]["name"] == FORMULAS[0]


def test_plan_xlsx_stores_the_formula_as_text(hostile):
    import openpyxl

    sheet = openpyxl.load_workbook(hostile / "data" / "plans" / "gaoping-2023.xlsx").active
    cell = sheet["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULAS[0], "s", True)
    assert sheet["A2"].value == 1 and sheet["A2"].data_type == "n"  # numbers stay numbers
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_content_front_matter_the_theme_would_print_raw_fails_the_build(tmp_path):
    from generator.core.findings import DataError

    root = copy_project(tmp_path / "project")
    guide = root / "content" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "title: 公开指南\n", "title: 公开指南\nsubtitle: <img src=x onerror=alert(1)>\nstatus: 'x\" onclick=\"alert(2)'\n", 1),
        encoding="utf-8")
    with pytest.raises(DataError) as error:
        build(root / "site_config.yml", root / "site")
    assert [f.message for f in error.value.findings] == [
        "content/guide.md: front matter key 'status' is not allowed (allowed: hide, title)",
        "content/guide.md: front matter key 'subtitle' is not allowed (allowed: hide, title)"]
    assert not (root / "site").exists()


def test_libreoffice_reads_the_plan_xlsx_formula_as_text(hostile, tmp_path):
    """What a spreadsheet program makes of the download: LibreOffice recalculates every formula on
    load, so a formula cell would come out as its result ("y"); text comes out as written."""
    import shutil as _shutil
    import subprocess

    soffice = _shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is installed by the Makefile"
    subprocess.run([soffice, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(hostile / "data" / "plans" / "gaoping-2023.xlsx")],
                   check=True, capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    rows = _csv_cells(tmp_path / "gaoping-2023.csv")
    assert rows[0][:2] == ["序号", "抽查任务名称"]
    assert rows[1][:2] == ["1", FORMULAS[0]]
