"""Incremental builds: a rebuild that reuses the cache writes exactly what a full build writes."""

import shutil


from generator.pipeline import build
from generator.publish.weight import page_weights, summary_line
from generator.results.fake import change_one_row
from tests.helpers import copy_project, project_with_fake_results
from tests.helpers.trees import same_tree


def test_incremental_rebuild_equals_full_rebuild(tmp_path, gathered):
    root = project_with_fake_results(tmp_path / "project", gathered.plans, 1200, rows_per_file=300)
    files = sorted((root / "data" / "results").glob("*.csv"))
    assert len(files) == 4

    site, reference = root / "site", root / "site-full"
    first = build(root / "site_config.yml", site)
    assert "Build cache: 1 stage(s) reused" not in " ".join(first.notes)
    shutil.copytree(site, reference)
    change_one_row(files[0])

    incremental = build(root / "site_config.yml", site)
    cache_line = next(line for line in incremental.notes if line.startswith("Build cache:"))
    # Three unchanged result files, the search index, the lookup term shards (names and codes
    # unchanged), the two plans and their open data are reused; the changed file is read again.
    assert cache_line.startswith("Build cache: 9 stage(s) reused, 1 computed")
    assert not any(line.endswith("its inputs are unchanged)") for line in incremental.notes)  # a result changed
    build(root / "site_config.yml", reference, use_cache=False)
    assert same_tree(site, reference) == []
    assert "Changes since the previous build: 1" in incremental.notes


def test_a_changed_plan_rerenders_its_own_pages_and_the_summaries_only(tmp_path):
    """One plan's data changes: its pages and the pages summing up every plan are rendered again, the
    other plan's pages are taken from the previous site, and the site is what a full build makes."""
    import json

    root = copy_project(tmp_path / "project")
    site, reference = root / "site", root / "site-full"
    first = build(root / "site_config.yml", site)
    assert "0 unchanged taken from the previous site" in " ".join(first.notes)
    assert summary_line(page_weights(site)) in first.notes
    shutil.copytree(site, reference)
    plan_file = root / "data" / "plans" / "gaoping-2023.json"
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    plan["tasks"][0]["scope"] += "（含复制单位）"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False, indent=2), encoding="utf-8")

    # A page of the unchanged plan edited in the site folder since (its size and mtime differ, then its
    # hash): rendered again, not taken over.
    edited = site / "plans" / "jiangxian-2024" / "tasks" / "1" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</main>", "<p>edited</p></main>"), encoding="utf-8")

    incremental = build(root / "site_config.yml", site)
    pages = next(line for line in incremental.notes if line.startswith("Pages:"))
    jiangxian = len([p for p in (site / "plans" / "jiangxian-2024").rglob("index.html")])
    assert f"{2 * jiangxian - 1} unchanged taken from the previous site" in pages  # both languages, less the edited
    # The page-weight line is made from what each page loads as its worker saw it (a reused page's from
    # the record): it is the line the written site's files give.
    assert summary_line(page_weights(site)) in incremental.notes
    # The lookup index shows no task field but the name: the previous site's is taken over.
    assert any(line.endswith("(taken from the previous site: its inputs are unchanged)") for line in incremental.notes)
    build(root / "site_config.yml", reference, use_cache=False)
    assert same_tree(site, reference) == []
    assert "（含复制单位）" in (site / "plans" / "gaoping-2023" / "tasks" / "1" / "index.html").read_text(encoding="utf-8")
