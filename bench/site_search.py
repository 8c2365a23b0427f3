"""The search side of bench/site_scale.py: the queries of tests/queries/search.json on /search/?q= in Chromium.

Each query opens /search/?q=QUERY in a fresh browser context (nothing cached, as a visitor who
follows a shared link), served by bench/static_server.py (gzip, keep-alive, its own process).
Its time runs from the page's navigation start (performance.timeOrigin) until #search-app says it
has answered that query: data-answered equal to the query, which search.js sets once the answer is
in the page. A MutationObserver added before the page's scripts records the moment.
Its bytes are Chromium's encodedBodySize (gzip on the wire) of every resource the page fetched but
Material's theme bundle, stylesheets and favicon (assets/javascripts/bundle*, assets/stylesheets/*,
assets/images/*) and the sitemap.xml the bundle fetches: our index, our scripts and our stylesheets.
Where the time goes (`search_phases_ms_p50`, from the same resource timings, ms after navigation
start): search.js received (`script`), the last index file the answer needs received (`terms`:
manifest, term shards, posting files, names, filters), the last file for showing it received
(`documents`: document files, and chars.json for pinyin marks), the answer in the page
(`answered`), and the theme's sitemap.xml received, whose parsing holds the page's one thread.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
from pathlib import Path
from urllib.parse import quote

from results_scale import CHROMIUM, CHROMIUM_ARGS, percentile

REPO = Path(__file__).resolve().parents[1]
# Material's bundle, stylesheets and favicon, and the sitemap its bundle fetches (for its language
# switch), not the search: left out of a query's bytes.
THEME = ("/assets/javascripts/bundle", "/assets/stylesheets/", "/assets/images/", "/sitemap.xml")

# Runs before the page's own scripts: note when #search-app first says it answered the URL's query.
_WATCH = """(() => {
  const q = (new URLSearchParams(location.search).get("q") || "").trim();
  window.__gkAnswered = null;
  new MutationObserver(() => {
    const app = document.getElementById("search-app");
    if (window.__gkAnswered === null && app && app.getAttribute("data-answered") === q) {
      window.__gkAnswered = performance.now();
    }
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ["data-answered"]});
})();"""

_BYTES = """theme => {
  const all = performance.getEntriesByType("resource");
  const ours = all.filter(e => !theme.some(t => new URL(e.name).pathname.includes(t)));
  const done = test => Math.max(0, ...all.filter(e => test(new URL(e.name).pathname)).map(e => e.responseEnd));
  const index = p => p.includes("/search/index/");
  const shown = p => p.includes("/d/") || p.endsWith("/chars.json");  // what is fetched once the answer is known
  return {bytes: ours.reduce((n, e) => n + e.encodedBodySize, 0),
          files: ours.map(e => [new URL(e.name).pathname, e.encodedBodySize]),
          phases: {script: done(p => p.endsWith("/search.js")), terms: done(p => index(p) && !shown(p)),
                   documents: done(p => index(p) && shown(p)), sitemap: done(p => p.endsWith("/sitemap.xml"))}};
}"""


def queries(limit: int | None = None) -> list[str]:
    """The query table's queries, then those that must find nothing; the first `limit` of them."""
    table = json.loads((REPO / "tests" / "queries" / "search.json").read_text(encoding="utf-8"))
    listed = [row[0] for row in table["table"]] + list(table["nothing"])
    return listed[:limit] if limit else listed


def _one(browser, url: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(_WATCH)
        page.goto(url)
        page.wait_for_function("() => window.__gkAnswered !== null || document.getElementById('search-app')"
                               "?.getAttribute('data-ready') === 'error'", timeout=120_000)
        if page.evaluate("window.__gkAnswered") is None:
            raise SystemExit(f"{url}: the search index did not load: "
                             + page.inner_text("#search-app .search-app-status"))
        got = page.evaluate(_BYTES, list(THEME))
        got["ms"] = page.evaluate("window.__gkAnswered")
        return got
    finally:
        context.close()


def _server(bench: Path):
    """bench/static_server.py of the checkout measured: it may import that checkout's generator."""
    spec = importlib.util.spec_from_file_location("static_server", bench / "static_server.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ServerProcess


def _timed(sites: list[Path], limit: int | None, bench: Path, rounds: int = 1) -> tuple[dict, str]:
    """Every query on every site, each served by a server of its own, the sites' order alternating query by
    query (a busy moment of the machine then weighs on each alike); two warm-up queries first (browser
    start-up), not counted. Returns (site -> timed queries, Chromium's version)."""
    from playwright.sync_api import sync_playwright

    ServerProcess = _server(bench)
    asked = queries(limit)
    timed: dict[Path, list] = {site: [] for site in sites}
    with contextlib.ExitStack() as servers_open, sync_playwright() as p:
        servers = {site: servers_open.enter_context(ServerProcess(site)) for site in sites}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for r in range(rounds):
            warm = asked[:2] if r == 0 else []
            for i, q in enumerate([*warm, *asked]):
                for site in (sites if (i + r) % 2 == 0 else sites[::-1]):
                    got = _one(browser, f"{servers[site].url}search/?q={quote(q)}")
                    if i >= len(warm):
                        timed[site].append({"q": q, "ms": round(got["ms"], 1), "bytes_gzip": got["bytes"],
                                            "files": got["files"], "phases": {**got["phases"], "answered": got["ms"]}})
        version = browser.version
        browser.close()
    return timed, version


def _summary(timed: list[dict], version: str) -> dict:
    ms = [t["ms"] for t in timed]
    worst = max(timed, key=lambda t: t["bytes_gzip"])
    slowest = max(timed, key=lambda t: t["ms"])
    return {
        "search_query_bytes_gzip_max": max(t["bytes_gzip"] for t in timed),
        "search_query_ms_p95": round(percentile(ms, 0.95), 1), "search_query_ms_p50": round(percentile(ms, 0.5), 1),
        "search_query_ms_max": round(max(ms), 1), "search_queries": len(timed),
        "search_worst_bytes": {"q": worst["q"], "files": sorted(worst["files"], key=lambda f: -f[1])[:5]},
        "search_slowest": {"q": slowest["q"], "ms": slowest["ms"]},
        "search_phases_ms_p50": {k: round(percentile([t["phases"][k] for t in timed], 0.5), 1) for k in timed[0]["phases"]},
        "search_timed_from": "navigation start", "chromium": version,
    }


def measure(site: Path, limit: int | None = None, bench: Path = REPO / "bench") -> dict:
    timed, version = _timed([site], limit, bench)
    return _summary(timed[site], version)


def compare(sites: list[Path], limit: int | None = None, bench: Path = REPO / "bench", rounds: int = 1) -> dict:
    """measure() of several sites (two builds of one site by two versions) side by side, query by query."""
    timed, version = _timed(sites, limit, bench, rounds)
    return {str(site): _summary(timed[site], version) for site in sites}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the search table timed in Chromium on built sites, side by side")
    parser.add_argument("sites", nargs="+", type=Path, help="site folders (gongkai build's output)")
    parser.add_argument("--rounds", type=int, default=1, help="times through the table")
    parser.add_argument("--queries", type=int, default=None, help="only the first N queries")
    args = parser.parse_args()
    print(json.dumps(compare([s.resolve() for s in args.sites], args.queries, rounds=args.rounds), ensure_ascii=False))
