"""Departments' own result notices: the real one, made-up ones in every format, the link rule,
and a site built with one real notice and no demo rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.publish.lookup.reader import LookupIndex
from generator.reference.lists import Reference
from generator.reference.result_kinds import ResultKinds
from generator.results.notices import import_notice, link_group
from generator.results.notices.publish import import_all

from tests.builders import LEFT, UP, html_table, soffice_convert, write_docx, write_xlsx
from tests.helpers import ROOT, copy_project
from tests.helpers.html import clean_text
from tests.helpers.notices import CORPUS, NAMES

REFERENCE = Reference.load(ROOT / "data" / "reference")
KINDS = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
ITEMS = "对雷电灾害防御工作的行政检查和对升放无人驾驶自由气球、系留气球单位的行政检查"
SOURCE_URL = "https://www.dxh.gov.cn/ZWGK/QZFXXGKML/qtzdgk/ssjygk/sjj_qqxj/202309/t20230915_2265119.shtml"


def imported(path: Path, **kwargs):
    return import_notice(path, "n", REFERENCE, KINDS, source_name=path.name, **kwargs)


def messages(findings) -> list[str]:
    return [str(f) for f in findings]


def short(result: dict) -> tuple:
    return (result["name"], result["credit_code"], result["department"], result["department_as_written"],
            result["result"]["kind"], result["result"]["as_written"], result["note"], result["category"])


# --- the real notice -----------------------------------------------------------------------------

def test_the_corpus_notice_field_by_field():
    notice = imported(CORPUS)
    assert notice.data["notice"] == {
        "id": "n", "title": None, "issuer": "武汉市东西湖区气象局", "issuer_department": "气象局",
        "jurisdiction": "武汉市东西湖区", "published": "2023-09-04", "inspected_as_written": "截止8月份",
        "all_rows": None, "metadata": {}, "format": "text", "ocr": False,
        "source": {"file": CORPUS.name, "sha256": notice.data["notice"]["source"]["sha256"], "url": SOURCE_URL}}
    reason = f"武汉市东西湖区气象局 + 抽查事项 '{ITEMS}' + year 2023 fit no task of any configured plan"
    assert notice.data["results"] == [
        {"name": name, "credit_code": None, "inspected": None, "inspected_as_written": "截止8月份",
         "published": "2023-09-04", "department": "气象局", "department_as_written": "武汉市东西湖区气象局",
         "departments": ["气象局"], "jurisdiction": "武汉市东西湖区", "address": None, "items": ITEMS,
         "result": {"kind": "未发现问题", "as_written": "正常"}, "note": None, "category": None,
         "task": None, "link_reason": reason, "source": {"file": CORPUS.name, "line": line}}
        for name, line in zip(NAMES, (4, 5))]
    assert messages(notice.findings) == [
        f"{CORPUS.name}, row 4: warning: 2 result(s) link to no plan task: {reason}; published on the department's "
        "page (give --plan/--task to link them) [notice-unlinked]",
        f"{CORPUS.name}: info: no 统一社会信用代码 printed: 2 result(s) found by name only [notice-names-only]"]


def test_the_cli_writes_the_json_and_prints_findings(tmp_path):
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["import", str(CORPUS), "--results", "--id", "dongxihu-qxj-2023", "--out", str(out),
                                    "--config", str(ROOT / "site_config.yml")])
    assert run.exit_code == 0, run.output
    written = json.loads((out / "dongxihu-qxj-2023.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in written["results"]] == NAMES
    assert written["notice"]["published"] == "2023-09-04"
    assert run.output.splitlines()[-1] == (f"Wrote {out / 'dongxihu-qxj-2023.json'}: 2 results, 0 linked to a plan "
                                           "task; 0 error(s), 1 warning(s), 1 note(s)")
    assert f"{CORPUS}, row 4: warning: 2 result(s) link to no plan task" in run.output


def test_the_cli_refuses_a_task_without_a_plan(tmp_path):
    run = CliRunner().invoke(main, ["import", str(CORPUS), "--results", "--id", "x", "--task", "3", "--out",
                                    str(tmp_path)])
    assert run.exit_code == 2 and "--task needs --plan" in run.output


# --- made-up notices in every format ---------------------------------------------------------------

def office_docx(tmp_path: Path) -> Path:
    """A Word notice whose 检查部门 is printed once, merged down its column."""
    return write_docx(tmp_path / "notice.docx", ["高平市应急管理局2023年双随机抽查结果公示"],
                      [[["序号", "检查部门", "企业名称", "统一社会信用代码", "抽查结果", "处理情况"],
                        ["1", "高平市应急管理局", "高平市甲煤业有限公司", "91140581MA0K1234X0", "未发现问题", "/"],
                        ["2", UP, "高平市乙化工有限公司", "91140581MA0K1234X8", "发现问题已责令改正", "已整改"],
                        ["3", UP, "高平市宏达商贸有限公司", "—", "责令整改", "—"]]],
                      ["高平市应急管理局", "2023年10月9日"])


def test_docx_with_the_office_merged_down_its_column(tmp_path):
    notice = imported(office_docx(tmp_path))
    assert notice.data["notice"]["format"] == "docx"
    assert (notice.data["notice"]["title"], notice.data["notice"]["published"]) == \
        ("高平市应急管理局2023年双随机抽查结果公示", "2023-10-09")
    assert [short(r) for r in notice.data["results"]] == [
        ("高平市甲煤业有限公司", "91140581MA0K1234X0", "应急管理局", "高平市应急管理局", "未发现问题", "未发现问题", None, None),
        ("高平市乙化工有限公司", "91140581MA0K1234X8", "应急管理局", "高平市应急管理局", "发现问题已责令改正",
         "发现问题已责令改正", "已整改", None),
        ("高平市宏达商贸有限公司", None, "应急管理局", "高平市应急管理局", "发现问题已责令改正", "责令整改", None, None)]
    assert "notice.docx, row 3, column 统一社会信用代码: warning: credit code 91140581MA0K1234X0 has check character 0, " \
           "expected 8 [credit-code-bad-check]" in messages(notice.findings)


XLSX_ROWS = [
    ["东西湖区卫生健康局2023年公共场所卫生抽检结果", LEFT, LEFT, LEFT, LEFT],
    ["序号", "单位名称", "检测结果", LEFT, "备注"],
    [UP, UP, "棉织品", "池水", UP],
    ["沐浴场所", LEFT, LEFT, LEFT, LEFT],
    ["1", "武汉甲浴室", "合格", "合格", "/"],
    ["2", "武汉乙浴室", "合格", "不合格", "已责令整改"],
    ["美容美发场所", LEFT, LEFT, LEFT, LEFT],
    ["1", "武汉丙理发店", "合格", "—", ""],
    ["联系人：张三 联系电话：13812345678", LEFT, LEFT, LEFT, LEFT],
    ["武汉市东西湖区卫生健康局", LEFT, LEFT, LEFT, LEFT],
    ["2023年9月4日", LEFT, LEFT, LEFT, LEFT],
]


def test_xlsx_with_two_sections_and_a_two_level_header(tmp_path):
    notice = imported(write_xlsx(tmp_path / "notice.xlsx", {"Sheet1": XLSX_ROWS}))
    assert [short(r) for r in notice.data["results"]] == [
        ("武汉甲浴室", None, "卫生健康和体育局", "武汉市东西湖区卫生健康局", None, "棉织品：合格；池水：合格", None, "沐浴场所"),
        ("武汉乙浴室", None, "卫生健康和体育局", "武汉市东西湖区卫生健康局", None, "棉织品：合格；池水：不合格", "已责令整改",
         "沐浴场所"),
        ("武汉丙理发店", None, "卫生健康和体育局", "武汉市东西湖区卫生健康局", None, "棉织品：合格", None, "美容美发场所")]
    assert notice.data["notice"]["published"] == "2023-09-04"
    found = messages(notice.findings)
    # 合格 of a lab test is never silently 未发现问题; the contact line is reported and not kept.
    assert "notice.xlsx, row 5, column 抽查结果: warning: 抽查结果 '合格' is not a wording data/reference/result_kinds.yml " \
           "lists for a national result kind: published as written, kind left empty [notice-result-kind]" in found
    assert "notice.xlsx, row 9: info: a contact line (联系人, phone) is not published [notice-contact]" in found
    assert "13812345678" not in json.dumps(notice.data, ensure_ascii=False)
    assert not notice.findings.errors


def page_html(body_rows: list[list]) -> str:
    return ("<html><head><meta charset='utf-8'><title>结果公示</title></head><body>"
            "<h1>绛县市场监督管理局2024年双随机抽查结果公示</h1><p>检查结果均为未发现问题。</p>"
            + html_table([["序号", "抽查对象名称", "抽查事项", "地址"], *body_rows])
            + "<p>绛县市场监督管理局</p><p>2024年7月1日</p></body></html>")


def test_html_table_with_one_sentence_for_every_row(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text(page_html([["1", "绛县甲超市", "食品经营监督检查", "绛县城关镇"],
                               ["2", "绛县乙超市", UP, "绛县古绛镇"]]), encoding="utf-8")
    notice = imported(path)
    assert notice.data["notice"]["format"] == "html"
    assert notice.data["notice"]["all_rows"] == "检查结果均为未发现问题"
    rows = notice.data["results"]
    assert [(r["name"], r["items"], r["address"], r["result"]) for r in rows] == [
        ("绛县甲超市", "食品经营监督检查", "绛县城关镇", {"kind": "未发现问题", "as_written": "未发现问题"}),
        ("绛县乙超市", "食品经营监督检查", "绛县古绛镇", {"kind": "未发现问题", "as_written": "未发现问题"})]
    assert {r["jurisdiction"] for r in rows} == {"绛县"}


def test_pdf_made_by_libreoffice(tmp_path):
    notice = imported(soffice_convert(office_docx(tmp_path), "pdf", tmp_path))
    assert notice.data["notice"]["format"] == "pdf"
    assert [(r["name"], r["department_as_written"], r["result"]["as_written"]) for r in notice.data["results"]] == [
        ("高平市甲煤业有限公司", "高平市应急管理局", "未发现问题"), ("高平市乙化工有限公司", "高平市应急管理局", "发现问题已责令改正"),
        ("高平市宏达商贸有限公司", "高平市应急管理局", "责令整改")]
    assert notice.data["notice"]["published"] == "2023-10-09"


def test_the_office_and_date_printed_in_the_first_row_only_apply_to_every_row(tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text("序号,检查部门,检查日期,企业名称,抽查结果\n1,县市场监管局,2024-05-10,甲商店,未发现问题\n"
                    "2,,,乙商店,/\n", encoding="utf-8")
    notice = imported(path)
    assert [(r["department"], r["department_as_written"], r["inspected"], r["result"]) for r in notice.data["results"]] \
        == [("市场监督管理局", "县市场监管局", "2024-05-10", {"kind": "未发现问题", "as_written": "未发现问题"}),
            ("市场监督管理局", "县市场监管局", "2024-05-10", {"kind": None, "as_written": ""})]
    assert "notice.csv, row 3, column 抽查结果: warning: no 抽查结果 in the row and no sentence for every row: published " \
           "without a result [notice-no-result]" in messages(notice.findings)


def test_page_text_with_cells_split_by_spaces_and_sections(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于2023年度双随机抽查结果的公示\n现将抽查结果公示如下：\n序号 企业名称 抽查事项 抽查结果\n一、加油站\n"
                    "1 城关加油站 防雷安全检查 未发现问题\n2 东关加油站 防雷安全检查 发现问题已责令改正\n二、学校\n"
                    "1 实验小学 防雷安全检查 正常\n3 城南加油站\n阳城县气象局\n2023年6月1日\n", encoding="utf-8")
    notice = imported(path)
    assert [(r["name"], r["category"], r["result"]["kind"], r["jurisdiction"]) for r in notice.data["results"]] == [
        ("城关加油站", "一、加油站", "未发现问题", "阳城县"), ("东关加油站", "一、加油站", "发现问题已责令改正", "阳城县"),
        ("实验小学", "二、学校", "未发现问题", "阳城县")]
    assert (notice.data["notice"]["title"], notice.data["notice"]["issuer"], notice.data["notice"]["published"]) == \
        ("关于2023年度双随机抽查结果的公示", "阳城县气象局", "2023-06-01")
    assert "notice.txt, row 9: warning: 2 cells split by spaces under a header of 4: not read (3 城南加油站) " \
           "[notice-row-cells]" in messages(notice.findings)


def test_page_text_with_one_cell_per_line(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("抽查结果公示\n序号\n企业名称\n抽查结果\n1\n城关加油站\n未发现问题\n2\n东关加油站\n正常\n"
                    "阳城县气象局\n2023年6月1日\n", encoding="utf-8")
    rows = imported(path).data["results"]
    assert [(r["name"], r["result"], r["source"]["line"]) for r in rows] == [
        ("城关加油站", {"kind": "未发现问题", "as_written": "未发现问题"}, 5),
        ("东关加油站", {"kind": "未发现问题", "as_written": "正常"}, 8)]


def test_a_joint_inspection_names_every_office(tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text("序号,检查部门,企业名称,抽查结果\n1,县市场监管局、县消防大队,甲宾馆,未发现问题\n"
                    "2,县市场监管局、县某某中心,乙宾馆,未发现问题\n", encoding="utf-8")
    notice = imported(path)
    assert [(r["department"], r["departments"]) for r in notice.data["results"]] == [
        ("市场监督管理局", ["市场监督管理局", "消防救援机构"]), ("市场监督管理局", ["市场监督管理局"])]
    assert "notice.csv, row 3, column 检查部门: warning: 检查部门 '县某某中心' is not in data/reference/departments.yml; " \
           "add the spelling there [unknown-department]" in messages(notice.findings)


def test_a_row_with_an_id_number_is_refused(tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text("序号,企业名称,抽查结果,备注\n1,甲商店,正常,\n2,乙商店,正常,负责人身份证110101199003071234\n"
                    "高平市市场监督管理局\n2023年5月6日\n", encoding="utf-8")
    notice = imported(path)
    assert [r["name"] for r in notice.data["results"]] == ["甲商店"]
    assert [f.kind for f in notice.findings.errors] == ["personal-id-number"]
    assert notice.findings.errors[0].row == 3 and notice.findings.errors[0].column == "结果说明"


def test_a_file_with_no_result_table_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("现将抽查情况公示如下。\n武汉市东西湖区气象局\n2023年9月4日\n", encoding="utf-8")
    notice = imported(path)
    assert messages(notice.findings.errors) == [
        "notice.txt: error: no result table found: no row names 企业名称 (抽查对象名称, 单位名称 …) and at least one more "
        "column (抽查结果, 抽查事项 …) [notice-no-table]"]


# --- result kinds ----------------------------------------------------------------------------------

def test_every_alias_has_a_reviewed_reason_and_lab_results_stay_unmapped():
    assert all(len(k.aliases) == len(k.why) and all(k.why) for k in KINDS.all)
    assert KINDS.resolve("正常").name == "未发现问题"
    assert KINDS.resolve("抽查未发现问题").name == "未发现问题"
    assert KINDS.resolve("责令整改").name == "发现问题已责令改正"
    for wording in ("合格", "不合格", "行政处罚"):
        assert KINDS.resolve(wording) is None


# --- linking ---------------------------------------------------------------------------------------

def plan(plan_id: str, year: int, *tasks: tuple[int, str, str, list[str]], jurisdiction: str = "武汉市东西湖区") -> dict:
    return {"plan": {"id": plan_id, "year": year, "jurisdiction": jurisdiction},
            "tasks": [{"seq": seq, "name": name, "scope": "", "partners": [],
                       "lead": {"department": dept, "as_written": dept, "items": items}} for seq, name, dept, items in tasks]}


LIGHTNING = (3, "防雷安全检查", "气象局", ["对雷电灾害防御工作的行政检查"])


def test_one_task_fits_department_items_and_year():
    link = link_group([plan("dxh-2023", 2023, LIGHTNING, (4, "学校检查", "教育局", ["对学校的检查"]))], "气象局", ITEMS,
                      2023, jurisdiction="武汉市东西湖区")
    assert link.task == {"plan": "dxh-2023", "seq": 3}
    assert link.reason == f"武汉市东西湖区气象局 + 抽查事项 '{ITEMS}' + year 2023 fit only task 3 防雷安全检查 of plan dxh-2023"


def test_two_fitting_tasks_link_neither():
    plans = [plan("dxh-2023", 2023, LIGHTNING, (5, "气球检查", "气象局", ["对升放无人驾驶自由气球、系留气球单位的行政检查"]))]
    link = link_group(plans, "气象局", ITEMS, 2023)
    assert link.task is None
    assert link.reason == f"气象局 + 抽查事项 '{ITEMS}' + year 2023 fit 2 tasks (dxh-2023 task 3, dxh-2023 task 5)"


@pytest.mark.parametrize("plans", [
    [plan("dxh-2022", 2022, LIGHTNING)],  # another year
    [plan("gaoping-2023", 2023, LIGHTNING, jurisdiction="高平市")],  # another place
    [plan("dxh-2023", 2023, (3, "防雷安全检查", "应急管理局", ["对雷电灾害防御工作的行政检查"]))],  # another office
])
def test_no_fitting_task_links_none(plans):
    assert link_group(plans, "气象局", ITEMS, 2023, jurisdiction="武汉市东西湖区").task is None


def test_a_given_plan_and_task_win(tmp_path):
    notice = imported(CORPUS, plans=[plan("dxh-2023", 2023, LIGHTNING)])
    assert {r["link_reason"] for r in notice.data["results"]} == {
        f"武汉市东西湖区气象局 + 抽查事项 '{ITEMS}' + year 2023 fit only task 3 防雷安全检查 of plan dxh-2023"}
    forced = imported(CORPUS, plans=[], plan="gaoping-2023", task=48)
    assert [(r["task"], r["link_reason"]) for r in forced.data["results"]] == \
        [({"plan": "gaoping-2023", "seq": 48}, "given: plan gaoping-2023 task 48")] * 2


# --- a site with real notices and no demo rows -------------------------------------------------------

def test_a_site_with_real_notices_has_no_demo_rows(notice_site):
    for path in notice_site.html_files():
        text = path.read_text(encoding="utf-8")
        assert "（示例）" not in text and "gk-example-banner" not in text, path
    manifest = json.loads((notice_site.path / "lookup" / "index" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["examples"] is False and manifest["records"] == 3  # the linked ones; 2 more unlinked


def test_the_unlinked_notice_is_on_its_department_page(notice_site):
    page = notice_site.page("departments/qi-xiang-ju/")
    section = page.find("section", id="other-results")
    assert section.find("h2").text == "其他抽查结果"
    assert section.find("h3").text == "武汉市东西湖区气象局"
    assert section.find("a").attrs["href"] == SOURCE_URL
    assert "2023年9月4日公示（检查时间：截止8月份）" in clean_text(section)
    rows = [[td.text for td in tr.find_all("td")] for tr in section.find("tbody").find_all("tr")]
    assert rows == [[name, "未列明", ITEMS, "", "截止8月份", "未发现问题（公示原文：正常）", ""] for name in NAMES]


def test_the_linked_notice_is_on_its_task_page(notice_site):
    page = notice_site.page("plans/gaoping-2023/tasks/48/")
    rows = [[td.text for td in tr.find_all("td")] for tr in page.find("div", id="results-table").find("tbody").find_all("tr")]
    assert [(r[0], r[2], r[4]) for r in rows] == [("晋城市城关加油站", "未注明", "合格"),
                                                  (NAMES[0], "未注明", "未发现问题（公示原文：正常）"),
                                                  ("高平市东岭煤业有限公司", "未注明", "未发现问题（公示原文：正常）")]
    assert clean_text(page.find("p", class_="gk-results-sources")) == "结果来源：高平市气象局（高平市气象局，2023年11月2日公示）。"


@pytest.mark.parametrize("query", ["和乐加油站", "helejiayouzhan", "新沟加油站", "东岭煤业"])
def test_every_notice_result_is_in_the_lookup(notice_site, query):
    answer = LookupIndex(notice_site.path / "lookup" / "index").search(query)
    assert answer["businesses"], query
    inspection = answer["businesses"][0]["inspections"][0]
    assert inspection["departments"] == ["气象局"]


def test_one_name_in_two_places_is_two_businesses_and_the_unlinked_one_names_no_plan(notice_site):
    found = LookupIndex(notice_site.path / "lookup" / "index").search("和乐加油站")["businesses"]
    assert [b["names"] for b in found] == [[NAMES[0]], [NAMES[0]]]
    assert sorted((i["plan_id"], i["task"], i["note"], i["published"]) for b in found for i in b["inspections"]) == [
        ("", 0, "公示原文：正常；检查时间：截止8月份", "2023-09-04"), ("gaoping-2023", 48, "公示原文：正常", "2023-11-02")]


def test_a_changed_raw_notice_makes_the_import_stale(notice_site, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(notice_site.path.parent, project, ignore=shutil.ignore_patterns("site", ".cache"))
    raw = project / "data" / "raw" / CORPUS.name
    raw.write_text(raw.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    from generator.pipeline import run_check

    found = run_check(project / "site_config.yml")
    assert [str(f) for f in found if f.kind == "notice-stale"] == [
        "data/results/dongxihu-qxj-2023.json: error: data/results/dongxihu-qxj-2023.json was imported from another "
        f"version of data/raw/{CORPUS.name}: run `gongkai import --all` (make data) and review the diff [notice-stale]"]


def test_check_is_clean_on_the_notice_site_and_sees_a_link_the_plans_no_longer_give(notice_site, tmp_path):
    from generator.pipeline import run_check

    notice_files = {"data/results/dongxihu-qxj-2023.json", "data/results/gaoping-qxj-2023.json",
                    f"data/raw/{CORPUS.name}", "data/raw/gaoping-qxj-2023-results.csv"}
    found = run_check(notice_site.path.parent / "site_config.yml")
    assert [str(f) for f in found if f.file in notice_files or f.kind.startswith("notice")] == []
    project = tmp_path / "project"
    shutil.copytree(notice_site.path.parent, project, ignore=shutil.ignore_patterns("site", ".cache"))
    config_path = project / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    del config["results"]["notices"][1]["task"]  # no task given: the rule finds none for 高平市气象局's CSV
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert [str(f) for f in run_check(config_path) if f.kind == "notice-stale"] == [
        "data/results/gaoping-qxj-2023.json: error: data/results/gaoping-qxj-2023.json differs from what the importer "
        "makes of data/raw/gaoping-qxj-2023-results.csv: run `gongkai import --all` (make data) and review the diff "
        "[notice-stale]"]


def test_the_year_a_notice_names_links_it_not_the_year_it_was_published(tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text("东西湖区气象局2023年度双随机抽查结果公示\n序号,抽查事项,企业名称,抽查结果\n"
                    "1,对雷电灾害防御工作的行政检查,甲加油站,正常\n武汉市东西湖区气象局\n2024年1月8日\n", encoding="utf-8")
    notice = imported(path, plans=[plan("dxh-2023", 2023, LIGHTNING), plan("dxh-2024", 2024, LIGHTNING)])
    assert [r["task"] for r in notice.data["results"]] == [{"plan": "dxh-2023", "seq": 3}]


def test_without_a_signature_the_one_office_of_the_column_is_the_issuer_and_a_missing_date_is_reported(tmp_path):
    path = tmp_path / "notice.csv"
    path.write_text("序号,检查部门,企业名称,抽查结果\n1,县气象局,甲加油站,正常\n2,,乙加油站,正常\n", encoding="utf-8")
    notice = imported(path)
    assert notice.data["notice"]["issuer"] == "县气象局"
    assert [r["department_as_written"] for r in notice.data["results"]] == ["县气象局", "县气象局"]
    assert messages(notice.findings)[:2] == [
        "notice.csv, row 2, column 检查部门: info: 检查部门 '县气象局' printed once (row 2) is read for the rows below it "
        "that leave it empty [notice-printed-once]",
        "notice.csv: warning: the notice prints no date (signature date or 发布日期) [notice-no-date]"]


def test_one_of_two_items_joined_by_he_links_the_notice():
    balloons = (5, "气球检查", "气象局", ["对升放无人驾驶自由气球、系留气球单位的行政检查"])
    link = link_group([plan("dxh-2023", 2023, balloons)], "气象局", ITEMS, 2023)
    assert link.task == {"plan": "dxh-2023", "seq": 5}


def test_a_given_task_no_plan_has_is_an_error():
    notice = imported(CORPUS, plans=[plan("dxh-2023", 2023, LIGHTNING)], plan="dxh-2023", task=9)
    assert messages(notice.findings.errors) == [
        f"{CORPUS.name}: error: plan dxh-2023 task 9 is not a task of a configured plan [notice-unknown-task]"]


def test_import_all_reimports_the_configured_notices(notice_site, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(notice_site.path.parent, project, ignore=shutil.ignore_patterns("site", ".cache"))
    (project / "data" / "results" / "dongxihu-qxj-2023.json").unlink()
    run = CliRunner().invoke(main, ["import", "--all", "--config", str(project / "site_config.yml")])
    assert run.exit_code == 0, run.output
    assert "dongxihu-qxj-2023: 0 error(s), 1 warning(s), 1 note(s)" in run.output.splitlines()
    assert (project / "data" / "results" / "dongxihu-qxj-2023.json").read_text(encoding="utf-8") == \
        (notice_site.path.parent / "data" / "results" / "dongxihu-qxj-2023.json").read_text(encoding="utf-8")


def test_a_signature_a_text_reader_joined_to_the_last_row_is_the_signature(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("区气象局抽查结果公示\n序号\t抽查事项名称\t抽查对象名称\t抽查结果\n1\t对雷电灾害防御工作的行政检查\t甲加油站\t正常\n"
                    "2\t对雷电灾害防御工作的行政检查\t乙加油站\t正常\n武汉市东西湖区气象局\n2023年9月4日\n", encoding="utf-8")
    notice = imported(path)
    assert (notice.data["notice"]["issuer"], notice.data["notice"]["published"]) == ("武汉市东西湖区气象局", "2023-09-04")
    assert [r["result"]["as_written"] for r in notice.data["results"]] == ["正常", "正常"]


def test_the_cli_refuses_an_id_that_is_no_file_name_and_reports_an_unreadable_notice(tmp_path):
    run = CliRunner().invoke(main, ["import", str(CORPUS), "--results", "--id", "../../evil", "--out", str(tmp_path)])
    assert run.exit_code == 1
    assert run.output.splitlines()[-1] == "Error: --id '../../evil' is not a valid id: use lower-case letters, digits, hyphens and underscores"
    broken = tmp_path / "notice.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    run = CliRunner().invoke(main, ["import", str(broken), "--results", "--id", "x", "--out", str(tmp_path)])
    assert run.exit_code == 1 and "[notice-unreadable]" in run.output and "Traceback" not in run.output


def test_html_sections_printed_as_headings_between_two_tables_of_one_header(tmp_path):
    path = tmp_path / "notice.html"
    path.write_text("<html><head><meta charset='utf-8'><title>t</title></head><body>"
                    "<h1>东西湖区卫生健康局2023年公共场所监督抽查结果公示</h1><p>一、沐浴场所</p>"
                    + html_table([["序号", "单位名称", "检查结果"], ["1", "甲浴室", "未发现问题"], ["2", "乙浴室", "责令整改"]])
                    + "<p>二、美容美发场所</p>" + html_table([["序号", "单位名称", "检查结果"], ["1", "丙理发店", "未发现问题"]])
                    + "<p>武汉市东西湖区卫生健康局</p><p>2023年9月4日</p></body></html>", encoding="utf-8")
    notice = imported(path)
    assert [(r["name"], r["category"]) for r in notice.data["results"]] == [
        ("甲浴室", "一、沐浴场所"), ("乙浴室", "一、沐浴场所"), ("丙理发店", "二、美容美发场所")]
    assert (notice.data["notice"]["issuer"], notice.data["notice"]["published"]) == ("武汉市东西湖区卫生健康局", "2023-09-04")


def test_doc_and_xls_by_libreoffice_and_a_scan_read_by_ocr(tmp_path):
    from tests.builders import scan

    docx = office_docx(tmp_path)
    expected = [("高平市甲煤业有限公司", "未发现问题"), ("高平市乙化工有限公司", "发现问题已责令改正"),
                ("高平市宏达商贸有限公司", "发现问题已责令改正")]
    for path, fmt in ((soffice_convert(docx, "doc", tmp_path), "doc"),
                      (scan(soffice_convert(docx, "pdf", tmp_path), tmp_path / "scan.pdf", dpi=200), "ocr")):
        notice = imported(path)
        assert (notice.data["notice"]["format"], notice.data["notice"]["ocr"]) == (fmt, fmt == "ocr")
        assert [(r["name"], r["result"]["kind"]) for r in notice.data["results"]] == expected, fmt
        assert notice.data["notice"]["published"] == "2023-10-09"
    xlsx = write_xlsx(tmp_path / "sections.xlsx", {"Sheet1": XLSX_ROWS})
    notice = imported(soffice_convert(xlsx, "xls", tmp_path))
    assert notice.data["notice"]["format"] == "xls"
    assert [(r["name"], r["category"], r["result"]["as_written"]) for r in notice.data["results"]] == [
        ("武汉甲浴室", "沐浴场所", "棉织品：合格；池水：合格"), ("武汉乙浴室", "沐浴场所", "棉织品：合格；池水：不合格"),
        ("武汉丙理发店", "美容美发场所", "棉织品：合格")]


def test_a_result_with_no_task_and_no_known_office_is_reported_as_on_no_page(tmp_path):
    from generator.pipeline import run_check
    from generator.core.config import load_config

    project = copy_project(tmp_path / "project")
    (project / "data" / "raw" / "n.csv").write_text("序号,企业名称,抽查结果\n1,甲商店,正常\n某某服务中心\n2023年5月6日\n",
                                                    encoding="utf-8")
    config_path = project / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["results"]["notices"] = [{"file": "data/raw/n.csv", "id": "n"}]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    import_all(load_config(config_path), Reference.load(project / "data" / "reference"))
    assert [str(f) for f in run_check(config_path) if f.kind == "notice-no-page"] == [
        "data/raw/n.csv, row 2: warning: 1 result(s) link to no task and name no department of "
        "data/reference/departments.yml: they are in the lookup only. Add the office's spelling there, or give the "
        "notice a plan and task [notice-no-page]"]


@pytest.mark.parametrize("committed", ["{not json", '{"notice": {"source": {}}, "results": [{"name": "x"}]}', "[]"])
def test_a_committed_import_in_another_shape_is_an_error_not_a_traceback(notice_site, tmp_path, committed):
    from generator.pipeline import run_check

    project = tmp_path / "project"
    shutil.copytree(notice_site.path.parent, project, ignore=shutil.ignore_patterns("site", ".cache"))
    (project / "data" / "results" / "dongxihu-qxj-2023.json").write_text(committed, encoding="utf-8")
    found = [f for f in run_check(project / "site_config.yml") if f.kind == "notice-invalid"]
    assert len(found) == 1 and found[0].severity == "error" and found[0].file == "data/results/dongxihu-qxj-2023.json"


def test_page_text_with_runs_of_spaces_is_read_by_the_plan_importers_grid_recovery(tmp_path):
    # One grid recovery for plans and notices (importer.layouts with the notice's columns): a name
    # with a single space inside stays one cell when runs of spaces separate the cells.
    path = tmp_path / "notice.txt"
    path.write_text("抽查结果公示\n序号  企业名称  抽查事项  抽查结果\n1  城关 加油站  防雷安全检查  正常\n"
                    "2  东关加油站  防雷安全检查  未发现问题\n阳城县气象局\n2023年6月1日\n", encoding="utf-8")
    notice = imported(path)
    assert [(r["name"], r["items"], r["result"]["as_written"]) for r in notice.data["results"]] == [
        ("城关 加油站", "防雷安全检查", "正常"), ("东关加油站", "防雷安全检查", "未发现问题")]
    assert "notice.txt, row 2: info: table read from text laid out as a row per line, cells split by runs of " \
           "spaces [layout]" in messages(notice.findings)
    assert (notice.data["notice"]["issuer"], notice.data["notice"]["published"]) == ("阳城县气象局", "2023-06-01")


def test_page_text_with_every_result_column_split_by_spaces(tmp_path):
    # The notice's own column names (统一社会信用代码, 检查结果, 检查日期, 检查部门 …) given to the grid recovery.
    path = tmp_path / "notice.txt"
    path.write_text("某县2023年抽查结果公示\n序号 企业名称 统一社会信用代码 抽查事项名称 检查结果 检查日期 检查部门\n"
                    "1 甲超市 / 食品经营检查 未发现问题 2023-05-10 县市场监管局\n"
                    "2 乙超市 / 食品经营检查 发现问题已责令改正 2023-05-11 县市场监管局\n某县市场监督管理局\n2023年6月1日\n",
                    encoding="utf-8")
    rows = imported(path).data["results"]
    assert [(r["name"], r["credit_code"], r["items"], r["result"]["kind"], r["inspected"], r["department"])
            for r in rows] == [("甲超市", None, "食品经营检查", "未发现问题", "2023-05-10", "市场监督管理局"),
                               ("乙超市", None, "食品经营检查", "发现问题已责令改正", "2023-05-11", "市场监督管理局")]
