"""A loaded plan's checks: what every plan must state, and that no personal data hides in it.

In: a plan (data/plans/ID.json with its errata applied). Out: findings (missing fields, repeated
task numbers, unknown departments, unclassified tasks, personal data), nothing changed.
"""

from __future__ import annotations

from generator.core.findings import Findings
from generator.core.io import json_strings
from generator.text.identifiers import personal_data_findings


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
    set is reported by the scan of the errata file (generator.publish.scan), against its file and line."""
    from_errata = {(t["seq"], c["field"]) for t in plan["tasks"] for c in t["corrections"]}
    for path, text in json_strings(plan):
        parts = path.split(".")
        if parts[0] == "tasks" and (".corrections." in path or any(
                (plan["tasks"][int(parts[1])]["seq"], ".".join(parts[2:k])) in from_errata
                for k in range(3, len(parts) + 1))):
            continue
        findings.extend(personal_data_findings(text, file=file, column=path))
