"""Turn the raw rows of a plan's tables into tasks.

Every rule that changes what was printed records a Repair on the task; anything
the rules cannot read becomes a Finding, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.core.findings import Findings
from generator.importer.columns import (EXPECTED_CLASS, FIELD_LABELS, cell_class, classify, header_fields,
                                        normalize_header)
from generator.importer.departments import DeptRef, parse_department_cell, split_items
from generator.importer.fields import parse_count, parse_frequency, parse_mode, parse_ratio, parse_time
from generator.importer.rows import (cut_continuation, cut_main_row, cut_message, dedupe, inherit_merged,
                                     is_continuation, item_of, join_item, prepare_departments, report_levels,
                                     report_missing_columns)
from generator.importer.sources import Document, SourceRow, Table
from generator.importer.text import Repair, clean
from generator.reference.lists import Departments


@dataclass
class RawTask:
    """A data row split into fields, before interpretation."""

    cells: dict[str, str]
    line: int
    repairs: list[Repair] = field(default_factory=list)
    # Known columns that are no task field (行业, 抽取类型 …): header as printed -> cell.
    extra: dict[str, str] = field(default_factory=dict)
    # Fields whose every cell was copied down from a vertically merged cell above (docx, xlsx,
    # html): the row does not print them itself.
    merged: set[str] = field(default_factory=set)


def _column_map(table: Table, row: SourceRow) -> list[str | None]:
    """Header field for each cell position of `row`.

    Merged header cells leave empty header positions. When the data row has no
    cells there (its cells simply follow each other), the empty positions are
    dropped; when the data row fills them, each takes the field to its left.
    """
    fields = header_fields(table.header)
    while fields and fields[-1] is None and not table.header[len(fields) - 1].strip():
        fields.pop()
    used = len(_trim(row.cells))
    if used > len([f for f in fields if f]):
        inherited, last = [], None
        for f, text in zip(fields, table.header):
            last = f if f or text.strip() else last
            inherited.append(last)
        return inherited
    return [f for f, text in zip(fields, table.header) if f or text.strip()]


# Columns whose cells are prose of any kind: their content never moves them elsewhere.
LOOSE_FIELDS = ("extra", "notes", "duty")


def _header_text(table: Table, row: SourceRow, position: int) -> str:
    fields = header_fields(table.header)
    if len(_trim(row.cells)) <= len([f for f in fields if f]):
        named = [h for f, h in zip(fields, table.header) if f or h.strip()]
        return normalize_header(named[position]) if position < len(named) else f"column {position + 1}"
    return normalize_header(table.header[position]) if position < len(table.header) else f"column {position + 1}"


def _trim(cells: list[str]) -> list[str]:
    cells = list(cells)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def split_row(table: Table, row: SourceRow, file: str, findings: Findings) -> RawTask:
    columns = _column_map(table, row)
    raw = RawTask({}, row.line)
    placed: dict[str, list[str]] = {}
    targets: list[tuple[int, str]] = []  # (cell position, field) of every cell placed
    for position, cell in enumerate(_trim(row.cells)):
        if not cell.strip():
            continue
        by_header = columns[position] if position < len(columns) else None
        if by_header == "extra":
            label = _header_text(table, row, position)
            raw.extra[label] = " ".join(filter(None, [raw.extra.get(label), " ".join(cell.split())]))
            continue
        by_content = classify(cell)
        target = by_header
        if by_content and by_header not in LOOSE_FIELDS and by_content != EXPECTED_CLASS.get(by_header or ""):
            # The header says one thing, the content unmistakably another (a mode
            # sentence under 信用风险, months under 组织检查方式): trust the content,
            # unless the header's own field reads as that content class already.
            if by_header is None or by_content != "seq":
                target = by_content
        if target is None:
            findings.warning("unread-cell", f"cell beyond the table's columns not read: {cell.strip()[:40]!r}",
                             file=file, row=row.line, column=str(position + 1))
            continue
        if target != by_header:
            label = FIELD_LABELS.get(by_header, f"column {position + 1}") if by_header else f"column {position + 1}"
            raw.repairs.append(Repair("column-by-content", target, f"{label}: {cell.strip()}", FIELD_LABELS[target]))
        placed.setdefault(target, []).append(cell)
        targets.append((position, target))
    raw.cells = {k: " ".join(v) for k, v in placed.items()}
    own = {target for position, target in targets if position not in row.merged_from_above}
    raw.merged = {target for _position, target in targets} - own
    return raw


@dataclass
class Sequencer:
    """True sequence numbers from printed ones.

    A number lower than the next expected one is a misprint (OCR 24→21, or a
    restart 10, 11 … printed for 40, 41 …): the row takes the next number. A jump
    forward is a gap: the rows in between are missing from the document, and
    are recorded as a gap, never invented.
    """

    file: str
    findings: Findings
    last: int = 0
    gaps: list[dict] = field(default_factory=list)

    def next(self, printed: str, line: int, repairs: list[Repair]) -> int:
        expected = self.last + 1
        digits = re.sub(r"\D", "", printed or "")
        if not digits:
            self.findings.warning("seq-missing", f"no sequence number; numbered {expected}", file=self.file, row=line,
                                  column="序号")
            repairs.append(Repair("seq-missing", "seq", printed or "", str(expected)))
            self.last = expected
            return expected
        number = int(digits)
        if number < expected:
            repairs.append(Repair("seq-restart", "seq", printed, str(expected)))
            self.findings.info("seq-restart", f"sequence number {number} follows {self.last}; numbered {expected}",
                               file=self.file, row=line, column="序号")
            number = expected
        elif number > expected:
            gap = {"from": expected, "to": number - 1, "after_line": line,
                   "note": f"tasks {expected}–{number - 1} are not in the source document"}
            self.gaps.append(gap)
            self.findings.warning("gap", f"sequence jumps from {self.last} to {number}: tasks {expected}–{number - 1} "
                                  "are missing from the document", file=self.file, row=line, column="序号")
        self.last = number
        return number


def _departments(raw: RawTask, departments: Departments, file: str, findings: Findings):
    """Lead and partners, repairing the shift where a partner sits in the lead's cell."""
    lead_refs, lead_orphan = parse_department_cell(raw.cells.get("lead", ""), departments)
    partner_refs, partner_orphan = parse_department_cell(raw.cells.get("partners", ""), departments)
    if len(lead_refs) > 1 and partner_orphan and not lead_refs[0].items:
        # The lead's items were printed in the partners' column and the partner's
        # name slid into the lead's cell (a table whose columns shifted one place).
        before = f"{raw.cells.get('lead', '')} | {raw.cells.get('partners', '')}"
        lead_refs[0].items = split_items(partner_orphan, "items")
        partner_refs = lead_refs[1:] + partner_refs
        lead_refs = lead_refs[:1]
        partner_orphan = ""
        raw.repairs.append(Repair("shifted-departments", "lead", before,
                                  "lead items taken from the partners' column; partner taken from the lead's"))
    if not lead_refs:
        findings.error("no-lead", "no lead department in this row", file=file, row=raw.line, column="发起部门")
        lead = DeptRef(lead_orphan, None)
    else:
        lead = lead_refs[0]
        if lead_orphan:
            findings.warning("unread-text", f"text before the lead department: {lead_orphan!r}", file=file,
                             row=raw.line, column="发起部门")
        partner_refs = lead_refs[1:] + partner_refs
    if partner_orphan:
        findings.warning("unread-text", f"text before the first partner department: {partner_orphan!r}",
                         file=file, row=raw.line, column="配合部门")
    partner_refs = dedupe(lead, partner_refs)
    if "items" in raw.cells:
        lead.items = lead.items + split_items(raw.cells["items"], "items")
    for ref in [lead, *partner_refs]:
        if ref.department is None and ref.as_written:
            findings.warning("unknown-department", f"department {ref.as_written!r} is not in data/reference/departments.yml",
                             file=file, row=raw.line)
    return lead, partner_refs


def build_task(raw: RawTask, seq: int, printed_seq: str, departments: Departments, file: str,
               findings: Findings) -> dict:
    repairs = raw.repairs
    where = dict(file=file, row=raw.line)
    text = {}
    # What the document printed, spaces collapsed but otherwise untouched (OCR errors too).
    printed = {k: " ".join(v.split()) or None for k, v in raw.cells.items()}
    for name in ("name", "scope", "ratio", "frequency", "months", "mode", "credit_risk", "jurisdiction"):
        value, fixes = clean(raw.cells.get(name), name)
        text[name] = value
        repairs.extend(f for f in fixes if f.rule != "stray-spaces" or name in ("name", "scope"))
    lead, partners = _departments(raw, departments, file, findings)

    ratio, problems = parse_ratio(text["ratio"])
    if ratio:
        ratio["as_written"] = printed.get("ratio")
    for problem in problems:
        findings.warning("ratio", problem, column="抽查比例及频次", **where)
    # A frequency column of its own when the plan has one, else the frequency part of the ratio cell.
    frequency, problems = parse_frequency(text.get("frequency") or text["ratio"])
    for problem in problems:
        findings.warning("frequency", problem, column="抽查频次" if text.get("frequency") else "抽查比例及频次", **where)
    time, problems = parse_time(text["months"])
    if time:
        time["as_written"] = printed.get("months")
    for problem in problems:
        findings.warning("months", problem, column="抽查起止时间", **where)
    mode, mode_note, mode_repaired = parse_mode(text["mode"])
    # A level (市县(区)级) or a way of inspecting (现场检查) is no mode: said once a table (report_levels).
    if mode is None and cell_class(text["mode"]) not in ("level", "method"):
        findings.warning("mode", f"cannot read the inspection mode from {text['mode']!r}", column="抽查模式", **where)
    elif mode_repaired:
        repairs.append(Repair("mode-spelling", "mode", text["mode"], mode))
    if not text["name"]:
        findings.error("no-name", "task has no name", column="抽查任务名称", **where)
    credit = text["credit_risk"] or None
    if credit and classify(credit) != "credit_risk":
        findings.warning("credit-risk", f"the credit-risk cell does not read as a credit-risk rule: {credit[:40]!r}",
                         column="信用风险分类要求", **where)
    return {
        "seq": seq,
        "seq_as_printed": printed_seq,
        "name": text["name"],
        "lead": lead.to_dict(),
        "partners": [p.to_dict() for p in partners],
        "scope": text["scope"] or None,
        "ratio": ratio,
        "frequency": frequency,
        "frequency_per_year": frequency["per_year"] if frequency else None,
        "time": time,
        "months": time["months"] if time else None,
        "months_as_written": printed.get("months"),
        "credit_risk_rule": credit,
        "mode": mode,
        "mode_as_written": printed.get("mode"),
        "mode_note": mode_note,
        "corrections": [],
        "repairs": [r.to_dict() for r in repairs],
        "source": {"file": file, "line": raw.line},
    }


def read_tasks(document: Document, departments: Departments, findings: Findings
               ) -> tuple[list[dict], list[dict], set[str]]:
    """Tasks, gaps in the numbering, and the fields no table of the document has a column for."""
    file = document.path
    sequencer = Sequencer(file, findings)
    tasks: list[dict] = []
    missing: set[str] | None = None
    for number, table in enumerate(document.tables):
        fields = header_fields(table.header)
        absent = report_missing_columns(table, file, findings)
        missing = absent if missing is None else missing & absent
        seq_at = fields.index("seq") if "seq" in fields else None
        last_table = number == len(document.tables) - 1
        continuation = [is_continuation(table, row, seq_at) for row in table.rows]
        previous: RawTask | None = None
        first_task = len(tasks)
        for index, row in enumerate(table.rows):
            if _is_subheader(row):
                findings.info("subheader", "second header row skipped", file=file, row=row.line)
                continue
            raw = split_row(table, row, file, findings)
            if set(raw.cells) <= {"seq", "jurisdiction"} and not raw.extra:
                findings.warning("empty-row", "row has no task fields; not read", file=file, row=row.line)
                continue
            last = last_table and index == len(table.rows) - 1
            if continuation[index] and tasks:
                stop = cut_continuation(table, index) if last else None
                if stop is not None:
                    findings.warning("cut-row", cut_message(table, row, stop, kept=True), file=file, row=row.line)
                join_item(tasks[-1], item_of(raw, departments, file))
                continue
            stop = cut_main_row(table, index, continuation) if last else None
            if stop is not None:
                findings.warning("cut-row", cut_message(table, row, stop, kept=False), file=file, row=row.line)
                continue
            own = Findings()
            tasks.append(_task(raw, table, seq_at, previous, sequencer, document, departments, own))
            # A column the table lacks was reported once for the table; its consequence is shown
            # on the table's first task and not repeated on every other.
            quiet = {kind for key in absent for kind in MISSING_KINDS[key]} if previous else set()
            findings.extend(f for f in own if f.kind not in quiet)
            previous = raw
        report_levels(tasks[first_task:], table, file, findings)
    return tasks, sequencer.gaps, missing or set()


# The per-task finding kinds that a missing column causes.
MISSING_KINDS = {"ratio": ("ratio", "frequency"), "months": ("months",), "mode": ("mode",), "scope": ()}


def _task(raw: RawTask, table: Table, seq_at: int | None, previous: RawTask | None, sequencer: Sequencer,
          document: Document, departments: Departments, findings: Findings) -> dict:
    file = document.path
    fields = header_fields(table.header)
    printed = (raw.cells.get("seq") or "").strip()
    if seq_at is None:
        seq = sequencer.last = sequencer.last + 1  # no 序号 column: numbered in order, said once per table
    else:
        seq = sequencer.next(printed, raw.line, raw.repairs)
    if "lead" in fields:
        inherit_merged(raw, previous, file, findings)
    prepare_departments(raw, departments, "lead" in fields, document, file, findings)
    if not raw.cells.get("name") and raw.cells.get("field"):
        raw.cells["name"] = raw.cells["field"]  # no 任务名称 column: the 抽查领域 names the task
    task = build_task(raw, seq, printed, departments, file, findings)
    if raw.cells.get("count"):
        _add_count(task, raw, file, findings)
    if raw.cells.get("deadline"):
        _add_deadline(task, raw, file, findings)
    task["modes"] = modes_of(task["mode_as_written"]) or ([task["mode"]] if task["mode"] else [])
    task["items"] = []
    task["extra"] = raw.extra
    task["ocr"] = document.ocr
    return task


def modes_of(text: str | None) -> list[str]:
    """Every mode a cell names: '市抽市查、市抽县(区)查' -> ['市抽市查', '市抽县查'] (县(区) is the county level)."""
    modes = []
    for part in re.split(r"[、,，;；/]", text or ""):
        mode = parse_mode(re.sub(r"[(（][区县市][)）]", "", part))[0] if part.strip() else None
        if mode and mode not in modes:
            modes.append(mode)
    return modes


def _add_deadline(task: dict, raw: RawTask, file: str, findings: Findings) -> None:
    """A 完成时限 column: a month or day printed there is the date the task is due."""
    written = " ".join(raw.cells["deadline"].split())
    due, problems = parse_time(written, deadline=True)
    for problem in problems:
        findings.warning("months", problem, file=file, row=raw.line, column="完成时限")
    if due is None:
        return
    if task["time"] is None:
        task["time"] = due
        task["months"] = due["months"]
    else:
        task["time"]["deadlines"] += [d for d in due["deadlines"] if d not in task["time"]["deadlines"]]
        task["time"]["as_written"] = f"{task['time']['as_written']} {written}"


def _add_count(task: dict, raw: RawTask, file: str, findings: Findings) -> None:
    """A 抽查户数 column: the number of entities to inspect, beside the ratio."""
    count, problems = parse_count(raw.cells["count"])
    for problem in problems:
        findings.warning("ratio", problem, file=file, row=raw.line, column="抽查户数")
    if task["ratio"] is None:
        task["ratio"], _ = parse_ratio(raw.cells["count"])
    elif count and not task["ratio"].get("count"):
        task["ratio"]["count"] = count


def _is_subheader(row: SourceRow) -> bool:
    return all(not c.strip() or any(f for f in header_fields([c])) for c in row.cells)
