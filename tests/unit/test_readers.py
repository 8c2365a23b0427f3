"""The Word, Excel and web-page readers on real plans, written by the programs offices use.

Every fixture is built here (python-docx, openpyxl, LibreOffice headless) from the seed
text or rows of the corpus (tests/builders/rows.py). The seed written as Word must read
exactly as the seed text does; a corpus plan written as a workbook or a portal page must
read exactly as the corpus text does; merged cells are checked cell by cell.
PDF, scans and unreadable files: test_readers_pdf.py.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tests.builders import LEFT, html_table, portal_page, soffice_convert, write_docx, write_xlsx
from tests.builders.rows import (CHANGZHI_FOLDED, CHANGZHI_HEADER, CHANGZHI_TASKS, CHANGZHI_TITLE, FENYANG_ROWS,
                           HUANGSHI_HEADER, HUANGSHI_ROWS, HUANGSHI_TITLE, ROOT, SEED, YIYUAN_BOX, YIYUAN_TABLE,
                           by_scope, plan_fields, seed_tables, spaceless, without_source)
from generator.core.findings import Findings
from generator.importer import import_plan
from generator.importer.sources import read_document

CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("office")


@pytest.fixture(scope="module")
def seed_text(reference):
    return import_plan(SEED, "gaoping-2023", reference)


@pytest.fixture(scope="module")
def seed_docx(folder):
    notice, tables, trailing = seed_tables()
    return write_docx(folder / "gaoping-2023-plan.docx", notice, tables, trailing)


def same_tasks(result, expected, seqs: list[int] | None = None) -> None:
    """Every field of every task (or of the tasks numbered `seqs`) as the other reading has it."""
    def pick(tasks):
        return [t for t in tasks if seqs is None or t["seq"] in seqs]
    assert spaceless(pick(result.plan["tasks"])) == spaceless(pick(expected.plan["tasks"]))


# --- Word ----------------------------------------------------------------------------------


def test_seed_as_docx_reads_exactly_as_the_text(seed_docx, seed_text, reference):
    result = import_plan(seed_docx, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "docx" and result.plan["plan"]["metadata"] == {}
    assert plan_fields(result.plan) == plan_fields(seed_text.plan)
    assert result.plan["notice"] == seed_text.plan["notice"]
    assert without_source(result.plan["tasks"]) == without_source(seed_text.plan["tasks"])
    assert [{k: v for k, v in g.items() if k != "after_line"} for g in result.plan["gaps"]] == \
        [{k: v for k, v in g.items() if k != "after_line"} for g in seed_text.plan["gaps"]]


def test_doc_is_converted_by_libreoffice(seed_docx, seed_text, folder, reference):
    doc = soffice_convert(seed_docx, "doc", folder)
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real Word 97-2003 file
    result = import_plan(doc, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "doc"
    assert result.plan["plan"]["source"]["file"] == doc.as_posix()
    same_tasks(result, seed_text)


def test_docx_vertical_merges_mark_continuation_rows(folder, reference):
    path = write_docx(folder / "fenyang.docx", [], [FENYANG_ROWS])
    document = read_document(path, Findings())
    assert document.format == "docx"
    (table,) = document.tables
    assert table.header == FENYANG_ROWS[0]
    rows = table.rows
    assert rows[1].cells == FENYANG_ROWS[2][:4] + ["宣传部门", "文化和旅游部门", "市县(区)级"]
    assert rows[3].cells == ["5", "游泳场(馆)、商场(超市)抽查", "商场(超市)取得许可证及卫生管理情况等的检查", "商场(超市)",
                             "卫生健康部门", "市场监管部门", "市县(区)级"]
    assert [r.merged_from_above for r in rows] == [frozenset(), {4, 5, 6}, frozenset(), {0, 1, 4, 5, 6}, frozenset()]
    check_fenyang(import_plan(path, "fenyang-2021", reference), reference)


def check_fenyang(result, reference) -> None:
    """Read as the corpus text of the same rows reads, the merged cells included."""
    text = import_plan(CORPUS / "fenyang_2021-plan.txt", "fenyang-2021", reference)
    def main_fields(tasks):
        return [{k: v for k, v in t.items() if k != "items"} for t in tasks if t["seq"] in (1, 2, 5, 6)]
    assert spaceless(main_fields(result.plan["tasks"])) == spaceless(main_fields(text.plan["tasks"]))
    swimming = by_scope(result, "游泳场(馆)")
    assert [(i["name"], i["scope"]) for i in swimming["items"]] == [("商场(超市)取得许可证及卫生管理情况等的检查", "商场(超市)")]
    # The item's row prints no department of its own: the lead and partner merged down from the task's
    # row stay the task's, as in the text version, which prints them once.
    assert [(i["lead"], i["partners"]) for i in swimming["items"]] == [(None, [])]
    assert [p["as_written"] for p in swimming["partners"]] == ["市场监管部门"]
    assert by_scope(result, "出版物零售单位")["lead"]["as_written"] == "宣传部门"  # merged down from task 1
    for task in result.plan["tasks"]:
        assert task["ratio"] is None and task["months"] is None  # the plan has no ratio or time column


# --- Excel ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(folder):
    changzhi = [[CHANGZHI_TITLE[0]] + [LEFT] * 9, [CHANGZHI_TITLE[1]] + [LEFT] * 9, *CHANGZHI_HEADER, *CHANGZHI_TASKS]
    huangshi = [[HUANGSHI_TITLE] + [LEFT] * 8, HUANGSHI_HEADER, *HUANGSHI_ROWS]
    huangshi[2] = huangshi[2][:7] + ['="1次/年"'] + huangshi[2][8:]  # a cell filled by a formula
    return write_xlsx(folder / "plans.xlsx", {"市直": changzhi, "测绘": huangshi})


def test_xlsx_title_rows_two_level_header_and_merged_ranges(workbook):
    findings = Findings()
    document = read_document(workbook, findings)
    assert document.format == "xlsx"
    assert document.notice == [(1, CHANGZHI_TITLE[0]), (2, CHANGZHI_TITLE[1])]
    changzhi, huangshi = document.tables
    assert (changzhi.caption, changzhi.header, changzhi.header_line) == ("市直", CHANGZHI_FOLDED, 3)
    assert [r.cells for r in changzhi.rows] == CHANGZHI_TASKS
    assert [r.line for r in changzhi.rows] == [5, 6]
    assert (huangshi.caption, huangshi.header) == ("测绘", HUANGSHI_HEADER)
    assert document.trailing == [(1, HUANGSHI_TITLE)]
    rows = huangshi.rows
    assert [r.cells[2] for r in rows] == [r[2] for r in HUANGSHI_ROWS]
    assert rows[3].cells[:2] == ["2", "测绘资质巡查"] and rows[3].cells[3:] == HUANGSHI_ROWS[1][3:]
    assert [r.merged_from_above for r in rows] == [frozenset(), frozenset()] + [frozenset({0, 1, 3, 4, 5, 6, 7, 8})] * 3
    # openpyxl saved the formula without its value: read as nothing, and said so, never silently.
    assert rows[0].cells[:7] == HUANGSHI_ROWS[0][:7] and rows[0].cells[7:] == ["", HUANGSHI_ROWS[0][8]]
    (formula,) = [f for f in findings if f.kind == "formula-no-value"]
    assert (formula.severity, formula.file, formula.row, formula.column) == ("warning", str(workbook), 3, "H")
    assert formula.message == ("sheet '测绘': formula '=\"1次/年\"' has no saved value; open and save the file in "
                               "Excel or LibreOffice to compute it")
    assert [(f.severity, f.row) for f in findings if f.kind == "two-level-header"] == [("info", 4)]


def test_xlsx_reads_as_the_corpus_text(workbook, reference):
    result = import_plan(workbook, "changzhi-2024", reference)
    assert result.plan["plan"]["format"] == "xlsx"
    text = import_plan(CORPUS / "changzhi_2024-plan.txt", "changzhi-2024", reference)
    assert plan_fields(result.plan)["title"] == plan_fields(text.plan)["title"] == CHANGZHI_TITLE[0]
    same_tasks(result, text, seqs=[1, 2])  # the text's task 3 is cut by the page; the workbook has two
    surveying = [t for t in result.plan["tasks"] if t["lead"]["as_written"] == "黄石市自然资源和规划局"]
    assert [t["scope"] for t in surveying] == ["全市乙级测绘资质单位"] * 2
    assert [i["name"] for i in surveying[1]["items"]] == [r[2] for r in HUANGSHI_ROWS[2:]]
    for task in surveying:
        assert [p["as_written"] for p in task["partners"]] == ["黄石市市场监督管理局"]
        assert (task["ratio"]["op"], task["ratio"]["value"], task["months"]) == ("=", 0.2, [6, 12])


def test_xls_reads_as_the_xlsx(workbook, folder, reference):
    xls = soffice_convert(workbook, "xls:MS Excel 97", folder)
    findings = Findings()
    document = read_document(xls, findings)
    expected = read_document(workbook, Findings())
    assert document.format == "xls"
    assert document.notice == expected.notice and document.trailing == expected.trailing
    assert [t.header for t in document.tables] == [t.header for t in expected.tables]
    assert [r.cells for r in document.tables[0].rows] == [r.cells for r in expected.tables[0].rows]
    computed = [r.cells for r in document.tables[1].rows]
    assert computed[0] == HUANGSHI_ROWS[0]  # LibreOffice computed the formula when it saved the file
    assert computed[1:] == [r.cells for r in expected.tables[1].rows][1:]
    assert [r.merged_from_above for r in document.tables[1].rows] == [r.merged_from_above for r in expected.tables[1].rows]
    assert not [f for f in findings if f.kind == "formula-no-value"]
    text = import_plan(CORPUS / "changzhi_2024-plan.txt", "changzhi-2024", reference)
    same_tasks(import_plan(xls, "changzhi-2024", reference), text, seqs=[1, 2])


def test_a_workbook_named_xls_that_is_xlsx_is_read_by_content(workbook, folder):
    renamed = folder / "renamed.xls"
    renamed.write_bytes(workbook.read_bytes())
    findings = Findings()
    document = read_document(renamed, findings)
    assert document.format == "xlsx" and len(document.tables) == 2
    (note,) = [f for f in findings if f.kind == "format-by-content"]
    assert (note.severity, note.file, note.message) == (
        "info", str(renamed), "the file is named .xls but holds an Excel workbook (.xlsx); read as its content says")


def test_csv_in_gb18030(folder, reference):
    path = folder / "changzhi.csv"
    rows = [CHANGZHI_FOLDED, *CHANGZHI_TASKS]
    lines = [",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows]
    path.write_bytes(codecs.encode("\r\n".join(lines), "gb18030"))
    result = import_plan(path, "changzhi-2024", reference, jurisdiction="长治市", year=2024)
    assert result.plan["plan"]["format"] == "csv"
    text = import_plan(CORPUS / "changzhi_2024-plan.txt", "changzhi-2024", reference)
    same_tasks(result, text, seqs=[1, 2])


# --- web pages -----------------------------------------------------------------------------


def test_portal_page_reads_as_the_same_page_copied_as_text(folder, reference):
    page = folder / "yiyuan.html"
    page.write_bytes(portal_page(YIYUAN_BOX[0][1], YIYUAN_BOX, html_table(YIYUAN_TABLE), "2023-02-17", charset="gbk"))
    result = import_plan(page, "yiyuan-2023", reference)
    text = import_plan(CORPUS / "yiyuan_2023-plan.txt", "yiyuan-2023", reference)
    assert result.plan["plan"]["format"] == "html"
    assert result.plan["plan"]["metadata"] == text.plan["plan"]["metadata"] == {
        "title": YIYUAN_BOX[0][1], "index_number": "11370323MB2859070U/2023-None", "issued": "2023-02-17",
        "publisher": "沂源县卫生健康局", "published": "2023-02-17"}
    assert (result.plan["plan"]["jurisdiction"], result.plan["plan"]["year"]) == ("沂源县", 2023)
    same_tasks(result, text)
    document = read_document(page, Findings())
    # The chrome, the script, the style and the comment are not read; the box is metadata.
    assert document.notice == [(document.notice[0][0], YIYUAN_BOX[0][1])] and document.trailing == []
    (table,) = document.tables
    assert table.header == YIYUAN_TABLE[0] and [r.cells for r in table.rows] == YIYUAN_TABLE[1:]


def test_html_rowspan_and_colspan_inside_a_layout_table(folder, reference):
    page = folder / "fenyang.htm"
    page.write_bytes(portal_page("汾阳市部门联合抽查事项清单", [["发布机构", "汾阳市人民政府"]], html_table(FENYANG_ROWS),
                                 "2021-08-17"))
    document = read_document(page, Findings())
    assert document.metadata == {"publisher": "汾阳市人民政府", "published": "2021-08-17"}
    (table,) = document.tables
    assert table.header == FENYANG_ROWS[0]
    assert [r.merged_from_above for r in table.rows] == [frozenset(), {4, 5, 6}, frozenset(), {0, 1, 4, 5, 6},
                                                         frozenset()]
    assert [r.cells for r in table.rows] == [r.cells for r in read_document(
        write_docx(folder / "fenyang-2.docx", [], [FENYANG_ROWS]), Findings()).tables[0].rows]
    check_fenyang(import_plan(page, "fenyang-2021", reference), reference)


def test_text_suffixes_still_read_as_text(folder, reference, seed_text):
    for suffix in (".md", ".tsv"):
        copy = Path(folder / f"gaoping{suffix}")
        copy.write_bytes(SEED.read_bytes())
        result = import_plan(copy, "gaoping-2023", reference)
        assert result.plan["plan"]["format"] == "text"
        assert without_source(result.plan["tasks"]) == without_source(seed_text.plan["tasks"])
