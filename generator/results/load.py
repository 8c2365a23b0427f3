"""load_results: the results a build publishes, from files or, failing those, the demo generator."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from generator.core import paths
from generator.core.cache import MISSING, BuildCache, file_hash
from generator.core.config import ResultSettings
from generator.core.findings import Findings
from generator.core.processes import cores, forked_map
from generator.core.resources import reference_exists, reference_files
from generator.core.safe_paths import outside, relative_problem
from generator.reference.result_kinds import ResultKinds
from generator.results.columns import duplicate_findings, merge_by_row, read_file
from generator.results.model import Results
from generator.results.notices.publish import load_notices, notice_records
from generator.results.table import ResultTable
from generator.results.validate import Deadlines, RowValidator, validation_view
from generator.text.workdays import WorkCalendar

KINDS_FILE = paths.RESULT_KINDS.as_posix()
HOLIDAYS_FILE = paths.HOLIDAYS.as_posix()


def result_files(config) -> list[Path]:
    """Files matching results.files, each once, in name order (so builds are reproducible).

    Never a file outside the repository: load_config refuses absolute and .. patterns, and
    generator.publish.scan reports a symlink leading out (path-outside); such a file is skipped."""
    found: dict[Path, None] = {}
    for pattern in config.results.files:
        if not isinstance(pattern, str) or relative_problem(pattern):
            continue
        for path in sorted(config.root.glob(pattern)):
            if path.is_file() and not path.name.startswith((".", "~$")) and not outside(config.root, path):
                found[path] = None  # ~$: Excel's lock file
    return list(found)


def calendar_for(root: Path, findings: Findings) -> WorkCalendar:
    path = root / HOLIDAYS_FILE
    calendar = WorkCalendar(path if reference_exists(path) else None)
    calendar.reference = HOLIDAYS_FILE  # messages name the file as the project does, not an absolute path
    findings.extend(calendar.findings)
    return calendar


def _context_hash(config, plans: list[dict], settings: ResultSettings) -> str:
    """Everything besides the file itself that decides how its rows validate."""
    parts = [json.dumps(validation_view(plans), ensure_ascii=False, sort_keys=True),
             json.dumps(settings.model_dump(), sort_keys=True, default=str)]
    for name in (KINDS_FILE, HOLIDAYS_FILE, paths.DEPARTMENTS.as_posix()):
        files = reference_files(config.root, Path(name).name)  # the site's list and the packaged one
        parts.append(",".join(file_hash(path) for path in files) or "-")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def load_results(config, plans: list[dict], reference, findings: Findings, cache: BuildCache | None = None) -> Results:
    """Read and validate config results.files; with none and results.demo on, generate examples.

    Rows with errors (personal data above all) are left out; every problem is in `findings`.
    With a build cache, a file whose bytes and validation context are unchanged is not read again.
    """
    cache = cache or BuildCache(None)
    settings = config.results
    kinds = ResultKinds.load(config.root / KINDS_FILE)
    calendar = calendar_for(config.root, findings)
    deadlines = Deadlines(calendar, settings.deadline_workdays, settings.year_deadline)
    files = result_files(config)
    table, file_findings = ResultTable.empty(), []
    if files:
        validator = RowValidator(plans, kinds, getattr(reference, "departments", None), deadlines, _today(settings))
        parts = _read_files(files, config, validator, _context_hash(config, plans, settings), cache)
        for _, found in parts:
            file_findings.extend(found)
        table = ResultTable.concat([part for part, _ in parts], consume=True)
        del parts
        # Duplicates span files (and cached files): found over the whole table, placed at their rows.
        file_findings = merge_by_row(file_findings, duplicate_findings(table))
        sources = [p.relative_to(config.root).as_posix() for p in files]
    elif settings.demo and not settings.notices:  # a site with real notices has no demo rows
        from generator.results.demo import generate

        # Generated rows are valid by construction and are no office's data: they add no findings,
        # so `gongkai check --strict` stays clean on the demo site.
        table = ResultTable.from_records(generate(plans, kinds, deadlines, seed=settings.demo_seed))
        sources = [f"fictional examples (generator/results/demo.py, seed {settings.demo_seed})"]
    else:
        sources = []
    findings.extend(file_findings)
    del file_findings
    notices = load_notices(config, plans, findings)
    linked, unlinked = notice_records(notices, kinds)
    if linked:
        table = ResultTable.concat([table, ResultTable.from_records(linked)])
    sources += [n["notice"]["source"]["file"] for n in notices]
    as_of = reference_date(ResultTable.concat([table, ResultTable.from_records(unlinked)]) if unlinked else table,
                           settings.as_of)
    return Results(table, kinds, sources, as_of, unlinked, [n["notice"] for n in notices])


def _read_files(files: list[Path], config, validator: RowValidator, context: str, cache: BuildCache) -> list[tuple]:
    """(ResultTable, findings) of each file, in the files' order. A file the build cache does not hold is
    read and validated by forked children on every core (a province's fifty files of 200,000 rows
    took the build's one process ~4 minutes); the cache stores what they send back."""
    keys = [(path.relative_to(config.root).as_posix(), file_hash(path), context) for path in files]
    parts = [cache.get("results-table", key) for key in keys]
    missing = [i for i, part in enumerate(parts) if part is MISSING]
    read = forked_map(lambda i: read_file(files[i], keys[i][0], validator), missing, cores(config.settings.workers))
    for i, part in zip(missing, read):
        cache.put("results-table", keys[i], part)
        parts[i] = part
    return parts


def _today(settings: ResultSettings) -> date:
    """The latest date a result may carry: results.as_of when configured (the data's own today), else today."""
    return date.fromisoformat(settings.as_of) if settings.as_of else date.today()


def reference_date(records, configured: str | None = None) -> date | None:
    """The data's own "today": configured, else the latest 公示日期, else the latest 检查日期.
    A date after today never counts: one mistyped 2099-12-31 must not make every task overdue
    (such rows are refused by validate.py; this guards the other sources, notices among them).
    records: a ResultTable or Results."""
    if configured:
        return date.fromisoformat(configured)
    table = ResultTable.from_records(records)
    today = date.today().toordinal()
    for name in ("published", "inspected"):
        days = table.columns[name]
        days = days[(days > 0) & (days <= today)]
        if len(days):
            return date.fromordinal(int(days.max()))
    return None
