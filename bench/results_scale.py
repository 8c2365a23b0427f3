#!/usr/bin/env python3
"""Results at a province's volume: generate, build, and time lookups in Chromium.

    python bench/results_scale.py --size 1000000      (make bench SIZE=1000000)

1. Copies the project's plans and reference data into OUT/root with a config that reads
   fictional result files (generator/results/fake.py; never published: OUT is git-ignored).
2. Builds in a child process, timed, its peak memory read from the kernel (wait4 rusage),
   as `gongkai build` does (generator/pipeline.py gather loads the results).
3. Serves OUT/site on 127.0.0.1 with gzip and times ~50 lookups (name fragments, full names,
   pinyin, initials, credit codes) in Chromium, each in a fresh browser context, counting the
   gzip bytes of every index file it fetched (the manifest included).
Progress goes to stderr; the last line on stdout is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SHELL = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>企业抽查结果查询（bench）</title>
<link rel="stylesheet" href="../assets/lookup.css"></head><body><main><h1>企业抽查结果查询</h1>
<div id="lookup-app"></div><script src="../assets/i18n.js" defer></script><script src="../assets/packs.js" defer></script>
<script src="../assets/lookup.js" defer></script></main></body></html>
"""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def prepare(out: Path) -> Path:
    """OUT/root: the real plans and reference data, a config that reads only the fake results."""
    import yaml

    root = out / "root"
    shutil.rmtree(out, ignore_errors=True)
    for name in ("plans", "raw", "errata", "reference"):
        shutil.copytree(REPO / "data" / name, root / "data" / name)
    for name in ("templates", "content"):  # the page layer reads these beside the config
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    if (REPO / "node_modules").is_dir():
        (root / "node_modules").symlink_to(REPO / "node_modules")
    config = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    config["results"] = {"files": ["data/results/*.csv"], "demo": False}
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def pick_queries(businesses: list[tuple[str, str]], n: int, seed: int) -> list[dict]:
    """Queries a searcher would type, each about a business that is in the data."""
    from pypinyin import Style, lazy_pinyin

    from generator.results.fake import COUNTIES

    rng = random.Random(seed)
    used = businesses[: max(1, int(len(businesses) * 0.9))]  # the tail may be spare, never written
    counties = sorted((c for c, _ in COUNTIES), key=len, reverse=True)
    queries = []
    mix = [("fragment", 0.24), ("name", 0.12), ("pinyin", 0.2), ("initials", 0.2), ("code", 0.24)]
    counts = [round(n * share) for _, share in mix[:-1]]
    counts.append(max(0, n - sum(counts)))  # exactly n queries in all
    for (kind, _), count in zip(mix, counts):
        for _ in range(count):
            name, code = rng.choice(used)
            while kind == "code" and not code:
                name, code = rng.choice(used)
            county = next(c for c in counties if name.startswith(c))
            rest = name[len(county):].replace("（示例）", "")
            fragment = rest[: rng.choice((3, 4))]  # trade name and the start of the trade
            text = {"fragment": fragment, "name": name, "code": code,
                    "pinyin": "".join(lazy_pinyin(fragment)),
                    "initials": "".join(lazy_pinyin(fragment, style=Style.FIRST_LETTER))}[kind]
            queries.append({"kind": kind, "q": text, "business": name})
    return queries


def stage_build(root: Path, site: Path) -> None:
    """Child process: the build as `gongkai build` runs it (gather loads the results)."""
    started = time.perf_counter()
    from generator import pipeline as b
    from generator.publish.results_data import write_results

    gathered = b.gather(root / "site_config.yml")
    results = gathered.results
    loaded = time.perf_counter()
    pages_error, lines = None, []
    try:
        lines = [line for line in b.write_site(gathered, site).lines() if ": warning: " not in line]
    except Exception as exc:  # a failing page layer must not hide the data stages' timings: still measure them
        pages_error = f"{type(exc).__name__}: {exc}"[:300]
    written = time.perf_counter()
    if not (site / "lookup" / "index" / "manifest.json").exists():
        lines = write_results(results, gathered.plans, site)
    print(json.dumps({"load_seconds": round(loaded - started, 1), "site_seconds": round(written - loaded, 1),
                      "results_seconds": round(time.perf_counter() - written, 1), "results_wired": True,
                      "pages_error": pages_error, "records": len(results.records),
                      "errors": len(gathered.findings.errors), "warnings": len(gathered.findings.warnings),
                      "log": lines}, ensure_ascii=False))


def run_build(root: Path, site: Path) -> dict:
    from measure import run as run_measured

    done = run_measured([sys.executable, __file__, "--stage-build", str(root), str(site)], REPO)
    if done["exit"] != 0:
        raise SystemExit(f"build failed (exit {done['exit']}); see stderr above")
    stage = json.loads(done["output"].strip().splitlines()[-1])
    # CPU seconds too: on a shared machine the wall clock says as much about the neighbours as the build.
    return {"build_seconds": round(done["seconds"], 1), "build_cpu_seconds": round(done["cpu_seconds"], 1),
            "peak_rss_mb": done["peak_rss_mb"], "peak_memory_mb": done["peak_memory_mb"],
            "peak_memory_at": done["peak_memory_at"], "peak_processes": done["peak_processes"],
            "load_average": [round(x, 1) for x in os.getloadavg()], "stage": stage}


def lookup_page(site: Path) -> tuple[str, str]:
    """The site's own /lookup/ page if the page layer made one, else a bare shell beside it."""
    page = site / "lookup" / "index.html"
    assets = site / "assets"
    for name in ("i18n.js", "packs.js", "lookup.js", "lookup.css"):
        if not (assets / name).exists():
            assets.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / "templates" / "assets" / name, assets / name)
    if page.exists() and 'id="lookup-app"' in page.read_text(encoding="utf-8"):
        return "lookup/", "site"
    (site / "lookup").mkdir(parents=True, exist_ok=True)
    (site / "lookup" / "bench.html").write_text(SHELL, encoding="utf-8")
    return "lookup/bench.html", "bench-shell"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)] if ordered else 0.0


_QUERY = """async q => {
    performance.clearResourceTimings();
    const t0 = performance.now();
    await window.gongkaiLookup.run(q);
    await new Promise(r => requestAnimationFrame(() => r()));
    const ms = performance.now() - t0;
    const files = performance.getEntriesByType("resource").filter(e => e.name.includes("/lookup/index/"));
    const app = document.getElementById("lookup-app");
    return {ms, files: files.length, bytes: files.reduce((n, e) => n + e.encodedBodySize, 0), state: app.dataset.state,
            shown: Array.from(document.querySelectorAll(".lookup-business h3"), h => h.textContent)};
}"""


def measure(site: Path, queries: list[dict]) -> dict:
    """Bytes are what Chromium itself reports (encodedBodySize: gzip bytes on the wire)."""
    import gzip

    from playwright.sync_api import sync_playwright

    from static_server import ServerProcess

    path, page_kind = lookup_page(site)
    manifest_gzip = len(gzip.compress((site / "lookup" / "index" / "manifest.json").read_bytes(), 6, mtime=0))
    timed, links = [], []
    with ServerProcess(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i, query in enumerate([*queries[:2], *queries]):  # two warm-up rounds, not counted
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + path)
            page.wait_for_selector('#lookup-app[data-ready="1"]', state="attached")
            got = page.evaluate(_QUERY, query["q"])
            context.close()
            if i >= 2:
                found = query["business"] in got["shown"] or query["kind"] != "code" and bool(got["shown"])
                timed.append({**query, "ms": round(got["ms"], 1), "files": got["files"] + 1, "state": got["state"],
                              "bytes_gzip": got["bytes"] + manifest_gzip, "shown": len(got["shown"]),
                              "found_business": found})
        for query in queries[:10]:  # opening a shared link: page, script, manifest and answer, all cold
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + path + "?q=" + query["q"])
            page.wait_for_function("q => { const a = document.getElementById('lookup-app');"
                                   " return a && a.dataset.state === 'done' && a.dataset.query === q; }", arg=query["q"])
            links.append(page.evaluate("performance.now()"))
            context.close()
        version = browser.version
        browser.close()
    ms = [t["ms"] for t in timed]
    sizes = [t["bytes_gzip"] for t in timed]
    worst = max(timed, key=lambda t: t["bytes_gzip"])
    slowest = max(timed, key=lambda t: t["ms"])
    return {
        "query_bytes_gzip_max": max(sizes), "query_bytes_gzip_p50": round(percentile(sizes, 0.5)),
        "query_ms_p95": round(percentile(ms, 0.95), 1), "query_ms_p50": round(percentile(ms, 0.5), 1),
        "query_ms_max": round(max(ms), 1), "link_ms_p95": round(percentile(links, 0.95), 1),
        "queries": len(timed), "queries_answered": sum(t["found_business"] and t["state"] == "done" for t in timed),
        "query_files_max": max(t["files"] for t in timed),
        "unanswered": [{k: t[k] for k in ("kind", "q", "state", "shown")} for t in timed
                       if not (t["found_business"] and t["state"] == "done")],
        "worst_bytes_query": {k: worst[k] for k in ("kind", "q", "bytes_gzip", "files", "ms")},
        "slowest_query": {k: slowest[k] for k in ("kind", "q", "bytes_gzip", "files", "ms")},
        "page": page_kind, "chromium": version,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="result rows to generate")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="work folder (erased first)")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure-only", action="store_true",
                        help="time the queries again on the site an earlier run left in --out")
    parser.add_argument("--stage-build", nargs=2, type=Path, metavar=("ROOT", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage_build:
        return stage_build(*args.stage_build)
    if args.measure_only:
        from generator.results.fake import fake_businesses

        measured = measure(args.out.resolve() / "site", pick_queries(fake_businesses(args.size, args.seed),
                                                                      args.queries, args.seed + 1))
        print(json.dumps({"records": args.size, **measured}, ensure_ascii=False))
        return None

    from generator.pipeline import gather
    from generator.results.fake import write_fake_results

    out = args.out.resolve()
    root = prepare(out)
    started = time.perf_counter()
    plans = gather(root / "site_config.yml").plans
    businesses = write_fake_results(plans, args.size, root / "data" / "results", args.seed)
    generate_seconds = time.perf_counter() - started
    log(f"generated {args.size} results of ~{len(businesses)} businesses in {generate_seconds:.0f} s")
    site = out / "site"
    built = run_build(root, site)
    log(f"built in {built['build_seconds']} s, peak {built['peak_memory_mb']} MB (Pss of the process tree): {dict((k, v) for k, v in built['stage'].items() if k != 'log')}")
    index = site / "lookup" / "index"
    files = [f for f in index.rglob("*") if f.is_file()]
    measured = measure(site, pick_queries(businesses, args.queries, args.seed + 1))
    print(json.dumps({
        "records": built["stage"]["records"], "businesses_generated": len(businesses),
        "build_seconds": built["build_seconds"], "build_cpu_seconds": built["build_cpu_seconds"],
        "peak_rss_mb": built["peak_rss_mb"], "peak_memory_mb": built["peak_memory_mb"],
        "peak_memory_at": built["peak_memory_at"], "peak_processes": built["peak_processes"], "load_average_after_build": built["load_average"],
        **{k: v for k, v in measured.items()},
        "generate_seconds": round(generate_seconds, 1), "index_files": len(files),
        "index_mb": round(sum(f.stat().st_size for f in files) / 1e6, 1),
        "build_stages": {k: v for k, v in built["stage"].items() if k != "log"},
        "build_log": built["stage"]["log"], "cpus": os.cpu_count(),
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
