"""Files in and out: the one JSON spelling, spreadsheets (CSV, XLSX) whose cells cannot run as formulas,
and whether a workbook holds formulas at all.

In: Python data (dicts, lists, rows of cells), or for a province's rows, Arrow string columns
(json_texts, joined_rows, spreadsheet_csv.writecolumns: the same text, a column at a time). Out: text
or files that two builds write byte for byte the same. Every spreadsheet file the site publishes (plans' and results' CSV and XLSX, late.csv)
writes its cells through spreadsheet_text / spreadsheet_csv: a text cell that Excel or LibreOffice
would read as a formula is written as text (OWASP's CSV-injection rule). JSON keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path


def dumps(data) -> str:
    """The one JSON spelling used for every file we write: stable, readable, diffable."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def dumps_compact(data) -> str:
    """JSON for the browser (search and lookup indexes): no spaces, since every byte is downloaded."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def json_texts(strings):
    """Each string of an Arrow string array as dumps and dumps_compact write it, as a large_string array:
    a column of a province's rows at once. Only the rows JSON must escape (quotes, backslashes,
    control characters) go through json; the rest are the string in quotes."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    strings = strings.cast(pa.large_string())
    quoted = joined_rows(['"', strings, '"'])
    escaped = pc.match_substring_regex(strings, r'["\\\x00-\x1f]')
    if not pc.any(escaped).as_py():
        return quoted
    rows = pa.array(np.flatnonzero(escaped.to_numpy(zero_copy_only=False)))
    spelled = [json.dumps(s, ensure_ascii=False) for s in strings.take(rows).to_pylist()]
    return pc.replace_with_mask(quoted, escaped, pa.array(spelled, type=pa.large_string()))


def joined_rows(parts: list):
    """Row i of each part one after another, as a large_string array: a part is an Arrow string array
    or a str (the same in every row). Adjacent strs are made one: Arrow passes over every row once
    per part. At least one part must be an array."""
    import pyarrow as pa
    import pyarrow.compute as pc

    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    large = pa.large_string()
    return pc.binary_join_element_wise(*(pa.scalar(p, large) if isinstance(p, str) else p.cast(large) for p in merged),
                                       pa.scalar("", large))


def utf8_of(strings) -> tuple[memoryview, "np.ndarray"]:
    """The UTF-8 bytes of every string of an Arrow large_string array one after another (no copy),
    and where each string starts in them (one offset more than strings: where the last ends)."""
    import numpy as np

    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)[strings.offset:strings.offset + len(strings) + 1]
    return memoryview(strings.buffers()[2])[offsets[0]:offsets[-1]], offsets - offsets[0]


def json_strings(value, path=""):
    """Every string of a JSON document with its dotted path (tasks.3.lead.as_written), for the
    personal-data scan of everything we publish."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from json_strings(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from json_strings(v, f"{path}.{i}")


# A cell starting with one of these is a formula (or becomes one once the tab/CR is eaten) in
# Excel, LibreOffice and Google Sheets: OWASP "CSV Injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def spreadsheet_text(value):
    """A cell for a CSV: formula-like text gets a leading ' so spreadsheets show it as text.
    Numbers (ints, floats) are left alone: a genuine -5 stays a number."""
    return "'" + value if is_formula_like(value) else value


# The characters for which csv.writer (QUOTE_MINIMAL, "\n" line ends) may quote a cell: it quotes for , " \n,
# not for \r; a superset is safe, since those cells go through the csv module itself.
CSV_QUOTED = (",", '"', "\r", "\n")
# A cell writecolumns leaves to the csv module (RE2, as Arrow reads it; each character as \xHH).
_SPECIAL_CELL = "^[{}]|[{}]".format(*("".join(f"\\x{ord(c):02x}" for c in chars) for chars in (FORMULA_STARTS, CSV_QUOTED)))


class spreadsheet_csv:  # noqa: N801 - used like csv.writer, which it wraps
    """csv.writer whose every row goes through spreadsheet_text."""

    def __init__(self, fh):
        self._fh = fh
        self._writer = csv.writer(fh, lineterminator="\n")

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_text(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)

    def writecolumns(self, columns) -> None:
        """Rows given a column at a time (a block of a province's results, no list per row), the same text
        as writerows: each column an Arrow string array, or (values, codes), row i's cell values[codes[i]].
        Each distinct value, and each text that is formula-like or has a character csv may quote for, is
        spelled by writerow's rules; the rest is the text as it is, and Arrow joins the rows."""
        import pyarrow as pa

        parts = []
        for column in columns:
            if parts:
                parts.append(",")
            parts.append(self._text_column(column) if isinstance(column, pa.Array) else self._coded_column(*column))
        rows = joined_rows([*parts, "\n"])
        if len(rows):
            self._fh.write(bytes(utf8_of(rows)[0]).decode("utf-8"))

    def _field(self, value) -> str:
        """One cell as writerow writes it among others (alone, an empty cell would be written "")."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([spreadsheet_text(value), ""])
        return buffer.getvalue()[:-2]  # without ,\n

    def _coded_column(self, values: list, codes):
        """Only the values some row shows are spelled: a dashboard's few late rows name a province's plans
        by their codes among all 400 plan ids (170,000 values spelled for 500 rows at 400 plans)."""
        import numpy as np
        import pyarrow as pa

        codes = np.asarray(codes, dtype=np.int64)
        present = np.flatnonzero(np.bincount(codes, minlength=len(values)))
        index = np.zeros(len(values), dtype=np.int64)
        index[present] = np.arange(len(present))
        spelled = [self._field(values[i]) for i in present.tolist()]
        return pa.array(spelled, type=pa.large_string()).take(pa.array(index[codes]))

    def _text_column(self, strings):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        strings = strings.cast(pa.large_string())
        special = pc.match_substring_regex(strings, _SPECIAL_CELL)
        if not pc.any(special).as_py():
            return strings
        rows = pa.array(np.flatnonzero(special.to_numpy(zero_copy_only=False)))  # a few in a million
        spelled = [self._field(v) for v in strings.take(rows).to_pylist()]
        return pc.replace_with_mask(strings, special, pa.array(spelled, type=pa.large_string()))


def has_formulas(path: Path) -> bool:
    """Whether any worksheet of an XLSX holds a formula (<f>, or <x:f> with a namespace prefix, in its XML):
    only then is a workbook read a second time, for the formulas whose values were never calculated."""
    with zipfile.ZipFile(path) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >]", archive.read(name))
                   for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


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
            # Cells made here, not looked up after append: sheet[sheet.max_row] scans every cell so far.
            sheet.append([_text_not_formula(sheet, value) for value in row])
        sheet.freeze_panes = "A2"
    fixed = datetime.datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "gongkai"
    workbook.save(path)
    _normalize_zip(path)


def _text_not_formula(sheet, value):
    """openpyxl stores any text starting with = as a formula: formula-like text is made a string
    cell with Excel's quote prefix (how Excel itself keeps a typed '=…), its value unchanged."""
    if not is_formula_like(value):
        return value
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _normalize_zip(path: Path) -> None:
    """Rewrite the XLSX zip with fixed entry timestamps (zip stores the build time otherwise)."""
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
