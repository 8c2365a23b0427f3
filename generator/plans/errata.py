"""Errata: reviewed corrections for what no general rule can recover.

data/errata/<plan-id>.yml is a list of corrections, each naming the task (its
true sequence number), the field (a dotted path such as `scope`,
`lead.department` or `partners.1.items`), the value as printed, the corrected
value and why. Applying one checks that the value as printed is still what the
importer produced: if the importer or the document changed, the correction no
longer applies and is reported, never applied blindly.
"""

from __future__ import annotations

import copy
from pathlib import Path

from generator.core.findings import Findings
from generator.core.yamlfile import load_yaml

_KEYS = {"task", "field", "as_printed", "corrected", "why"}


def load_errata(path: Path, findings: Findings, name: str | None = None) -> list[dict]:
    """The corrections in `path`; `name` is how messages name the file (data/errata/<id>.yml)."""
    if not path.exists():
        return []
    name = name or str(path)
    data = load_yaml(path, name) or []
    errata = []
    for i, entry in enumerate(data if isinstance(data, list) else [], start=1):
        where = dict(file=name, row=i)
        if not isinstance(entry, dict):
            findings.error("errata", f"correction {i} must be a mapping of {', '.join(sorted(_KEYS))}", **where)
            continue
        missing = _KEYS - set(entry or {})
        unknown = set(entry or {}) - _KEYS
        if missing:
            findings.error("errata", f"correction {i} lacks {', '.join(sorted(missing))}", **where)
            continue
        if unknown:
            findings.warning("errata", f"correction {i}: unknown keys {', '.join(sorted(unknown))}", **where)
        if not str(entry["why"]).strip():
            findings.error("errata", f"correction {i} must say why", **where)
            continue
        errata.append({**entry, "_row": i})
    if not isinstance(data, list):
        findings.error("errata", "errata file must be a list of corrections", file=name)
    return errata


def _walk(target, path: list[str]):
    """Follow a dotted path; returns (container, last key)."""
    for part in path[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = path[-1]
    return target, (int(last) if isinstance(target, list) else last)


def apply_errata(plan: dict, errata: list[dict], source: str, findings: Findings) -> dict:
    """A copy of `plan` with the corrections applied and recorded on each task."""
    plan = copy.deepcopy(plan)
    tasks = {t["seq"]: t for t in plan["tasks"]}
    for entry in errata:
        where = dict(file=source, row=entry["_row"])
        task = tasks.get(entry["task"])
        if task is None:
            findings.error("errata", f"correction names task {entry['task']}, which the plan does not have", **where)
            continue
        try:
            container, key = _walk(task, str(entry["field"]).split("."))
            current = container[key]
        except (KeyError, IndexError, ValueError, TypeError):
            findings.error("errata", f"task {entry['task']} has no field {entry['field']}", **where)
            continue
        if current != entry["as_printed"]:
            findings.error("errata", f"task {entry['task']} {entry['field']} is {current!r}, not {entry['as_printed']!r} "
                           "as the correction says: the source or the importer changed; review this correction", **where)
            continue
        container[key] = entry["corrected"]
        task["corrections"].append({"field": entry["field"], "as_printed": entry["as_printed"],
                                    "corrected": entry["corrected"], "why": entry["why"]})
    return plan
