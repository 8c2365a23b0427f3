"""Search at a province's size: the site's search built for 2, 40 and 400 plans, measured in Chromium.

    .venv/bin/python bench/search_scale.py [--plans 2,40,400] [--out bench/out/search]

The plans are the repository's two, then copies of them given other ids, counties
(generator/results/fake.py COUNTIES) and years: the vocabulary stays that of two real plans, so
every common word has hundreds of times the postings it has today — a hard case for sharding.
For each size: build seconds, files, bytes; then every query of tests/queries/search.json (table,
nothing and edge) in Chromium on the real search page's script, each in a fresh browser context:
bytes fetched (gzip, Chromium's encodedBodySize of every search file and the two scripts) and
time from navigation to data-answered. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

from generator.pipeline import gather, model_site
from generator.results.fake import COUNTIES

ROOT = Path(__file__).resolve().parent.parent


def scaled_context(n_plans: int, config: Path = ROOT / "site_config.yml"):
    """The repository's BuildContext with n_plans plans: its own first, then renamed copies."""
    context = gather(config, use_cache=False)  # the build cache would hide the index's build time
    originals = context.plans
    plans = []
    for k in range(n_plans):
        base = originals[k % len(originals)]
        if k < len(originals):
            plans.append(base)
            continue
        plan = copy.deepcopy(base)
        meta = plan["plan"]
        place = COUNTIES[k % len(COUNTIES)][0]
        year = 2021 + (k // len(COUNTIES)) % 5
        old_place, old_year = meta.get("jurisdiction") or "", str(meta.get("year") or "")
        for key in ("title", "table_title", "doc_number", "issuer", "issued"):
            if isinstance(meta.get(key), str):
                meta[key] = meta[key].replace(old_place, place).replace(old_year, str(year))
        meta.update(id=f"p{k:03d}-{year}", jurisdiction=place, year=year)
        plans.append(plan)
    context.plans = plans
    model_site(context)
    return context


PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>搜索</title>
<link rel="stylesheet" href="../assets/search.css"></head>
<body><main><h1>搜索</h1>
<form role="search" action="" method="get"><input name="q" type="search"><button type="submit">搜索</button></form>
<link rel="preload" href="../search/index/manifest.json" as="fetch" crossorigin="anonymous">
<div id="search-app" data-index="../search/index/"></div>
</main>
<script src="../assets/i18n.js"></script>
<script src="../assets/search.js"></script>
</body></html>
"""


def build_search_site(context, site: Path) -> dict:
    """The search page alone (the page's markup as templates/pages/search.md.j2 has it, without the
    theme), its two scripts and stylesheet, and the index: what a search fetches."""
    import shutil

    from generator.publish.search import write_index

    shutil.rmtree(site, ignore_errors=True)
    (site / "assets").mkdir(parents=True)
    started = time.perf_counter()
    log = write_index(context, site)
    seconds = time.perf_counter() - started
    for name in ("i18n.js", "search.js", "search.css"):
        shutil.copy(ROOT / "templates" / "assets" / name, site / "assets" / name)
    (site / "search" / "index.html").write_text(PAGE, encoding="utf-8")
    files = [p for p in (site / "search" / "index").rglob("*") if p.is_file()]
    return {"build_s": round(seconds, 1), "files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "log": log}


# The query typed as a visitor types it: the box's value set and an input event sent, so the time
# includes search.js's pause for more keystrokes (TYPING_PAUSE), from the last keystroke to the results.
_TYPED = """async q => {
    const app = gongkaiSearch.app;
    performance.clearResourceTimings();
    app.search = new gongkaiSearch.Search(app.search.manifest, app.search.load);  // nothing cached
    const t0 = performance.now();
    app.input.value = q;
    app.input.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertText", data: q.slice(-1)}));
    await new Promise(done => { const check = () => app.root.getAttribute("data-answered") === q.trim()
        ? done() : requestAnimationFrame(check); check(); });
    return performance.now() - t0;
}"""


def typed(site: Path, asked: list[str]) -> dict:
    """Queries typed into an open search page (its manifest loaded, no shard cached): time from the last
    keystroke to data-answered."""
    from playwright.sync_api import sync_playwright
    from results_scale import CHROMIUM, CHROMIUM_ARGS, percentile
    from static_server import ServerProcess

    with ServerProcess(site) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{server.url}search/")
        page.wait_for_selector('#search-app[data-ready="true"]')
        ms = [page.evaluate(_TYPED, q) for q in [*asked[:2], *asked]][2:]  # two warm-up queries
        browser.close()
    return {"typed_ms_p95": round(percentile(ms, 0.95), 1), "typed_ms_p50": round(percentile(ms, 0.5), 1),
            "typed_ms_max": round(max(ms), 1)}


def main() -> None:
    import sys

    sys.path[:0] = [str(ROOT / "bench")]
    try:
        import site_search  # the province bench's Chromium measurement of /search/?q= (one implementation)
    except ImportError as exc:
        raise SystemExit(f"bench/site_search.py is needed to time queries in Chromium: {exc}") from None
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="2,40,400", help="sizes to build, comma-separated")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "search"))
    args = parser.parse_args()
    report = {}
    for n in [int(x) for x in args.plans.split(",")]:
        site = Path(args.out) / str(n)
        built = build_search_site(scaled_context(n), site)
        print(f"{n} plans: {built['log'][0]}", flush=True)
        measured = site_search.measure(site)
        report[n] = {**{k: v for k, v in built.items() if k != "log"}, **measured,
                     **typed(site, site_search.queries()), "load_average": round(__import__("os").getloadavg()[0], 1)}
        print(json.dumps({n: report[n]}, ensure_ascii=False), flush=True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
