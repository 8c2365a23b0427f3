"""The change report at a province's volume: a count and a digest per task in manifest.json, the
per-result hashes in manifest-results-N.npz beside it, read only for tasks whose digest differs.
The columnar hashes equal the record-by-record ones; a version-1 manifest is still compared
exactly; a previous manifest that cannot be compared is a build-log line, never a traceback."""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from generator.publish import changes
from generator.publish.changes import compare, content_hash, load_previous, make_manifest, report, write_manifest
from generator.results import Result, Results, change_records, record_dict
from generator.results import hashes

PLANS = [{"plan": {"id": "jx-2024", "title": "绛县计划"},
          "tasks": [{"seq": 1, "name": "对旅馆业的抽查"}, {"seq": 2, "name": "对网吧的抽查"}, {"seq": 3, "name": "对书店的抽查"}]}]
STRANGE = ['引号"与\\反斜杠', "换行\n与制表\t", "𠀀𪚥（扩展区）", "  空格  ", "", "名称:假@冒"]


def made_up_results(n: int, seed: int = 1) -> list[Result]:
    """Rows with every kind of field a result has: codes or names only (with a place), undated notice
    results, departments and kinds combinations, notes with characters JSON must escape, duplicates."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        undated = rng.random() < 0.1
        inspected = None if undated else date(2024, 1, 1) + timedelta(days=rng.randrange(300))
        rows.append(Result(
            plan_id="jx-2024", seq=rng.choice((1, 2, 3)), business=f"绛县{rng.choice(STRANGE)}旅馆{i % 700}（示例）",
            credit_code="" if rng.random() < 0.2 else f"91140826MA0{i % 700:06d}X", inspected=inspected,
            departments=tuple(rng.sample(["市场监督管理局", "公安局", "消防救援大队"], rng.choice((1, 2)))),
            kinds=tuple(rng.sample(["未发现问题", "发现问题已责令改正"], rng.choice((1, 2)))),
            note=rng.choice(STRANGE), published=inspected and inspected + timedelta(days=rng.randrange(40)),
            deadline=inspected and inspected + timedelta(days=28), workdays_late=rng.choice((0, 0, 0, 3)),
            is_example=rng.random() < 0.5, file=f"f{i % 3}.csv", row=i + 2,
            kind_as_written=rng.choice(("", "合格", "责令整改")), jurisdiction=rng.choice(("", "绛县", "闻喜县")),
            notice="" if not undated else rng.choice(("n-2024-1", "n-2024-2")), category=rng.choice(("", "旅馆")),
            items=rng.choice(("", "证照", "消防")), inspected_as_written="截止8月份" if undated else ""))
    return rows


@pytest.fixture(scope="module")
def results():
    return Results(made_up_results(3000), kinds=None)


def test_the_columns_hash_every_result_as_its_record_dict_does(results):
    """One definition (generator/results/hashes.py), two evaluations: numpy over distinct values, and
    record by record over record_dict; later rows with a key already seen win in both."""
    for plan_id, tasks in change_records(results).items():
        for seq, records in tasks.items():
            by_dict = hashes.record_pairs(dict(records.items()))
            assert np.array_equal(records.hashes(), by_dict)
            assert len(by_dict) == len(records) < len(records.rows)  # the made-up data repeats keys


def test_a_later_row_with_the_same_key_wins():
    one = made_up_results(1)[0]
    later = replace(one, note="后一行")
    records = change_records(Results([one, later], kinds=None))["jx-2024"][one.seq]
    [key] = list(records)
    assert records[key]["note"] == "后一行"
    assert np.array_equal(records.hashes(), hashes.record_pairs({key: record_dict(later)}))


def test_counts_of_a_changed_task_come_from_its_pairs(results, tmp_path):
    rows = made_up_results(3000)
    changed = rows[:2500] + made_up_results(100, seed=2)  # 500 withdrawn (some keys repeat), 100 new
    changed[10] = replace(changed[10], note="改正后")
    first = make_manifest(PLANS, change_records(results))
    second = make_manifest(PLANS, change_records(Results(changed, kinds=None)))
    old = {seq: dict(r.items()) for seq, r in change_records(results)["jx-2024"].items()}
    new = {seq: dict(r.items()) for seq, r in change_records(Results(changed, kinds=None))["jx-2024"].items()}
    expected = []
    for seq in (1, 2, 3):  # what the version-1 change report counted from whole dicts
        diff = changes._diff({k: content_hash(v) for k, v in old[seq].items()},
                             {k: content_hash(v) for k, v in new[seq].items()})
        expected += [{"change": c, "kind": "result", "plan": "jx-2024", "task": seq, "title": PLANS[0]["tasks"][seq - 1]["name"],
                      "count": len(keys)} for c, keys in zip(("added", "changed", "withdrawn"), diff) if keys]
    assert compare(first, second) == expected
    assert any(c["change"] == "changed" for c in expected) and any(c["change"] == "withdrawn" for c in expected)


def test_the_written_manifest_is_read_back_and_only_differing_tasks_read_their_hashes(results, tmp_path):
    data = tmp_path / "site" / "data"
    data.mkdir(parents=True)
    first = make_manifest(PLANS, change_records(results))
    write_manifest(first, data)
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["version"] == 2 and manifest["results_files"] == ["manifest-results-0.npz"]
    assert {seq: e["count"] for seq, e in manifest["plans"]["jx-2024"]["results"].items()} == \
        {str(seq): len(r) for seq, r in change_records(results)["jx-2024"].items()}
    with np.load(data / "manifest-results-0.npz", allow_pickle=False) as npz:  # numpy reads it as it is
        assert np.array_equal(npz["jx-2024/1"], change_records(results)["jx-2024"][1].hashes())

    again = make_manifest(PLANS, change_records(results))
    write_manifest(again, tmp_path)
    assert (tmp_path / "manifest-results-0.npz").read_bytes() == (data / "manifest-results-0.npz").read_bytes()

    previous, history = load_previous(tmp_path / "root", tmp_path / "site")
    assert history == [] and compare(previous, again) == []
    (data / "manifest-results-0.npz").unlink()  # equal digests: the hashes are never needed
    previous, _ = load_previous(tmp_path / "root", tmp_path / "site")
    assert compare(previous, again) == []


def test_a_version_1_manifest_is_compared_exactly(results):
    """Made as version 1 made it (a content_hash per record key); the first build after the upgrade
    reports what changed, not every plan as new."""
    changed = made_up_results(2900)
    v1 = {"version": 1, "plans": {"jx-2024": {
        "title": "绛县计划", "hash": content_hash({k: v for k, v in PLANS[0].items() if k != "tasks"}),
        "tasks": {str(t["seq"]): {"name": t["name"], "hash": content_hash(t)} for t in PLANS[0]["tasks"]},
        "results": {str(seq): {key: content_hash(r) for key, r in sorted(records.items())}
                    for seq, records in sorted(change_records(results)["jx-2024"].items())}}}}
    current = make_manifest(PLANS, change_records(Results(changed, kinds=None)))
    expected = compare(make_manifest(PLANS, change_records(results)), current)
    assert expected and compare(v1, current) == expected
    assert compare(json.loads(json.dumps(v1)), current) == expected


@pytest.mark.parametrize("damage, why", [
    (lambda d: (d / "manifest.json").write_text("{", encoding="utf-8"), "manifest.json: Expecting property name"),
    (lambda d: _edit(d, version=3), "version 3; this build reads versions 1 and 2"),
    (lambda d: _edit(d, plans=[]), "not laid out as a version-2 manifest"),
    (lambda d: _edit(d, results_files=["../../etc/passwd"]), "results_files ['../../etc/passwd'] is not a list of file names"),
    (lambda d: (d / "manifest-results-0.npz").write_bytes(b"PK\x03\x04 not a zip"), "File is not a zip file"),
    (lambda d: (d / "manifest-results-0.npz").unlink(), "manifest-results-0.npz: No such file or directory"),
    (lambda d: _claims_a_huge_array(d / "manifest-results-0.npz"), "jx-2024/1.npy does not hold the"),
])
def test_a_previous_manifest_that_cannot_be_compared_is_a_note_and_counts_as_none(results, tmp_path, damage, why):
    data = tmp_path / "site" / "data"
    data.mkdir(parents=True)
    write_manifest(make_manifest(PLANS, change_records(results)), data)
    (data / "changes.json").write_text('[{"date": "2026-01-01", "changes": []}]', encoding="utf-8")
    damage(data)
    current = make_manifest(PLANS, change_records(Results(made_up_results(2000), kinds=None)))
    found, history, notes = report(tmp_path / "root", tmp_path / "site", current)
    assert found == compare(None, current) == [{"change": "added", "kind": "plan", "plan": "jx-2024",
                                                "title": "绛县计划", "tasks": 3}]
    assert history == [{"date": "2026-01-01", "changes": []}]
    assert len(notes) == 1 and notes[0].startswith("Change report: the previous manifest cannot be compared (")
    assert why in notes[0] and notes[0].endswith("); this build reports every plan as added")


def test_hashes_that_do_not_match_their_manifest_are_refused(results, tmp_path):
    """CI fetches two files: one from another deployment than the other must not be trusted."""
    data = tmp_path / "site" / "data"
    data.mkdir(parents=True)
    write_manifest(make_manifest(PLANS, change_records(results)), data)
    other = make_manifest(PLANS, change_records(Results(made_up_results(1000, seed=3), kinds=None)))
    other.hashes.copy_to([data / "manifest-results-0.npz"])
    found, _, notes = report(tmp_path / "root", tmp_path / "site", other)
    assert found == compare(None, other)
    assert "jx-2024/1.npy does not hold the" in notes[0] and "results manifest.json describes" in notes[0]


def test_ci_s_fetched_copy_comes_first(results, tmp_path):
    cache = tmp_path / "root" / ".cache"
    cache.mkdir(parents=True)
    first = make_manifest(PLANS, change_records(results))
    write_manifest(first, tmp_path)
    shutil.move(tmp_path / "manifest.json", cache / "previous-manifest.json")
    shutil.move(tmp_path / "manifest-results-0.npz", cache / "previous-manifest-results-0.npz")
    current = make_manifest(PLANS, change_records(Results(made_up_results(2950), kinds=None)))
    found, _, notes = report(tmp_path / "root", tmp_path / "nowhere", current)
    assert notes == [] and found == compare(first, current) and found


def test_hashes_are_cut_into_parts_a_static_host_accepts(results, tmp_path, monkeypatch):
    """Whole tasks in parts of at most PACK_BYTES (Cloudflare Pages takes files up to 25 MiB)."""
    monkeypatch.setattr(changes, "PACK_BYTES", 20_000)
    data = tmp_path / "site" / "data"
    data.mkdir(parents=True)
    first = make_manifest(PLANS, change_records(results))
    write_manifest(first, data)
    names = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["results_files"]
    assert names == ["manifest-results-0.npz", "manifest-results-1.npz", "manifest-results-2.npz"]
    assert all((data / name).stat().st_size <= 20_000 for name in names)
    current = make_manifest(PLANS, change_records(Results(made_up_results(2950), kinds=None)))
    found, _, notes = report(tmp_path / "root", tmp_path / "site", current)
    assert notes == [] and found == compare(first, current) and len(found) == 3


def _edit(data, **fields):
    path = data / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**manifest, **fields}), encoding="utf-8")


def _claims_a_huge_array(path):
    """A member whose header claims 10^12 pairs: refused from its header, never allocated."""
    import io
    import zipfile

    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<u8", "fortran_order": False, "shape": (10**12, 2)})
    with zipfile.ZipFile(path, "w") as out:
        for seq in (1, 2, 3):
            out.writestr(f"jx-2024/{seq}.npy", header.getvalue() + bytes(16))
