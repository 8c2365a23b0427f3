"""A document's format from its first bytes, checked against its suffix.

Offices rename files freely (a portal's "Excel" export is often an HTML table, a
.doc is often a .docx), so the content decides; a suffix that the content
contradicts is reported as a note. A known binary suffix on content that is none
of the formats is an unreadable file, one clear error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from generator.core.findings import DataError, Findings

SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text", ".tsv": "text", ".text": "text", ".md": "text",
    ".csv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
    ".docx": "docx", ".doc": "doc",
    ".html": "html", ".htm": "html", ".shtml": "html",
    ".pdf": "pdf",
    ".png": "image", ".jpg": "image", ".jpeg": "image",
}
FORMAT_NAMES = {"text": "a text file", "csv": "a CSV file", "xlsx": "an Excel workbook (.xlsx)",
                "xls": "an Excel 97-2003 workbook (.xls)", "docx": "a Word document (.docx)",
                "doc": "a Word 97-2003 document (.doc)", "html": "a web page", "pdf": "a PDF", "image": "an image"}
MAX_UNPACKED = 512 * 2**20
MAX_MEMBERS = 20000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _zip_format(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:  # NotImplemented: a garbled version field
        raise DataError(f"{path}: unreadable file: damaged zip container ({exc})") from None
    # A zip bomb (a few KB that unpack to gigabytes) is refused before any library unpacks it.
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise DataError(f"{path}: unreadable file: it unpacks to more than {MAX_UNPACKED // 2**20} MB "
                        f"or {MAX_MEMBERS} parts, far more than any plan")
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise DataError(f"{path}: unreadable file: a zip archive that is neither a Word nor an Excel document")


def _ole_format(path: Path, data: bytes) -> str:
    """Word/Excel 97-2003 files are OLE containers; their stream names tell which."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise DataError(f"{path}: unreadable file: the document is password-protected; save it without a password")
    if _utf16("WordDocument") in data:
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    # The stream names sit in the container's directory: a cut file has lost it.
    raise DataError(f"{path}: unreadable file: a damaged or truncated Office 97-2003 file (no Word or Excel part)")


def _by_content(path: Path, data: bytes) -> str | None:
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if data.startswith(_OLE):
        return _ole_format(path, data)
    if data.lstrip()[:5] == b"%PDF-" or data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        return "image"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head or b"<table" in head):
        return "html"
    return None


def detect_format(path: Path, findings: Findings) -> str:
    suffix = path.suffix.lower()
    expected = SUFFIX_FORMATS.get(suffix)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read the file: {exc.strerror}") from None
    if not data.strip():
        raise DataError(f"{path}: unreadable file: the file is empty")
    found = _by_content(path, data)
    if found is None:
        if expected in (None, "text", "csv"):
            if expected is None:
                raise DataError(f"{path}: unsupported file type {suffix or '(none)'}; use .docx, .doc, .xlsx, "
                                ".xls, .csv, .html, .pdf, .png, .jpg, .txt or .md")
            return expected
        raise DataError(f"{path}: unreadable file: the content is not {FORMAT_NAMES[expected]}")
    if expected is not None and found != expected:
        findings.info("format-by-content", f"the file is named {suffix} but holds {FORMAT_NAMES[found]}; "
                      "read as its content says", file=str(path))
    return found
