"""The eight real plans of tests/corpus/ read as tests/corpus/README.md's careful reader reads them.

Each file is a web page's text, cut where the page was cut: its last row is reported
(`cut-row`), never invented. Department tokens are substrings, as the README says
(市场监 matches 市场监督管理局 and 市场监管部门). Layout variants (pipe rows, a pipe cell per
line, cells separated by blank lines) are made here from a corpus file's own rows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importer import import_plan
from tests.helpers import ROOT

CORPUS = ROOT / "tests" / "corpus"

# What the documents themselves do not say (fenyang's page prints neither place nor year,
# yibin's no place): passed as a user passes --jurisdiction / --year.
GIVEN = {"fenyang_2021-plan.txt": {"jurisdiction": "汾阳市", "year": 2021},
         "yibin_2023-plan.txt": {"jurisdiction": "宜宾市"}}

# The README's reading, value by value: (task seq or None for the plan, what, expected).
READING: dict[str, list[tuple]] = {
    "changzhi_2024-plan.txt": [
        (None, "tasks", 2), (None, "cut", [15]), (None, "year", 2024),
        (1, "name", "涉烟经营活动检查"), (1, "lead", "烟草"), (1, "partners", ["邮政管理", "公安"]),
        (1, "ratio", ("=", 0.03)), (1, "per_year", 2), (1, "months", [3, 12]), (1, "modes", ["市抽市查"]),
        (2, "lead", "医疗保障"), (2, "partners", ["审批服务管理"]), (2, "ratio", (">=", 0.20)),
        (2, "per_year", 1), (2, "months", [3, 12]), (2, "modes", ["市抽市查", "市抽县查"]),
        (2, "mode_as_written", "市抽县(区)查"),
    ],
    "huangshi_2023-plan.txt": [
        (None, "tasks", 2), (None, "cut", []),
        *[(seq, what, value) for seq in (1, 2) for what, value in (
            ("lead", "自然资源和规划局"), ("partners", ["市场监督管理局"]), ("ratio", ("=", 0.20)),
            ("per_year", 1), ("months", [6, 12]), ("time_year", 2023))],
        (1, "name", "测绘成果质量监督抽查"), (2, "items", ["测绘资质条件的真实性", "测绘管理制度执行情况",
                                                  "测绘资质年度报告公示内容真实性", "测绘项目登记汇交情况"]),
    ],
    "yibin_2023-plan.txt": [
        (None, "tasks", 4), (None, "cut", []),
        *[(seq, "lead", "商务局") for seq in (1, 2, 3, 4)],
        *[(seq, "time", ([9, 10], 2022, ["2022-11"])) for seq in (1, 2, 3, 4)],
        (1, "name", "单用途商业预付卡"), (1, "ratio", ("=", 0.20)), (1, "count", 3),
        (1, "partners", ["市场监管局", "市税务局"]),
        (2, "items", ["新车市场"]), (2, "ratio", ("=", 0.10)), (2, "count", 6), (2, "partners", ["市场监管局"]),
        (3, "items", ["二手车市场"]), (3, "ratio", ("=", 0.20)), (3, "count", 1), (3, "partners", ["市场监管局"]),
        (4, "items", ["报废汽车"]), (4, "ratio", ("=", 0.30)), (4, "count", 1),
        (4, "partners", ["市场监管局", "生态环境局"]),
    ],
    "yiyuan_2023-plan.txt": [
        (None, "tasks", 1), (None, "cut", []), (None, "publisher", "沂源县卫生健康局"),
        (None, "metadata", {"title": "沂源县卫生健康局2023年度部门联合“双随机、一公开”随机抽查事项清单",
                            "index_number": "11370323MB2859070U/2023-None", "issued": "2023-02-17"}),
        (1, "name", "餐具饮具集中消毒服务单位的检查"), (1, "lead", "沂源县卫生健康局"),
        (1, "partners", ["沂源县市场监督管理局"]), (1, "ratio", (">=", 0.05)),
        (1, "frequency", (None, "根据监管需要确定")), (1, "months", [1, 12]), (None, "year", 2023),
    ],
    "shanxi-cities_2021-plan.txt": [
        (None, "tasks", 5), (None, "cut", [27]),
        (1, "name", "绿化"), (1, "lead", "市园林局"), (1, "ratio", (">=", 0.10)), (1, "per_year", 1),
        (1, "months", [4, 10]),
        (2, "name", "旅行社"), (2, "lead", "市文旅局"), (2, "partners", ["市交通局", "市市场监管局"]),
        (2, "ratio", ("=", 0.03)), (2, "per_year", 1), (2, "months", [1, 12]),
        *[(seq, what, value) for seq, name, rate in ((3, "农药", 0.05), (4, "种子", 0.10), (5, "肥料", 0.20))
          for what, value in (("name", name), ("ratio", (">=", rate)), ("months", [3, 6]),
                              ("lead", "市农业农村局"), ("partners", ["市市场监管局"]))],
    ],
    "wuwei_2023-plan.txt": [
        (None, "tasks", 2), (None, "cut", [16]),
        *[(seq, what, value) for seq in (1, 2) for what, value in (
            ("lead", "粮食行政管理部门"), ("partners", ["市场监管部门"]),
            ("deadlines", ["2023-07-20", "2023-10-15"]))],
        (1, "name", "粮食收储"), (1, "levels", [("市级", ">=", 0.30), ("县(区)级", ">=", 0.50)]),
        (1, "extra", ("无为计划", ["基数:1", "100%"])),
        (2, "name", "粮食加工"), (2, "ratio", ("<=", 0.10)), (2, "extra", ("无为计划", ["基数:7", "10%"])),
    ],
    "xuancheng_2023-plan.txt": [
        (None, "tasks", 1), (None, "cut", [23]), (None, "year", 2023),
        (None, "metadata", {"index_number": "11341700003244772R/202304-00011", "publisher": "宣城市住房和城乡建设局",
                            "published": "2023-04-06", "title": "宣城市2023一业一查联合抽查计划"}),
        (1, "name", "营利性民办学校"), (1, "lead", "教育行政部门"),
        (1, "partners", ["市场监管部门", "卫生健康部门"]), (1, "ratio", (">=", 0.50)), (1, "count_min", 2),
        (1, "months", [4, 11]), (1, "time_year", 2023),
    ],
    "fenyang_2021-plan.txt": [
        (None, "tasks", 6), (None, "cut", [18]), (None, "missing", ["months", "ratio"]),
        (1, "name", "印刷"), (1, "lead", "宣传部门"), (1, "partners", ["文化和旅游部门"]),
        (5, "name", "游泳场(馆)、商场(超市)"), (5, "lead", "卫生健康部门"), (5, "partners", ["市场监管部门"]),
        (6, "name", "互联网文化"), (6, "lead", "文化和旅游部门"), (6, "partners", ["公安", "税务"]),
        *[(seq, "empty", ("ratio", "months", "time", "frequency")) for seq in range(1, 7)],
        (3, "item_names", ["营利性的民办职业高中学校", "面向中小学生的校外培训机构取得证照、收费、办学情况的检查",
                           "学校食堂食品安全情况的检查"]),
        (5, "item_names", ["商场(超市)取得许可证及卫生管理情况等的检查"]),
    ],
}


def _has(ref: dict | None, token: str) -> bool:
    return bool(ref) and (token in (ref.get("as_written") or "") or token in (ref.get("department") or ""))


def _check_task(task: dict, what: str, expected) -> bool:
    ratio, time = task["ratio"] or {}, task.get("time") or {}
    checks = {
        "name": lambda: expected in task["name"],
        "lead": lambda: _has(task["lead"], expected),
        "partners": lambda: len(task["partners"]) == len(expected) and all(
            any(_has(p, token) for p in task["partners"]) for token in expected),
        "ratio": lambda: (ratio.get("op"), ratio.get("value")) == expected,
        "count": lambda: (ratio.get("count") or {}).get("value") == expected,
        "count_min": lambda: (ratio.get("count") or {}).get("op") == ">=" and ratio["count"]["value"] == expected,
        "levels": lambda: [(x["level"], x["op"], x["value"]) for x in ratio.get("levels", [])] == expected,
        "per_year": lambda: task["frequency_per_year"] == expected,
        "frequency": lambda: task["frequency"]["per_year"] == expected[0] and expected[1] in task["frequency"][
            "as_written"],
        "months": lambda: task["months"] == expected,
        "time_year": lambda: time.get("year") == expected,
        "time": lambda: (time.get("months"), time.get("year"), time.get("deadlines")) == expected,
        "deadlines": lambda: time.get("deadlines") == expected,
        "modes": lambda: task["modes"] == expected,
        "mode_as_written": lambda: expected in (task["mode_as_written"] or ""),
        "items": lambda: all(any(e in i for i in task["lead"]["items"]) for e in expected),
        "item_names": lambda: len(task["items"]) >= len(expected) and all(
            e in i["name"] for e, i in zip(expected, task["items"])),
        "extra": lambda: all(e in task["extra"].get(expected[0], "") for e in expected[1]),
        "empty": lambda: all(not task.get(key) for key in expected),
    }
    return checks[what]()


def _check_plan(result, what: str, expected) -> bool:
    plan = result.plan
    cut = [f.row for f in result.findings if f.kind == "cut-row"]
    checks = {
        "tasks": lambda: len(plan["tasks"]) == expected and [t["seq"] for t in plan["tasks"]] == list(
            range(1, expected + 1)),
        "cut": lambda: cut == expected,
        "year": lambda: plan["plan"]["year"] == expected,
        "publisher": lambda: plan["plan"]["metadata"].get("publisher") == expected,
        "missing": lambda: plan["plan"]["missing_columns"] == expected,
        "metadata": lambda: all(plan["plan"]["metadata"].get(k) == v for k, v in expected.items()),
    }
    return checks[what]()


def read_corpus(name: str, reference) -> tuple[object, list[tuple[tuple, bool]]]:
    """Import a corpus file and check each value of its reading: (result, [(value, read right?)])."""
    result = import_plan(CORPUS / name, Path(name).stem, reference, **GIVEN.get(name, {}))
    by_seq = {t["seq"]: t for t in result.plan["tasks"]}
    outcome = []
    for entry in READING[name]:
        seq, what, expected = entry
        if seq is None:
            ok = _check_plan(result, what, expected)
        else:
            ok = seq in by_seq and _check_task(by_seq[seq], what, expected)
        outcome.append((entry, ok))
    return result, outcome


@pytest.mark.parametrize("name", sorted(READING))
def test_corpus_plan_reads_as_the_careful_reader_does(name, reference):
    result, outcome = read_corpus(name, reference)
    wrong = [entry for entry, ok in outcome if not ok]
    assert not wrong, f"{name}: read differently: {wrong}"
    assert not result.findings.errors, [str(f) for f in result.findings.errors]


def test_cut_rows_are_reported_not_invented(reference):
    result = import_plan(CORPUS / "changzhi_2024-plan.txt", "changzhi-2024", reference)
    cut = [str(f) for f in result.findings if f.kind == "cut-row"]
    assert cut == [f"{CORPUS / 'changzhi_2024-plan.txt'}, row 15: warning: row 15 looks cut: it stops in "
                   "抽查比例及频次 ('下经办机构抽查比例之和≥20%;1次/年') where the rows above go on; "
                   "not read as a task [cut-row]"]
    xuancheng = import_plan(CORPUS / "xuancheng_2023-plan.txt", "xuancheng-2023", reference)
    # The cut row there is a continuation line: the task is complete, its last item kept as printed.
    assert [i["name"] for i in xuancheng.plan["tasks"][0]["items"]] == ["餐饮服务食品安全监督检查;登记事项检"]
    assert [f.kind for f in xuancheng.findings if f.row == 23] == ["cut-row"]


def test_a_missing_column_is_one_finding_per_table(reference):
    result = import_plan(CORPUS / "fenyang_2021-plan.txt", "fenyang-2021", reference, **GIVEN["fenyang_2021-plan.txt"])
    missing = [str(f) for f in result.findings if f.kind == "missing-column"]
    assert missing == [
        f"{CORPUS / 'fenyang_2021-plan.txt'}, row 2, column 抽查比例及频次: warning: the document has no ratio "
        "column (抽查比例及频次); its tasks have no ratio [missing-column]",
        f"{CORPUS / 'fenyang_2021-plan.txt'}, row 2, column 抽查起止时间: warning: the document has no time "
        "column (抽查起止时间); its tasks have no time [missing-column]"]
    # The first task shows what the missing column means; the other five do not repeat it.
    assert len([f for f in result.findings if f.kind in ("ratio", "months")]) == 2


def test_merged_cell_rows_are_items_of_the_task_above(reference):
    result = import_plan(CORPUS / "fenyang_2021-plan.txt", "fenyang-2021", reference, **GIVEN["fenyang_2021-plan.txt"])
    third = result.plan["tasks"][2]
    canteen = third["items"][2]
    assert canteen["name"] == "学校食堂食品安全情况的检查" and canteen["scope"] == "各类学校"
    assert canteen["lead"]["department"] == "市场监督管理局"
    assert [p["department"] for p in canteen["partners"]] == ["教育局", "卫生健康和体育局"]
    assert canteen["source"] == {"file": str(CORPUS / "fenyang_2021-plan.txt"), "line": 8}


def test_an_indented_row_too_short_to_place_by_position_is_read_by_content_and_reported(reference):
    # "  营利性的民办职业高中学校… 市场监管、税务部门 市县(区)级": two spaces cannot stand for the four empty
    # cells (序号, 领域, 事项, and 发起部门 between 检查对象 and 配合部门) a careful reader infers, so
    # nothing is placed by position: the item stays as its content reads, and the reader is told.
    result = import_plan(CORPUS / "fenyang_2021-plan.txt", "fenyang-2021", reference, **GIVEN["fenyang_2021-plan.txt"])
    first = result.plan["tasks"][2]["items"][0]
    assert first["name"] == "营利性的民办职业高中学校、民办普通高中、民办幼儿园"
    assert [str(f) for f in result.findings if f.kind == "indented-row"] == [
        f"{CORPUS / 'fenyang_2021-plan.txt'}, row 6: warning: row 6 starts with 2 space(s), as if its first cells "
        "were empty, but 2 empty and 3 printed cells do not fill the 7 columns; its cells are placed by their "
        "content, not by position: check them against the document [indented-row]"]


def test_a_level_column_is_kept_as_written_and_said_once_a_table_not_per_row(reference):
    # 汾阳's 抽查层级 names who inspects (市县(区)级), not a mode (市抽县查): no task warns it cannot read a mode.
    result = import_plan(CORPUS / "fenyang_2021-plan.txt", "fenyang-2021", reference, **GIVEN["fenyang_2021-plan.txt"])
    tasks = result.plan["tasks"]
    assert [(t["mode"], t["mode_as_written"]) for t in tasks if t["seq"] in (1, 3)] == [
        (None, "市县(区)级"), (None, "市县(区)级")]
    assert not [f for f in result.findings if f.kind == "mode"]
    assert [str(f) for f in result.findings if f.kind == "mode-levels"] == [
        f"{CORPUS / 'fenyang_2021-plan.txt'}, row 2, column 抽查层级: info: the table's 抽查层级 column names levels "
        "(市县(区)级), not draw-and-inspect modes (市抽县查): kept as written, with no mode [mode-levels]"]


def test_the_page_address_a_document_prints_is_its_source_url_and_names_no_year_or_place(reference):
    # 汾阳's page prints neither its year nor its place, only its address: that is kept as where the
    # plan was published, and the year and place are still asked for, not read from the address.
    path = CORPUS / "fenyang_2021-plan.txt"
    result = import_plan(path, "fenyang-2021", reference, **GIVEN["fenyang_2021-plan.txt"])
    assert result.plan["plan"]["source"]["url"] == path.read_text(encoding="utf-8").splitlines()[0]
    assert result.plan["plan"]["source"]["url"].startswith("http://www.fenyang.gov.cn/")
    bare = import_plan(path, "fenyang-2021", reference)
    assert (bare.plan["plan"]["year"], bare.plan["plan"]["jurisdiction"]) == (None, None)
    assert [f.message for f in bare.findings if f.kind == "plan"] == [
        "cannot tell the plan's jurisdiction; pass --jurisdiction", "cannot tell the plan's year; pass --year"]
    tab = import_plan(ROOT / "data" / "raw" / "gaoping-2023-plan.txt", "gaoping-2023", reference)
    assert "url" not in tab.plan["plan"]["source"]  # a document that prints no address has none


def _rows_of(name: str, first: int, last: int) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").splitlines()[first - 1:last]


def _cells_of_huangshi() -> list[list[str]]:
    """huangshi's header and two rows, cell by cell, as a careful reader splits them."""
    lines = [t for t in _rows_of("huangshi_2023-plan.txt", 3, 61) if t.strip()]
    return [lines[0:9], lines[9:18], lines[18:20] + ["；".join(lines[20:24])] + lines[24:]]


@pytest.mark.parametrize("layout", ["pipe rows", "pipe cells", "blank lines", "blank lines, cells wrapped", "spaces"])
def test_layout_variants_of_one_table(layout, reference, tmp_path):
    header, *rows = _cells_of_huangshi()
    title = "黄石市部门联合“双随机、一公开”监管工作抽查计划表"
    if layout == "pipe rows":
        body = "\n".join(" | ".join(r) + " |" for r in [header, *rows])
    elif layout == "pipe cells":
        body = "\n".join(f"{c} |" for r in [header, *rows] for c in r)
    elif layout == "blank lines":
        body = "\n\n".join(c for r in [header, *rows] for c in r)
    elif layout == "blank lines, cells wrapped":  # a cell's text goes on on the next line
        body = "\n\n".join(c[:5] + "\n" + c[5:] if len(c) > 8 else c for r in [header, *rows] for c in r)
    else:
        body = "\n".join("  ".join(c.replace(" ", "") for c in r) for r in [header, *rows])
    path = tmp_path / "plan.txt"
    path.write_text(f"{title}\n{body}\n", encoding="utf-8")
    result = import_plan(path, "huangshi-2023", reference)
    tasks = result.plan["tasks"]
    assert [t["name"] for t in tasks] == ["测绘成果质量监督抽查", "测绘资质巡查"]
    assert [(t["lead"]["department"], [p["department"] for p in t["partners"]]) for t in tasks] == [
        ("自然资源局", ["市场监督管理局"])] * 2
    assert [(t["ratio"]["value"], t["frequency_per_year"], t["months"]) for t in tasks] == [(0.2, 1, [6, 12])] * 2
    assert len(tasks[1]["lead"]["items"]) == 4
    assert not result.findings.errors


def test_glued_cells_are_split_by_content(reference):
    result = import_plan(CORPUS / "shanxi-cities_2021-plan.txt", "shanxi-2021", reference)
    first = result.plan["tasks"][0]
    assert first["ratio"]["as_written"] == "抽查比例不低于10%;抽查1"
    assert first["time"]["as_written"] == "4—10"
    assert first["extra"] == {"抽查类型": "定向"}
    # 抽查事项 and 抽查对象范围 glued: nothing shows the boundary, so both stay in one cell, and it is said.
    assert "园林绿化工程建设市场监管太原市园林绿化行业相关企业和从业人员" in first["lead"]["items"][0]
    assert [f.message for f in result.findings if f.kind == "glued-cells" and f.row == 21] == [
        "row 21: cells printed with no separator; nothing shows where 抽查对象范围 begins, so it is read with "
        "the cell before it"]


def _relaid(text: str, layout: str) -> str:
    """A tab-separated plan laid out again: tabs as runs of spaces, pipe rows, or a cell per line."""
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) == 1:
            out.append(line)
        elif layout == "spaces":
            out.append("  ".join(cells))
        elif layout == "pipes":
            out.append(" | ".join(cells) + " |")
        else:  # a cell per line, blank lines between; an empty cell prints nothing
            out.append("\n\n".join(c for c in cells if c.strip()))
    return "\n\n".join(out) + "\n" if layout == "cells" else "\n".join(out) + "\n"


@pytest.mark.parametrize("seed, layout", [("gaoping-2023", "spaces"), ("jiangxian-2024", "spaces"),
                                          ("jiangxian-2024", "pipes"), ("jiangxian-2024", "cells")])
def test_a_seed_laid_out_again_reads_as_its_tab_separated_original(seed, layout, reference, tmp_path):
    """A seed plan in another layout (53 and 58 tasks over many pages, a two-level header,
    misprinted and restarted 序号, a place before it, cells with single spaces inside)."""
    original = ROOT / "data" / "raw" / f"{seed}-plan.txt"
    relaid = tmp_path / f"{seed}-{layout}.txt"
    relaid.write_text(_relaid(original.read_text(encoding="utf-8"), layout), encoding="utf-8")
    tabs = import_plan(original, seed, reference).plan["tasks"]
    spaces = import_plan(relaid, seed, reference).plan["tasks"]

    def fields(task):
        return (task["seq"], task["name"], task["scope"], task["months"], task["mode"], task["credit_risk_rule"],
                task["lead"]["department"], task["lead"]["items"], [(p["department"], p["items"]) for p in task["partners"]],
                (task["ratio"] or {}).get("value"), task["frequency_per_year"])

    assert [fields(t) for t in spaces] == [fields(t) for t in tabs]


def test_a_table_without_seq_is_numbered_in_order(reference, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("测试市2023年度部门联合抽查计划\n抽查任务名称 发起部门 配合部门 抽查比例 抽查时间\n"
                    "对旅馆业的抽查 市公安局 市市场监管局 10% 3月-11月\n"
                    "对网吧的抽查 市文旅局 市公安局、\n市市场监管局 20% 4月-9月\n", encoding="utf-8")
    result = import_plan(path, "test-2023", reference)
    tasks = result.plan["tasks"]
    assert [(t["seq"], t["name"], [p["department"] for p in t["partners"]], t["months"]) for t in tasks] == [
        (1, "对旅馆业的抽查", ["市场监督管理局"], [3, 11]), (2, "对网吧的抽查", ["公安局", "市场监督管理局"], [4, 9])]
    assert [f.message for f in result.findings if f.kind == "missing-column" and f.column == "序号"] == [
        "the table has no 序号 column; its tasks are numbered in order"]
    assert not result.findings.errors


def test_a_pipe_row_cut_over_two_lines_goes_on(reference, tmp_path):
    """changzhi's task 1 as pipe rows; its partners cell wraps (市邮政管理局、 / 市公安局) with the row."""
    row = _rows_of("changzhi_2024-plan.txt", 11, 11)[0].replace("  ", " ").split(" ")
    names = ["序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次", "智慧监管(信用风险分类)要求",
             "抽查检查起止时间", "发起部门", "配合部门", "抽查检查模式"]
    path = tmp_path / "plan.txt"
    path.write_text("长治市2024年度部门联合双随机抽查工作计划\n" + " | ".join(names) + " |\n"
                    + " | ".join(row) + "\n市公安局 | 市抽市查 |\n", encoding="utf-8")
    result = import_plan(path, "changzhi-2024", reference)
    task = result.plan["tasks"][0]
    assert [p["as_written"] for p in task["partners"]] == ["市邮政管理局", "市公安局"]
    assert (task["mode"], task["months"], task["ratio"]["value"]) == ("市抽市查", [3, 12], 0.03)
    assert [f.row for f in result.findings if f.kind == "row-continuation"] == [4]


def test_a_single_department_plan_is_led_by_its_publisher(reference, tmp_path):
    """yiyuan's page without its 检查主体 and 参检单位 columns: the 发布机构 leads, no partner is invented."""
    lines = (CORPUS / "yiyuan_2023-plan.txt").read_text(encoding="utf-8").splitlines()
    lines[13] = lines[13].replace(" 检查主体 参检单位", "")
    lines[14] = lines[14].replace(" 沂源县卫生健康局 沂源县市场监督管理局", "")
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_plan(path, "yiyuan-2023", reference)
    task = result.plan["tasks"][0]
    assert (task["lead"]["department"], task["lead"]["as_written"], task["partners"]) == (
        "卫生健康和体育局", "沂源县卫生健康局", [])
    assert {"rule": "lead-from-publisher", "field": "lead", "as_printed": "", "repaired": "沂源县卫生健康局"} \
        in task["repairs"]
    assert not result.findings.errors


def test_a_markdown_table_with_its_rule_line(reference, tmp_path):
    path = tmp_path / "plan.md"
    path.write_text("测试县2025年度部门联合抽查计划\n| 序号 | 抽查任务名称 | 牵头单位 | 参与单位 | 抽查比例 | 实施时间 |\n"
                    "|---|---|---|---|---|---|\n| 1 | 对旅馆业的抽查 | 县公安局 | 县市场监管局 | 10% | 3月-11月 |\n",
                    encoding="utf-8")
    task, = import_plan(path, "test-2025", reference).plan["tasks"]
    assert (task["name"], task["lead"]["department"], task["partners"][0]["department"], task["months"]) == (
        "对旅馆业的抽查", "公安局", "市场监督管理局", [3, 11])


def test_a_portal_footer_after_the_table_is_no_cell(reference, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text((CORPUS / "xuancheng_2023-plan.txt").read_text(encoding="utf-8")
                    + "\n【打印】 【关闭窗口】\n上一篇: 关于开展检查的通知\n版权所有 宣城市人民政府\n", encoding="utf-8")
    task, = import_plan(path, "xuancheng-2023", reference).plan["tasks"]
    assert [i["name"] for i in task["items"]] == ["餐饮服务食品安全监督检查;登记事项检"]
    assert [p["department"] for p in task["partners"]] == ["市场监督管理局", "卫生健康和体育局"]
