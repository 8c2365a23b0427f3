"""Repair rules and input formats, each on a small made-up document."""

import pytest

from generator.importer import import_plan
from generator.importer.fields import parse_frequency, parse_mode, parse_ratio, parse_time
from generator.importer.text import clean

HEADER = "序号\t抽查任务名称\t发起部门\t配合部门\t抽查对象范围\t抽查比例及频次\t信用风险分类要求\t抽查起止时间\t抽查模式"
CREDIT = "根据企业信用风险分类结果，对低风险企业降低抽查比例"


def write(tmp_path, text, name="plan.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def notice(body="测试县市场监管领域双随机、一公开监管工作领导小组办公室文件\n测双随机办〔2025〕1号\n关于印发《测试县2025年度部门联合双随机抽查工作计划》的通知\n"):
    return body


def imported(tmp_path, reference, rows, header=HEADER, **kw):
    text = notice() + header + "\n" + "\n".join(rows) + "\n"
    return import_plan(write(tmp_path, text), "test-2025", reference, **kw)


def test_clean_removes_stray_spaces_and_fixes_ocr():
    assert clean("抽 查 比例 不低子10% 1次/年", "ratio")[0] == "抽查比例不低于10% 1次/年"
    value, repairs = clean("全市 农药 经营者", "scope")
    assert value == "全市农药经营者" and repairs[0].rule == "stray-spaces"
    assert clean("１０％", "ratio")[0] == "10%"


@pytest.mark.parametrize("text, op, value, freq", [
    ("不低于10% 1次/年", ">=", 0.1, 1),
    ("抽查比例不高于5% 1次/年", "<=", 0.05, 1),
    ("5‰；1次/ 年", "=", 0.005, 1),
    ("0.5%；1次/年", "=", 0.005, 1),
    ("不低于20%, 抽查1次", ">=", 0.2, 1),
    ("100%；2次/年", "=", 1.0, 2),
])
def test_parse_ratio(text, op, value, freq):
    (ratio, problems), (frequency, more) = parse_ratio(text), parse_frequency(text)
    assert (ratio["op"], ratio["value"], frequency["per_year"], problems + more) == (op, value, freq, [])


def test_parse_ratio_reports_what_it_cannot_read():
    assert parse_ratio("按需抽查")[1] + parse_frequency("按需抽查")[1] == [
        "no rate or count in '按需抽查'; kept as text", "frequency '按需抽查' is not a number of inspections"]


@pytest.mark.parametrize("text, months", [("3月—12月", [3, 12]), ("3月-11月", [3, 11]), ("1月～3月", [1, 3]),
                                          ("全年", [1, 12])])
def test_parse_months(text, months):
    time, problems = parse_time(text)
    assert (time["months"], problems) == (months, [])


@pytest.mark.parametrize("text, mode, repaired", [
    ("【市抽县查】 市级部门统一组织", "市抽县查", False),
    ("县抽查 县抽查", "县抽县查", True),
    ("县抽 县查", "县抽县查", False),
    ("【市县联查】 市级部门统筹", "市县联查", False),
    ("省抽市查", "省抽市查", False),
])
def test_parse_mode(text, mode, repaired):
    got, _note, was_repaired = parse_mode(text)
    assert (got, was_repaired) == (mode, repaired)


def test_sequence_restart_and_gap(tmp_path, reference):
    rows = [f"{printed}\t对旅馆业的抽查\t公安局\t市场监管局\t本县旅馆\t不低于10% 1次/年\t{CREDIT}\t3月-11月\t县抽县查"
            for printed in ("1", "2", "3", "1", "2", "9")]
    result = imported(tmp_path, reference, rows)
    assert [t["seq"] for t in result.plan["tasks"]] == [1, 2, 3, 4, 5, 9]
    assert [(g["from"], g["to"]) for g in result.plan["gaps"]] == [(6, 8)]
    assert result.plan["tasks"][3]["repairs"][0] == {"rule": "seq-restart", "field": "seq", "as_printed": "1",
                                                    "repaired": "4"}
    gap = [f for f in result.findings if f.kind == "gap"][0]
    assert str(gap).endswith("warning: sequence jumps from 5 to 9: tasks 6–8 are missing from the document [gap]")


def test_column_order_changes_between_pages(tmp_path, reference):
    other = "地市\t序号\t抽查任务名称\t抽查事项\t抽查对象范围\t抽查比例及频次\t智慧监管(信用风险分类)要求\t抽查起止时间\t发起部门\t配合部门\t抽查模式"
    text = (notice() + HEADER + "\n"
            + f"1\t对旅馆业的抽查\t公安局\t市场监管局\t本县旅馆\t不低于10% 1次/年\t{CREDIT}\t3月-11月\t县抽县查\n"
            + other + "\n"
            + f"测试县\t2\t对网吧的抽查\t上网场所检查\t本县网吧\t30% 1次/年\t{CREDIT}\t4月-9月\t文旅局\t公安局 市场监管局\t县抽 县查\n")
    result = import_plan(write(tmp_path, text), "test-2025", reference)
    second = result.plan["tasks"][1]
    assert second["lead"] == {"department": "文化和旅游局", "as_written": "文旅局", "items": ["上网场所检查"]}
    assert [p["department"] for p in second["partners"]] == ["公安局", "市场监督管理局"]
    assert (second["months"], second["mode"], second["scope"]) == ([4, 9], "县抽县查", "本县网吧")


def test_cells_in_the_wrong_column_are_placed_by_content(tmp_path, reference):
    # The row lacks its credit-risk cell: the mode sentence slid under the credit-risk header.
    row = "1\t对农药的抽查\t农业农村局 农药监督抽查\t市场监管局 登记事项检查\t本县农药经营者\t不低子10% 1次/年\t【县抽县查】 各部门实施\t3月-11月"
    task = imported(tmp_path, reference, [row]).plan["tasks"][0]
    assert (task["mode"], task["months"], task["credit_risk_rule"]) == ("县抽县查", [3, 11], None)
    assert task["ratio"]["op"] == ">="
    assert [r["rule"] for r in task["repairs"]].count("column-by-content") == 1


def test_partner_shifted_into_the_lead_cell(tmp_path, reference):
    row = ("1\t对预付卡企业的抽查\t工信局 市场监管局 登记事项检查\t1. 备案情况的检查； 2. 资金管理的检查\t本县发卡企业"
           f"\t5% 1次/年\t{CREDIT}\t4月-11月\t县抽县查")
    task = imported(tmp_path, reference, [row]).plan["tasks"][0]
    assert task["lead"] == {"department": "工业和信息化局", "as_written": "工信局", "items": ["备案情况的检查", "资金管理的检查"]}
    assert task["partners"] == [{"department": "市场监督管理局", "as_written": "市场监管局", "items": ["登记事项检查"]}]


def test_two_departments_glued_by_a_lost_space_are_split_only_where_both_are_known(tmp_path, reference):
    # A PDF's line wrap lost the space between the lead and the partner; the cut is recorded.
    row = ("1\t对预付卡企业的抽查\t高平市工信局高平市市场监督管理局\t\t本县发卡企业"
           f"\t5% 1次/年\t{CREDIT}\t4月-11月\t县抽县查")
    task = imported(tmp_path, reference, [row]).plan["tasks"][0]
    assert (task["lead"]["department"], task["lead"]["as_written"], task["lead"]["items"]) == (
        "工业和信息化局", "高平市工信局", [])
    assert [(p["department"], p["as_written"]) for p in task["partners"]] == [("市场监督管理局", "高平市市场监督管理局")]
    assert {"rule": "glued-departments", "field": "lead", "as_printed": "高平市工信局高平市市场监督管理局",
            "repaired": "高平市工信局 高平市市场监督管理局"} in task["repairs"]
    # A name with an unknown second half stays as printed: nothing is guessed.
    row = row.replace("高平市工信局高平市市场监督管理局", "高平市工信局某某服务站")
    task = imported(tmp_path, reference, [row]).plan["tasks"][0]
    assert not [r for r in task["repairs"] if r["rule"] == "glued-departments"]


def test_an_indented_row_with_a_cell_for_every_column_is_placed_by_position(tmp_path, reference):
    # Cells split by single spaces: two leading spaces are the empty 序号 and 抽查领域, the double space
    # the empty 发起部门 (merged from the row above); the partner is 配合部门, not a lead of the item.
    text = ("序号 抽查领域 抽查事项 检查对象 发起部门 配合部门 抽查层级\n"
            "1 印刷单位抽查 对印刷单位经营情况的检查 印刷单位 宣传部门 文化和旅游部门 市县(区)级\n"
            "  对出版物零售单位经营情况的检查 出版物零售单位  市场监管部门 市县(区)级\n"
            "2 游泳场所抽查 游泳场所卫生管理情况的检查 游泳场所 卫生健康部门 市场监管部门 市县(区)级\n")
    result = import_plan(write(tmp_path, text), "test-2021", reference, jurisdiction="测试县", year=2021)
    (item,) = result.plan["tasks"][0]["items"]
    assert (item["name"], item["scope"], item["lead"]) == ("对出版物零售单位经营情况的检查", "出版物零售单位", None)
    assert [p["as_written"] for p in item["partners"]] == ["市场监管部门"]
    assert "plan.txt, row 3: info: row 3 starts with 2 space(s) and has a cell for every column split by single " \
           "spaces: its cells are placed by position [indented-row]" in [str(f).replace(str(tmp_path) + "/", "")
                                                                       for f in result.findings]


def test_wrapped_row_continues_on_next_line(tmp_path, reference):
    rows = [f"1\t对旅馆业的抽查\t公安局\t市场监管局\t本县旅馆\t不低于10% 1次/年\t{CREDIT}\t3月-11月\t【县抽县查】 发起部门",
            "和配合部门共同实施"]
    task = imported(tmp_path, reference, rows).plan["tasks"][0]
    assert task["mode_note"] == "发起部门和配合部门共同实施"


def test_gb18030_csv(tmp_path, reference):
    csv_text = ("测试县2025年度部门联合双随机抽查工作计划\n"
                "序号,抽查任务名称,发起部门,配合部门,抽查对象,抽查比例,信用风险分类要求,抽查时间,组织检查方式\n"
                f"1,对旅馆业的抽查,县公安局,县市场监督管理局,本县旅馆,不低于10% 1次/年,{CREDIT},3月-11月,县抽县查\n"
                f'2,"对网吧的\n抽查",县文旅局,"县公安局 县消防大队",本县网吧,30%；1次/年,{CREDIT},4月-9月,县抽县查\n')
    path = write(tmp_path, csv_text, "plan.csv", "gb18030")
    result = import_plan(path, "test-2025", reference)
    plan = result.plan
    assert (plan["plan"]["jurisdiction"], plan["plan"]["year"]) == ("测试县", 2025)
    assert [t["name"] for t in plan["tasks"]] == ["对旅馆业的抽查", "对网吧的抽查"]
    assert [p["department"] for p in plan["tasks"][1]["partners"]] == ["公安局", "消防救援机构"]
    assert not result.findings.errors


def test_a_stray_byte_of_another_encoding_is_refused_with_its_line(tmp_path, reference):
    from generator.core.findings import DataError

    # A UTF-8 plan with one Latin-1 é typed into line 3: read as GB18030 it would garble every line.
    data = ("测试县2025年度部门联合双随机抽查工作计划\n序号\t抽查任务名称\t发起部门\n1\t对咖啡馆".encode()
            + b" Caf\xe9 " + "的抽查\t县市场监管局\n".encode())
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(DataError, match=r"plan\.txt: bytes that are not UTF-8 on line\(s\) 3 of a UTF-8 file \(a "
                       r"character typed in another encoding\?\): save the file as UTF-8$"):
        import_plan(path, "test-2025", reference)


def test_utf8_bom_csv(tmp_path, reference):
    csv_text = ("序号,抽查任务名称,发起部门,配合部门,抽查对象范围,抽查比例及频次,抽查起止时间,抽查模式\n"
                "1,对旅馆业的抽查,公安局,市场监管局,本县旅馆,10% 1次/年,3月-11月,县抽县查\n")
    result = import_plan(write(tmp_path, "\ufeff" + csv_text, "p.csv"), "x-2025", reference, jurisdiction="测试县", year=2025)
    assert result.plan["tasks"][0]["ratio"]["value"] == 0.1
    assert not result.findings.errors


def test_xlsx(tmp_path, reference):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["测试县2025年度部门联合双随机抽查工作计划"])
    sheet.append(["序号", "抽查任务名称", "发起部门（抽查事项）", "配合部门（抽查事项）", "抽查对象范围", "抽查比例及频次",
                  "智慧监管（信用风险分类）要求", "抽查检查起止时间", "抽查模式"])
    sheet.append([1, "对养老机构的抽查", "民政局 养老机构服务质量检查", "消防救援大队 消防安全检查", "本县养老机构",
                  "100%；1次/年", CREDIT, "4月-11月", "县抽县查"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    result = import_plan(path, "test-2025", reference)
    task = result.plan["tasks"][0]
    assert task["seq"] == 1 and task["lead"]["items"] == ["养老机构服务质量检查"]
    assert task["partners"][0]["department"] == "消防救援机构"
    assert not result.findings.errors


def test_an_unseen_document_imports_with_findings_not_a_crash(tmp_path, reference):
    text = (notice() + "序号\t抽查任务名称\t发起部门\t配合部门\t备注\t抽查比例及频次\t抽查起止时间\n"
            "1\t对某行业的抽查\t县星际管理委员会\t\t无\t按需\t全年\textra\n"
            "\t\t\t\t\t\t\n"
            "二\t对另一行业的抽查\t统计局\t市场监管局\t\t10%\t13月-2月\n")
    result = import_plan(write(tmp_path, text), "test-2025", reference)
    kinds = {f.kind for f in result.findings}
    assert {"ratio", "months", "mode", "unknown-department", "seq-missing"} <= kinds
    assert len(result.plan["tasks"]) == 2


def test_a_file_without_a_table_is_an_error_finding(tmp_path, reference):
    result = import_plan(write(tmp_path, "这是一份没有表格的通知。\n"), "test-2025", reference, jurisdiction="测试县", year=2025)
    assert [str(f) for f in result.findings.errors] == [
        f"{tmp_path / 'plan.txt'}: error: no task table found: no row names at least three known columns "
        "(序号, 抽查任务名称, 发起部门, 配合部门, 抽查比例及频次 …) [no-table]"]


def test_unsupported_file_type(tmp_path, reference):
    from generator.core.findings import DataError

    with pytest.raises(DataError, match=r"plan\.rtf: unsupported file type \.rtf; use \.docx, \.doc, \.xlsx, \.xls, "
                       r"\.csv, \.html, \.pdf, \.png, \.jpg, \.txt or \.md$"):
        import_plan(write(tmp_path, "x", "plan.rtf"), "x-2025", reference)
    # A known suffix whose content is something else is unreadable, not read as text.
    with pytest.raises(DataError, match=r"plan\.pdf: unreadable file: the content is not a PDF$"):
        import_plan(write(tmp_path, "x", "plan.pdf"), "x-2025", reference)
