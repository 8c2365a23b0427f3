"""Read result files (CSV or XLSX) into rows of cells keyed by field, with their row numbers.

Offices export results from different systems, so headers are matched by alias, title rows
above the header are skipped, and a header repeated on every printed page is not data.
Nothing here judges a value; validate.py does.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from generator.findings import Findings
from generator.importer.sources import decode
from generator.results.model import HEADERS

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


def _header_key(text) -> str:
    key = re.sub(r"[\s\u3000*＊:：]+", "", str(text or "")).upper()
    return key.replace("（", "(").replace("）", ")")


_BY_KEY = {_header_key(a): name for name, aliases in ALIASES.items() for a in aliases}


def header_field(text) -> str | None:
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
        fields = [header_field(c) for c in cells]
        if "business" in fields and len({f for f in fields if f}) >= 3:
            for i, name in enumerate(fields):
                if name and name in sheet.columns:
                    findings.warning("result_header_twice", f"column {HEADERS[name]} appears twice; the first is read",
                                     file=file, row=number, column=str(cells[i]))
                elif name:
                    sheet.columns[name] = i
            sheet.header_row = number
            sheet.rows = _data_rows(grid, sheet.columns)
            missing = [f for f in REQUIRED if f not in sheet.columns]
            for name in missing:
                findings.error("result_column_missing", f"no {HEADERS[name]} column (read under any of: "
                               f"{'、'.join(ALIASES[name])})", file=file, row=number)
            return None if missing else sheet
    findings.error("result_no_header", "no header row: expected 企业名称 and at least two more of "
                   + "、".join(HEADERS.values()), file=file)
    return None


def _data_rows(grid: Iterator[tuple[int, list]], columns: dict[str, int]) -> Iterator[tuple[int, dict]]:
    for number, cells in grid:
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        values = {name: (cells[i] if i < len(cells) else "") for name, i in columns.items()}
        if header_field(values.get("business")) == "business":  # the header again, on a new page
            continue
        yield number, values


def read_sheets(path: Path, file: str, findings: Findings) -> list[Sheet]:
    """Every table in a result file; problems with the file itself go to `findings`."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = decode(path.read_bytes(), file)
        except Exception as exc:  # DataError from decode, OSError
            findings.error("result_unreadable", str(exc), file=file)
            return []
        grid = ((n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
        sheet = _find_header(grid, file, findings)
        return [sheet] if sheet else []
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_sheets(path, file, findings)
    findings.error("result_file_type", f"unsupported result file type {suffix or '(none)'}; use .csv or .xlsx", file=file)
    return []


def _xlsx_sheets(path: Path, file: str, findings: Findings) -> list[Sheet]:
    import openpyxl  # only XLSX input needs it

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, … : openpyxl raises many kinds
        findings.error("result_unreadable", f"cannot open as a workbook: {exc}", file=file)
        return []
    sheets = []
    several = len(workbook.worksheets) > 1
    for ws in workbook.worksheets:
        label = f"{file}[{ws.title}]" if several else file
        grid = ((n, ["" if v is None else v for v in row]) for n, row in enumerate(ws.iter_rows(values_only=True), 1))
        local = Findings()
        sheet = _find_header(grid, label, local)
        if sheet is None and several and any(f.kind == "result_no_header" for f in local):
            continue  # a notes sheet beside the data is fine
        findings.extend(local)
        if sheet:
            # Materialise now: read-only workbooks must not outlive this function.
            sheet.rows = iter(list(sheet.rows))
            sheets.append(sheet)
    workbook.close()
    return sheets
