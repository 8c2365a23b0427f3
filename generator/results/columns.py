"""A result file read into a ResultTable, and the checks that look at whole columns.

read_file: the reader's rows (read.py) validated row by row (validate.RowValidator), a chunk at a
time: the chunk's credit codes are checked at once with numpy, and the rows go straight into
columns (table.TableBuilder), never into a list of Results. Findings come out in the order the
row-by-row reading gives them: each reader finding before the first row read after it.

duplicate_findings: one business twice in a task, found by sorting the table's key columns
instead of remembering every row in a dict (ten million keys would cost gigabytes).
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

import numpy as np

from generator.core.findings import ERROR, WARNING, Finding, Findings
from generator.results.model import HEADERS
from generator.results.read import read_sheets
from generator.results.table import ResultTable, TableBuilder
from generator.text.identifiers import CREDIT_ALPHABET

CHUNK = 8192

_VALUE = np.full(256, 99, dtype=np.int64)  # 99: not in the alphabet
_VALUE[np.frombuffer(CREDIT_ALPHABET.encode(), dtype=np.uint8)] = np.arange(len(CREDIT_ALPHABET))
_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)


def valid_codes(cells: list) -> np.ndarray:
    """True where a cell is a credit code that passes GB 32100's check (text.identifiers.check_credit_code,
    on many codes at once). False is no verdict: the row's own check then says what is wrong."""
    ok = np.zeros(len(cells), dtype=bool)
    picked = [i for i, c in enumerate(cells) if type(c) is str and len(c) == 18 and c.isascii() and c.isalnum()]
    if not picked:
        return ok
    chars = np.frombuffer("".join(cells[i] for i in picked).upper().encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    values = _VALUE[chars]
    check = (31 - (values[:, :17] * _WEIGHTS).sum(axis=1) % 31) % 31
    ok[picked] = (values < 31).all(axis=1) & (values[:, 17] == check)
    return ok


def read_file(path: Path, rel: str, validator) -> tuple[ResultTable, list[Finding]]:
    """One result file as (its valid rows, its findings)."""
    reader, out = Findings(), Findings()
    builder = TableBuilder()
    emitted = 0
    for sheet in read_sheets(path, rel, reader):
        chunk: list[tuple[int, dict, int]] = []
        for number, values in sheet.rows:
            chunk.append((number, values, len(reader.items)))  # reader findings made before this row
            if len(chunk) == CHUNK:
                emitted = _validate(chunk, sheet.file, validator, builder, reader, out, emitted)
                chunk = []
        emitted = _validate(chunk, sheet.file, validator, builder, reader, out, emitted)
    out.extend(reader.items[emitted:])
    return builder.table(), out.items


def _validate(chunk, file: str, validator, builder: TableBuilder, reader: Findings, out: Findings,
              emitted: int) -> int:
    valid = valid_codes([values.get("credit_code") for _, values, _ in chunk])
    for (number, values, made), ok in zip(chunk, valid.tolist()):
        if made > emitted:
            out.extend(reader.items[emitted:made])
            emitted = made
        fields = validator.row_values(file, number, values, out, ok)
        if fields is not None:
            builder.add(fields)
    return emitted


def duplicate_findings(table: ResultTable) -> list[Finding]:
    """result-duplicate (same business, task and 检查日期) and result-repeat (same business and task,
    another day), each naming the business's first row, in the order of the rows they are about."""
    if len(table) < 2:
        return []
    plan, seq, keys = table.columns["plan_id"], table.columns["seq"], table.business_keys()
    order = np.lexsort((np.arange(len(table)), keys, seq, plan))
    same = (plan[order][1:] == plan[order][:-1]) & (seq[order][1:] == seq[order][:-1]) \
        & (keys[order][1:] == keys[order][:-1])
    if not same.any():
        return []
    group_start = np.maximum.accumulate(np.where(np.r_[True, ~same], np.arange(len(order)), 0))
    later = np.flatnonzero(np.r_[False, same])
    pairs = sorted(zip(order[later].tolist(), order[group_start[later]].tolist()))
    rows = table.rows([i for pair in pairs for i in pair])
    found = []
    for record, first in zip(rows[::2], rows[1::2]):
        where = f"{first.file} row {first.row}"
        at = dict(file=record.file, row=record.row, column=HEADERS["business"])
        if first.inspected == record.inspected:
            found.append(Finding("result-duplicate", f"{record.business} is listed twice in task {record.seq} with "
                                 f"the same 检查日期 {first.inspected} (also {where}): remove one", ERROR, **at))
        else:
            found.append(Finding("result-repeat", f"{record.business} appears again in task {record.seq} (first "
                                 f"inspected {first.inspected}, {where}): check that it was inspected twice",
                                 WARNING, **at))
    return found


def merge_by_row(findings: list[Finding], extra: list[Finding]) -> list[Finding]:
    """`findings` with each of `extra` placed after the last finding of its file at or before its row
    (where the row-by-row check would have made it), else before the file's later ones, else last."""
    by_file: dict[str, tuple[list[int], list[int]]] = {}
    for i, f in enumerate(findings):
        if f.row is not None:
            rows, positions = by_file.setdefault(f.file, ([], []))
            rows.append(f.row)
            positions.append(i)
    places = []
    for n, f in enumerate(extra):
        rows, positions = by_file.get(f.file, ([], []))
        k = bisect_right(rows, f.row)
        place = positions[k - 1] + 1 if k else (positions[0] if positions else len(findings))
        places.append((place, n))
    out, start = [], 0
    for place, n in sorted(places):
        out.extend(findings[start:place])
        out.append(extra[n])
        start = place
    out.extend(findings[start:])
    return out
