"""CSV, XLSX/XLSM (openpyxl) and legacy XLS (xlrd) workbooks -> grids, one per sheet.

Merged ranges are filled: the value of a range's top-left cell is copied down its
rows (those positions are marked merged_from_above) and its other columns stay
empty, so a merged 序号 marks a continuation row, and a merged title row stays one
notice line. Row numbers are the sheet's own, as Excel shows them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from generator.core.findings import DataError, Findings
from generator.importer.readers.grid import Grid, assemble, cell_text
from generator.importer.sources import Document, SourceRow, decode

XLS_SECONDS = 60
MAX_CELLS = 2_000_000  # a plan of 1,000 tasks in 30 columns is 30,000 cells


def read_csv(path: Path, findings: Findings, header=None) -> Document:
    text = decode(path.read_bytes(), str(path))
    rows = [SourceRow(cells, number) for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1)]
    return assemble(str(path), "csv", [Grid(rows)], findings, header)


def fill_merges(values: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> list[SourceRow]:
    """Rows of `values` with every merged range (first_row, last_row, first_col, last_col; 0-based) filled."""
    merged: dict[int, set[int]] = {}
    for first_row, last_row, first_col, last_col in ranges:
        if first_row >= len(values):
            continue
        top = values[first_row]
        origin = top[first_col] if first_col < len(top) else ""
        for r in range(first_row, min(last_row, len(values) - 1) + 1):
            row = values[r]
            row.extend([""] * (last_col + 1 - len(row)))
            for c in range(first_col, last_col + 1):
                if (r, c) == (first_row, first_col):
                    continue
                row[c] = origin if c == first_col else ""
                if c == first_col and r > first_row:
                    merged.setdefault(r, set()).add(c)
    return [SourceRow([v.replace("\r\n", "\n") for v in cells], r + 1, frozenset(merged.get(r, ())))
            for r, cells in enumerate(values)]


def read_xlsx(path: Path, findings: Findings, header=None) -> Document:
    import openpyxl  # imported here: only workbooks need it

    # Not read_only: only a fully loaded sheet knows its merged ranges. Opened as bytes:
    # openpyxl refuses a workbook by its name alone (a .xlsx saved as .xls).
    data = path.read_bytes()
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False) if _has_formulas(path) else None
    blocks = []
    for sheet in workbook.worksheets:
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            # One stray cell at XFD1048576 would make the grid billions of cells.
            raise DataError(f"{path}: unreadable file: sheet {sheet.title!r} spans {sheet.max_row} rows × "
                            f"{sheet.max_column} columns, far more than any plan")
        values = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        if formulas is not None:
            _report_uncached(path, sheet.title, values, formulas[sheet.title], findings)
        ranges = [(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1) for m in sheet.merged_cells.ranges]
        blocks.append(Grid(fill_merges(values, ranges), caption=sheet.title))
    return assemble(str(path), "xlsx", blocks, findings, header)


def _has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >]", archive.read(name))
                   for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _report_uncached(path: Path, title: str, values: list[list[str]], sheet, findings: Findings) -> None:
    """A formula whose result was never saved (written by a program, not Excel) has no value to read."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                r, c = cell.row - 1, cell.column - 1
                if r >= len(values) or c >= len(values[r]) or not values[r][c]:
                    findings.warning("formula-no-value", f"sheet {title!r}: formula {cell.value!r} has no saved "
                                     "value; open and save the file in Excel or LibreOffice to compute it",
                                     file=str(path), row=cell.row, column=cell.column_letter)


def read_xls(path: Path, findings: Findings, header=None) -> Document:
    """Legacy workbooks, read by xlrd in a child process (xls_child) that cannot exhaust the machine."""
    try:
        done = subprocess.run([sys.executable, "-m", "generator.importer.readers.xls_child", str(path)],
                              capture_output=True, timeout=XLS_SECONDS, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise DataError(f"{path}: unreadable file: reading it took more than {XLS_SECONDS} s; "
                        "the file is damaged") from None
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        result = {"error": "it needs more memory than any plan: the file is damaged"}
    if isinstance(result, dict):
        raise DataError(f"{path}: unreadable file: {result['error']}")
    blocks = [Grid(fill_merges([[_xls_text(v) for v in row] for row in sheet["values"]],
                               [tuple(r) for r in sheet["ranges"]]), caption=sheet["name"])
              for sheet in result]
    return assemble(str(path), "xls", blocks, findings, header)


def _xls_text(value) -> str:
    if isinstance(value, list):  # ["date", iso]: a date cell
        return cell_text(dt.datetime.fromisoformat(value[1]))
    return cell_text(value)
