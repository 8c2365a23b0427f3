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
from generator.core.config import Config
from generator.core.findings import DataError, Findings
from generator.core.io import dumps
from generator.core.paths import errata_file, plan_file
from generator.core.safe_paths import safe_path, slug_problem
from generator.importer import classify_task, import_plan
from generator.plans.errata import apply_errata, load_errata
from generator.plans.validate import validate_plan
from generator.reference.lists import Reference


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


def load_plans(config: Config, reference: Reference, findings: Findings) -> list[dict]:
    """Every configured plan with errata applied, enriched and validated."""
    plans = []
    for entry in config.plans:
        path = plan_file(config.root, entry["id"])
        rel = path.relative_to(config.root).as_posix()
        if not path.exists():
            findings.error("plan-missing", f"{rel} does not exist: run `gongkai import --all` (make data)", file=rel)
            continue
        normalized = json.loads(path.read_text(encoding="utf-8"))
        source = config.root / entry["source"]
        if not source.exists():
            findings.error("source-missing", f"raw document {entry['source']} does not exist", file=entry["source"])
        elif hashlib.sha256(source.read_bytes()).hexdigest() != normalized["plan"]["source"]["sha256"]:
            findings.error("plan-stale", f"{rel} was imported from another version of {entry['source']}: "
                           "run `gongkai import --all` (make data) and review the diff", file=rel)
        errata_path = errata_file(config.root, entry["id"])
        errata_rel = errata_path.relative_to(config.root).as_posix()
        plan = apply_errata(normalized, load_errata(errata_path, findings, errata_rel), errata_rel, findings)
        plan["plan"]["errata"] = errata_rel if errata_path.exists() else None
        enrich(plan, reference)
        validate_plan(plan, findings)
        plans.append(plan)
    return plans


def enrich(plan: dict, reference: Reference) -> None:
    """Canonical departments and industries, recomputed after errata changed a name or item."""
    departments = reference.departments
    for task in plan["tasks"]:
        for ref in [task["lead"], *task["partners"]]:
            if ref.get("department") is None:
                found = departments.resolve(ref["as_written"])
                ref["department"] = found.name if found else None
        classify_task(task, plan["plan"]["id"], reference)
