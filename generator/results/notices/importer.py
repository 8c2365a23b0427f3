"""import_notice: a department's result notice (any format the plan importer reads) -> results JSON.

    imported = import_notice("data/raw/dongxihu-2023-results.txt", "dongxihu-qxj-2023", reference, kinds,
                             plans=plans)
    imported.data      # {"schema", "notice": {title, issuer, published, metadata, source}, "results": [...]}
    imported.findings  # file/row/column of everything not read, refused or left unlinked
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.findings import DataError, Findings
from generator.importer.notice import year_of
from generator.importer.sources import read_document
from generator.reference.lists import Reference
from generator.reference.result_kinds import ResultKinds
from generator.results.notices.link import link_group
from generator.results.notices.prose import NoticeProse, read_prose
from generator.results.notices.rows import (LABELS, credit_code, inspected_of, personal_data, place_of, published_of,
                                            result_of)
from generator.results.notices.table import NOTICE_COLUMNS, RawResult, is_result_header, read_table, result_tables
from generator.text.identifiers import personal_data_findings

SCHEMA_VERSION = 1
_OFFICES = re.compile(r"[、，,；;/／]+")  # a joint inspection's offices in one cell


@dataclass
class NoticeImport:
    data: dict
    findings: Findings


def import_notice(path: str | Path, notice_id: str, reference: Reference, kinds: ResultKinds, *,
                  plans: list[dict] = (), plan: str | None = None, task: int | None = None,
                  source_name: str | None = None) -> NoticeImport:
    """Read one notice; link its results to a task of `plans` (or to plan/task when given)."""
    path = Path(path)
    file = source_name or path.as_posix()
    findings, read = Findings(), Findings()
    try:
        document = read_document(path, read, header=is_result_header, vocabulary=NOTICE_COLUMNS)
    except DataError as exc:
        findings.error("notice-unreadable", str(exc).replace(str(path), file), file=file)
        return NoticeImport({"schema": SCHEMA_VERSION, "notice": None, "results": []}, findings)
    # The reader names the file by its path; the notice's findings name it as the user gave it.
    findings.extend(replace(f, file=file) if f.file == str(path) else f for f in read)
    document.path = file
    raws, body, signed = _read_tables(document, file, findings)
    prose = read_prose([*document.notice, *body], signed, document.metadata, file, findings)
    offices = {raw.values.get("departments") for raw in raws}
    if not prose.issuer and len(offices) == 1 and None not in offices and "" not in offices:
        prose.issuer = offices.pop()  # no signature: the one office the 检查部门 column names
    notice = _notice(prose, notice_id, path, file, document.format, reference, findings)
    notice["ocr"] = document.ocr  # the reader reports it (ocr): every name is as tesseract read it
    results = [r for raw in raws if (r := _result(raw, prose, notice, reference, kinds, file, findings))]
    _link(results, plans, notice, (plan, task) if plan else None, file, findings)
    if results and not any(r["credit_code"] for r in results):
        findings.info("notice-names-only", f"no 统一社会信用代码 printed: {len(results)} result(s) found by name only",
                      file=file)
    return NoticeImport({"schema": SCHEMA_VERSION, "notice": notice, "results": results}, findings)


def _read_tables(document, file: str, findings: Findings) -> tuple[list[RawResult], list, list]:
    """(raw results of every result table, prose lines among the rows, the lines after the last row)."""
    raws: list[RawResult] = []
    body: list[tuple[int, str]] = []  # single-cell rows among a table's rows
    signed: list[tuple[int, str]] = []  # single-cell rows after a table's last row
    tables = result_tables(document)
    for table, title, among in tables:
        rows, inside, after = read_table(table, title, file, findings, among)
        raws.extend(rows)
        body.extend(inside)
        signed.extend(after)
    if not tables:
        findings.error("notice-no-table", "no result table found: no row names 企业名称 (抽查对象名称, 单位名称 …) "
                       "and at least one more column (抽查结果, 抽查事项 …)", file=file)
    # The signature is what follows the last row; prose among the rows is body text.
    last = max((raw.line for raw in raws), default=0)
    body += [(n, t) for n, t in document.trailing if n <= last]
    signed += [(n, t) for n, t in document.trailing if n > last]
    by_line = lambda line: line[0]  # noqa: E731 - stable: lines printed on one line keep their order
    return raws, sorted(body, key=by_line), sorted(signed, key=by_line)


def _notice(prose: NoticeProse, notice_id: str, path: Path, file: str, fmt: str, reference: Reference,
            findings: Findings) -> dict:
    department, place = place_of(prose.issuer, reference.departments)
    for label, text in (("title", prose.title), ("issuer", prose.issuer)):
        findings.extend(personal_data_findings(text or "", file=file, column=label))
    if not prose.issuer:
        findings.warning("notice-no-issuer", "the notice names no office (signature, 发布机构 or a 检查部门 column)",
                         file=file)
    if not prose.published:
        findings.warning("notice-no-date", "the notice prints no date (signature date or 发布日期)", file=file)
    return {"id": notice_id, "title": prose.title, "issuer": prose.issuer, "issuer_department": department,
            "jurisdiction": place, "published": prose.published, "inspected_as_written": prose.period,
            "all_rows": prose.all_rows[1] if prose.all_rows else None, "metadata": prose.metadata, "format": fmt,
            "source": {"file": file, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "url": prose.url}}


def _result(raw: RawResult, prose: NoticeProse, notice: dict, reference: Reference, kinds: ResultKinds,
            file: str, findings: Findings) -> dict | None:
    at = dict(file=file, row=raw.line)
    if personal_data(raw, file, findings):
        return None  # never published, whatever else the row says
    values = raw.values
    written = values.get("departments") or prose.issuer
    offices = [place_of(part, reference.departments) for part in _OFFICES.split(written or "") if part]
    department, place = offices[0] if offices else (None, None)
    for part, (found, _) in zip([p for p in _OFFICES.split(written or "") if p], offices):
        if found is None:
            findings.warning("unknown-department", f"检查部门 {part!r} is not in data/reference/departments.yml; add "
                             "the spelling there", column=LABELS["departments"], **at)
    inspected, inspected_written = inspected_of(raw, prose, dict(at, column=LABELS["inspected"]), findings)
    return {
        "name": values["business"],
        "credit_code": credit_code(values.get("credit_code") or "", dict(at, column=LABELS["credit_code"]), findings),
        "inspected": inspected,
        "inspected_as_written": inspected_written,
        "published": published_of(raw, prose),
        "department": department,
        "department_as_written": written,
        "departments": list(dict.fromkeys(found for found, _ in offices if found)),  # 联合抽查: every office
        "jurisdiction": values.get("place") or place or notice["jurisdiction"],
        "address": values.get("address") or None,
        "items": values.get("items") or prose.items,
        "result": result_of(raw, prose, kinds, dict(at, column=LABELS["kinds"]), findings),
        "note": values.get("note") or None,
        "category": raw.category,
        "task": None,
        "link_reason": None,
        "source": {"file": file, "line": raw.line},
    }


def _year(result: dict, notice: dict) -> int | None:
    """The inspections' year: their day, else the year the notice names (2023年度 …), else its date's.
    A notice of January 2024 may well publish 2023's inspections."""
    if result["inspected"]:
        return int(result["inspected"][:4])
    named = year_of(notice["title"], result["inspected_as_written"], result["category"])
    day = result["published"]
    return named or (int(day[:4]) if day else None)


def _link(results: list[dict], plans, notice: dict, forced, file: str, findings: Findings) -> None:
    """One decision per section, 抽查事项 and office: a notice's rows of one section share their task."""
    if forced and forced[1] is not None and plans and not any(
            p["plan"]["id"] == forced[0] and any(t["seq"] == forced[1] for t in p["tasks"]) for p in plans):
        findings.error("notice-unknown-task", f"plan {forced[0]} task {forced[1]} is not a task of a configured plan",
                       file=file)
    groups: dict[tuple, list[dict]] = {}
    for r in results:
        groups.setdefault((r["category"], r["items"], r["department"], r["jurisdiction"], _year(r, notice)), []).append(r)
    for (category, items, department, place, year), rows in groups.items():
        link = link_group(list(plans), department, items or "", year, jurisdiction=place, forced=forced)
        for r in rows:
            r["task"], r["link_reason"] = link.task, link.reason
        if link.task is None:
            section = f" (section {category})" if category else ""
            findings.warning("notice-unlinked", f"{len(rows)} result(s){section} link to no plan task: {link.reason}; "
                             "published on the department's page (give --plan/--task to link them)",
                             file=file, row=rows[0]["source"]["line"])
