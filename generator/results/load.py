"""load_results: the results a build publishes, from files or, failing those, the demo generator."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from generator.core import paths
from generator.core.cache import BuildCache, file_hash
from generator.core.config import ResultSettings
from generator.core.findings import Findings
from generator.core.resources import reference_exists, reference_files
from generator.core.safe_paths import outside, relative_problem
from generator.reference.result_kinds import ResultKinds
from generator.results.model import Result, Results
from generator.results.notices.publish import load_notices, notice_records
from generator.results.read import read_sheets
from generator.results.validate import Deadlines, RowValidator
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
    parts = [json.dumps(plans, ensure_ascii=False, sort_keys=True),
             json.dumps(settings.model_dump(), sort_keys=True, default=str)]
    for name in (KINDS_FILE, HOLIDAYS_FILE, paths.DEPARTMENTS.as_posix()):
        files = reference_files(config.root, Path(name).name)  # the site's list and the packaged one
        parts.append(",".join(file_hash(path) for path in files) or "-")
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read_file(path: Path, rel: str, validator: "RowValidator") -> tuple[list[Result], list]:
    findings = Findings()
    records: list[Result] = []
    for sheet in read_sheets(path, rel, findings):
        for number, values in sheet.rows:
            record = validator.row(sheet.file, number, values, findings)
            if record is not None:
                records.append(record)
    return records, findings.items


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
    if files:
        validator = RowValidator(plans, kinds, getattr(reference, "departments", None), deadlines, _today(settings))
        context = _context_hash(config, plans, settings)
        records: list[Result] = []
        for path in files:
            rel = path.relative_to(config.root).as_posix()
            file_records, file_findings = cache.get_or_compute(
                "results-file", (rel, file_hash(path), context), lambda: _read_file(path, rel, validator))
            records.extend(file_records)
            findings.extend(file_findings)
        sources = [p.relative_to(config.root).as_posix() for p in files]
    elif settings.demo and not settings.notices:  # a site with real notices has no demo rows
        from generator.results.demo import generate

        # Generated rows are valid by construction and are no office's data: they add no findings,
        # so `gongkai check --strict` stays clean on the demo site.
        records = generate(plans, kinds, deadlines, seed=settings.demo_seed)
        sources = [f"fictional examples (generator/results/demo.py, seed {settings.demo_seed})"]
    else:
        records, sources = [], []
    notices = load_notices(config, plans, findings)
    linked, unlinked = notice_records(notices, kinds)
    records = [*records, *linked]
    sources += [n["notice"]["source"]["file"] for n in notices]
    return Results(records, kinds, sources, reference_date([*records, *unlinked], settings.as_of), unlinked,
                   [n["notice"] for n in notices])


def _today(settings: ResultSettings) -> date:
    """The latest date a result may carry: results.as_of when configured (the data's own today), else today."""
    return date.fromisoformat(settings.as_of) if settings.as_of else date.today()


def reference_date(records: list[Result], configured: str | None = None) -> date | None:
    """The data's own "today": configured, else the latest 公示日期, else the latest 检查日期.
    A date after today never counts: one mistyped 2099-12-31 must not make every task overdue
    (such rows are refused by validate.py; this guards the other sources, notices among them)."""
    if configured:
        return date.fromisoformat(configured)
    published = [r.published for r in records if r.published and r.published <= date.today()]
    if published:
        return max(published)
    return max((r.inspected for r in records if r.inspected and r.inspected <= date.today()), default=None)
