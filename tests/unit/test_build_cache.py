"""What the build cache keeps between builds: a result file's validated rows while nothing that decides
their validation changed (results/validate.py validation_view), read again when something did; and a
plan worked out (errata, enrichment, validation), with the findings it had; a stage's files (the lookup's
term packs), placed again without being made again."""

import json

from generator.core.cache import BuildCache
from generator.pipeline import gather
from generator.publish.lookup import write_lookup
from generator.results import Results
from tests.helpers import copy_project, project_with_fake_results
from tests.helpers.lookup_table import BUSINESSES, KINDS, PLANS as LOOKUP_PLANS


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


def _stage_writing(folder, made: list):
    def make():
        made.append(folder)
        (folder / "t").mkdir(parents=True, exist_ok=True)
        (folder / "t" / "0.bin").write_bytes(b"packed terms")
        (folder / "t.idx").write_bytes(b"directory")
        return {"pairs": 1}, ["t.idx", "t/0.bin"]
    return make


def test_files_a_stage_made_come_back_from_the_cache_without_making_them_again(tmp_path):
    cache, made = BuildCache(tmp_path / "cache"), []
    for name in ("first", "second"):
        folder = tmp_path / name
        assert cache.made_files("terms", ("key",), folder, _stage_writing(folder, made)) == {"pairs": 1}
    assert made == [tmp_path / "first"] and (cache.hits, cache.misses) == (1, 1)
    assert (tmp_path / "second" / "t" / "0.bin").read_bytes() == b"packed terms"
    assert (tmp_path / "second" / "t.idx").read_bytes() == b"directory"


def test_a_cached_stage_missing_a_file_is_made_again_and_leaves_nothing_half_placed(tmp_path):
    cache, made = BuildCache(tmp_path / "cache"), []
    cache.made_files("terms", ("key",), tmp_path / "first", _stage_writing(tmp_path / "first", made))
    next((tmp_path / "cache" / "terms").glob("*/files/t/0.bin")).unlink()
    folder = tmp_path / "second"
    assert cache.made_files("terms", ("key",), folder, _stage_writing(folder, made)) == {"pairs": 1}
    assert made == [tmp_path / "first", folder]
    assert (folder / "t" / "0.bin").read_bytes() == b"packed terms"
    assert (tmp_path / "first" / "t.idx").read_bytes() == b"directory"  # never written through a link
    again = tmp_path / "third"
    cache.made_files("terms", ("key",), again, _stage_writing(again, made))
    assert len(made) == 2 and (again / "t" / "0.bin").read_bytes() == b"packed terms"  # the entry was made anew


def test_the_lookup_takes_its_term_packs_from_the_cache_and_writes_the_same_index(tmp_path):
    cache = BuildCache(tmp_path / "cache")
    for name in ("first", "second"):
        write_lookup(Results(BUSINESSES, KINDS), LOOKUP_PLANS, tmp_path / name, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    first, second = (tmp_path / name / "lookup" / "index" for name in ("first", "second"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert any(f.parts[-2:-1] == ("t",) for f in files)
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
