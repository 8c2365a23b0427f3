"""The Debian programs some formats need (LibreOffice, tesseract, pdftoppm), run safely.

Each runs on a copy of nothing but the input, in a private temporary folder that
is always removed, with a time limit; a missing program is one line naming the
Debian package that provides it. Nothing is downloaded at run time.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator.core.findings import DataError

# Program -> the Debian packages that provide what this importer needs of it.
PACKAGES = {
    "soffice": "libreoffice-writer-nogui",  # .doc only: .xls is read by xlrd
    "tesseract": "tesseract-ocr tesseract-ocr-chi-sim",
    "pdftoppm": "poppler-utils",
}
CONVERT_SECONDS = 180
OCR_SECONDS = 120


def require(program: str, path: Path, purpose: str) -> str:
    found = shutil.which(program)
    if not found:
        raise DataError(f"{path}: {purpose} needs {program}, which is not installed; "
                        f"install it with: apt-get install {PACKAGES[program]}")
    return found


@contextmanager
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="gongkai-") as folder:
        yield Path(folder)


def run(command: list[str], path: Path, what: str, seconds: int) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(command, capture_output=True, timeout=seconds, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise DataError(f"{path}: unreadable file: {what} did not finish within {seconds} s") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise DataError(f"{path}: unreadable file: {what} failed ({reason[-1] if reason else done.returncode})")
    return done


def convert(path: Path, target: str, folder: Path) -> Path:
    """`path` converted by LibreOffice headless to `target` (docx, xlsx) inside `folder`."""
    soffice = require("soffice", path, f"reading a {path.suffix} file")
    source = folder / f"input{path.suffix.lower()}"
    shutil.copyfile(path, source)
    # A profile of its own: a LibreOffice already running for the user would
    # otherwise take the job over (or lock the profile) and convert nothing.
    profile = (folder / "profile").as_uri()
    run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(folder / "out"), str(source)], path, f"LibreOffice converting it to {target}",
        CONVERT_SECONDS)
    converted = folder / "out" / f"input.{target}"
    if not converted.exists():
        raise DataError(f"{path}: unreadable file: LibreOffice could not convert it to {target}")
    return converted
