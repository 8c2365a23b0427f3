"""Normalized plans: import from data/raw into data/plans, load them back with errata.

data/plans/<id>.json is the importer's output, committed so a reviewer sees every
change to the data as a diff; `gongkai import --all` (make data) regenerates it
and `gongkai check` fails if it no longer matches what the importer makes of
the raw document.
"""

from __future__ import annotations

import hashlib
import json

from generator.config import Config
from generator.errata import apply_errata, load_errata
from generator.findings import Findings
from generator.identifiers import personal_data_findings
from generator.importer import classify_task, import_plan
from generator.paths import errata_file, plan_file
from generator.reference import Reference
from generator.safety.paths import safe_path


def dumps(data) -> str:
    """The one JSON spelling used for every file we write: stable, readable, diffable."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def import_entry(config: Config, entry: dict, reference: Reference):
    """Import one plan as site_config.yml lists it (source, id, and any jurisdiction or year given)."""
    return import_plan(safe_path(config.root, entry["source"], "raw document"), entry["id"], reference, jurisdiction=entry.get("jurisdiction"),
                       year=entry.get("year"), source_name=entry["source"])


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


def _strings(value, path=""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}.{i}")


def validate_plan(plan: dict, findings: Findings) -> None:
    meta = plan["plan"]
    file = meta["source"]["file"]
    for key in ("jurisdiction", "year", "title"):
        if not meta.get(key):
            findings.error("plan", f"plan {meta['id']} has no {key}", file=file)
    seen = set()
    for task in plan["tasks"]:
        where = dict(file=file, row=task["source"]["line"])
        corrected = {c["field"] for c in task["corrections"]}
        if task["seq"] in seen:
            findings.error("duplicate-seq", f"task {task['seq']} appears twice", **where)
        seen.add(task["seq"])
        for ref in [task["lead"], *task["partners"]]:
            if ref["department"] is None:
                findings.warning("unknown-department", f"task {task['seq']}: department {ref['as_written']!r} is not in "
                                 "data/reference/departments.yml; add the spelling there or an erratum", **where)
        for key, label in (("ratio", "抽查比例及频次"), ("months", "抽查起止时间"), ("mode", "抽查模式"),
                           ("scope", "抽查对象范围")):
            if not task.get(key) and key not in corrected and key not in plan["plan"].get("missing_columns", ()):
                findings.warning("missing-field", f"task {task['seq']} has no {key}", column=label, **where)
        if task["industry"] is None:
            findings.warning("unclassified", f"task {task['seq']} {task['name']!r} matches no industry in "
                             "data/reference/industries.yml", **where)
    _personal_data(plan, file, findings)


def _personal_data(plan: dict, file: str, findings: Findings) -> None:
    """Personal data must never reach the site, whatever field it hides in. A value an erratum
    set is reported by the scan of the errata file (generator.safety.scan), against its file and line."""
    from_errata = {(t["seq"], c["field"]) for t in plan["tasks"] for c in t["corrections"]}
    for path, text in _strings(plan):
        parts = path.split(".")
        if parts[0] == "tasks" and (".corrections." in path or any(
                (plan["tasks"][int(parts[1])]["seq"], ".".join(parts[2:k])) in from_errata
                for k in range(3, len(parts) + 1))):
            continue
        findings.extend(personal_data_findings(text, file=file, column=path))
