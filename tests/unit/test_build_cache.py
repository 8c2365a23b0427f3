"""What the build cache keeps between builds: a result file's validated rows while nothing that decides
their validation changed (results/validate.py validation_view), read again when something did; and a
plan worked out (errata, enrichment, validation), with the findings it had."""

import json

from generator.pipeline import gather
from tests.helpers import copy_project, project_with_fake_results


def _project(tmp_path, gathered_plans):
    return project_with_fake_results(tmp_path / "project", gathered_plans, 300, rows_per_file=100)


def _edit_first_task(root, edit) -> None:
    plan_file = root / "data" / "plans" / "gaoping-2023.json"
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    edit(plan["tasks"][0])
    plan_file.write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")


def _results_read(root) -> int:
    """How many result files the build read and validated again (the cache's misses for them)."""
    context = gather(root / "site_config.yml")
    return len([p for p in (context.cache.directory / "results-table").glob("*.pickle")])


def test_a_plan_edit_outside_validation_keeps_the_cached_rows(tmp_path, gathered):
    root = _project(tmp_path, gathered.plans)
    assert _results_read(root) == 3
    _edit_first_task(root, lambda task: task.update(scope=task["scope"] + "（含复制单位）"))
    assert _results_read(root) == 3  # the same three entries: no file was read again


def test_a_task_whose_months_change_validates_its_results_again(tmp_path, gathered):
    root = _project(tmp_path, gathered.plans)
    assert _results_read(root) == 3
    _edit_first_task(root, lambda task: task.update(months=[1, 2]))
    assert _results_read(root) == 6  # every file validated again under the new months


def _plan_findings(root) -> tuple[list[tuple], int]:
    """The plans' findings as a build reads them, and how many plan entries the build cache holds."""
    context = gather(root / "site_config.yml")
    found = [(f.kind, f.message, f.file, f.row) for f in context.findings if f.kind == "unknown-department"]
    return found, len(list((context.cache.directory / "plan").glob("*.pickle")))


def test_a_cached_plan_says_what_it_said_when_it_was_worked_out(tmp_path):
    """A plan taken from the build cache (store.py load_plans) reports the findings it had."""
    root = copy_project(tmp_path / "project")
    _edit_first_task(root, lambda task: task["lead"].update(department=None, as_written="不存在的某局"))
    first, entries = _plan_findings(root)
    assert entries == 2 and len(first) == 1 and "不存在的某局" in first[0][1]
    assert _plan_findings(root) == (first, 2)  # read from the cache: the same finding, no new entry
