#!/usr/bin/env python3
"""A province on one site: N plans built, timed against Hugo on the same pages; search timed in Chromium.

    .venv/bin/python bench/site_scale.py --plans 40        (make bench-site PLANS=40)
    .venv/bin/python bench/site_scale.py --plans 40 --profile   (where the build's time goes)

1. OUT/root (git-ignored, never published): N copies of the two real raw plans (data/raw/*), each under
   its own id with a fictional jurisdiction (…县（示例）) and a year of 2022–2025 given in its
   site_config.yml entry (plans[].jurisdiction / plans[].year: the importer takes them over what the
   document prints, so the copies' raw text stays byte for byte the real document's, title included);
   each copy keeps its original's errata and industry overrides; imported by `gongkai import --all`;
   fictional results from generator/results/fake.py (RESULTS_PER_PLAN a plan, a CSV file each).
2. `gongkai build --no-cache` in a child process, timed, its peak memory (bench/measure.py); a second build
   fills the build cache. Then one plan's data changes (one task's ratio cell in one raw copy,
   re-imported with `gongkai import`) and the cached rebuild is timed (incremental_seconds); the same
   for one result file (one row's result). After each, a --no-cache build of the same inputs over
   a copy of the same previous site is compared with it byte for byte. A build hands the old site to
   `rm` and ends (generator/publish/swap.py); the bench waits for that removal after each build
   (removal_seconds, not in the build's seconds), so it never runs under the next build timed.
3. Hugo (bench/site_hugo.py) on as many pages of the same shape; ratio = build_seconds / hugo_seconds.
4. The search queries in Chromium (bench/site_search.py).
Progress goes to stderr; the last line on stdout is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# --checkout DIR measures another checkout's generator, templates and data (a snapshot of a commit,
# `git archive COMMIT | tar -x -C DIR`): it must come first on the path, here and in every child.
_CHECKOUT = next((Path(a.split("=", 1)[1] if "=" in a else sys.argv[i + 2]).resolve()
                  for i, a in enumerate(sys.argv[1:]) if a.startswith("--checkout")), REPO)
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import measure  # noqa: E402
from results_scale import log  # noqa: E402  (it puts REPO first on the path: the checkout goes before it)

sys.path.insert(0, str(_CHECKOUT))
if _CHECKOUT != REPO:
    os.environ["PYTHONPATH"] = str(_CHECKOUT)

GONGKAI = REPO / ".venv" / "bin" / "gongkai"
CHECKOUT = _CHECKOUT
ORIGINALS = [("gaoping-2023", "data/raw/gaoping-2023-plan.txt"), ("jiangxian-2024", "data/raw/jiangxian-2024-plan.txt")]
YEARS = (2022, 2023, 2024, 2025)  # years chinesecalendar knows, and past: no result is dated after today
# Fictional county names: two characters from these, then 县（示例）; 25 x 20 = 500 before a number is added.
_FIRST = "云岚青柏霞石松枫桐溪苇萍兰梅竹荷桂杉榆槐栗橙棠芷蓉"
_SECOND = "川泽岭原峪谷湾塘洲坪岗坝峰林湖滩沟台坊屯"
RESULTS_PER_PLAN = 200  # about what the demo generator gives one of the real plans


def county(i: int) -> str:
    first, second = _FIRST[i % len(_FIRST)], _SECOND[i // len(_FIRST) % len(_SECOND)]
    number = i // (len(_FIRST) * len(_SECOND))
    return f"{first}{second}{number or ''}县（示例）"


def copies(n: int) -> list[dict]:
    """The N site_config.yml plan entries, the real plans taken in turn."""
    entries = []
    for i in range(n):
        original, source = ORIGINALS[i % len(ORIGINALS)]
        year = YEARS[i % len(YEARS)]
        plan_id = f"shili{i:03d}-{year}"
        entries.append({"id": plan_id, "source": f"data/raw/{plan_id}-plan.txt", "jurisdiction": county(i),
                        "year": year, "original": original, "original_source": source})
    return entries


def _copy_project(root: Path, entries: list[dict]) -> None:
    """Reference lists, templates and content as the real site has them; each copy's raw text and errata."""
    import yaml

    shutil.copytree(CHECKOUT / "data" / "reference", root / "data" / "reference")
    for name in ("templates", "content"):
        if (CHECKOUT / name).is_dir():
            shutil.copytree(CHECKOUT / name, root / name)
    if (REPO / "node_modules").is_dir():
        (root / "node_modules").symlink_to(REPO / "node_modules")
    for folder in ("raw", "errata"):
        (root / "data" / folder).mkdir(parents=True)
    industries = root / "data" / "reference" / "industries.yml"
    listed = yaml.safe_load(industries.read_text(encoding="utf-8"))
    overrides = listed.get("overrides") or {}
    for e in entries:
        shutil.copyfile(CHECKOUT / e["original_source"], root / e["source"])
        errata = CHECKOUT / "data" / "errata" / f"{e['original']}.yml"
        if errata.exists():
            shutil.copyfile(errata, root / "data" / "errata" / f"{e['id']}.yml")
        if e["original"] in overrides:
            overrides[e["id"]] = dict(overrides[e["original"]])  # a copy: safe_dump would write an alias
    listed["overrides"] = overrides
    industries.write_text(yaml.safe_dump(listed, allow_unicode=True, sort_keys=False), encoding="utf-8")


def prepare(out: Path, n: int, seed: int) -> tuple[Path, list[dict], list[dict]]:
    """OUT/root with N imported plan copies and their fictional results: (root, entries, plans)."""
    import yaml

    from generator.pipeline import gather
    from generator.results.fake import write_fake_results

    shutil.rmtree(out, ignore_errors=True)
    root = out / "root"
    entries = copies(n)
    _copy_project(root, entries)
    config = yaml.safe_load((CHECKOUT / "site_config.yml").read_text(encoding="utf-8"))
    config["plans"] = [{k: e[k] for k in ("id", "source", "jurisdiction", "year")} for e in entries]
    config["results"] = {"files": ["data/results/*.csv"], "demo": False}
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([str(GONGKAI), "import", "--all", "--config", "site_config.yml"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
    log(f"imported {n} plans in {time.perf_counter() - started:.1f} s")
    plans = gather(root / "site_config.yml", use_cache=False).plans
    write_fake_results(plans, RESULTS_PER_PLAN * n, root / "data" / "results", seed, rows_per_file=RESULTS_PER_PLAN)
    return root, entries, plans


def run_build(root: Path, site: Path, *extra: str) -> dict:
    """`gongkai build` in a child process: wall time, CPU, peak memory (bench/measure.py) and its log."""
    command = [str(GONGKAI), "build", "--config", str(root / "site_config.yml"), "-o", str(site), *extra]
    done = measure.run(command, root, stderr=subprocess.STDOUT)
    if done["exit"] != 0:
        raise SystemExit(f"build failed (exit {done['exit']}):\n{done['output'][-3000:]}")
    lines = done["output"].strip().splitlines()
    removal = _old_site_removed(site)
    # CPU seconds (the child's and its render workers'): on a machine other jobs share, wall time grows
    # with the load average, CPU time much less. The old site's remover (generator/publish/swap.py
    # remove_later) is not waited for by the build, so its CPU is not in them; the bench waits for it
    # (removal_seconds, after the build's own seconds) so that it never runs under the next timing.
    return {"seconds": round(done["seconds"], 2), "cpu_seconds": round(done["cpu_seconds"], 2),
            "removal_seconds": removal, "peak_rss_mb": done["peak_rss_mb"], "peak_memory_mb": done["peak_memory_mb"],
            "cache": next((line for line in lines if line.startswith("Build cache:")), ""), "log": lines}


def _old_site_removed(site: Path, limit: float = 300.0) -> float | None:
    """Seconds until the previous site the build handed to `rm` is gone (None: nothing to wait for)."""
    started = time.perf_counter()
    aside = list(site.parent.glob(f".{site.name}.removing-*"))
    if not aside:
        return None
    while any(p.exists() for p in aside) and time.perf_counter() - started < limit:
        time.sleep(0.05)
    return round(time.perf_counter() - started, 2)


def change_plan(root: Path, entry: dict) -> float:
    """One task cell of one plan copy changed (its first 不低于10% ratio), the copy re-imported; seconds."""
    source = root / entry["source"]
    text = source.read_text(encoding="utf-8")
    old, new = ("不低于10%", "不低于12%") if "不低于10%" in text else ("15%", "16%")
    assert old in text, f"{entry['source']}: no ratio cell to change"
    source.write_text(text.replace(old, new, 1), encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([str(GONGKAI), "import", entry["source"], "--plan-id", entry["id"], "--out", "data/plans",
                    "--jurisdiction", entry["jurisdiction"], "--year", str(entry["year"]),
                    "--config", "site_config.yml"], cwd=root, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def change_result(root: Path) -> float:
    from generator.results.fake import change_one_row

    change_one_row(sorted((root / "data" / "results").glob("*.csv"))[0])
    return 0.0


def rebuild_after(root: Path, site: Path, name: str, change) -> dict:
    """Change the inputs, rebuild with the cache, and compare with a --no-cache build of the same inputs
    over a copy of the same previous site (the change report compares with the previous build)."""
    from tests.helpers.trees import same_tree

    reference = site.parent / f"site-full-{name}"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(site, reference, symlinks=True)
    import_seconds = change()
    incremental = run_build(root, site)
    full = run_build(root, reference, "--no-cache")
    diffs = same_tree(site, reference)
    log(f"{name} changed: incremental {incremental['seconds']} s ({incremental['cache']}), "
        f"full {full['seconds']} s, identical: {not diffs}")
    return {"incremental_seconds": incremental["seconds"], "full_seconds": full["seconds"],
            "incremental_removal_seconds": incremental["removal_seconds"], "full_removal_seconds": full["removal_seconds"],
            "incremental_cpu_seconds": incremental["cpu_seconds"], "full_cpu_seconds": full["cpu_seconds"],
            "reimport_seconds": round(import_seconds, 2), "cache": incremental["cache"],
            "identical": not diffs, "differences": diffs[:20], "different_files": len(diffs)}


def one_process(config: Path) -> None:
    """workers: 1, so the in-process profile sees every page rendered (a checkout without the key ignores it)."""
    import yaml

    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**settings, "workers": 1}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def site_size(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"pages": sum(1 for p in files if p.suffix == ".html"), "files": len(files),
            "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1)}


def _rebuilds(args, root: Path, site: Path, entries: list[dict]) -> tuple[dict, dict, dict | None]:
    """The cache filled by a build of unchanged inputs, then the rebuilds after a plan and a result file changed."""
    fill = run_build(root, site)
    log(f"cached build of unchanged inputs (fills the cache): {fill['seconds']} s ({fill['cache']})")
    after_plan = rebuild_after(root, site, "plan", lambda: change_plan(root, entries[0]))
    after_result = None if args.plan_change_only else rebuild_after(root, site, "result", lambda: change_result(root))
    return fill, after_plan, after_result


def run(args) -> dict:
    import site_hugo
    import site_search

    out = args.out.resolve()
    root, entries, plans = prepare(out, args.plans, args.seed)
    site = out / "site"
    full = run_build(root, site, "--no-cache")
    size = site_size(site)
    log(f"full build: {size['pages']} pages in {full['seconds']} s, peak {full['peak_memory_mb']} MB")
    fill, after_plan, after_result = _rebuilds(args, root, site, entries) if not args.full_only else ({}, {}, None)
    written = site_hugo.make_site(out / "hugo", size["pages"], plans)
    hugo = site_hugo.build(out / "hugo", args.hugo_runs)
    log(f"hugo: {hugo['hugo_pages']} pages ({written} content pages) in {hugo['hugo_runs']} s")
    search = site_search.measure(site, args.queries, CHECKOUT / "bench")
    changes = [c for c in (after_plan, after_result) if c]
    return {
        "plans": args.plans, **size, "build_seconds": full["seconds"], "hugo_seconds": hugo["hugo_seconds"],
        "ratio": round(full["seconds"] / hugo["hugo_seconds"], 1), "peak_rss_mb": full["peak_rss_mb"],
        "peak_memory_mb": full["peak_memory_mb"], "build_cpu_seconds": full["cpu_seconds"], "cpu_ratio": round(full["cpu_seconds"] / hugo["hugo_cpu_seconds"], 1),
        "incremental_seconds": after_plan.get("incremental_seconds"),
        "incremental_result_seconds": after_result["incremental_seconds"] if after_result else None,
        "identical": all(c["identical"] for c in changes) if changes else None,
        "differences": [d for c in changes for d in c["differences"]][:20],
        "search_query_bytes_gzip_max": search.pop("search_query_bytes_gzip_max"),
        "search_query_ms_p95": search.pop("search_query_ms_p95"),
        "tasks": sum(len(p["tasks"]) for p in plans), "results": RESULTS_PER_PLAN * args.plans,
        "cache_fill_seconds": fill.get("seconds"), "after_plan_change": after_plan, "after_result_change": after_result,
        **hugo, **search, "build_log": [line for line in full["log"] if not re.search(r": (warning|info|error): ", line)],
        "checkout": str(CHECKOUT), "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
        "finished_utc": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=40, help="plan copies to publish (the two real plans in turn)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out-site", help="work folder (erased first)")
    parser.add_argument("--queries", type=int, default=None, help="time only the first N search queries")
    parser.add_argument("--hugo-runs", type=int, default=3, help="Hugo builds; the best is the figure")
    parser.add_argument("--seed", type=int, default=1, help="seed of the fictional results")
    parser.add_argument("--plan-change-only", action="store_true", help="skip the result-file change (faster)")
    parser.add_argument("--full-only", action="store_true",
                        help="only the full build, Hugo and the search: no rebuilds (for sizes where a build is long)")
    parser.add_argument("--checkout", type=Path, default=REPO,
                        help="measure this checkout's generator, templates and data (default: this one)")
    parser.add_argument("--search-only", action="store_true",
                        help="time the search queries again on the site an earlier run left in --out")
    parser.add_argument("--profile", action="store_true", help="time the build's stages in this process instead")
    parser.add_argument("--cprofile", action="store_true", help="with --profile: also under cProfile (slower)")
    parser.add_argument("--rebuild", action="store_true",
                        help="with --profile: time the cached rebuild after one plan changed instead of a full build")
    args = parser.parse_args()
    if args.search_only:
        import site_search

        site = args.out.resolve() / "site"
        print(json.dumps({**site_size(site), **site_search.measure(site, args.queries, CHECKOUT / "bench"),
                          "load_average": [round(x, 2) for x in os.getloadavg()]}, ensure_ascii=False))
        return
    if args.profile:
        import site_profile

        root, entries, _ = prepare(args.out.resolve(), args.plans, args.seed)
        one_process(root / "site_config.yml")
        target = args.out.resolve() / "site-profile"
        if args.rebuild:  # the cache and the previous site filled, then one plan changed
            run_build(root, target)
            change_plan(root, entries[0])
        figures = site_profile.profile(root / "site_config.yml", target, args.cprofile, use_cache=args.rebuild)
        print(site_profile.table(figures))
        print(json.dumps({"plans": args.plans, **figures,
                          "load_average": [round(x, 2) for x in os.getloadavg()]}, ensure_ascii=False))
        return
    print(json.dumps(run(args), ensure_ascii=False))


if __name__ == "__main__":
    main()
