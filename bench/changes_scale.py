#!/usr/bin/env python3
"""The change report alone at a province's volume: peak memory and time of manifest + compare.

    python bench/changes_scale.py --size 10000000

Makes N results as columns (the shape of generator/results/fake.py: the two real plans' tasks
with months, ~1.6 results a business, 3 % without a credit code) straight into a ResultTable,
without CSV or validation (that stage is bench/results_scale.py's). Then, as two builds do:
1. "previous": change_records (rows grouped by task), then make_manifest, written to OUT/site/data/ (manifest.json and
   manifest-results-N.npz);
2. "next", the same results with 1 % of them given another result kind, 0.5 % another credit
   code (a result withdrawn, one added) and 0.5 % dropped, spread over every task, so every task's
   digest differs and every task's hashes are read and diffed (the worst case): make_manifest,
   report() against OUT/site, write_manifest.
Each stage's peak RSS is the kernel's high-water mark (VmHWM, reset through /proc/self/clear_refs
before the stage); "before" is the RSS with the table alone. --v1 also times hashing every record
as version 1 did (record_dict, JSON, sha256 per result: the previous make_manifest's work).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402

from generator.publish import changes  # noqa: E402
from generator.results import Results, change_records  # noqa: E402
from generator.results.fake import COUNTIES, KINDS, TRADES  # noqa: E402
from generator.results.table import CODED, FIELDS, ResultTable, _Coded  # noqa: E402


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) // 1024  # kB -> MB
    return 0


def stage(name: str, figures: dict, run):
    """Run `run()` with the peak RSS reset first; record seconds, CPU seconds, RSS before and the peak."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before, started, cpu = _status("VmRSS"), time.perf_counter(), time.process_time()
    value = run()
    # CPU seconds too: on a shared machine the wall clock says as much about the neighbours.
    figures[name] = {"seconds": round(time.perf_counter() - started, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
                     "rss_before_mb": before, "peak_rss_mb": _status("VmHWM")}
    print(f"[bench] {name}: {figures[name]}", file=sys.stderr, flush=True)
    return value


def plans() -> list[dict]:
    return [json.loads((REPO / "data" / "plans" / f"{p}.json").read_text(encoding="utf-8"))
            for p in ("gaoping-2023", "jiangxian-2024")]


def make_table(size: int, seed: int, plan_list: list[dict]) -> ResultTable:
    """N results as columns: names and codes as Arrow strings, the rest as numpy codes and days."""
    rng = np.random.default_rng(seed)
    tasks = [(i, t["seq"], t["lead"]["department"] or t["lead"]["as_written"])
             for i, p in enumerate(plan_list) for t in p["tasks"] if t.get("months")]
    n_business = int(size / 1.6 * 1.05) + 10  # a few spare, as fake.py: the 1–3 draw varies
    per = rng.choice([1, 2, 3], size=n_business, p=[0.55, 0.3, 0.15])
    business = np.repeat(np.arange(n_business), per)[:size]
    counties = rng.integers(0, len(COUNTIES), n_business)
    trades = rng.integers(0, len(TRADES), n_business)
    names = pa.array([f"{COUNTIES[c][0]}恒{i:x}{TRADES[t]}（示例）" for i, (c, t) in
                      enumerate(zip(counties.tolist(), trades.tolist()))], type=pa.large_string())
    codes = pa.array(["" if i % 33 == 0 else f"91{COUNTIES[c][1]}{i:09d}" for i, c in enumerate(counties.tolist())],
                     type=pa.large_string())
    task = rng.integers(0, len(tasks), size)
    inspected = (rng.integers(0, 330, size) + 738_521).astype(np.int32)  # 2023-01-01 onwards
    published = inspected + rng.integers(3, 45, size).astype(np.int32)
    coded = {name: _Coded() for name in CODED}
    columns = {"business": names.take(pa.array(business)), "credit_code": codes.take(pa.array(business)),
               "note": pa.array([""], type=pa.large_string()).take(pa.array(np.zeros(size, np.int64))),
               "inspected": inspected, "published": published, "deadline": inspected + 28,
               "workdays_late": np.maximum(0, published - inspected - 28).astype(np.int32),
               "seq": np.array([s for _, s, _ in tasks], np.int32)[task], "row": np.arange(size, dtype=np.int32),
               "is_example": np.ones(size, bool)}
    columns["plan_id"] = np.array([coded["plan_id"].code(plan_list[i]["plan"]["id"]) for i, _, _ in tasks],
                                  np.int32)[task]
    columns["departments"] = np.array([coded["departments"].code((d,)) for _, _, d in tasks], np.int32)[task]
    weights = np.array([w for _, w in KINDS], float)
    kinds = [coded["kinds"].code((k,)) for k, _ in KINDS]
    columns["kinds"] = np.array(kinds, np.int32)[rng.choice(len(kinds), size, p=weights / weights.sum())]
    columns["file"] = np.array([coded["file"].code(f"results-{i:03d}.csv") for i in range(size // 200_000 + 1)],
                               np.int32)[np.arange(size) // 200_000]
    for name in CODED:
        if name not in columns:
            columns[name] = np.full(size, coded[name].code(""), np.int32)
    assert set(columns) == set(FIELDS)
    return ResultTable(columns, coded, size)


def next_build(table: ResultTable, seed: int) -> ResultTable:
    """1 % another kind, 0.5 % another credit code, 0.5 % dropped, anywhere in the table."""
    rng = np.random.default_rng(seed + 1)
    size = len(table)
    columns = dict(table.columns)
    kinds = columns["kinds"].copy()
    flip = rng.choice(size, size // 100, replace=False)
    kinds[flip] = (kinds[flip] + 1) % len(table.values("kinds"))
    columns["kinds"] = kinds
    recoded = np.zeros(size, bool)
    recoded[rng.choice(size, size // 200, replace=False)] = True
    new_codes = pa.array([f"92140000{i:010d}" for i in range(int(recoded.sum()))], type=pa.large_string())
    columns["credit_code"] = pc.replace_with_mask(columns["credit_code"], pa.array(recoded), new_codes)
    keep = np.ones(size, bool)
    keep[rng.choice(size, size // 200, replace=False)] = False
    kept = np.flatnonzero(keep)
    out = {n: (c.take(pa.array(kept)) if isinstance(c, pa.Array) else c[kept]) for n, c in columns.items() if n != "_key"}
    return ResultTable(out, table.coded, len(kept))


def v1_hashes(records: dict) -> int:
    """What version 1's make_manifest computed and held: every result's key and hash, all at once."""
    held = {plan: {seq: {k: changes.content_hash(r) for k, r in sorted(task.items())} for seq, task in tasks.items()}
            for plan, tasks in records.items()}
    return sum(len(t) for tasks in held.values() for t in tasks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out-changes")
    parser.add_argument("--v1", action="store_true", help="also time version 1's hashing (slow: ~100 µs a result)")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    data = args.out / "site" / "data"
    data.mkdir(parents=True)
    plan_list, figures = plans(), {"size": args.size}
    table = stage("make_table", figures, lambda: make_table(args.size, args.seed, plan_list))
    # change_records groups the rows by task (Results.by_task, which the pages share): the pipeline
    # does it while loading, so it is timed on its own, and the manifest stages after it.
    records = stage("change_records", figures, lambda: change_records(Results(table, kinds=None)))

    def previous():
        manifest = changes.make_manifest(plan_list, records)
        changes.write_manifest(manifest, data)
    stage("previous_manifest", figures, previous)
    if args.v1:
        figures["v1_results"] = stage("v1_hashing", figures, lambda: v1_hashes(records))
    table = next_build(table, args.seed)
    figures["next_records"] = len(table)
    records = stage("next_change_records", figures, lambda: change_records(Results(table, kinds=None)))
    manifest = stage("next_manifest", figures, lambda: changes.make_manifest(plan_list, records))
    found, _, notes = stage("compare", figures, lambda: changes.report(args.out / "root", args.out / "site", manifest))
    (args.out / "new").mkdir()
    stage("write", figures, lambda: changes.write_manifest(manifest, args.out / "new"))
    totals = {}
    for change in found:
        key = f"{change['kind']}s_{change['change']}"
        totals[key] = totals.get(key, 0) + change.get("count", 1)
    figures.update(changes=totals, notes=notes, load_average=[round(x, 1) for x in os.getloadavg()],
                   manifest_json_kb=round((data / "manifest.json").stat().st_size / 1024, 1),
                   results_files=len(manifest["results_files"]),
                   results_files_mb=round(sum((data / n).stat().st_size for n in manifest["results_files"]) / 1e6, 1))
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
