"""Open-data downloads: each plan as JSON, CSV and XLSX under site/data/plans/.

The CSV is UTF-8 with a BOM so that Excel, which most offices open it with,
reads the Chinese correctly; columns are named in Chinese as the plans are.

Every spreadsheet file the site publishes (these, the results CSVs, late.csv) writes its
cells through spreadsheet_text / spreadsheet_csv: a text cell that Excel or LibreOffice
would read as a formula is written as text (OWASP's CSV-injection rule). The JSON keeps
every value as it is.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from generator.importer import describe
from generator.plans import dumps

CSV_COLUMNS = [
    ("序号", lambda t: t["seq"]),
    ("抽查任务名称", lambda t: t["name"]),
    ("发起部门", lambda t: t["lead"]["department"] or ""),
    ("发起部门（原文）", lambda t: t["lead"]["as_written"]),
    ("发起部门抽查事项", lambda t: "；".join(t["lead"]["items"])),
    ("配合部门", lambda t: "、".join(p["department"] or p["as_written"] for p in t["partners"])),
    ("配合部门（原文）", lambda t: "、".join(p["as_written"] for p in t["partners"])),
    ("配合部门抽查事项", lambda t: "；".join(f"{p['as_written']}：{'；'.join(p['items'])}" for p in t["partners"] if p["items"])),
    ("抽查对象范围", lambda t: t["scope"] or ""),
    ("抽查比例", lambda t: t["ratio"]["value"] if t["ratio"] and t["ratio"]["value"] is not None else ""),
    ("比例要求", lambda t: describe.ratio_word(t["ratio"])),
    ("抽查比例（整理）", lambda t: describe.ratio_text(t["ratio"]) if t["ratio"] else ""),
    ("抽查比例及频次（原文）", lambda t: t["ratio"]["as_written"] if t["ratio"] else ""),
    ("频次（次/年）", lambda t: t["frequency_per_year"] or ""),
    ("起始月", lambda t: t["months"][0] if t["months"] else ""),
    ("截止月", lambda t: t["months"][1] if t["months"] else ""),
    ("跨年度", lambda t: "是" if describe.crosses_year(t) else ""),
    ("信用风险分类要求", lambda t: t["credit_risk_rule"] or ""),
    ("抽查模式", lambda t: t["mode"] or ""),
    ("行业", lambda t: t["industry"]["tag"] if t["industry"] else ""),
    ("国民经济行业门类", lambda t: (t["industry"]["section"] or "跨行业") if t["industry"] else ""),
    ("勘误", lambda t: "；".join(f"{c['field']}: {c['why']}" for c in t["corrections"])),
]


# A cell starting with one of these is a formula (or becomes one once the tab/CR is eaten) in
# Excel, LibreOffice and Google Sheets: OWASP "CSV Injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def spreadsheet_text(value):
    """A cell for a CSV: formula-like text gets a leading ' so spreadsheets show it as text.
    Numbers (ints, floats) are left alone: a genuine -5 stays a number."""
    return "'" + value if is_formula_like(value) else value


class spreadsheet_csv:  # noqa: N801 - used like csv.writer, which it wraps
    """csv.writer whose every row goes through spreadsheet_text."""

    def __init__(self, fh, **options):
        self._writer = csv.writer(fh, lineterminator="\n", **options)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_text(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def plan_rows(plan: dict) -> list[list]:
    return [[get(task) for _, get in CSV_COLUMNS] for task in plan["tasks"]]


def plan_csv(plan: dict) -> str:
    buffer = io.StringIO()
    writer = spreadsheet_csv(buffer)
    writer.writerow([name for name, _ in CSV_COLUMNS])
    writer.writerows(plan_rows(plan))
    return "\ufeff" + buffer.getvalue()


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> None:
    """A workbook with fixed metadata, so two builds write the same bytes."""
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
            _text_not_formula(sheet[sheet.max_row])
        sheet.freeze_panes = "A2"
    fixed = datetime.datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "gongkai"
    workbook.save(path)
    _normalize_zip(path)


def _text_not_formula(cells) -> None:
    """openpyxl stores any text starting with = as a formula: formula-like text is made a string
    cell with Excel's quote prefix (how Excel itself keeps a typed '=…), its value unchanged."""
    for cell in cells:
        if is_formula_like(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True


def _normalize_zip(path: Path) -> None:
    """Rewrite the XLSX zip with fixed entry timestamps (zip stores the build time otherwise)."""
    import re
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the properties say.
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


def write_plan_data(plan: dict, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    plan_id = plan["plan"]["id"]
    paths = [directory / f"{plan_id}.json", directory / f"{plan_id}.csv", directory / f"{plan_id}.xlsx"]
    paths[0].write_text(dumps(plan), encoding="utf-8")
    paths[1].write_text(plan_csv(plan), encoding="utf-8")
    write_xlsx(paths[2], {plan_id: ([name for name, _ in CSV_COLUMNS], plan_rows(plan))})
    return paths
