"""What a build keeps or hands off so the next one does less: the compiled templates (keyed by what
goes into them), the old site removed by a process of its own after the swap, and the links a
content page may make while the workers are writing pages."""

from __future__ import annotations

import os
import subprocess
import time


from generator.core import resources
from generator.pipeline import gather
from generator.publish import swap
from generator.site.i18n import CATALOGUE, ENGLISH, SOURCE
from generator.site.pages import environments
from generator.site.render import _Known, compiled_key, compiled_once
from generator.results.fake import change_one_row
from generator.site.reuse import lookup_key, table_digest
from tests.helpers import copy_project, project_with_fake_results


def test_compiled_templates_are_kept_per_language_and_a_changed_template_compiles_again(tmp_path):
    root = copy_project(tmp_path / "project")
    probe = root / "templates" / "layout" / "probe.html.j2"
    probe.write_text("{{ _('首页') }} v1\n", encoding="utf-8")
    cache = tmp_path / "cache"

    def rendered():
        envs = compiled_once(environments(resources.template_dirs(root)), cache)
        return [envs[lang].get_template("layout/probe.html.j2").render() for lang in (SOURCE, ENGLISH)]

    first = rendered()
    assert first[0] == "首页 v1\n" and first[1] != first[0] and first[1].endswith(" v1\n")
    assert sorted(p.name for p in (cache / "templates").iterdir()) == sorted([compiled_key(SOURCE), compiled_key(ENGLISH)])
    kept = {p: p.stat().st_mtime_ns for p in (cache / "templates").rglob("*") if p.is_file()}
    assert len(kept) == 2  # one compiled template in each language's folder

    assert rendered() == first
    assert {p: p.stat().st_mtime_ns for p in (cache / "templates").rglob("*") if p.is_file()} == kept  # loaded, not compiled

    probe.write_text("{{ _('首页') }} v2\n", encoding="utf-8")
    assert rendered() == [text.replace("v1", "v2") for text in first]  # its source changed: compiled again


def test_the_compiled_templates_folder_changes_with_the_language_and_the_catalogue(tmp_path):
    edited = tmp_path / "messages.po"
    edited.write_bytes(CATALOGUE.read_bytes() + b'\nmsgid "x-test"\nmsgstr "x-test"\n')
    assert compiled_key(ENGLISH) == compiled_key(ENGLISH, CATALOGUE)
    assert len({compiled_key(SOURCE), compiled_key(ENGLISH), compiled_key(ENGLISH, edited)}) == 3


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _gone(path, seconds=20.0) -> bool:
    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def _old_site(folder):
    for i in range(50):
        (folder / "plans" / str(i)).mkdir(parents=True)
        (folder / "plans" / str(i) / "index.html").write_text("old", encoding="utf-8")
    return folder


def test_the_old_site_is_removed_after_the_build_under_a_name_no_build_takes_for_its_own(tmp_path):
    target = tmp_path / "site"
    old = _old_site(tmp_path / ".site-building-1-x")
    swap.remove_later(old, target)
    assert not old.exists()  # renamed aside at once
    aside = list(tmp_path.glob(".site.removing-*"))
    assert len(aside) <= 1 and list(tmp_path.glob(".site-*")) == []
    assert all(_gone(p) for p in aside)


def test_a_removal_whose_build_ended_is_started_again_and_a_running_one_is_left_alone(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    ended = _old_site(tmp_path / f".site.removing-{_dead_pid()}-1")
    running = _old_site(tmp_path / f".site.removing-{os.getpid()}-2")  # this process's: its remover runs
    assert swap.clean_leftovers(target) == []  # not a killed build's leftover: no log line
    assert _gone(ended)
    assert (running / "plans" / "0" / "index.html").exists() and target.is_dir()


def test_a_content_page_may_link_a_written_file_but_not_a_generated_page_file(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "x.csv").write_text("a", encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "index.html").write_text("a page a worker wrote already", encoding="utf-8")
    known = _Known({"plans/"}, tmp_path, {"plans/index.html"})
    assert "plans/" in known and "data/x.csv" in known
    assert "plans/index.html" not in known and "data/y.csv" not in known and "../data/x.csv" not in known


def test_the_lookup_key_holds_every_result_and_what_the_index_shows_of_the_plans(tmp_path, gathered):
    root = project_with_fake_results(tmp_path / "project", gathered.plans, 200, rows_per_file=100)
    first = gather(root / "site_config.yml", use_cache=False)
    again = gather(root / "site_config.yml", use_cache=False)
    assert table_digest(first.results.records) == table_digest(again.results.records)
    assert lookup_key(first) == lookup_key(again)

    again.plans[0]["tasks"][0]["scope"] += "（另）"  # a field the lookup does not show
    assert lookup_key(again) == lookup_key(first)
    again.plans[0]["tasks"][0]["name"] += "（另）"  # one it shows
    assert lookup_key(again) != lookup_key(first)

    change_one_row(sorted((root / "data" / "results").glob("*.csv"))[0])
    changed = gather(root / "site_config.yml", use_cache=False)
    assert table_digest(changed.results.records) != table_digest(first.results.records)
    assert lookup_key(changed) != lookup_key(first)
