"""The change report on two consecutive builds of made-up data."""

import copy

from generator.publish.changes import compare, describe, make_manifest, update_history


def plan(plan_id, tasks):
    return {"plan": {"id": plan_id, "title": f"{plan_id} 计划"},
            "tasks": [{"seq": seq, "name": name, "scope": "全县"} for seq, name in tasks]}


def test_one_plan_added_one_task_changed_one_result_withdrawn():
    first_plans = [plan("a-2024", [(1, "对旅馆业的抽查"), (2, "对网吧的抽查")])]
    first_results = {"a-2024": {1: {"r1": {"kind": "未发现问题"}, "r2": {"kind": "未发现问题"}}}}
    first = make_manifest(first_plans, first_results)

    second_plans = copy.deepcopy(first_plans) + [plan("b-2025", [(1, "对养老机构的抽查")])]
    second_plans[0]["tasks"][1]["scope"] = "全县网吧"
    second_results = {"a-2024": {1: {"r1": {"kind": "未发现问题"}}}}
    second = make_manifest(second_plans, second_results)

    changes = compare(first, second)
    assert changes == [
        {"change": "changed", "kind": "task", "plan": "a-2024", "task": 2, "title": "对网吧的抽查"},
        {"change": "withdrawn", "kind": "result", "plan": "a-2024", "task": 1, "title": "对旅馆业的抽查", "count": 1},
        {"change": "added", "kind": "plan", "plan": "b-2025", "title": "b-2025 计划", "tasks": 1},
    ]
    assert [describe(c) for c in changes] == [
        "更新抽查任务：a-2024 第2项 对网吧的抽查",
        "撤回抽查结果 1条：a-2024 第1项 对旅馆业的抽查",
        "新增抽查计划：b-2025 计划（1项任务）",
    ]


def test_first_build_adds_every_plan_and_an_unchanged_build_adds_nothing():
    manifest = make_manifest([plan("a-2024", [(1, "x")])])
    assert compare(None, manifest) == [{"change": "added", "kind": "plan", "plan": "a-2024", "title": "a-2024 计划",
                                         "tasks": 1}]
    assert compare(manifest, manifest) == []
    history = update_history([], compare(None, manifest), "2026-01-02")
    assert update_history(history, [], "2026-01-03") == history


def test_two_consecutive_builds_report_their_changes(tmp_path):
    """Real builds of made-up data: one plan added, one task changed, one result withdrawn."""
    import csv
    import json

    import yaml

    from tests.helpers import copy_project
    from generator.pipeline import build

    root = copy_project(tmp_path / "project")
    config_path = root / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    jiangxian = config["plans"].pop()
    config["results"] = {"files": ["data/results/*.csv"], "demo": False}
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    results = root / "data" / "results" / "gaoping.csv"
    rows = [["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"],
            ["gaoping-2023", "8", "高平市甲旅馆（示例）", "", "2023-06-05", "卫生健康和体育局", "未发现问题", "", "2023-06-12"],
            ["gaoping-2023", "8", "高平市乙旅馆（示例）", "", "2023-06-06", "卫生健康和体育局", "未发现问题", "", "2023-06-12"]]
    with open(results, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    site = root / "site"
    build(config_path, site)

    config["plans"].append(jiangxian)
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    errata = root / "data" / "errata" / "gaoping-2023.yml"
    errata.write_text(errata.read_text(encoding="utf-8") + (
        "\n- task: 1\n  field: scope\n  as_printed: 数字、出版物、包装装潢和其他印刷品印刷单位\n"
        "  corrected: 全市数字、出版物、包装装潢和其他印刷品印刷单位\n  why: test\n"), encoding="utf-8")
    with open(results, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows[:2])
    report = build(config_path, site)

    assert "Changes since the previous build: 3" in report.notes
    history = json.loads((site / "data" / "changes.json").read_text(encoding="utf-8"))
    assert len(history) == 2
    assert [describe(c) for c in history[0]["changes"]] == [
        "更新抽查任务：gaoping-2023 第1项 对数字、出版物、包装装潢和其他印刷品印刷单位的双随机抽查",
        "撤回抽查结果 1条：gaoping-2023 第8项 对酒店、旅馆业从业单位的随机抽查",
        "新增抽查计划：绛县市场监管领域2024年度部门联合双随机“一业一查”抽查工作计划（58项任务）",
    ]
    manifest = json.loads((site / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["plans"]) == ["gaoping-2023", "jiangxian-2024"]
    assert manifest["plans"]["gaoping-2023"]["results"]["8"]["count"] == 1  # version 2: a count and a digest a task
    assert [(site / "data" / name).is_file() for name in manifest["results_files"]] == [True]  # the hashes
