"""The importer: a plan document in any format and layout (see readers/, layouts.py) -> normalized plan data.

    result = import_plan("data/raw/gaoping-2023-plan.txt", "gaoping-2023", reference)
    result.plan      # dict in the open-data schema (see docs in README)
    result.findings  # what could not be read, and what was repaired

It never guesses silently: unreadable cells become findings, repaired cells carry
the rule that repaired them, and missing rows are recorded as gaps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.core.findings import Findings
from generator.importer.notice import jurisdiction_of, parse_notice, year_of
from generator.importer.sources import read_document
from generator.importer.tasks import read_tasks
from generator.reference.lists import Reference

SCHEMA_VERSION = 2


@dataclass
class ImportResult:
    plan: dict
    findings: Findings


def import_plan(path: str | Path, plan_id: str, reference: Reference, *, jurisdiction: str | None = None,
                year: int | None = None, source_name: str | None = None) -> ImportResult:
    path = Path(path)
    file = source_name or path.as_posix()
    findings = Findings()
    document = read_document(path, findings)
    document.path = file
    if not document.tables:
        findings.error("no-table", "no task table found: no row names at least three known columns "
                       "(序号, 抽查任务名称, 发起部门, 配合部门, 抽查比例及频次 …)", file=file)
    notice = parse_notice(document.notice, file, findings) if document.notice else {}
    tasks, gaps, missing_columns = read_tasks(document, reference.departments, findings)
    for task in tasks:
        classify_task(task, plan_id, reference, findings)

    places = [t.get("jurisdiction") for t in tasks]
    jurisdiction = jurisdiction or jurisdiction_of(notice.get("issuer"), notice.get("title"),
                                                   notice.get("table_title"), *[t for t in places if t])
    year = year or year_of(notice.get("title"), notice.get("table_title"), notice.get("attachment")) \
        or notice.get("doc_year") or year_of(*[t.get("months_as_written") for t in tasks])
    if not jurisdiction:
        findings.error("plan", "cannot tell the plan's jurisdiction; pass --jurisdiction", file=file)
    if not year:
        findings.error("plan", "cannot tell the plan's year; pass --year", file=file)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    plan = {
        "schema": SCHEMA_VERSION,
        "plan": {
            "id": plan_id,
            "jurisdiction": jurisdiction,
            "year": year,
            "title": notice.get("title") or notice.get("table_title"),
            "table_title": notice.get("table_title"),
            "doc_number": notice.get("doc_number"),
            "issuer": notice.get("issuer"),
            "signed_by": notice.get("signed_by"),
            "issued": notice.get("issued"),
            "disclosure": notice.get("disclosure"),
            "addressees": notice.get("addressees"),
            "attachment": notice.get("attachment"),
            # The page's address when the document prints it (a portal page saved as text): where it
            # was published, never read for a year or a place.
            "source": {"file": file, "sha256": digest, **({"url": notice["url"]} if notice.get("url") else {})},
            "metadata": dict(document.metadata),
            # Fields no table of the document has a column for (reported once, not per task).
            "missing_columns": sorted(missing_columns),
            "format": document.format,
        },
        "notice": {"body": notice.get("body", [])},
        "tasks": tasks,
        "gaps": gaps,
    }
    for task in tasks:
        task.pop("jurisdiction", None)
        if document.ocr:
            task["ocr"] = True  # the reader added the one `ocr` finding for the document
    return ImportResult(plan, findings)


def classify_task(task: dict, plan_id: str, reference: Reference, findings: Findings | None = None) -> None:
    """Tag a task with its industry (the 业 of 一业一查) and GB/T 4754 section."""
    lead_items = " ".join(task["lead"].get("items") or [])
    industry = reference.industries.classify(plan_id, task["seq"], task.get("name") or "", task.get("scope") or "",
                                             lead_items)
    task["industry"] = {"tag": industry.tag, "section": industry.section} if industry else None
    if industry is None and findings is not None:
        findings.warning("unclassified", f"task {task['seq']} {task.get('name')!r} matches no industry in "
                         "data/reference/industries.yml", file=task["source"]["file"], row=task["source"]["line"])
