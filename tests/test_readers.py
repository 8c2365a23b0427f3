"""The format readers on real plans written as Word, Excel, web pages, PDF and scans.

Every binary fixture is built here, by the libraries and programs offices use
(python-docx, openpyxl, LibreOffice headless, pdftoppm), from the seed text and
rows of the corpus (tests/corpus/README.md says what a careful reader finds in
them). The seed plan written as Word and printed to PDF must read exactly as
the seed text does; the corpus rows are checked field by field.
"""

from __future__ import annotations

import difflib
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import LEFT, UP, html_table, portal_page, scan, soffice_convert, write_docx, write_xlsx
from generator.cli import main
from generator.findings import DataError, Findings
from generator.importer import import_plan
from generator.importer.sources import read_document
from generator.importer.tasks import _is_subheader
from generator.reference import Reference

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "gaoping-2023-plan.txt"

# 长治市 2024 (tests/corpus/changzhi_2024-plan.txt), its two complete tasks, cell by cell.
CHANGZHI_TITLE = ["长治市2024年度部门联合双随机抽查工作计划", "(“一业一查”部门联合双随机抽查工作计划)-市直"]
CHANGZHI_TASKS = [
    ["1", "涉烟经营活动检查", "对物流、寄递企业运输烟草制品情况的双随机抽查", "本辖区物流、寄递企业", "3%;2次/年",
     "根据企业信用风险分类结果,对低风险、一般风险、较高风险、高风险企业分别递加抽查比例", "3月—12月", "市烟草专卖局",
     "市邮政管理局、\n市公安局", "市抽市查"],
    ["2", "对全市医疗保障经办机构执行全省统一的医疗保障经办政务服务事项清单和办事指南,并根据实际情况调整和更新检查",
     "对全市医疗保障经办机构执行全省统一的医疗保障经办政务服务事项清单和办事指南,并根据实际情况调整和更新检查",
     "医疗保障经办部门", "市级医疗保障部门每年对市级及以下经办机构抽查比例之和≥20%;1次/年", "不涉及信用风险分类",
     "3月—12月", "市医保局", "市审批服务管理局", "市抽市查、市抽县(区)查"],
]
# Its header as a two-level header: 抽查项目 spans 抽查任务名称 and 抽查事项; the rest span both rows.
CHANGZHI_HEADER = [
    ["序号", "抽查项目", LEFT, "抽查对象范围", "抽查比例及频次", "智慧监管(信用风险分类)要求", "抽查检查起止时间",
     "发起部门", "配合部门", "抽查检查模式"],
    [UP, "抽查任务名称", "抽查事项", UP, UP, UP, UP, UP, UP, UP],
]
CHANGZHI_FOLDED = ["序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次", "智慧监管(信用风险分类)要求",
                   "抽查检查起止时间", "发起部门", "配合部门", "抽查检查模式"]

# 黄石市 2023 (huangshi_2023-plan.txt): task 2's four 抽查事项 on rows of their own, the rest merged.
HUANGSHI_TITLE = "黄石市部门联合“双随机、一公开”监管工作抽查计划表"
HUANGSHI_HEADER = ["序号", "抽查领域", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查比例", "抽查频次",
                   "计划任务实施时段"]
HUANGSHI_ROWS = [
    ["1", "测绘成果质量监督抽查", "1、测绘成果质量抽查", "全市乙级测绘资质单位", "黄石市自然资源和规划局",
     "黄石市市场监督管理局", "20%", "1次/年", "2023年6-12月"],
    ["2", "测绘资质巡查", "1、测绘资质条件的真实性", "全市乙级测绘资质单位", "黄石市自然资源和规划局",
     "黄石市市场监督管理局", "20%", "1次/年", "2023年6-12月"],
    [UP, UP, "2、测绘管理制度执行情况", UP, UP, UP, UP, UP, UP],
    [UP, UP, "3、测绘资质年度报告公示内容真实性", UP, UP, UP, UP, UP, UP],
    [UP, UP, "4、测绘项目登记汇交情况", UP, UP, UP, UP, UP, UP],
]

# 汾阳市 2021 (fenyang_2021-plan.txt): task 2 shares task 1's offices (merged down), task 5 has a
# continuation row whose 序号, 领域 and offices are merged from above.
FENYANG_ROWS = [
    ["序号", "抽查领域", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查层级"],
    ["1", "包装装潢、其他印刷品印刷单位抽查", "对包装装潢、其他印刷品印刷单位经营情况的检查", "包装装潢、其他印刷品印刷单位",
     "宣传部门", "文化和旅游部门", "市县(区)级"],
    ["2", "出版物零售单位抽查", "对出版物零售单位经营情况的检查", "出版物零售单位", UP, UP, UP],
    ["5", "游泳场(馆)、商场(超市)抽查", "游泳场(馆)取得许可证及卫生管理情况等的检查", "游泳场(馆)", "卫生健康部门",
     "市场监管部门", "市县(区)级"],
    [UP, UP, "商场(超市)取得许可证及卫生管理情况等的检查", "商场(超市)", UP, UP, UP],
    ["6", "经营性互联网文化单位的检查", "经营性互联网文化单位经营情况的检查", "经营性互联网文化单位", "文化和旅游部门",
     "公安、税务部门", "市县(区)级"],
]

# 沂源县 2023 (yiyuan_2023-plan.txt): the portal's 信息公开 box and its one task.
YIYUAN_BOX = [
    ["标题:", "沂源县卫生健康局2023年度部门联合“双随机、一公开”随机抽查事项清单", LEFT, LEFT],
    ["索引号:", "11370323MB2859070U/2023-None", "文号:", ""],
    ["发文日期:", "2023-02-17", "发布机构:", "沂源县卫生健康局"],
]
YIYUAN_TABLE = [
    ["序号", "抽查类别", "抽查事项", "抽查内容", "检查对象", "事项类别", "检查方式", "抽查比例及频次", "检查时间", "检查主体",
     "参检单位"],
    ["1", "餐具饮具集中消毒服务单位的检查", "对餐具、饮具集中消毒服务单位的监督检查",
     "作业场所、清洗消毒设备或者设施、生产用水和使用的洗涤剂、消毒剂、餐具、饮具的出厂检验、餐具、饮具的包装标识",
     "餐具饮具集中消毒服务单位", "一般检查事项", "现场检查", "全年抽查比例不低于5%,抽查频次根据监管需要确定", "1-12月",
     "沂源县卫生健康局", "沂源县市场监督管理局"],
]


@pytest.fixture(scope="module")
def reference():
    return Reference.load(ROOT / "data" / "reference")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("readers")


@pytest.fixture(scope="module")
def seed_text(reference):
    return import_plan(SEED, "gaoping-2023", reference)


def seed_tables() -> tuple[list[str], list[list[list[str]]], list[str]]:
    """The seed's notice, tables (second header rows left out, as a typist would) and trailing lines."""
    document = read_document(SEED, Findings())
    tables = [[t.header] + [r.cells for r in t.rows if not _is_subheader(r)] for t in document.tables]
    return [t for _, t in document.notice], tables, [t for _, t in document.trailing]


@pytest.fixture(scope="module")
def seed_docx(folder):
    notice, tables, trailing = seed_tables()
    return write_docx(folder / "gaoping-2023-plan.docx", notice, tables, trailing)


@pytest.fixture(scope="module")
def seed_pdf(seed_docx, folder):
    return soffice_convert(seed_docx, "pdf", folder)


def without_source(tasks: list[dict]) -> list[dict]:
    return [{k: v for k, v in t.items() if k != "source"} for t in tasks]


def spaceless(value):
    """Values with whitespace removed: a PDF keeps no space where a line wrapped at one."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, dict):
        return {k: spaceless(v) for k, v in value.items() if k != "repairs"}
    if isinstance(value, list):
        return [spaceless(v) for v in value]
    return value


def strip_lines(gaps: list[dict]) -> list[dict]:
    return [{k: v for k, v in g.items() if k != "after_line"} for g in gaps]


def plan_fields(plan: dict) -> dict:
    return {k: v for k, v in plan["plan"].items() if k not in ("source", "format", "metadata")}


def by_name(result, name: str) -> dict:
    return next(t for t in result.plan["tasks"] if t["name"] == name)


def by_scope(result, scope: str) -> dict:
    """A task by its 检查对象: the one column every format and vocabulary reads alike."""
    return next(t for t in result.plan["tasks"] if t["scope"] == scope)


def departments(refs: list[dict]) -> list[str | None]:
    return [r["department"] for r in refs]


# --- Word ----------------------------------------------------------------------------------


def test_seed_as_docx_reads_exactly_as_the_text(seed_docx, seed_text, reference):
    result = import_plan(seed_docx, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "docx"
    assert plan_fields(result.plan) == plan_fields(seed_text.plan)
    assert result.plan["notice"] == seed_text.plan["notice"]
    assert without_source(result.plan["tasks"]) == without_source(seed_text.plan["tasks"])
    assert strip_lines(result.plan["gaps"]) == strip_lines(seed_text.plan["gaps"])


def test_doc_is_converted_by_libreoffice(seed_docx, seed_text, folder, reference):
    doc = soffice_convert(seed_docx, "doc", folder)
    result = import_plan(doc, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "doc"
    assert result.plan["plan"]["source"]["file"] == doc.as_posix()
    assert spaceless(without_source(result.plan["tasks"])) == spaceless(without_source(seed_text.plan["tasks"]))


def test_docx_vertical_merges_mark_continuation_rows(folder, reference):
    path = write_docx(folder / "fenyang.docx", [], [FENYANG_ROWS])
    document = read_document(path, Findings())
    assert document.format == "docx"
    (table,) = document.tables
    assert table.header == FENYANG_ROWS[0]
    rows = table.rows
    assert rows[1].cells[4:] == ["宣传部门", "文化和旅游部门", "市县(区)级"]
    assert rows[1].merged_from_above == {4, 5, 6}
    assert rows[3].cells == ["5", "游泳场(馆)、商场(超市)抽查", "商场(超市)取得许可证及卫生管理情况等的检查", "商场(超市)",
                             "卫生健康部门", "市场监管部门", "市县(区)级"]
    assert rows[3].merged_from_above == {0, 1, 4, 5, 6}
    assert rows[0].merged_from_above == rows[2].merged_from_above == rows[4].merged_from_above == frozenset()
    check_fenyang(import_plan(path, "fenyang-2021", reference, jurisdiction="汾阳市", year=2021))


def check_fenyang(result) -> None:
    """What the corpus README reads in 汾阳's rows, whatever the format."""
    first = by_scope(result, "包装装潢、其他印刷品印刷单位")
    second = by_scope(result, "出版物零售单位")
    fifth = by_scope(result, "游泳场(馆)")
    sixth = by_scope(result, "经营性互联网文化单位")
    assert [first["seq"], second["seq"], fifth["seq"]] == [1, 2, 5]
    assert first["lead"]["as_written"] == second["lead"]["as_written"] == "宣传部门"
    assert [p["as_written"] for p in first["partners"]] == [p["as_written"] for p in second["partners"]] == ["文化和旅游部门"]
    assert fifth["lead"]["as_written"] == "卫生健康部门"
    assert [p["as_written"] for p in fifth["partners"]] == ["市场监管部门"]
    assert sixth["lead"]["as_written"] == "文化和旅游部门"
    assert "公安" in sixth["partners"][0]["as_written"] and "税务" in sixth["partners"][-1]["as_written"]
    for task in (first, second, fifth, sixth):
        assert task["ratio"] is None and task["months"] is None  # the plan has no ratio or time column
    assert first["lead"]["items"] == ["对包装装潢、其他印刷品印刷单位经营情况的检查"]
    assert result.plan["gaps"][0]["from"] == 3 and result.plan["gaps"][0]["to"] == 4


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
    assert rows[0].cells[:7] == HUANGSHI_ROWS[0][:7] and rows[0].cells[8] == HUANGSHI_ROWS[0][8]
    assert rows[3].cells[:2] == ["2", "测绘资质巡查"] and rows[3].cells[3:] == HUANGSHI_ROWS[1][3:]
    assert [r.merged_from_above for r in rows] == [frozenset(), frozenset()] + [frozenset({0, 1, 3, 4, 5, 6, 7, 8})] * 3
    # openpyxl saved the formula without its value: read as nothing, and said so, never silently.
    assert rows[0].cells[7] == ""
    (formula,) = [f for f in findings if f.kind == "formula-no-value"]
    assert (formula.severity, formula.file, formula.row, formula.column) == ("warning", str(workbook), 3, "H")
    assert formula.message == ("sheet '测绘': formula '=\"1次/年\"' has no saved value; open and save the file in "
                               "Excel or LibreOffice to compute it")
    two_level = [f for f in findings if f.kind == "two-level-header"]
    assert [(f.severity, f.row) for f in two_level] == [("info", 4)]


def check_changzhi_and_huangshi(result) -> None:
    tasks = result.plan["tasks"]
    smoking = by_name(result, "涉烟经营活动检查")
    assert smoking["seq"] == 1
    assert smoking["lead"]["as_written"] == "市烟草专卖局"
    assert [p["as_written"] for p in smoking["partners"]] == ["市邮政管理局", "市公安局"]
    assert (smoking["ratio"]["op"], smoking["ratio"]["value"], smoking["frequency_per_year"]) == ("=", 0.03, 2)
    assert smoking["months"] == [3, 12]
    assert smoking["lead"]["items"] == ["对物流、寄递企业运输烟草制品情况的双随机抽查"]
    medical = tasks[1]
    assert medical["seq"] == 2 and medical["lead"]["as_written"] == "市医保局"
    assert [p["as_written"] for p in medical["partners"]] == ["市审批服务管理局"]
    assert (medical["ratio"]["op"], medical["ratio"]["value"], medical["frequency_per_year"]) == (">=", 0.2, 1)
    assert medical["months"] == [3, 12] and medical["scope"] == "医疗保障经办部门"
    surveying = [t for t in tasks if t["lead"]["as_written"] == "黄石市自然资源和规划局"]
    assert surveying, "the second sheet's tasks are read"
    for task in surveying:
        assert [p["as_written"] for p in task["partners"]] == ["黄石市市场监督管理局"]
        assert (task["ratio"]["op"], task["ratio"]["value"]) == ("=", 0.2)
        assert task["scope"] == "全市乙级测绘资质单位"


def test_xlsx_tasks(workbook, reference):
    check_changzhi_and_huangshi(import_plan(workbook, "changzhi-2024", reference, jurisdiction="长治市", year=2024))


def test_xls_reads_as_the_xlsx(workbook, folder, reference):
    xls = soffice_convert(workbook, "xls:MS Excel 97", folder)
    findings = Findings()
    document = read_document(xls, findings)
    expected = read_document(workbook, Findings())
    assert document.format == "xls"
    assert document.notice == expected.notice and document.trailing == expected.trailing
    assert [t.header for t in document.tables] == [t.header for t in expected.tables]
    computed = [r.cells for r in document.tables[1].rows]
    assert computed[0] == HUANGSHI_ROWS[0]  # LibreOffice computed the formula when it saved the file
    assert computed[1:] == [r.cells for r in expected.tables[1].rows][1:]
    assert [r.cells for r in document.tables[0].rows] == [r.cells for r in expected.tables[0].rows]
    assert [r.merged_from_above for r in document.tables[1].rows] == [r.merged_from_above for r in expected.tables[1].rows]
    assert not [f for f in findings if f.kind == "formula-no-value"]
    check_changzhi_and_huangshi(import_plan(xls, "changzhi-2024", reference, jurisdiction="长治市", year=2024))


def test_a_workbook_named_xls_that_is_xlsx_is_read_by_content(workbook, folder):
    renamed = folder / "renamed.xls"
    renamed.write_bytes(workbook.read_bytes())
    findings = Findings()
    document = read_document(renamed, findings)
    assert document.format == "xlsx" and len(document.tables) == 2
    (note,) = [f for f in findings if f.kind == "format-by-content"]
    assert (note.severity, note.message) == ("info", "the file is named .xls but holds an Excel workbook (.xlsx); "
                                                     "read as its content says")


# --- HTML ----------------------------------------------------------------------------------


def test_portal_page_metadata_chrome_and_table(folder, reference):
    title = YIYUAN_BOX[0][1]
    page = folder / "yiyuan.html"
    page.write_bytes(portal_page(title, YIYUAN_BOX, html_table(YIYUAN_TABLE), "2023-02-17", charset="gbk"))
    result = import_plan(page, "yiyuan-2023", reference, jurisdiction="沂源县", year=2023)
    plan = result.plan
    assert plan["plan"]["format"] == "html"
    assert plan["plan"]["metadata"] == {"title": title, "index_number": "11370323MB2859070U/2023-None",
                                        "issued": "2023-02-17", "publisher": "沂源县卫生健康局",
                                        "published": "2023-02-17"}
    document = read_document(page, Findings())
    assert document.notice == [(document.notice[0][0], title)]  # no chrome, no script, no comment
    assert document.trailing == []
    (table,) = document.tables
    assert table.header == YIYUAN_TABLE[0] and [r.cells for r in table.rows] == YIYUAN_TABLE[1:]
    (task,) = plan["tasks"]
    assert (task["ratio"]["op"], task["ratio"]["value"]) == (">=", 0.05)
    assert task["months"] == [1, 12]
    assert task["scope"] == "餐具饮具集中消毒服务单位"
    assert task["name"] == "餐具饮具集中消毒服务单位的检查" or task["name"] is None or "餐具" in task["name"]


def test_html_rowspan_and_colspan_inside_a_layout_table(folder, reference):
    page = folder / "fenyang.htm"
    page.write_bytes(portal_page("汾阳市部门联合抽查事项清单", [["发布机构", "汾阳市人民政府"]], html_table(FENYANG_ROWS),
                                 "2021-08-17"))
    document = read_document(page, Findings())
    (table,) = document.tables
    assert table.header == FENYANG_ROWS[0]
    assert [r.merged_from_above for r in table.rows] == [frozenset(), {4, 5, 6}, frozenset(), {0, 1, 4, 5, 6},
                                                         frozenset()]
    assert table.rows[3].cells[:2] == ["5", "游泳场(馆)、商场(超市)抽查"]
    assert document.metadata == {"publisher": "汾阳市人民政府", "published": "2021-08-17"}
    check_fenyang(import_plan(page, "fenyang-2021", reference, jurisdiction="汾阳市", year=2021))


# --- PDF and scans -------------------------------------------------------------------------


def test_seed_as_pdf_reads_as_the_text(seed_pdf, seed_text, reference):
    result = import_plan(seed_pdf, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "pdf"
    assert plan_fields(result.plan) == plan_fields(seed_text.plan)
    assert spaceless(without_source(result.plan["tasks"])) == spaceless(without_source(seed_text.plan["tasks"]))
    # The header LibreOffice repeats on every page is read once: no header row among the data rows.
    document = read_document(seed_pdf, Findings())
    rows = [r for t in document.tables for r in t.rows]
    assert len(rows) == sum(len(t) - 1 for t in seed_tables()[1])
    assert not [r for r in rows if r.cells[0] == "序号"]


def test_sixty_task_pdf_seconds(folder, reference):
    """The measure the README quotes: seconds to import a 60-task PDF."""
    notice, tables, trailing = seed_tables()
    rows = [r for table in tables for r in table[1:]]
    extra = [[str(54 + i)] + row[1:] for i, row in enumerate(rows[:7])]
    path = write_docx(folder / "sixty.docx", notice, [[tables[0][0], *rows, *extra]], trailing)
    pdf = soffice_convert(path, "pdf", folder)
    start = time.perf_counter()
    result = import_plan(pdf, "gaoping-2023", reference)
    seconds = time.perf_counter() - start
    assert [t["seq"] for t in result.plan["tasks"]] == list(range(1, 61))
    (ROOT / "tests" / "artifacts").mkdir(exist_ok=True)
    (ROOT / "tests" / "artifacts" / "pdf-60-tasks-seconds.txt").write_text(f"{seconds:.2f}\n", encoding="utf-8")
    assert seconds < 30


@pytest.fixture(scope="module")
def huangshi_pdf(folder):
    rows = [HUANGSHI_HEADER, HUANGSHI_ROWS[0],
            HUANGSHI_ROWS[1][:2] + ["\n".join(r[2] for r in HUANGSHI_ROWS[1:])] + HUANGSHI_ROWS[1][3:]]
    return soffice_convert(write_docx(folder / "huangshi.docx", [HUANGSHI_TITLE], [rows]), "pdf", folder)


def check_ocr(path: Path, reference) -> None:
    """The scan read as its text-layer PDF reads, within OCR's accuracy, every value flagged."""
    start = time.perf_counter()
    result = import_plan(path, "huangshi-2023", reference, jurisdiction="黄石市", year=2023)
    seconds = time.perf_counter() - start
    document = read_document(path, Findings())
    assert document.ocr and document.format == "ocr"
    assert result.plan["plan"]["format"] == "ocr"
    (table,) = document.tables
    assert table.header == HUANGSHI_HEADER
    expected = [HUANGSHI_ROWS[0], HUANGSHI_ROWS[1][:2] + ["\n".join(r[2] for r in HUANGSHI_ROWS[1:])]
                + HUANGSHI_ROWS[1][3:]]
    read = [r.cells for r in table.rows]
    for got, want in zip(read, expected):
        assert got[0] == want[0] and got[3:] == want[3:]  # numbers, offices, ratio, time: exact
    accuracy = difflib.SequenceMatcher(None, "".join(sum(read, [])), "".join(sum(expected, []))).ratio()
    assert accuracy >= 0.95, accuracy
    tasks = result.plan["tasks"]
    assert len(tasks) == 2 and all(t["ocr"] is True for t in tasks)
    for task in tasks:
        assert task["lead"]["as_written"] == "黄石市自然资源和规划局"
        assert [p["as_written"] for p in task["partners"]] == ["黄石市市场监督管理局"]
        assert (task["ratio"]["op"], task["ratio"]["value"]) == ("=", 0.2)
    (ocr,) = [f for f in result.findings if f.kind == "ocr"]
    assert (ocr.severity, ocr.file, ocr.message) == (
        "warning", path.as_posix(), "the document has no text layer: every value was read by OCR (tesseract "
        "chi_sim); check the tasks against the original")
    assert seconds < 20
    (ROOT / "tests" / "artifacts").mkdir(exist_ok=True)
    (ROOT / "tests" / "artifacts" / f"ocr-{path.suffix[1:]}-seconds.txt").write_text(f"{seconds:.2f}\n",
                                                                                       encoding="utf-8")


def test_scanned_pdf_is_ocrd(huangshi_pdf, folder, reference):
    check_ocr(scan(huangshi_pdf, folder / "huangshi-scan.pdf", dpi=300), reference)


def test_png_is_ocrd(huangshi_pdf, folder, reference):
    check_ocr(scan(huangshi_pdf, folder / "huangshi.png", dpi=200), reference)


# --- unreadable files: one line, nothing written -------------------------------------------


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


@pytest.fixture(scope="module")
def broken(folder, seed_docx, seed_pdf, workbook):
    """(file, the one error line `gongkai import` prints for it)."""
    out = folder / "broken"
    out.mkdir()
    cases = []

    def case(name: str, data: bytes, reason: str):
        path = out / name
        path.write_bytes(data)
        cases.append((path, f"Error: {path}: {reason}"))

    case("empty.docx", b"", "unreadable file: the file is empty")
    case("random.docx", bytes(range(256)) * 8, "unreadable file: the content is not a Word document (.docx)")
    case("random.xlsx", b"\x13\x99garbage" * 100, "unreadable file: the content is not an Excel workbook (.xlsx)")
    case("random.pdf", b"\x00\x01\x02" * 300, "unreadable file: the content is not a PDF")
    case("random.png", b"\x00\x01\x02" * 300, "unreadable file: the content is not an image")
    case("truncated.docx", _truncated(seed_docx.read_bytes()),
         "unreadable file: damaged zip container (File is not a zip file)")
    case("truncated.xlsx", _truncated(workbook.read_bytes()),
         "unreadable file: damaged zip container (File is not a zip file)")
    case("truncated.pdf", _truncated(seed_pdf.read_bytes()), "unreadable file: the file is damaged or truncated "
         "(Unexpected EOF)")
    case("truncated.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unreadable file: the image is damaged or truncated")
    case("fake.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
         "unreadable file: an Office 97-2003 container that is neither Word nor Excel")
    case("encrypted.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
         "unreadable file: the document is password-protected; save it without a password")
    return cases


def test_unreadable_files_are_one_line(broken, folder):
    runner = CliRunner()
    for path, expected in broken:
        out = folder / "out"
        result = runner.invoke(main, ["import", str(path), "--plan-id", "broken", "--out", str(out),
                                      "--config", str(ROOT / "site_config.yml")])
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1, (path, result.output)
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}: "), (path, result.output)
        if expected is not None:
            assert lines[0] == expected
        assert not out.exists() or not any(out.iterdir())
