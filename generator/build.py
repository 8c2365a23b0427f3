"""The build: gather and validate everything, then write the site in one go.

Like mkdocs's commands/build.py and pelican's Pelican.run: nothing is written
until all data has loaded and validated. Output goes to a temporary folder
beside the target, which replaces the target only when the whole build
succeeded (generator/publish.py), so a failed or killed build leaves the
previous site intact. A file system that refuses a write (full, read-only)
is one `Error:` line naming the path.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import changes as change_report
from generator import paths, publish
from generator.cache import BuildCache
from generator.config import Config, load_config
from generator.findings import DataError, Findings
from generator.opendata import write_plan_data
from generator.plans import dumps, load_plans
from generator.reference import Reference
from generator.safety.scan import mark_redacted, scan_inputs
from generator.results import change_records, load_results, write_results
from generator.weight import page_weights, summary_line


@dataclass
class Gathered:
    """Everything the writers need, loaded and validated."""

    config: Config
    reference: Reference
    plans: list[dict]
    findings: Findings
    extras: dict = field(default_factory=dict)  # results, change report … filled by later stages


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


def gather(config_path: str | Path = paths.CONFIG, strict: bool = False, use_cache: bool = True) -> Gathered:
    config = load_config(config_path)
    findings = Findings(list(config.findings))
    publication = scan_inputs(config, findings)
    reference = Reference.load(config.root / paths.REFERENCE)
    cache = BuildCache(config.root / paths.BUILD_CACHE if use_cache else None)
    plans = load_plans(config, reference, findings)
    mark_redacted(plans, publication)
    results = load_results(config, plans, reference, findings, cache)
    if findings.failed(strict or config.settings.strict):
        raise DataError(f"{len(findings.errors)} error(s), {len(findings.warnings)} warning(s) in the data; "
                        "nothing was built", findings.items)
    return Gathered(config, reference, plans, findings,
                    {"results": results, "result_records": change_records(results), "cache": cache,
                     "raw_documents": publication.raw_documents})


def write_site(gathered: Gathered, target: Path) -> BuildReport:
    """Render into a fresh folder beside `target`, then swap it in."""
    started = time.perf_counter()
    target = Path(target).resolve()
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        removed = publish.clean_leftovers(target)
        notes = [f"Removed what an interrupted build left: {', '.join(removed)}"] if removed else []
        staging = Path(tempfile.mkdtemp(prefix=publish.staging_prefix(target), dir=target.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; a published site must be world-readable
        for plan in gathered.plans:
            write_plan_data(plan, staging / "data" / "plans")
        notes.extend(write_results(gathered.extras["results"], gathered.plans, staging, gathered.extras.get("cache")))
        notes.extend(_write_change_report(gathered, target, staging))
        from generator import site  # the page layer; imported late so data stages run without it

        notes.extend(site.render(gathered, staging))
        notes.append(summary_line(page_weights(staging)))
        cache = gathered.extras.get("cache")
        if cache and cache.directory:
            notes.append(f"Build cache: {cache.hits} stage(s) reused, {cache.misses} computed ({cache.directory})")
        publish.swap_in(staging, target)
    except OSError as exc:
        _remove_staging(staging)
        where = exc.filename or target  # a file in the staging folder is named as it would be published
        if staging is not None and str(where).startswith(str(staging)):
            where = str(target) + str(where)[len(str(staging)):]
        raise DataError(f"cannot write the site to {where}: {exc.strerror or exc}; the previous site, if any, "
                        "is unchanged") from None
    except BaseException:
        _remove_staging(staging)
        raise
    files = [p for p in target.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.suffix == ".html")
    return BuildReport(target, pages, len(files), sum(p.stat().st_size for p in files),
                       time.perf_counter() - started, gathered.findings, notes)


def _write_change_report(gathered: Gathered, target: Path, staging: Path) -> list[str]:
    """Compare with the previous build's manifest; the history feeds the home page and the feed."""
    manifest = change_report.make_manifest(gathered.plans, gathered.extras.get("result_records"))
    previous, history = change_report.load_previous(gathered.config.root, target)
    changes = change_report.compare(previous, manifest)
    history = change_report.update_history(history, changes, change_report.data_date(gathered.config.root))
    gathered.extras["history"] = history
    (staging / "data").mkdir(parents=True, exist_ok=True)
    (staging / "data" / "manifest.json").write_text(dumps(manifest), encoding="utf-8")
    (staging / "data" / "changes.json").write_text(dumps(history), encoding="utf-8")
    return [f"Changes since the previous build: {len(changes)}"]


def _remove_staging(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def build(config_path: str | Path = paths.CONFIG, output: str | Path | None = None,
          strict: bool = False, use_cache: bool = True) -> BuildReport:
    gathered = gather(config_path, strict, use_cache)
    target = Path(output) if output else gathered.config.root / paths.SITE
    return write_site(gathered, target)
