"""What a table's rows mean beyond their cells: continuation rows, leads named in prose, cut rows.

- A row without its own 序号 (empty, or merged from the row above) continues the task
  above: its 抽查事项, with its own lead, partners, ratio and time, is an item of that task.
- A lead named in a sentence ("X牵头发起，Y按职责分工负责") is the task's lead; the
  departments "按职责分工负责" are its partners.
- A plan with no lead column is a department's own plan: its publisher leads every task.
- The last row of a document that stops before the columns the rows above it fill was
  cut when the page was copied: it is reported, and not read as a task (its missing
  cells cannot be told from cells the page never had). A cut continuation row is kept
  as the item it is, and reported.
"""

from __future__ import annotations

import re

from generator.core.findings import Findings
from generator.importer.columns import FIELD_LABELS, cell_class, header_fields
from generator.importer.departments import (DeptRef, department_pieces, expand_department_lists, find_departments,
                                            is_department_list, parse_department_cell, split_glued_departments)
from generator.importer.fields import parse_ratio, parse_time
from generator.importer.sources import Document, SourceRow, Table
from generator.importer.text import Repair, squeeze
from generator.reference.lists import Departments

# Columns a task cannot do without, reported once per table when the header lacks them.
EXPECTED_COLUMNS = (("ratio", "ratio"), ("months", "time"), ("mode", "mode"), ("scope", "scope"))
_LEAD_CLAUSE = re.compile(r"([^,，;；。]*?)(?:牵头发起|牵头组织|牵头)")
_SHARE_CLAUSE = re.compile(r"([^,，;；。]*?)(?:按职责分工负责|按照职责分工负责|配合|参与)")
_SENTENCE_END = ("。", "；", ";")


def is_continuation(table: Table, row: SourceRow, seq_at: int | None) -> bool:
    if seq_at is None:
        return False
    cell = row.cells[seq_at] if seq_at < len(row.cells) else ""
    return not cell.strip() or seq_at in row.merged_from_above


def report_missing_columns(table: Table, file: str, findings: Findings) -> set[str]:
    """One finding per table for each expected column its header lacks; the fields missing."""
    fields = set(header_fields(table.header))
    missing = set()
    for key, english in EXPECTED_COLUMNS:
        if key not in fields and not (key == "ratio" and "count" in fields) and not (
                key == "months" and "deadline" in fields):
            missing.add(key)
            findings.warning("missing-column", f"the document has no {english} column ({FIELD_LABELS[key]}); "
                             f"its tasks have no {english}", file=file, row=table.header_line,
                             column=FIELD_LABELS[key])
    if "seq" not in fields:
        findings.info("missing-column", "the table has no 序号 column; its tasks are numbered in order",
                      file=file, row=table.header_line, column="序号")
    return missing


def report_levels(tasks: list[dict], table: Table, file: str, findings: Findings) -> None:
    """Once a table: its mode column (抽查层级, 检查方式) names the level that inspects (市县(区)级) or
    how (现场检查), not a draw-and-inspect mode (市抽县查); the cells are kept as written, the mode empty."""
    written = [t["mode_as_written"] for t in tasks if t["mode"] is None and t["mode_as_written"]]
    classes = {cell_class(w) for w in written}
    if not written or not classes <= {"level", "method"}:
        return
    fields = header_fields(table.header)
    label = table.header[fields.index("mode")].strip() if "mode" in fields else FIELD_LABELS["mode"]
    what = "levels" if classes == {"level"} else "ways of inspecting" if classes == {"method"} else \
        "levels and ways of inspecting"
    examples = "、".join(dict.fromkeys(written))
    findings.info("mode-levels", f"the table's {label} column names {what} ({examples}), not draw-and-inspect "
                  "modes (市抽县查): kept as written, with no mode", file=file, row=table.header_line, column=label)


def _last_filled(row: SourceRow) -> int:
    return max((i for i, c in enumerate(row.cells) if c.strip()), default=-1)


def cut_main_row(table: Table, index: int, continuation: list[bool]) -> int | None:
    """The column a document's last row stops at when the rows above fill more (it was cut), else None."""
    width = len(table.header) - 1  # cells beyond the header's columns say nothing of a cut
    above = [min(_last_filled(r), width) for r, cont in zip(table.rows[:index], continuation) if not cont]
    stop = min(_last_filled(table.rows[index]), width)
    return stop if above and stop < max(above) else None


def cut_continuation(table: Table, index: int) -> int | None:
    """A last continuation row is cut when its last cell stops where the cell above it ends a sentence."""
    row = table.rows[index]
    stop = _last_filled(row)
    above = next((r for r in reversed(table.rows[:index]) if stop < len(r.cells) and r.cells[stop].strip()), None)
    if above and above.cells[stop].strip().endswith(_SENTENCE_END) and not row.cells[stop].strip().endswith(
            _SENTENCE_END):
        return stop
    return None


def cut_message(table: Table, row: SourceRow, stop: int, kept: bool) -> str:
    column = table.header[stop] if 0 <= stop < len(table.header) else f"column {stop + 1}"
    text = squeeze(row.cells[stop])[-20:] if stop >= 0 else ""
    return (f"row {row.line} looks cut: it stops in {column} ({text!r}) where the rows above go on; "
            + ("kept as printed" if kept else "not read as a task"))


def lead_from_duty(cells: dict[str, str], departments: Departments) -> tuple[str, list[str]] | None:
    """(lead as written, partners as written) from a sentence naming who leads (…牵头发起), or None."""
    for key in ("duty", "notes"):
        text = squeeze(cells.get(key) or "")
        lead = _LEAD_CLAUSE.search(text)
        if not lead:
            continue
        leads = find_departments(lead.group(1), departments)
        if not leads:
            continue
        partners = [r.as_written for m in _SHARE_CLAUSE.finditer(text)
                    for r in find_departments(m.group(1), departments)]
        return leads[0].as_written, partners
    return None


def publisher(document: Document, departments: Departments) -> str | None:
    """The department that publishes a single-department plan: 发布机构, else the first line naming one."""
    candidates = [document.metadata.get("publisher") or ""] + [t for _n, t in document.notice[:6]]
    for text in candidates:
        match = departments.match_prefix(re.sub(r"\s+", "", text))
        if match:
            return re.sub(r"\s+", "", text)[:match[0]]
    return None


def prepare_departments(raw, departments: Departments, lead_column: bool, document: Document,
                        file: str, findings: Findings) -> None:
    """Lead and partner cells as the rules above read them, each change recorded on the row."""
    cells = raw.cells
    for key in ("lead", "partners"):
        if cells.get(key):
            unglued = split_glued_departments(cells[key], departments)
            if unglued != " ".join(cells[key].split()):
                raw.repairs.append(Repair("glued-departments", key, squeeze(cells[key]), unglued))
            cells[key] = expand_department_lists(unglued, departments)
    duty = lead_from_duty(cells, departments)
    if duty:
        lead, partners = duty
        before = cells.get("lead", "")
        cells["lead"] = lead
        cells["partners"] = " ".join(p for p in [cells.get("partners", ""), before, *partners] if p)
        raw.repairs.append(Repair("lead-from-duty", "lead", before, lead))
    notes = cells.get("notes", "")
    if notes and is_department_list(notes, departments):
        # A department printed past the partners column (宜宾's 备注) is one more partner.
        cells["partners"] = " ".join(p for p in [cells.get("partners", ""), *department_pieces(notes)] if p)
        raw.repairs.append(Repair("partner-in-notes", "partners", notes, "read as a partner"))
        cells.pop("notes")
    if not lead_column and not cells.get("lead"):
        name = publisher(document, departments)
        if name:
            cells["lead"] = name
            raw.repairs.append(Repair("lead-from-publisher", "lead", "", name))
            findings.info("lead-from-publisher", f"no lead column: {name} publishes the plan and leads the task",
                          file=file, row=raw.line, column="发起部门")
    alternatives = cells.get("lead", "")
    if "或" in alternatives:
        findings.warning("lead-alternatives", f"the lead cell names alternatives ({squeeze(alternatives)}); "
                         "the first is read as the lead, the others as partners", file=file, row=raw.line,
                         column="发起部门")


def inherit_merged(raw, previous, file: str, findings: Findings) -> None:
    """A row that prints no lead under a lead column had its lead in a merged cell above."""
    if previous is None or raw.cells.get("lead") or not previous.cells.get("lead"):
        return
    for key in ("lead", "partners", "mode"):
        if not raw.cells.get(key) and previous.cells.get(key):
            raw.cells[key] = previous.cells[key]
            raw.repairs.append(Repair("merged-cell", key, "", squeeze(previous.cells[key])))
    findings.warning("merged-cell", f"no lead department printed; read from the merged cell above "
                     f"({squeeze(previous.cells['lead'])})", file=file, row=raw.line, column="发起部门")


def dedupe(lead: DeptRef, partners: list[DeptRef]) -> list[DeptRef]:
    """Partners once each, never the lead itself (联查部门 lists the lead too)."""
    seen = {lead.department or lead.as_written}
    out = []
    for ref in partners:
        key = ref.department or ref.as_written
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return out


def item_of(raw, departments: Departments, file: str) -> dict:
    """A continuation row as an item of the task above (schema v2 task.items).

    Its lead and partners are only those the row prints: a department merged down from the
    task's row (docx vMerge, rowspan) is the task's, as a text copy that prints it once shows.
    """
    cells = {k: v for k, v in raw.cells.items() if not (k in ("lead", "partners") and k in raw.merged)}
    for key in ("lead", "partners"):
        if cells.get(key):
            cells[key] = expand_department_lists(cells[key], departments)
    leads, _ = parse_department_cell(cells.get("lead", ""), departments)
    partners, _ = parse_department_cell(cells.get("partners", ""), departments)
    ratio = parse_ratio(squeeze(cells["ratio"]))[0] if cells.get("ratio") else None
    time = parse_time(squeeze(cells["months"]))[0] if cells.get("months") else None
    name = next((squeeze(cells[k]) for k in ("items", "name", "field") if cells.get(k)), None)
    return {"name": name, "scope": squeeze(cells["scope"]) if cells.get("scope") else None,
            "lead": leads[0].to_dict() if leads else None,
            "partners": [p.to_dict() for p in leads[1:] + partners],
            "ratio": ratio, "time": time, "source": {"file": file, "line": raw.line}}


def join_item(task: dict, item: dict) -> None:
    """The item's departments take part in the task: each is a partner unless it leads it."""
    lead = task["lead"]
    known = {lead["department"] or lead["as_written"]} | {p["department"] or p["as_written"] for p in task["partners"]}
    for ref in ([item["lead"]] if item["lead"] else []) + item["partners"]:
        key = ref["department"] or ref["as_written"]
        if key not in known:
            known.add(key)
            task["partners"].append({**ref, "items": [item["name"]] if item["name"] else []})
    task["items"].append(item)
