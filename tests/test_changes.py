"""The change report on two consecutive builds of made-up data."""

import copy

from generator.changes import compare, describe, make_manifest, update_history


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
