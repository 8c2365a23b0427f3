"""The pipeline: load → validate → model → write, the one sequence `build`, `check` and `import` run.

In: site_config.yml and everything it names. Out: a BuildContext (typed, filled stage by stage),
then, for `build`, the site. Like mkdocs's commands/build.py and pelican's Pelican.run: nothing is
written until all data has loaded and validated. Output goes to a temporary folder beside the
target, which replaces the target only when the whole build succeeded (generator/publish/swap.py),
so a failed or killed build leaves the previous site intact. A file system that refuses a write
(full, read-only) is one `Error:` line naming the path.

    start      configuration, the input scan, the reference lists       (build, check, import)
    load       + plans and results, loaded and validated                (build: gather; check: run_check)
    model_site + the change report's history and the site model, once   (build)
    write_site + open data, change report, pages, search; swapped in    (build)
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from generator.core import paths, urls
from generator.core.cache import BuildCache
from generator.core.config import Config, load_config
from generator.core.findings import DataError, Findings
from generator.core.io import dumps
from generator.core.processes import Apart, cores, frozen
from generator.core.resources import check_overrides
from generator.plans.store import import_configured, import_entry, load_plans
from generator.publish import changes as change_report
from generator.publish import swap
from generator.publish.plan_data import write_plan_data
from generator.publish.results_data import write_open_data
from generator.publish.scan import Publication, mark_redacted, scan_inputs
from generator.reference.lists import Reference
from generator.results import Results, change_records, load_results

if TYPE_CHECKING:  # the page layer is imported only by the stages that model and write the site
    from generator.site.model import Site


@dataclass
class BuildContext:
    """What the stages hand on. Each field is set by the stage named beside it, in this order."""

    config: Config  # start
    findings: Findings  # start; every stage adds to it
    cache: BuildCache  # start (a BuildCache(None) computes everything)
    reference: Reference | None = None  # start
    publication: Publication | None = None  # start: the input scan (what may be published)
    plans: list[dict] = field(default_factory=list)  # load: errata applied, validated
    results: Results | None = None  # load
    result_records: dict = field(default_factory=dict)  # load: results as the change report compares them
    manifest: dict = field(default_factory=dict)  # model_site: this build's manifest (plans, tasks, results)
    change_notes: list[str] = field(default_factory=list)  # model_site: the change report's lines for the build log
    changes: list[dict] = field(default_factory=list)  # model_site: what changed since the previous build
    history: list[dict] = field(default_factory=list)  # model_site: every build's changes, newest first
    site: Site | None = None  # model_site: built once, for the pages and the search index
    target: Path | None = None  # write_site: the site folder the build replaces (its pages may be reused)

    @property
    def raw_documents(self) -> dict[str, bytes] | None:
        """The raw documents as they may be published (redacted copies where the scan found personal data)."""
        return self.publication.raw_documents if self.publication else None


@dataclass
class BuildReport:
    output: Path
    pages: int
    files: int
    bytes: int
    seconds: float
    findings: Findings
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"Built {self.output}: {self.pages} pages, {self.files} files, "
                f"{self.bytes / 1_000_000:.1f} MB in {self.seconds:.1f} s", *self.notes]


def start(config_path: str | Path = paths.CONFIG, scan: bool = True, use_cache: bool = False) -> BuildContext:
    """Configuration, the scan of every input for personal data and unsafe paths, and the reference lists."""
    config = load_config(config_path)
    context = BuildContext(config, Findings(list(config.findings)),
                           BuildCache(config.root / paths.BUILD_CACHE if use_cache else None))
    if scan:
        context.publication = scan_inputs(config, context.findings)
    context.reference = Reference.load(config.root / paths.REFERENCE)
    return context


def load(context: BuildContext, check_imports: bool = False) -> None:
    """Plans with errata, then results, each validated. check_imports (`gongkai check`): also that each
    committed import is what the importer makes of its raw document today (data/plans/ID.json, and each
    notice's data/results/ID.json, since a changed plan can change a link)."""
    from generator.results.notices.publish import check_fresh

    if check_imports:
        _check_plan_imports(context)
    context.plans = load_plans(context.config, context.reference, context.findings, context.cache)
    if check_imports:
        check_fresh(context.config, context.reference, context.plans, context.findings)
    if context.publication:
        mark_redacted(context.plans, context.publication)
    context.results = load_results(context.config, context.plans, context.reference, context.findings, context.cache)
    context.result_records = change_records(context.results)


def _check_plan_imports(context: BuildContext) -> None:
    config = context.config
    for entry in config.plans:
        path = paths.plan_file(config.root, entry["id"])
        source = config.root / entry["source"]
        if not path.exists() or not source.exists():
            continue  # load_plans reports both
        fresh = import_entry(config, entry, context.reference)
        if fresh.plan != json.loads(path.read_text(encoding="utf-8")):
            rel = path.relative_to(config.root).as_posix()
            context.findings.error("plan-stale", f"{rel} differs from what the importer makes of {entry['source']}: "
                                   "run `gongkai import --all` (make data) and review the diff", file=rel)


def gather(config_path: str | Path = paths.CONFIG, strict: bool = False, use_cache: bool = True) -> BuildContext:
    """Start, load and validate; raises DataError if the data failed (nothing is built then)."""
    context = start(config_path, use_cache=use_cache)
    load(context)
    if context.findings.failed(strict or context.config.settings.strict):
        raise DataError(f"{len(context.findings.errors)} error(s), {len(context.findings.warnings)} warning(s) in the "
                        "data; nothing was built", context.findings.items)
    return context


def run_check(config_path: str | Path = paths.CONFIG) -> Findings:
    """`gongkai check`: every validation of the build, and the imports' freshness, writing nothing
    (not even the build cache)."""
    context = start(config_path)
    load(context, check_imports=True)
    check_overrides(context.config.root, context.findings)
    return context.findings


def import_all(config_path: str | Path = paths.CONFIG) -> Iterator[tuple[str, Findings]]:
    """`gongkai import --all`: every configured plan into data/plans/, then every result notice into
    data/results/; (id, findings) as each is done."""
    from generator.results.notices.publish import import_all as import_notices

    context = start(config_path, scan=False)
    yield from import_configured(context.config, context.reference).items()
    yield from import_notices(context.config, context.reference).items()


def model_site(context: BuildContext, previous_site: Path | None = None) -> None:
    """The site model, built here once for the pages and the search index. With previous_site (the
    build's target), first the change report against the build there (or CI's fetched copy), whose
    history the home page and the feed show."""
    from generator.site.model import build_model  # the page layer; data stages run without it

    if previous_site is not None:
        context.manifest = change_report.make_manifest(context.plans, context.result_records)
        context.changes, history, context.change_notes = change_report.report(context.config.root, previous_site,
                                                                              context.manifest)
        context.history = change_report.update_history(history, context.changes,
                                                       change_report.data_date(context.config.root))
    context.site = build_model(context)


def write_site(context: BuildContext, target: Path) -> BuildReport:
    """Model the site, render it into a fresh folder beside `target`, then swap it in."""
    started = time.perf_counter()
    target = Path(target).resolve()
    context.target = target
    model_site(context, target)
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        removed = swap.clean_leftovers(target)
        notes = [f"Removed what an interrupted build left: {', '.join(removed)}"] if removed else []
        staging = Path(tempfile.mkdtemp(prefix=swap.staging_prefix(target), dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a published site must be world-readable
        notes.extend(_write(context, staging))
        swap.swap_in(staging, target)
    except OSError as exc:
        _remove_staging(staging)
        # a file in the staging folder is named as it would be published (a copy's error holds the
        # source as filename and the staging file as filename2: shutil's sendfile copy)
        written = [str(n) for n in (exc.filename2, exc.filename) if n and staging and str(n).startswith(str(staging))]
        where = written[0] if written else exc.filename or target
        if written:
            where = str(target) + str(where)[len(str(staging)):]
        raise DataError(f"cannot write the site to {where}: {exc.strerror or exc}; the previous site, if any, "
                        "is unchanged") from None
    except BaseException:
        _remove_staging(staging)
        raise
    pages, files, size = _count(target)
    return BuildReport(target, pages, files, size, time.perf_counter() - started, context.findings, notes)


def _write(context: BuildContext, staging: Path) -> list[str]:
    """Every file of the site into `staging`; returns lines for the build log. The lookup and search
    indexes are written by a child process from the start (generator/core/processes.py; at a million
    results the lookup is the longest stage), the open data by this process while the page layer's
    workers render the pages (no page reads any of them)."""
    from generator.site import render  # the page layer; data stages run without it

    opened: list[str] = []

    def open_data() -> list[str]:
        for plan in context.plans:
            write_plan_data(plan, staging / "data" / "plans", context.config["disclosure_defaults"], context.cache)
        opened.extend(write_open_data(context.results, context.plans, staging))
        (staging / "data").mkdir(parents=True, exist_ok=True)
        change_report.write_manifest(context.manifest, staging / "data")
        (staging / "data" / "changes.json").write_text(dumps(context.history), encoding="utf-8")
        return [*opened, *context.change_notes, f"Changes since the previous build: {len(context.changes)}"]

    processes = cores(context.config.settings.workers)
    with frozen():
        indexes = Apart(lambda: _indexes(context, staging, processes), fork=processes > 1)
        try:
            notes = render.render(context, staging, meanwhile=[open_data])
            index_notes, hits, misses = indexes.result()
        except BaseException:
            indexes.stop()
            raise
    notes[len(opened):len(opened)] = index_notes
    if indexes.forked:  # the child's own count of the cache's hits went with it
        context.cache.hits += hits
        context.cache.misses += misses
    if context.cache.directory:
        notes.append(f"Build cache: {context.cache.hits} stage(s) reused, {context.cache.misses} computed "
                     f"({context.cache.directory})")
    return notes


def _indexes(context: BuildContext, staging: Path, processes: int) -> tuple[list[str], int, int]:
    """The lookup index, then the search index: no page reads either, so they need not wait for the
    results view, the lists and the pages (in a 400-plan rebuild the search index took 3.3 s of this
    process's 20 s); with the build cache's hits and misses, which a child process
    cannot add to the build's."""
    from generator.publish.search import write_index

    hits, misses = context.cache.hits, context.cache.misses
    notes = [*_lookup(context, staging, processes), *write_index(context, staging)]
    return notes, context.cache.hits - hits, context.cache.misses - misses


def _lookup(context: BuildContext, staging: Path, processes: int) -> list[str]:
    """The lookup index, taken from the previous site when nothing it is made of changed (generator/
    site/reuse.py lookup_key: reading every business name's pinyin again took ~1.8 s of a 40-plan
    rebuild)."""
    from generator.publish.lookup import write_lookup
    from generator.site.reuse import FolderRecord, lookup_key

    record = FolderRecord(context.cache.directory, context.target, urls.lookup_index())
    key = lookup_key(context) if record.path else ""
    notes = record.take(key, staging) if record.path else None
    if notes is not None:
        notes = [f"{notes[0]} (taken from the previous site: its inputs are unchanged)", *notes[1:]]
    else:
        notes = write_lookup(context.results, context.plans, staging, context.cache, processes)
        record.save(key, staging, notes)
    return notes


def _count(folder: Path) -> tuple[int, int, int]:
    """(HTML pages, files, bytes) under `folder`: os.scandir's entries know their type, so only the
    files are stat'ed (pathlib's rglob and is_file took ~0.4 s of a 40-plan build)."""
    pages = files = size = 0
    stack = [str(folder)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file():
                    files += 1
                    pages += entry.name.endswith(".html")
                    size += entry.stat().st_size
    return pages, files, size


def _remove_staging(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def build(config_path: str | Path = paths.CONFIG, output: str | Path | None = None,
          strict: bool = False, use_cache: bool = True) -> BuildReport:
    context = gather(config_path, strict, use_cache)
    target = Path(output) if output else context.config.root / paths.SITE
    return write_site(context, target)
