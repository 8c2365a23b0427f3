"""Result files: each validation rule on a small file of its own, messages checked word for word."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, datetime

import openpyxl
import pytest

from generator.core.config import load_config
from generator.core.findings import Findings
from generator.core.packs import published_bytes
from generator.publish.results_data import write_results
from generator.reference.lists import Reference
from generator.reference.result_kinds import ResultKinds
from generator.results import (department_dashboards, load_results, plan_dashboard, task_pages, task_results,
                               task_summary)
from generator.results.demo import generate
from generator.results.load import calendar_for
from generator.results.validate import Deadlines
from generator.text.identifiers import check_credit_code, make_credit_code
from tests.helpers import ROOT

HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]
CONFIG = "title: t\nurl: https://example.org/\ncontact:\n  office: 示例办公室\nplans: []\n"
CODE = make_credit_code("91140826MA0K1234X")  # 绛县, valid check character
CODE2 = make_credit_code("92140826MA0K5678Y")


def _task(seq, months, lead="市场监管局"):
    return {"seq": seq, "name": f"任务{seq}", "months": months, "lead": {"department": "市场监督管理局",
            "as_written": lead, "items": []}, "partners": [{"department": "消防救援机构", "as_written": "消防大队",
                                                            "items": []}]}


PLANS = [
    {"plan": {"id": "jx-2024", "year": 2024, "jurisdiction": "绛县"}, "tasks": [_task(1, [3, 11]), _task(2, [4, 9])]},
    {"plan": {"id": "later-2027", "year": 2027, "jurisdiction": "绛县"}, "tasks": [_task(1, [1, 12])]},
]


@pytest.fixture
def project(tmp_path):
    """A project folder with the real reference lists and a config reading data/results/."""
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "data" / "results").mkdir()
    (tmp_path / "site_config.yml").write_text(
        CONFIG + "results:\n  demo: false\n", encoding="utf-8")
    return tmp_path


def row(**cells):
    base = {"计划编号": "jx-2024", "任务序号": "1", "企业名称": "绛县恒源超市（示例）", "统一社会信用代码": CODE,
            "检查日期": "2024-05-10", "检查部门": "县市场监管局", "检查结果": "未发现问题", "结果说明": "",
            "公示日期": "2024-05-20"}
    base.update(cells)
    return [base[h] for h in HEADER]


def write_csv(project, rows, name="r.csv", encoding="utf-8-sig", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    (project / "data" / "results" / name).write_bytes(buffer.getvalue().encode(encoding))


def future(project):
    """Dates after today are refused unless results.as_of says what today is for the data."""
    (project / "site_config.yml").write_text(CONFIG + 'results:\n  demo: false\n  as_of: "2027-12-31"\n',
                                             encoding="utf-8")


def load(project, plans=PLANS):
    config = load_config(project / "site_config.yml")
    findings = Findings()
    results = load_results(config, plans, Reference.load(project / "data" / "reference"), findings)
    return results, findings


def messages(findings, kind=None):
    return [str(f) for f in findings if kind is None or f.kind == kind]


# --- reading ------------------------------------------------------------------------------

def test_reads_a_gb18030_csv(project):
    write_csv(project, [row()], encoding="gb18030")
    results, findings = load(project)
    assert messages(findings) == []
    [r] = results.records
    assert (r.business, r.credit_code, r.inspected, r.kinds) == ("绛县恒源超市（示例）", CODE, date(2024, 5, 10), ("未发现问题",))
    assert r.departments == ("市场监督管理局",)  # 县市场监管局: jurisdiction stripped, alias resolved


def test_reads_an_xlsx_with_a_title_row_and_a_repeated_header(project):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["绛县2024年度双随机抽查结果公示"])
    ws.append(HEADER)
    ws.append(["jx-2024", 1, "绛县恒源超市（示例）", CODE, datetime(2024, 5, 10), "市场监管局", "正常", None,
               datetime(2024, 5, 20)])
    ws.append(HEADER)  # a printed export repeats the header on every page
    ws.append(["jx-2024", 2.0, "绛县福达书店（示例）", CODE2, "2024/6/3", "文旅局、市场监管局", "发现问题已责令改正",
               "已当场改正", "2024年6月14日"])
    wb.save(project / "data" / "results" / "r.xlsx")
    results, findings = load(project)
    assert messages(findings) == []
    first, second = results.records
    assert (first.row, first.kinds, first.published) == (3, ("未发现问题",), date(2024, 5, 20))
    assert (second.row, second.seq, second.inspected, second.published) == (5, 2, date(2024, 6, 3), date(2024, 6, 14))
    assert second.departments == ("文化和旅游局", "市场监督管理局")


def test_header_aliases(project):
    header = ["计划编号", "任务编号", "市场主体名称", "社会信用代码", "检查时间", "检查实施机关", "抽查结果", "备注", "公示时间"]
    write_csv(project, [row()], header=header)
    results, findings = load(project)
    assert messages(findings) == [] and len(results.records) == 1


def test_missing_column_is_an_error(project):
    write_csv(project, [row()[:6]], header=HEADER[:6])
    results, findings = load(project)
    assert results.records == []
    assert messages(findings) == [
        "data/results/r.csv, row 1: error: no 检查结果 column (read under any of: 检查结果、抽查结果、结果、检查结果类型、"
        "抽查检查结果) [result-column-missing]"]


def test_credit_code_stored_as_a_number_in_xlsx(project):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    # Excel keeps 15 significant digits: the number read back is not the code typed.
    wb.active.append(["jx-2024", 1, "绛县恒源超市（示例）", 911408261234567000, "2024-05-10", "", "正常", "", "2024-05-20"])
    wb.save(project / "data" / "results" / "r.xlsx")
    _, findings = load(project)
    assert messages(findings) == [
        "data/results/r.xlsx, row 2, column 统一社会信用代码: error: 统一社会信用代码 911408261234567040 is stored as "
        "a number, which loses digits and letters: format the column as text and enter the code again [credit-code-number]"]


# --- credit codes -------------------------------------------------------------------------

def test_bad_check_character_is_a_warning_and_the_row_is_published(project):
    bad = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    write_csv(project, [row(统一社会信用代码=bad)])
    results, findings = load(project)
    assert len(results.records) == 1
    assert messages(findings) == [f"data/results/r.csv, row 2, column 统一社会信用代码: warning: credit code {bad} has "
                                  f"check character {bad[17]}, expected {CODE[17]} [credit-code-bad-check]"]


def test_malformed_code_is_an_error(project):
    write_csv(project, [row(统一社会信用代码="91140826MA0K1234")])
    _, findings = load(project)
    assert messages(findings) == ["data/results/r.csv, row 2, column 统一社会信用代码: error: credit code "
                                  "91140826MA0K1234 has 16 characters, expected 18 [credit-code-malformed]"]


def test_missing_code_is_a_warning_and_the_row_is_published(project):
    write_csv(project, [row(统一社会信用代码="")])
    results, findings = load(project)
    assert [r.credit_code for r in results.records] == [""]
    assert messages(findings) == ["data/results/r.csv, row 2, column 统一社会信用代码: warning: no 统一社会信用代码: "
                                  "published, and found by name only [credit-code-missing]"]


# --- result kinds -------------------------------------------------------------------------

def test_unknown_kind_is_an_error_naming_the_closest_kinds(project):
    write_csv(project, [row(检查结果="发现问题已整改")])
    results, findings = load(project)
    assert results.records == []
    assert messages(findings) == [
        "data/results/r.csv, row 2, column 检查结果: error: 检查结果 '发现问题已整改' is not a known result kind; closest: "
        "发现问题已责令改正, 未发现问题, 发现问题待后续处理. Write one of these, or add the wording to "
        "data/reference/result_kinds.yml as an alias. [result-unknown-kind]"]


@pytest.mark.parametrize("written, canonical", [
    ("正常", "未发现问题"),
    ("不予配合情节严重", "不配合检查情节严重"),
    ("发现问题经责令已改正", "发现问题已责令改正"),
    ("通过登记的住所（经营场所）无法联系", "通过登记的住所(经营场所)无法联系"),
    (" 已 注销 ", "已注销"),
])
def test_kind_aliases(project, written, canonical):
    write_csv(project, [row(检查结果=written)])
    results, findings = load(project)
    assert messages(findings) == []
    assert results.records[0].kinds == (canonical,)


@pytest.mark.parametrize("cell, kinds", [
    ("发现问题已责令改正；未按规定公示应当公示的信息", ("发现问题已责令改正", "未按规定公示应当公示的信息")),
    ("发现问题已责令改正、未按规定公示应当公示的信息", ("发现问题已责令改正", "未按规定公示应当公示的信息")),
    ("公示信息隐瞒真实情况、弄虚作假\n已迁出", ("公示信息隐瞒真实情况、弄虚作假", "已迁出")),
    ("公示信息隐瞒真实情况、弄虚作假、已吊销营业执照", ("公示信息隐瞒真实情况、弄虚作假", "已吊销营业执照")),
])
def test_several_kinds_in_one_cell(project, cell, kinds):
    write_csv(project, [row(检查结果=cell)])
    results, findings = load(project)
    assert messages(findings) == []
    assert results.records[0].kinds == kinds


def test_the_reference_list_names_every_kind_of_the_national_system():
    kinds = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
    assert [k.name for k in kinds.all] == [
        "未发现问题", "未按规定公示应当公示的信息", "公示信息隐瞒真实情况、弄虚作假", "通过登记的住所(经营场所)无法联系",
        "不配合检查情节严重", "未发现开展本次抽查涉及的经营活动", "发现问题待后续处理", "发现问题已责令改正",
        "已关闭停业或正在组织清算", "已注销", "已吊销营业执照", "已撤销登记", "已迁出"]
    assert all(k.en and k.source for k in kinds.all)


# --- plans, tasks, dates, duplicates --------------------------------------------------------

def test_unknown_plan_and_task_are_errors(project):
    write_csv(project, [row(计划编号="gaoping-2099"), row(任务序号="9")])
    results, findings = load(project)
    assert results.records == []
    assert messages(findings) == [
        "data/results/r.csv, row 2, column 计划编号: error: 计划编号 'gaoping-2099' is not a configured plan "
        "(known: jx-2024, later-2027) [result-unknown-plan]",
        "data/results/r.csv, row 3, column 任务序号: error: plan jx-2024 has no task '9' [result-unknown-task]"]


def test_date_outside_the_task_months_or_plan_year_is_a_warning(project):
    write_csv(project, [row(任务序号="2", 检查日期="2024-10-08", 公示日期="2024-10-15"),
                        row(企业名称="绛县福达书店（示例）", 统一社会信用代码=CODE2, 检查日期="2023-12-28", 公示日期="2024-01-05")])
    results, findings = load(project)
    assert len(results.records) == 2
    assert messages(findings) == [
        "data/results/r.csv, row 2, column 检查日期: warning: 检查日期 2024-10-08 is outside task 2's months (4月—9月) "
        "[result-date-outside-months]",
        "data/results/r.csv, row 3, column 检查日期: warning: 检查日期 2023-12-28 is outside the plan year 2024 "
        "[result-date-outside-year]"]


def test_the_same_business_twice_in_one_task(project):
    write_csv(project, [row(), row(企业名称="绛县恒源超市"), row(检查日期="2024-08-01", 公示日期="2024-08-09")])
    _, findings = load(project)
    assert messages(findings) == [
        "data/results/r.csv, row 3, column 企业名称: error: 绛县恒源超市 is listed twice in task 1 with the same 检查日期 "
        "2024-05-10 (also data/results/r.csv row 2): remove one [result-duplicate]",
        "data/results/r.csv, row 4, column 企业名称: warning: 绛县恒源超市（示例） appears again in task 1 (first inspected "
        "2024-05-10, data/results/r.csv row 2): check that it was inspected twice [result-repeat]"]


def test_businesses_without_code_are_the_same_business_by_name(project):
    write_csv(project, [row(统一社会信用代码=""), row(统一社会信用代码="", 企业名称="绛县 恒源超市（示例）")])
    _, findings = load(project)
    assert [f.kind for f in findings] == ["credit-code-missing", "credit-code-missing", "result-duplicate"]


# --- deadlines ----------------------------------------------------------------------------

def test_late_publication_across_national_day_2024(project):
    # 20 working days from Friday 2024-09-27: the 国庆 week is off, Sunday 9/29 and Saturday 10/12 are worked.
    write_csv(project, [row(检查日期="2024-09-27", 公示日期="2024-10-30"),
                        row(企业名称="绛县福达书店（示例）", 统一社会信用代码=CODE2, 检查日期="2024-09-27", 公示日期="2024-10-31")])
    results, findings = load(project)
    on_time, late = results.records
    assert (on_time.deadline, on_time.late) == (date(2024, 10, 30), False)
    assert (late.deadline, late.late, late.workdays_late) == (date(2024, 10, 30), True, 1)
    assert messages(findings) == [
        "data/results/r.csv, row 3, column 公示日期: warning: published 2024-10-31, 1 working day(s) after the deadline "
        "2024-10-30 (20 working days after the inspection on 2024-09-27) [result-late]"]


def test_the_year_deadline_of_12_20(project):
    write_csv(project, [row(检查日期="2024-11-29", 公示日期="2024-12-23")])
    results, findings = load(project)
    assert results.records[0].deadline == date(2024, 12, 20)
    assert messages(findings) == [
        "data/results/r.csv, row 2, column 公示日期: warning: published 2024-12-23, 1 working day(s) after the deadline "
        "2024-12-20 (the plan year's deadline 12月20日) [result-late]"]


def test_a_year_beyond_the_calendar_warns_and_does_not_crash(project):
    future(project)
    write_csv(project, [row(计划编号="later-2027", 检查日期="2027-03-01", 公示日期="2027-03-10")])
    results, findings = load(project)
    assert results.records[0].deadline == date(2027, 3, 29)  # weekends only, until the office adds 2027
    assert messages(findings) == [
        "data/results/r.csv, row 2, column 检查日期: warning: year 2027 is not in the working-day calendar; the deadline "
        "counts weekends only, ignoring public holidays. Add the holidays and make-up working days of 2027 to "
        "data/reference/holidays.yml. [calendar-unknown-year]"]


def test_holidays_added_to_the_reference_file_count(project):
    (project / "data" / "reference" / "holidays.yml").write_text(
        "2027:\n  holidays: [2027-03-02, 2027-03-03]\n", encoding="utf-8")
    future(project)
    write_csv(project, [row(计划编号="later-2027", 检查日期="2027-03-01", 公示日期="2027-03-10")])
    results, findings = load(project)
    assert results.records[0].deadline == date(2027, 3, 31)
    assert messages(findings) == []


# --- personal data ------------------------------------------------------------------------

def test_personal_id_and_mobile_numbers_are_errors_and_the_row_is_never_published(project, tmp_path):
    write_csv(project, [row(结果说明="负责人身份证号110101199003070035"),
                        row(企业名称="绛县福达书店（示例）", 统一社会信用代码=CODE2, 检查部门="市场监管局 联系人 138 1234 5678"),
                        row(企业名称="绛县永安宾馆（示例）", 统一社会信用代码="")])
    results, findings = load(project)
    assert [r.business for r in results.records] == ["绛县永安宾馆（示例）"]
    assert messages(findings, "personal-id-number") + messages(findings, "personal-mobile") == [
        "data/results/r.csv, row 2, column 结果说明: error: resident ID number 110*************35 must not be "
        "published [personal-id-number]",
        "data/results/r.csv, row 3, column 检查部门: error: mobile number 138********78 must not be published "
        "[personal-mobile]"]
    write_results(results, [p for p in PLANS], tmp_path / "site")
    published = "".join(published_bytes(p).decode("utf-8", "replace") for p in (tmp_path / "site").rglob("*")
                        if p.is_file())  # the lookup's pack entries inflated
    assert "110101199003070035" not in published and "1234 5678" not in published and "绛县福达书店" not in published


@pytest.mark.parametrize("cell", ["１３８　１２３４　５６７８", "138-1234-5678", "+8613812345678", "11010119900307003x"])
def test_personal_numbers_in_any_spelling_are_caught(project, cell):
    write_csv(project, [row(结果说明=cell)])
    results, findings = load(project)
    assert results.records == [] and [f.severity for f in findings] == ["error"]


# --- demo data ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    from generator.pipeline import gather

    return gather(ROOT / "site_config.yml")


def test_demo_results_are_deterministic_marked_and_valid(real, tmp_path):
    kinds = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
    deadlines = Deadlines(calendar_for(ROOT, Findings()))
    first = generate(real.plans, kinds, deadlines, seed=7)
    again = generate(real.plans, kinds, deadlines, seed=7)
    other = generate(real.plans, kinds, deadlines, seed=8)
    assert [vars_of(r) for r in first] == [vars_of(r) for r in again]
    assert [vars_of(r) for r in first] != [vars_of(r) for r in other]
    assert 200 <= len(first) <= 600
    assert all(r.business.endswith("（示例）") and r.is_example for r in first)
    with_code = [r for r in first if r.credit_code]
    assert all(check_credit_code(r.credit_code)[0] == "valid" for r in with_code)
    assert {r.credit_code[2:8] for r in with_code} == {"140581", "140826"}
    assert 0 < len(first) - len(with_code) < len(first) * 0.1  # a few rows list names only
    assert 0 < sum(r.late for r in first) < len(first) * 0.1
    assert sum(len(r.kinds) > 1 for r in first) > 0 and len({k for r in first for k in r.kinds}) >= 8
    plans = {p["plan"]["id"]: p for p in real.plans}
    for r in first:
        task = next(t for t in plans[r.plan_id]["tasks"] if t["seq"] == r.seq)
        assert r.inspected.year == plans[r.plan_id]["plan"]["year"]
        assert task["months"][0] <= r.inspected.month <= task["months"][1]


def vars_of(r):
    return tuple(getattr(r, f) for f in r.__slots__)


def test_default_build_uses_demo_results_and_they_survive_a_round_trip(real, project, tmp_path):
    findings = Findings()
    demo = load_results(real.config, real.plans, real.reference, findings)
    assert demo.examples and len(demo.records) > 200 and messages(findings) == []
    write_results(demo, real.plans, tmp_path / "site")
    for plan in real.plans:
        shutil.copy(tmp_path / "site" / "data" / "results" / f"{plan['plan']['id']}.csv", project / "data" / "results")
    again, findings = load(project, real.plans)
    assert not again.examples  # files are real data to the loader; the names still say 示例
    key = lambda r: (r.plan_id, r.seq, r.business, r.credit_code, r.inspected, r.kinds, r.published, r.workdays_late)
    assert sorted(map(key, again.records)) == sorted(map(key, demo.records))
    assert {f.kind for f in findings} <= {"credit-code-missing", "result-late"}


# --- open data and page figures -------------------------------------------------------------

def test_open_data_has_the_nine_headers(project, tmp_path):
    write_csv(project, [row(检查结果="发现问题已责令改正、未按规定公示应当公示的信息")])
    results, _ = load(project)
    write_results(results, PLANS, tmp_path / "site")
    raw = (tmp_path / "site" / "data" / "results" / "jx-2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines == [",".join(HEADER), f"jx-2024,1,绛县恒源超市（示例）,{CODE},2024-05-10,市场监督管理局,"
                     "发现问题已责令改正；未按规定公示应当公示的信息,,2024-05-20"]
    data = json.loads((tmp_path / "site" / "data" / "results" / "jx-2024.json").read_text(encoding="utf-8"))
    assert data["count"] == 1 and data["examples"] is False
    assert data["results"][0]["kinds"] == ["发现问题已责令改正", "未按规定公示应当公示的信息"]
    empty = (tmp_path / "site" / "data" / "results" / "later-2027.csv").read_text(encoding="utf-8-sig")
    assert empty.splitlines() == [",".join(HEADER)]  # every plan gets its files, so no download link breaks


def test_task_results_and_dashboards(project):
    write_csv(project, [row(),
                        row(企业名称="绛县福达书店（示例）", 统一社会信用代码=CODE2, 检查结果="发现问题已责令改正",
                            检查日期="2024-09-27", 公示日期="2024-10-31")])
    results, _ = load(project)
    assert results.as_of == date(2024, 10, 31)  # from the data, not the clock
    section = task_results(results, "jx-2024", 1, page_size=1)
    assert (section["count"], section["late"], len(section["pages"])) == (2, 1, 2)
    assert [(k["kind"], k["count"], k["share"]) for k in section["kinds"]] == [("未发现问题", 1, 0.5),
                                                                                ("发现问题已责令改正", 1, 0.5)]
    assert task_summary(results, "jx-2024", 1, page_size=1)["page_count"] == 2
    assert [page[0]["business"] for page in task_pages(results, "jx-2024", 1, 1)] == ["绛县恒源超市（示例）",
                                                                                     "绛县福达书店（示例）"]
    board = plan_dashboard(results, PLANS[0])
    assert [t["task"] for t in board["tasks_with_results"]] == [1]
    assert [t["task"] for t in board["tasks_ended_without_results"]] == [2]  # months 4–9 ended before 10-31
    assert (board["results"], board["late"], board["late_share"]) == (2, 1, 0.5)
    later = plan_dashboard(results, PLANS[0], as_of=date(2024, 9, 1))
    assert [t["task"] for t in later["tasks_open"]] == [2]
    by_department = {d["department"]: d for d in department_dashboards(results, PLANS)}
    assert by_department["市场监督管理局"]["results"] == 2 and by_department["市场监督管理局"]["tasks_led"] == 3
    assert by_department["消防救援机构"]["results"] == 0 and by_department["消防救援机构"]["tasks"] == 3


def test_configured_reference_date_wins(project):
    (project / "site_config.yml").write_text(CONFIG + "results:\n  demo: false\n  as_of: '2024-06-30'\n", encoding="utf-8")
    write_csv(project, [row()])
    results, _ = load(project)
    assert results.as_of == date(2024, 6, 30)
