"""PDF plans, scans (OCR) and unreadable files, on fixtures built by LibreOffice and pdftoppm.

The seed plan written as Word and printed to PDF by LibreOffice must read as the seed
text does; a page of the 黄石 plan rasterised (a scanned PDF, a PNG) must read through
tesseract within OCR's accuracy with every value flagged. Any damaged, encrypted or
empty file is one line on the command line, and nothing is written.
"""

from __future__ import annotations

import difflib
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.builders import scan, soffice_convert, write_docx, write_xlsx
from tests.builders.rows import (HUANGSHI_HEADER, HUANGSHI_ROWS, HUANGSHI_TITLE, ROOT, SEED, plan_fields, seed_tables,
                           spaceless, without_source)
from generator.cli import main
from generator.core.findings import DataError, Findings
from generator.importer import import_plan
from generator.importer.sources import read_document

ARTIFACTS = ROOT / "tests" / "artifacts"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def seed_docx(folder):
    notice, tables, trailing = seed_tables()
    return write_docx(folder / "gaoping-2023-plan.docx", notice, tables, trailing)


@pytest.fixture(scope="module")
def seed_pdf(seed_docx, folder):
    return soffice_convert(seed_docx, "pdf", folder)


def measured(name: str, seconds: float) -> None:
    """Seconds per document, kept for the README's table of formats."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}-seconds.txt").write_text(f"{seconds:.2f}\n", encoding="utf-8")


def test_seed_as_pdf_reads_as_the_text(seed_pdf, reference):
    text = import_plan(SEED, "gaoping-2023", reference)
    result = import_plan(seed_pdf, "gaoping-2023", reference)
    assert result.plan["plan"]["format"] == "pdf"
    assert plan_fields(result.plan) == plan_fields(text.plan)
    assert result.plan["notice"] == text.plan["notice"]  # the prose above the table, line for line
    assert spaceless(without_source(result.plan["tasks"])) == spaceless(without_source(text.plan["tasks"]))
    # The header LibreOffice repeats on every page is read once: no header row among the data rows.
    document = read_document(seed_pdf, Findings())
    rows = [r for t in document.tables for r in t.rows]
    assert len(rows) == sum(len(t) - 1 for t in seed_tables()[1])
    assert not [r for r in rows if r.cells[0] == "序号"]


def test_sixty_task_pdf(folder, reference):
    notice, tables, trailing = seed_tables()
    rows = [r for table in tables for r in table[1:]]
    extra = [[str(54 + i)] + row[1:] for i, row in enumerate(rows[:7])]
    pdf = soffice_convert(write_docx(folder / "sixty.docx", notice, [[tables[0][0], *rows, *extra]], trailing),
                          "pdf", folder)
    start = time.perf_counter()
    result = import_plan(pdf, "gaoping-2023", reference)
    seconds = time.perf_counter() - start
    assert [t["seq"] for t in result.plan["tasks"]] == list(range(1, 61))
    assert spaceless([t["name"] for t in result.plan["tasks"]]) == spaceless([r[1] for r in rows + extra])
    measured("pdf-60-tasks", seconds)
    assert seconds < 30


# --- scans ---------------------------------------------------------------------------------

# The rows as a reader sees them: task 2's merged cells repeated on its four rows.
HUANGSHI_PRINTED = [HUANGSHI_ROWS[0]] + [HUANGSHI_ROWS[1][:2] + [row[2]] + HUANGSHI_ROWS[1][3:] for row in HUANGSHI_ROWS[1:]]
HUANGSHI_MERGED = [frozenset(), frozenset()] + [frozenset({0, 1, 3, 4, 5, 6, 7, 8})] * 3


@pytest.fixture(scope="module")
def huangshi_pdf(folder):
    docx = write_docx(folder / "huangshi.docx", [HUANGSHI_TITLE], [[HUANGSHI_HEADER, *HUANGSHI_ROWS]])
    return soffice_convert(docx, "pdf", folder)


def check_ocr(path: Path, reference) -> float:
    """The scan read as printed, within OCR's accuracy, every value flagged as OCR'd."""
    start = time.perf_counter()
    result = import_plan(path, "huangshi-2023", reference)
    seconds = time.perf_counter() - start
    document = read_document(path, Findings())
    assert document.ocr and document.format == "ocr" and result.plan["plan"]["format"] == "ocr"
    assert document.notice[0][1].startswith("黄石市部门联合")
    (table,) = document.tables
    assert table.header[:7] == HUANGSHI_HEADER[:7] and table.header[8] == HUANGSHI_HEADER[8]
    read = [r.cells for r in table.rows]
    assert [r.merged_from_above for r in table.rows] == HUANGSHI_MERGED  # merges found from the rules
    for got, want in zip(read, HUANGSHI_PRINTED, strict=True):
        assert got[0] == want[0] and got[3:] == want[3:]  # numbers, offices, ratio, time: exact
    accuracy = difflib.SequenceMatcher(None, "".join(sum([table.header, *read], [])),
                                       "".join(sum([HUANGSHI_HEADER, *HUANGSHI_PRINTED], []))).ratio()
    assert accuracy >= 0.98, accuracy
    plan = result.plan
    assert (plan["plan"]["jurisdiction"], plan["plan"]["year"]) == ("黄石市", 2023)
    assert [t["seq"] for t in plan["tasks"]] == [1, 2] and all(t["ocr"] is True for t in plan["tasks"])
    assert len(plan["tasks"][1]["items"]) == 3  # task 2's other 抽查事项, on rows of their own
    for task in plan["tasks"]:
        assert task["lead"]["as_written"] == "黄石市自然资源和规划局"
        assert [p["as_written"] for p in task["partners"]] == ["黄石市市场监督管理局"]
        assert (task["ratio"]["op"], task["ratio"]["value"]) == ("=", 0.2)
        assert task["months"] == [6, 12] and task["scope"] == "全市乙级测绘资质单位"
    (ocr,) = [f for f in result.findings if f.kind == "ocr"]
    assert (ocr.severity, ocr.file, ocr.message) == (
        "warning", path.as_posix(), "the document has no text layer: every value was read by OCR (tesseract "
        "chi_sim+eng); check the tasks against the original")
    return seconds


def test_scanned_pdf_is_ocrd(huangshi_pdf, folder, reference):
    seconds = check_ocr(scan(huangshi_pdf, folder / "huangshi-scan.pdf", dpi=300), reference)
    measured("ocr-page", seconds)
    assert seconds < 20


def test_png_is_ocrd(huangshi_pdf, folder, reference):
    assert check_ocr(scan(huangshi_pdf, folder / "huangshi.png", dpi=300), reference) < 20


def test_scan_without_a_ruled_table_goes_through_the_text_reader(folder):
    notice = seed_tables()[0][:4]
    page = scan(soffice_convert(write_docx(folder / "notice.docx", notice, []), "pdf", folder), folder / "notice.png",
                dpi=300)
    findings = Findings()
    document = read_document(page, findings)
    assert document.ocr and document.format == "ocr" and document.tables == []
    read = [text for _, text in document.notice]
    assert difflib.SequenceMatcher(None, "".join(read), "".join(notice)).ratio() >= 0.95, read
    assert [f.kind for f in findings if f.severity == "warning"] == ["ocr"]


def test_a_scanned_page_inside_a_text_pdf_is_reported(huangshi_pdf, folder):
    scanned = scan(huangshi_pdf, folder / "page-2.pdf", dpi=100)
    mixed = folder / "mixed.pdf"
    subprocess.run(["pdfunite", str(huangshi_pdf), str(scanned), str(mixed)], check=True, timeout=60)
    findings = Findings()
    document = read_document(mixed, findings)
    assert document.format == "pdf" and not document.ocr
    assert [r.cells[0] for r in document.tables[0].rows] == ["1", "2", "2", "2", "2"]
    (page,) = [f for f in findings if f.kind == "pdf-page-no-text"]
    assert (page.severity, page.file, page.message) == (
        "warning", str(mixed), "page 2 is a scanned image with no text layer; it is not read")


# --- missing programs ------------------------------------------------------------------------


def test_missing_programs_name_the_debian_package(huangshi_pdf, folder, monkeypatch):
    doc = folder / "plan.doc"
    doc.write_bytes(OLE + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    png = scan(huangshi_pdf, folder / "missing.png", dpi=100)
    empty = folder / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(DataError) as error:
        read_document(doc, Findings())
    assert str(error.value) == (f"{doc}: reading a .doc file needs soffice, which is not installed; install it "
                                "with: apt-get install libreoffice-writer-nogui")
    with pytest.raises(DataError) as error:
        read_document(png, Findings())
    assert str(error.value) == (f"{png}: reading a scanned document (OCR) needs tesseract, which is not installed; "
                                "install it with: apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    monkeypatch.undo()
    monkeypatch.setenv("TESSDATA_PREFIX", str(empty))  # tesseract without its Chinese model
    with pytest.raises(DataError) as error:
        read_document(png, Findings())
    assert str(error.value) == (f"{png}: reading a scanned document (OCR) needs tesseract's Chinese model, which is "
                                "not installed; install it with: apt-get install tesseract-ocr tesseract-ocr-chi-sim")


# --- unreadable files: one line, nothing written -------------------------------------------


@pytest.fixture(scope="module")
def broken(folder, seed_docx, seed_pdf):
    """(file, the one line `gongkai import` prints for it)."""
    out = folder / "broken"
    out.mkdir()
    encrypted = soffice_convert(seed_docx, 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                                '"DocumentOpenPassword":{"type":"string","value":"secret"}}', out)
    cases = [(encrypted, "unreadable file: the document is password-protected; save it without a password")]

    def case(name: str, data: bytes, reason: str) -> None:
        path = out / name
        path.write_bytes(data)
        cases.append((path, reason))

    half = len(seed_docx.read_bytes()) // 2
    case("empty.docx", b"", "unreadable file: the file is empty")
    case("empty.html", b" \r\n", "unreadable file: the file is empty")
    case("random.html", bytes(range(1, 256)) * 4, "unreadable file: the content is not a web page")
    case("random.docx", bytes(range(256)) * 8, "unreadable file: the content is not a Word document (.docx)")
    case("random.xlsx", b"\x13\x99garbage" * 100, "unreadable file: the content is not an Excel workbook (.xlsx)")
    case("random.xls", b"\x13\x99garbage" * 100, "unreadable file: the content is not an Excel 97-2003 workbook (.xls)")
    case("random.pdf", b"\x00\x01\x02" * 300, "unreadable file: the content is not a PDF")
    case("random.png", b"\x00\x01\x02" * 300, "unreadable file: the content is not an image")
    case("truncated.docx", seed_docx.read_bytes()[:half], "unreadable file: damaged zip container (File is not a zip file)")
    case("truncated.pdf", seed_pdf.read_bytes()[: len(seed_pdf.read_bytes()) // 2],
         "unreadable file: the file is damaged or truncated (Unexpected EOF)")
    case("truncated.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unreadable file: the image is damaged or truncated")
    xls = soffice_convert(write_xlsx(out / "sheet.xlsx", {"测绘": [HUANGSHI_HEADER, *HUANGSHI_ROWS]}), "xls:MS Excel 97", out)
    data = xls.read_bytes()
    case("damaged.xls", data[:512] + b"\x00" * 1024 + data[1536:],
         "unreadable file: the file is damaged or truncated (directory corruption: seen[0] == 2)")
    case("truncated.xls", data[: len(data) // 2],
         "unreadable file: a damaged or truncated Office 97-2003 file (no Word or Excel part)")
    far = write_xlsx(out / "far.xlsx", {"测绘": [HUANGSHI_HEADER, *HUANGSHI_ROWS]})
    _far_cell(far)
    cases.append((far, "unreadable file: sheet '测绘' spans 1048576 rows × 16384 columns, far more than any plan"))
    bomb = ROOT / "tests" / "damaged" / "xls-declares-huge-sheet.xls"  # a damaged copy xlrd filled memory with
    case("huge.xls", bomb.read_bytes(), "unreadable file: it needs more memory than any plan: the file is damaged")
    case("other.doc", OLE + b"\x00" * 600,
         "unreadable file: a damaged or truncated Office 97-2003 file (no Word or Excel part)")
    case("encrypted.xlsx", OLE + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600,
         "unreadable file: the document is password-protected; save it without a password")
    case("archive.docx", _zip({"readme.txt": b"not a document"}),
         "unreadable file: a zip archive that is neither a Word nor an Excel document")
    return cases


def _far_cell(path: Path) -> None:
    """One stray value in the sheet's last cell, XFD1048576."""
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    workbook["测绘"]["XFD1048576"] = "x"
    workbook.save(path)


def _zip(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_unreadable_files_are_one_line(broken, folder):
    runner = CliRunner()
    out = folder / "out"
    for path, reason in broken:
        result = runner.invoke(main, ["import", str(path), "--plan-id", "broken", "--out", str(out),
                                      "--config", str(ROOT / "site_config.yml")])
        assert result.exit_code == 1, (path, result.output)
        assert result.output.splitlines() == [f"Error: {path}: {reason}"]
        assert not out.exists()
