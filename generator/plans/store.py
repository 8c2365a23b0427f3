"""Normalized plans: import from data/raw into data/plans, load them back with errata.

data/plans/<id>.json is the importer's output, committed so a reviewer sees every
change to the data as a diff; `gongkai import --all` (make data) regenerates it
and `gongkai check` fails if it no longer matches what the importer makes of
the raw document.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.core import paths
from generator.core.cache import BuildCache, file_hash
from generator.core.config import Config
from generator.core.findings import DataError, Findings
from generator.core.io import dumps
from generator.core.paths import errata_file, plan_file
from generator.core.resources import reference_files
from generator.core.safe_paths import safe_path, slug_problem
from generator.importer import classify_task, import_plan
from generator.plans.errata import apply_errata, load_errata
from generator.plans.validate import validate_plan
from generator.reference.lists import Reference

REFERENCE_LISTS = ("departments.yml", "industries.yml", "synonyms.yml")  # what enrich() reads (Reference.load)


def import_entry(config: Config, entry: dict, reference: Reference):
    """Import one plan as site_config.yml lists it (source, id, and any jurisdiction or year given)."""
    return import_plan(safe_path(config.root, entry["source"], "raw document"), entry["id"], reference, jurisdiction=entry.get("jurisdiction"),
                       year=entry.get("year"), source_name=entry["source"])


def import_file(source: Path, plan_id: str, config_path: Path, out_dir: Path, jurisdiction: str | None = None,
                year: int | None = None):
    """`gongkai import FILE --plan-id ID`: one document into out_dir/ID.json, with the reference lists of the
    site beside config_path. Returns (the file written, the ImportResult)."""
    if slug_problem(plan_id):  # the id becomes a file name: ../../evil would write outside out_dir
        raise DataError(f"--plan-id {slug_problem(plan_id)}")
    reference = Reference.load(Path(config_path).resolve().parent / paths.REFERENCE)
    result = import_plan(source, plan_id, reference, jurisdiction=jurisdiction, year=year)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{plan_id}.json"
    target.write_text(dumps(result.plan), encoding="utf-8")
    return target, result


def import_configured(config: Config, reference: Reference, plan_ids: list[str] | None = None) -> dict[str, Findings]:
    """Re-import every configured plan (or the ones named) into data/plans/."""
    results = {}
    for entry in config.plans:
        if plan_ids and entry["id"] not in plan_ids:
            continue
        result = import_entry(config, entry, reference)
        target = plan_file(config.root, entry["id"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dumps(result.plan), encoding="utf-8")
        results[entry["id"]] = result.findings
    return results


def load_plans(config: Config, reference: Reference, findings: Findings, cache: BuildCache | None = None) -> list[dict]:
    """Every configured plan with errata applied, enriched and validated. With a build cache, a plan
    whose file, errata and reference lists are unchanged is not worked out again (~30 ms a plan:
    seconds on a province's site); its findings are the ones it had. Whether the raw document is
    still the one imported is checked on every build."""
    cache = cache or BuildCache(None)
    lists = ",".join(file_hash(p) for name in REFERENCE_LISTS for p in reference_files(config.root, name))
    plans = []
    for entry in config.plans:
        path = plan_file(config.root, entry["id"])
        rel = path.relative_to(config.root).as_posix()
        if not path.exists():
            findings.error("plan-missing", f"{rel} does not exist: run `gongkai import --all` (make data)", file=rel)
            continue
        data = path.read_bytes()
        errata_path = errata_file(config.root, entry["id"])
        key = (rel, hashlib.sha256(data).hexdigest(), file_hash(errata_path) if errata_path.exists() else "-", lists)
        plan, found = cache.get_or_compute("plan", key, lambda: _worked_out(config, entry, data, reference))
        source = config.root / entry["source"]
        if not source.exists():
            findings.error("source-missing", f"raw document {entry['source']} does not exist", file=entry["source"])
        elif hashlib.sha256(source.read_bytes()).hexdigest() != plan["plan"]["source"]["sha256"]:
            findings.error("plan-stale", f"{rel} was imported from another version of {entry['source']}: "
                           "run `gongkai import --all` (make data) and review the diff", file=rel)
        findings.extend(found)  # after the document's findings, as when they were made in one pass
        plans.append(plan)
    return plans


def _worked_out(config: Config, entry: dict, data: bytes, reference: Reference) -> tuple[dict, list]:
    """The plan file's data with its errata applied, enriched and validated; and what that found."""
    found = Findings()
    errata_path = errata_file(config.root, entry["id"])
    errata_rel = errata_path.relative_to(config.root).as_posix()
    plan = apply_errata(json.loads(data), load_errata(errata_path, found, errata_rel), errata_rel, found)
    plan["plan"]["errata"] = errata_rel if errata_path.exists() else None
    enrich(plan, reference)
    validate_plan(plan, found)
    return plan, list(found)


def enrich(plan: dict, reference: Reference) -> None:
    """Canonical departments and industries, recomputed after errata changed a name or item."""
    departments = reference.departments
    for task in plan["tasks"]:
        for ref in [task["lead"], *task["partners"]]:
            if ref.get("department") is None:
                found = departments.resolve(ref["as_written"])
                ref["department"] = found.name if found else None
        classify_task(task, plan["plan"]["id"], reference)
