"""Read result files (CSV or XLSX) into rows of cells keyed by field, with their row numbers.

Offices export results from different systems, so headers are matched by alias, title rows
above the header are skipped, and a header repeated on every printed page is not data.
Nothing here judges a value; validate.py does. What is wrong with the file itself (a broken
quote, an over-long cell, a stray byte in the encoding, NUL characters, columns that are not
result fields) is reported here, with the row, and never passed on silently.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from generator.core.findings import Findings
from generator.core.io import has_formulas
from generator.importer.columns import normalize_header
from generator.results.model import HEADERS
from generator.text.encoding import decode_text

# Header spellings seen in departments' result notices and system exports. 序号 is not one:
# in a result table it numbers the rows, not the plan's tasks.
ALIASES = {
    "plan_id": ["计划编号", "计划ID", "计划代码", "抽查计划编号", "计划"],
    "seq": ["任务序号", "任务编号", "抽查任务序号", "任务号"],
    "business": ["企业名称", "市场主体名称", "经营主体名称", "主体名称", "单位名称", "被检查单位", "被检查单位名称",
                 "检查对象名称", "被检查对象", "名称"],
    "credit_code": ["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "统一社会信用代码(注册号)",
                    "统一社会信用代码/注册号", "注册号/统一社会信用代码"],
    "inspected": ["检查日期", "检查时间", "抽查日期", "抽查时间", "检查完成日期", "检查完成时间"],
    "departments": ["检查部门", "检查实施机关", "检查机关", "实施机关", "实施部门", "检查单位"],
    "kinds": ["检查结果", "抽查结果", "结果", "检查结果类型", "抽查检查结果"],
    "note": ["结果说明", "说明", "备注", "处理情况", "结果描述"],
    "published": ["公示日期", "公示时间", "公开日期", "公布日期", "发布日期"],
}
REQUIRED = ("plan_id", "seq", "business", "inspected", "kinds")
# Columns a result table has that are not result fields and are not reported as unknown.
IGNORED_HEADERS = {"序号"}


def _header_key(text) -> str:
    """A header as the importer normalises one (no spaces, half-width brackets), without the stars and
    colons of a system export's required columns, in upper case (ID, Id)."""
    return normalize_header(re.sub(r"[*＊:：]+", "", str(text or ""))).upper()


_BY_KEY = {_header_key(a): name for name, aliases in ALIASES.items() for a in aliases}


def result_field(text) -> str | None:
    """The result field a header names (a plan's task columns are importer.columns.header_field's)."""
    return _BY_KEY.get(_header_key(text))


@dataclass
class Sheet:
    """One table of results: a CSV file or one worksheet of a workbook."""

    file: str  # as findings name it: path relative to the project, plus [sheet] for a second sheet
    columns: dict[str, int] = field(default_factory=dict)  # field -> column index
    header_row: int = 0
    rows: Iterator[tuple[int, list]] = iter(())


def _find_header(grid: Iterator[tuple[int, list]], file: str, findings: Findings) -> Sheet | None:
    sheet = Sheet(file)
    for number, cells in grid:
        fields = [result_field(c) for c in cells]
        if "business" in fields and len({f for f in fields if f}) >= 3:
            for i, name in enumerate(fields):
                if name and name in sheet.columns:
                    findings.warning("result-header-twice", f"column {HEADERS[name]} appears twice; the first is read",
                                     file=file, row=number, column=str(cells[i]))
                elif name:
                    sheet.columns[name] = i
            sheet.header_row = number
            sheet.rows = _data_rows(grid, sheet.columns, file, findings)
            _unknown_columns(cells, fields, file, number, findings)
            missing = [f for f in REQUIRED if f not in sheet.columns]
            for name in missing:
                findings.error("result-column-missing", f"no {HEADERS[name]} column (read under any of: "
                               f"{'、'.join(ALIASES[name])})", file=file, row=number)
            return None if missing else sheet
    findings.error("result-no-header", "no header row: expected 企业名称 and at least two more of "
                   + "、".join(HEADERS.values()), file=file)
    return None


def _unknown_columns(cells: list, fields: list, file: str, number: int, findings: Findings) -> None:
    unknown = [str(c).strip() for c, f in zip(cells, fields) if not f and str(c).strip()
               and str(c).strip() not in IGNORED_HEADERS]
    if unknown:
        findings.warning("result-column-unknown", f"column(s) {'、'.join(unknown)} are not result fields and are not "
                         f"published (result fields: {'、'.join(HEADERS.values())})", file=file, row=number)


def _data_rows(grid: Iterator[tuple[int, list]], columns: dict[str, int], file: str,
               findings: Findings) -> Iterator[tuple[int, dict]]:
    for number, cells in grid:
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        if result_field(values.get("business")) == "business":  # the header again, on a new page
            continue
        for name, value in values.items():
            if isinstance(value, str) and "\x00" in value:  # invisible, and it breaks other programs
                findings.warning("result-nul", f"{HEADERS[name]} holds NUL character(s); removed",
                                 file=file, row=number, column=HEADERS[name])
                values[name] = value.replace("\x00", "")
        yield number, values


def csv_grid(text: str, file: str, findings: Findings) -> Iterator[tuple[int, list]]:
    """Rows of a CSV text, numbered from 1. A malformed row is a finding, never an exception, and an
    unterminated quote is reported where it opens instead of swallowing the rest of the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    number = 0
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            findings.error("result-csv-malformed", _csv_problem(str(exc), first_line, reader.line_num),
                           file=file, row=number)
            if "end of data" in str(exc):
                return
            continue
        number += 1
        yield number, row


def _csv_problem(error: str, first_line: int, last_line: int) -> str:
    if "end of data" in error:
        return (f"unterminated quote: the quoted cell opened on line {first_line} runs to the end of the file "
                f"(line {last_line}); close the quote")
    if "field larger" in error:
        return (f"a cell is longer than {csv.field_size_limit():,} characters; the row is not read "
                "(a result cell holds a few hundred characters)")
    return f"malformed CSV on line {last_line}: {error} (a quote inside a quoted cell is written twice: \"\")"


def read_sheets(path: Path, file: str, findings: Findings) -> list[Sheet]:
    """Every table in a result file; problems with the file itself go to `findings`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = decode_text(path.read_bytes(), file, findings)
        except OSError as exc:
            findings.error("result-unreadable", f"cannot read: {exc.strerror}", file=file)
            return []
        if text is None:
            return []
        sheet = _find_header(csv_grid(text, file, findings), file, findings)
        return [sheet] if sheet else []
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path, file, findings)
    findings.error("result-file-type", f"unsupported result file type {suffix or '(none)'}; use .csv or .xlsx", file=file)
    return []


def _xlsx_sheets(path: Path, file: str, findings: Findings) -> list[Sheet]:
    import openpyxl  # only XLSX input needs it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True) if has_formulas(path) else None
    except Exception as exc:  # zipfile.BadZipFile, KeyError, … : openpyxl raises many kinds
        findings.error("result-unreadable", f"cannot open as a workbook: {exc}", file=file)
        return []
    sheets = []
    several = len(workbook.worksheets) > 1
    for index, ws in enumerate(workbook.worksheets):
        label = f"{file}[{ws.title}]" if several else file
        local = Findings()
        grid = _xlsx_grid(ws, formulas.worksheets[index] if formulas else None, label, local)
        sheet = _find_header(grid, label, local)
        if sheet is None and several and any(f.kind == "result-no-header" for f in local):
            continue  # a notes sheet beside the data is fine
        if sheet:
            # Materialise now: read-only workbooks must not outlive this function (and the rows' findings
            # go to `local`, which is handed on below).
            sheet.rows = iter(list(sheet.rows))
            sheets.append(sheet)
        findings.extend(local)
    workbook.close()
    if formulas:
        formulas.close()
    return sheets


def _xlsx_grid(values, formulas, label: str, findings: Findings) -> Iterator[tuple[int, list]]:
    """Rows of cell values. A formula whose value was never calculated (a file written by a program
    that does not calculate) reads as empty: that is a finding, not an empty cell published."""
    rows = values.iter_rows(values_only=True)
    twins = formulas.iter_rows(values_only=True) if formulas is not None else iter(())
    for number, row in enumerate(rows, 1):
        twin = next(twins, ())
        for i, (value, formula) in enumerate(zip(row, twin)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                from openpyxl.utils import get_column_letter

                findings.error("result-formula-no-value", f"cell {get_column_letter(i + 1)}{number} holds the formula "
                               f"{formula} with no calculated value: open and save the file in Excel or LibreOffice, "
                               "or paste the values", file=label, row=number, column=get_column_letter(i + 1))
        yield number, ["" if v is None else v for v in row]
