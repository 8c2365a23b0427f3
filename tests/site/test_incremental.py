"""Incremental builds: a rebuild that reuses the cache writes exactly what a full build writes."""

import shutil

import yaml

from generator.pipeline import build
from generator.results.fake import change_one_row, write_fake_results
from tests.helpers import copy_project
from tests.helpers.trees import same_tree


def test_incremental_rebuild_equals_full_rebuild(tmp_path, gathered):
    root = copy_project(tmp_path / "project")
    config = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
    config["results"] = {"files": ["data/results/*.csv"], "demo": False}
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    write_fake_results(gathered.plans, 1200, root / "data" / "results", rows_per_file=300)
    files = sorted((root / "data" / "results").glob("*.csv"))
    assert len(files) == 4

    site, reference = root / "site", root / "site-full"
    first = build(root / "site_config.yml", site)
    assert "Build cache: 1 stage(s) reused" not in " ".join(first.notes)
    shutil.copytree(site, reference)
    change_one_row(files[0])

    incremental = build(root / "site_config.yml", site)
    cache_line = next(line for line in incremental.notes if line.startswith("Build cache:"))
    # Three unchanged result files, the search index and the lookup term shards (names and codes
    # unchanged) are reused; the changed file is read again.
    assert cache_line.startswith("Build cache: 5 stage(s) reused, 1 computed")
    build(root / "site_config.yml", reference, use_cache=False)
    assert same_tree(site, reference) == []
    assert "Changes since the previous build: 1" in incremental.notes
