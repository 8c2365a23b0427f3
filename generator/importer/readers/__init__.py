"""Readers of the binary formats offices publish plans in: Word, Excel, HTML, PDF, scans.

`read(path, format, findings)` returns a `Document` (generator.importer.sources)
with `Document.format` set; text files are read by sources._read_text. Any file a
reader's library cannot open (damaged, truncated, encrypted, random bytes) is one
`DataError` naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from generator.core.findings import DataError, Findings
from generator.importer.readers.sniff import detect_format
from generator.importer.sources import Document

__all__ = ["detect_format", "read"]


def _library_errors() -> tuple[type[BaseException], ...]:
    """What the libraries raise on a damaged or encrypted file (imported only when a reader ran)."""
    # OSError and zlib.error: a damaged zip member; RecursionError: xlrd on a looping OLE directory.
    errors: list[type[BaseException]] = [zipfile.BadZipFile, KeyError, ValueError, EOFError, struct.error,
                                         ParseError, ExpatError, IndexError, AssertionError, OSError, zlib.error,
                                         RecursionError, NotImplementedError]
    try:
        from lxml.etree import LxmlError
        errors.append(LxmlError)
    except ImportError:
        pass
    try:
        from xlrd import XLRDError
        from xlrd.compdoc import CompDocError
        errors.extend([XLRDError, CompDocError])
    except ImportError:
        pass
    try:
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfplumber.utils.exceptions import PdfminerException
        errors.extend([PDFSyntaxError, PSException, PDFEncryptionError, PDFPasswordIncorrect, PdfminerException])
    except ImportError:
        pass
    return tuple(errors)


def _reader(fmt: str):
    if fmt == "csv":
        from generator.importer.readers.spreadsheet import read_csv
        return read_csv
    if fmt == "xlsx":
        from generator.importer.readers.spreadsheet import read_xlsx
        return read_xlsx
    if fmt == "xls":
        from generator.importer.readers.spreadsheet import read_xls
        return read_xls
    if fmt in ("docx", "doc"):
        from generator.importer.readers.word import read_doc, read_docx
        return read_docx if fmt == "docx" else read_doc
    if fmt == "html":
        from generator.importer.readers.html_page import read_html
        return read_html
    if fmt == "pdf":
        from generator.importer.readers.pdf import read_pdf
        return read_pdf
    from generator.importer.readers.ocr import read_image
    return read_image


def read(path: Path, fmt: str, findings: Findings, header=None, vocabulary=None) -> Document:
    """`header`: which row starts a table (None: a plan's task header, sources.is_header);
    `vocabulary`: the columns text is recovered with (a PDF's scanned pages, an image: OCR'd text)."""
    reader = _reader(fmt)
    try:
        if fmt in ("csv", "xlsx", "xls", "docx", "doc", "html"):
            return reader(path, findings, header)
        return reader(path, findings, header, vocabulary)
    except DataError:
        raise
    except _library_errors() as exc:
        raise DataError(f"{path}: unreadable file: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    # pdfplumber wraps pdfminer's error (PDFPasswordIncorrect …) in its own: look inside too.
    causes = [exc, exc.__cause__, exc.__context__, *[a for a in exc.args if isinstance(a, BaseException)]]
    names = " ".join(type(c).__name__.lower() for c in causes if c is not None)
    text = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else ""
    if "password" in names or "encrypt" in names or "password" in text.lower():
        return "the document is password-protected; save it without a password"
    return f"the file is damaged or truncated ({text})" if text else "the file is damaged or truncated"
