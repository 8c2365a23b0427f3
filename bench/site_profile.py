"""Where a build's time goes: the pipeline run in this process with a clock around each stage.

`bench/site_scale.py --profile` calls this on the site root it made. Each stage is a function of
the generator or of a library it calls (python-markdown, lunr, jieba, pypinyin, Jinja), wrapped
where it is defined and wherever a module imported it by name; nothing of the generator is
changed on disk. The pages are rendered in this one process (site_config.yml workers: 1, where
the renderer has that key), so the clock sees every page. A stage's time includes the stages it calls (pypinyin runs inside the model, the
lookup and the search index), and a stage that calls itself is counted once. A stage the code
no longer has (the renderer is being replaced) is listed as absent.
With --cprofile, the same build also runs under cProfile and its 30 heaviest functions are printed.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

# (label, module, attribute): the build's stages in the order data flows, then the libraries.
STAGES = [
    ("build, all stages", "generator.pipeline", "build"),
    ("start: config, input scan, reference lists", "generator.pipeline", "start"),
    ("load: input scan", "generator.publish.scan", "scan_inputs"),
    ("load: plans (errata, validation)", "generator.plans.store", "load_plans"),
    ("load: results (read, validate)", "generator.results.load", "load_results"),
    ("model: change report + site model", "generator.pipeline", "model_site"),
    ("model: site model", "generator.site.model", "build_model"),
    ("open data: plans", "generator.publish.plan_data", "write_plan_data"),
    ("open data: results CSV/JSON", "generator.publish.results_data", "write_open_data"),
    ("lookup index", "generator.publish.lookup.writer", "write_lookup"),
    ("page layer, all (render.render)", "generator.site.render", "render"),
    ("page layer: results view (paged tables)", "generator.site.results_view", "build_view"),
    ("page layer: render pages (our templates)", "generator.site.pages", "render_page"),
    ("page layer: write pages (our renderer, all pages)", "generator.site.render", "Rendering.wait"),
    ("page layer: content pages (Markdown)", "generator.site.render", "content_pages"),
    ("page layer: theme assets", "generator.site.theme", "copy_theme"),
    ("page layer: sitemap", "generator.site.render", "write_sitemap"),
    ("page layer: mkdocs build", "mkdocs.commands.build", "build"),
    ("search index (beside the pages)", "generator.publish.search", "write_index"),
    ("search index: documents", "generator.publish.search.documents", "build_documents"),
    ("page weights (build log)", "generator.publish.weight", "weigh"),
    ("swap into place", "generator.publish.swap", "swap_in"),
    ("lib: Jinja Template.render (ours and the theme's)", "jinja2.environment", "Template.render"),
    ("lib: python-markdown convert", "markdown.core", "Markdown.convert"),
    ("lib: lunr index build", "lunr.builder", "Builder.build"),
    ("lib: lunr add documents", "lunr.builder", "Builder.add"),
    ("lib: openpyxl save (XLSX downloads)", "openpyxl.workbook.workbook", "Workbook.save"),
    ("lib: jieba (dictionary load + cut)", "jieba", "initialize"),
    ("lib: jieba (dictionary load + cut)", "jieba", "cut"),
    ("lib: jieba (dictionary load + cut)", "jieba", "cut_for_search"),
    ("lib: pypinyin", "pypinyin", "lazy_pinyin"),
    ("lib: pypinyin", "pypinyin", "pinyin"),
]
_GENERATORS = {("jieba", "cut"), ("jieba", "cut_for_search")}  # lazy: their time is spent while iterated


class Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._depth: dict[str, int] = {}
        self.installed: set[str] = set()
        self.absent: list[str] = []

    def wrap(self, label: str, function, lazy: bool = False):
        def timed(*args, **kwargs):
            self.calls[label] = self.calls.get(label, 0) + 1
            depth = self._depth.get(label, 0)
            self._depth[label] = depth + 1
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                return list(result) if lazy else result
            finally:
                self._depth[label] = depth
                if depth == 0:
                    self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started
        timed.__wrapped__ = function
        return timed


def _install(clock: Clock) -> None:
    """Replace each stage's function by its timed wrapper wherever a loaded module holds it."""
    import generator.pipeline  # noqa: F401  (and, below, everything the stages import)
    import generator.site.render  # noqa: F401

    for label, module_name, attribute in STAGES:
        try:
            module = importlib.import_module(module_name)
            owner_name, _, name = attribute.rpartition(".")
            owner = getattr(module, owner_name) if owner_name else module
            original = getattr(owner, name)
        except (ImportError, AttributeError):
            clock.absent.append(f"{label} ({module_name}.{attribute})")
            continue
        timed = clock.wrap(label, original, (module_name, attribute) in _GENERATORS)
        clock.installed.add(label)
        setattr(owner, name, timed)
        if owner_name:
            continue
        for loaded in list(sys.modules.values()):
            if loaded is not None and getattr(loaded, name, None) is original:
                setattr(loaded, name, timed)


def profile(config: Path, target: Path, cprofile: bool = False, use_cache: bool = False) -> dict:
    """Build the site of `config` into `target`, each stage timed; the figures. Without the cache (a full
    build) unless use_cache (a rebuild over the site and cache an earlier build left)."""
    clock = Clock()
    _install(clock)
    from generator import pipeline

    started = time.perf_counter()
    if cprofile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(pipeline.build, config, target, use_cache=use_cache)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    else:
        report = pipeline.build(config, target, use_cache=use_cache)
    total = time.perf_counter() - started
    stages = [{"stage": label, "seconds": round(clock.seconds.get(label, 0.0), 2), "calls": clock.calls.get(label, 0),
               "share": round(clock.seconds.get(label, 0.0) / total, 3)} for label in dict.fromkeys(s[0] for s in STAGES)
              if label in clock.installed]
    return {"profile_seconds": round(total, 1), "pages": report.pages, "stages": stages, "absent": clock.absent,
            "cprofile": cprofile}


def table(figures: dict) -> str:
    lines = [f"Build profile ({figures['pages']} pages, {figures['profile_seconds']} s in one process"
             f"{', under cProfile' if figures['cprofile'] else ''}):"]
    for s in figures["stages"]:
        lines.append(f"  {s['stage']:<52} {s['seconds']:>8.2f} s  {100 * s['share']:5.1f} %  {s['calls']:>7} call(s)")
    lines.extend(f"  absent: {a}" for a in figures["absent"])
    return "\n".join(lines)
