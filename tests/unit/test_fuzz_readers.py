"""Fuzzing the result readers and the date parser with hypothesis.

Random bytes, random text and random tables (headers from the real aliases, cells full of
quotes, NULs, formulas, stray bytes and personal-looking numbers) go through the real
reader, decoder and row validator, and the rows that pass are written as open data. Nothing
may raise but DataError, every problem must be a finding, and nothing unsafe may come out:
no NUL, no formula-like cell in a CSV, no date after today.

The figures (inputs tried, refused, published) are written to tests/artifacts/fuzz-figures.txt.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.core.findings import DataError, Findings
from generator.core.io import FORMULA_STARTS
from generator.publish.results_data import write_plan_results
from generator.reference.lists import Reference
from generator.reference.result_kinds import ResultKinds
from generator.results.read import ALIASES, read_sheets
from generator.results.validate import Deadlines, RowValidator, parse_date
from generator.text.encoding import decode_text
from generator.text.workdays import WorkCalendar
from tests.helpers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
FIGURES: Counter = Counter()
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])

KINDS = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
REFERENCE = Reference.load(ROOT / "data" / "reference")
CALENDAR = WorkCalendar(ROOT / "data" / "reference" / "holidays.yml")
PLANS = [{"plan": {"id": "jx-2024", "year": 2024, "jurisdiction": "绛县"},
          "tasks": [{"seq": 1, "name": "任务1", "months": [3, 11],
                     "lead": {"department": "市场监督管理局", "as_written": "市场监管局", "items": []},
                     "partners": []}]}]

# Cells a careless clerk or a malicious contributor would type.
NASTY = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "\x00", "\"", "\"\"",
         "2024-08-05 至 2024-08-30", "2024-08-05 我不是日期", "2099-12-31", "2024-02-30", "45000", "20240805",
         "13812345678", "140581198001011231", "<script>alert(1)</script>", "jx-2024", "1", "第1项", "未发现问题",
         "2024-05-10", "绛县恒源超市（示例）", "\u200b", "Caf\u00e9", "\ufeff", "\n", ",", "长" * 50]
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=30))
headers = st.lists(st.sampled_from([a for names in ALIASES.values() for a in names] + ["序号", "联系人", ""]),
                   min_size=1, max_size=12)


def validate_file(path: Path, name: str) -> tuple[list, Findings]:
    """The real reader and validator on one file, as load_results runs them."""
    findings = Findings()
    validator = RowValidator(PLANS, KINDS, REFERENCE.departments, Deadlines(CALENDAR))
    records = []
    for sheet in read_sheets(path, name, findings):
        for number, values in sheet.rows:
            record = validator.row(sheet.file, number, values, findings)
            if record is not None:
                records.append(record)
    return records, findings


def count(records, findings) -> None:
    FIGURES["inputs tried"] += 1
    FIGURES["rows published"] += len(records)
    FIGURES["inputs with errors (refused)"] += bool(findings.errors)
    FIGURES["findings"] += len(findings)


def assert_safe(records, directory: Path) -> None:
    """What passed validation, written as open data, holds nothing unsafe."""
    today = date.today()
    for r in records:
        for value in (r.business, r.credit_code, r.note, *r.departments, *r.kinds):
            assert "\x00" not in value
        assert r.inspected <= today and (r.published is None or r.published <= today)
    csv_path, _ = write_plan_results("jx-2024", records, False, directory)
    for row in csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
            FIGURES["formula-like cells published as text"] += cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_are_findings_never_exceptions(tmp_path, data, suffix):
    path = tmp_path / f"r{suffix}"
    path.write_bytes(data)
    records, findings = validate_file(path, f"data/results/r{suffix}")
    count(records, findings)
    assert_safe(records, tmp_path / "out")


@FUZZ
@given(header=headers, rows=st.lists(st.lists(cells, max_size=12), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]), quote=st.booleans())
def test_random_tables_are_findings_never_exceptions(tmp_path, header, rows, encoding, quote):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL)
    writer.writerows([header, *rows])
    text = buffer.getvalue()
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    records, findings = validate_file(path, "data/results/r.csv")
    count(records, findings)
    assert_safe(records, tmp_path / "out")


HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]
# Valid rows with a few cells replaced: most still publish, so what is published gets checked too.
changes = st.lists(st.tuples(st.integers(0, 8), cells), max_size=3)
valid_rows = st.lists(changes, min_size=1, max_size=6).map(
    lambda rows: [_changed(["jx-2024", "1", f"恒源超市{i}（示例）", "", "2024-05-10", "县市场监管局", "未发现问题", "",
                            "2024-05-20"], change) for i, change in enumerate(rows)])


def _changed(row: list[str], change: list[tuple[int, str]]) -> list[str]:
    for index, value in change:
        row[index] = value
    return row


@FUZZ
@given(rows=valid_rows, encoding=st.sampled_from(["utf-8-sig", "gb18030"]))
def test_valid_rows_with_nasty_cells_publish_nothing_unsafe(tmp_path, rows, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    path = tmp_path / "r.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    records, findings = validate_file(path, "data/results/r.csv")
    count(records, findings)
    assert_safe(records, tmp_path / "out")


@FUZZ
@given(rows=valid_rows, cut=st.integers(0, 4000))
def test_valid_header_random_rows_and_truncated_workbooks(tmp_path, rows, cut):
    import openpyxl

    header = HEADER
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    path = tmp_path / "r.xlsx"
    try:
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    except openpyxl.utils.exceptions.IllegalCharacterError:
        return  # control characters cannot be stored in a worksheet: no office's file holds them
    records, findings = validate_file(path, "data/results/r.xlsx")
    count(records, findings)
    assert_safe(records, tmp_path / "out")
    data = path.read_bytes()
    path.write_bytes(data[:cut])  # a workbook cut short on upload
    records, findings = validate_file(path, "data/results/r.xlsx")
    count(records, findings)
    assert records == [] or zipfile.is_zipfile(path)


@FUZZ
@given(value=st.one_of(st.text(max_size=40), st.sampled_from(NASTY), st.integers(), st.floats(allow_nan=True),
                       st.dates(), st.none()))
def test_the_date_parser_returns_a_date_or_raises_value_error(value):
    FIGURES["dates tried"] += 1
    try:
        parsed = parse_date(value)
    except ValueError:
        FIGURES["dates refused"] += 1
        return
    assert parsed is None or isinstance(parsed, date)
    FIGURES["dates read"] += parsed is not None


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=300).map(lambda t: t.encode("utf-8")),
                      st.text(max_size=300).map(lambda t: t.encode("gb18030", errors="replace"))))
def test_the_decoder_returns_text_or_a_finding(data):
    findings = Findings()
    try:
        text = decode_text(data, "r.csv", findings)
    except DataError:
        return
    assert (text is None) == bool(findings.errors)
    FIGURES["byte strings decoded"] += 1
    FIGURES["byte strings refused by the decoder"] += text is None
    if text is not None:  # what is read is exactly what the file holds, in one of the two encodings
        assert text.encode("utf-8") == data.removeprefix(b"\xef\xbb\xbf") or text.encode("gb18030") == data


@pytest.fixture(scope="module", autouse=True)
def figures():
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{name}: {n}" for name, n in sorted(FIGURES.items())]
    (ARTIFACTS / "fuzz-figures.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\nFuzz figures: " + "; ".join(lines))
