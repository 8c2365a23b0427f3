"""Nothing active reaches the public site: configured markup shows as text, content/*.md is
sanitised, every page carries a Content-Security-Policy the site works under, and open data
cannot turn into spreadsheet formulas.

A hostile copy of the project is built once (config title, description and licence with
<script>, a content page with raw scripts, javascript:/data: links and attr_list handlers:
tests/helpers/hostile.py). The same checks in Chromium are in tests/browser/test_security_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from generator.pipeline import build
from generator.site.safety import CONTENT_SECURITY_POLICY
from tests.helpers import copy_project
from tests.helpers.hostile import FORMULAS, TITLE
from tests.helpers.html import clean_text, parse_html


def test_configured_title_is_text_on_every_page(hostile):
    pages = sorted(hostile.rglob("*.html"))
    assert len(pages) > 200
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "alert(" not in "".join(re.findall(r"<script[^>]*>[^<]*", html)), path
    home = parse_html((hostile / "index.html").read_text(encoding="utf-8"))
    assert home.find("title").text == TITLE
    assert clean_text(home.find("div", class_="gk-header-title")) == TITLE
    assert clean_text(home.find("label", class_="md-nav__title")) == TITLE  # Material's drawer, overridden
    assert "CC<script>alert(3)</script>" in home.find("footer").text


def test_content_pages_keep_markup_and_lose_scripts(hostile):
    html = (hostile / "about" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    page = parse_html(article)
    for element in page.find_all(True):
        assert element.name not in ("script", "style", "iframe"), element
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value  # class, rel: lists in bs4
            assert not name.startswith("on") and name != "style", element
            assert not value.strip().lower().startswith(("javascript:", "data:")), element
    assert "alert(5)" not in article and "alert(6)" not in article  # attr_list's handlers are gone, not text
    assert [clean_text(h) for h in page.find_all("h2")][-2:] == ["标题", "标题 <img src=x onerror=alert(12)>"]
    assert page.find("a", href="https://www.gov.cn/").text == "合法链接"
    assert page.find("a", href="../guide/") is not None
    assert [td.text for td in page.find_all("td")][-2:] == ["1", "2"]
    assert [li.text for li in page.find_all("li")][-2:] == ["第一条", "第二条"]
    assert page.find("h2", id="_6") is not None  # the table of contents' anchors stay


def test_every_page_has_the_policy_and_no_inline_script(site):
    for path in site.html_files():
        html = path.read_text(encoding="utf-8")
        policy = parse_html(html).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert policy is not None and policy.attrs["content"] == CONTENT_SECURITY_POLICY, path
        for element in parse_html(html).find_all("script"):
            # A script is a file of the site's own, or data a script reads (not run by the browser).
            assert element.attrs.get("src") or element.attrs.get("type") == "application/json", (path, element)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]


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
