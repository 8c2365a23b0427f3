"""Scans: an image (.png/.jpg) or a PDF with no text layer, read by Debian's tesseract.

PDF pages are rasterised by pdftoppm at 300 dpi; both programs run in a private
temporary folder that is always removed. A page's ruled table is found from its
rules (scan.py), merged cells included; the rules are painted out and every cell
is recognised on its own, all of them in one tesseract run, so a wrapped cell
stays one cell. The grid then goes through the same assembly as every other
table. A page with no ruled table gives lines (a tab wherever the words leave a
column gutter) that go through the text reader, never a second one. Every value
of the document is flagged as OCR'd (Document.ocr, task.ocr) with one `ocr` finding.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from pathlib import Path

import numpy as np

from generator.core.findings import DataError, Findings
from generator.importer.readers import tools
from generator.importer.readers.grid import Grid, Lines, Numbering, assemble, join_wrapped
from generator.importer.readers.scan import INK, Ruling, erase_rules, find_ruling
from generator.importer.sources import Document, SourceRow, _read_text, is_header
from generator.importer.vocabulary import PLAN_COLUMNS
from generator.importer.text import _CJKISH

# tesseract puts spaces around Chinese characters that the page does not have (2023 年 6 月).
_OCR_SPACE = re.compile(f"[ \\t]+(?={_CJKISH})|(?<={_CJKISH})[ \\t]+")
_NOISE = "“”《》。'\"|_"
_OPENING = {"“": "”", "《": "》", "'": "'", '"': '"'}
_SURE = 80.0  # tesseract's confidence above which a word is taken as read
# Chinese with tesseract's English model beside it: chi_sim alone reads 20% as 209%.
MODELS = ("chi_sim", "eng")
LANGUAGE = "+".join(MODELS)
DPI = 300
GUTTER = 2.0  # a gap wider than this many character heights separates two cells


def _require_tesseract(path: Path) -> str:
    program = tools.require("tesseract", path, "reading a scanned document (OCR)")
    try:
        languages = subprocess.run([program, "--list-langs"], capture_output=True, timeout=30).stdout.decode()
    except subprocess.TimeoutExpired:
        languages = ""
    if not set(MODELS) <= set(languages.split()):
        raise DataError(f"{path}: reading a scanned document (OCR) needs tesseract's Chinese model, which is "
                        f"not installed; install it with: apt-get install {tools.PACKAGES['tesseract']}")
    return program


def read_image(path: Path, findings: Findings, header=None, vocabulary=None) -> Document:
    tesseract = _require_tesseract(path)
    with tools.workdir() as folder:
        image = folder / f"page{path.suffix.lower()}"
        image.write_bytes(path.read_bytes())
        return _document(path, [image], tesseract, folder, findings, header, vocabulary)


def read_scanned_pdf(path: Path, findings: Findings, header=None, vocabulary=None) -> Document:
    tesseract = _require_tesseract(path)
    pdftoppm = tools.require("pdftoppm", path, "reading a scanned PDF")
    with tools.workdir() as folder:
        tools.run([pdftoppm, "-r", str(DPI), "-png", str(path), str(folder / "page")], path,
                  "pdftoppm rasterising its pages", tools.CONVERT_SECONDS)
        pages = sorted(folder.glob("page*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[-1] or 0))
        return _document(path, pages, tesseract, folder, findings, header, vocabulary)


def _document(path: Path, images: list[Path], tesseract: str, folder: Path, findings: Findings,
              header, vocabulary=None) -> Document:
    """Ruled tables cell by cell (scan.py); a page with no ruled table as lines for the text reader."""
    blocks: list[Lines | Grid] = []
    loose: list[str] = []
    numbering = Numbering()
    for index, image in enumerate(images):
        pages = folder / f"page-{index}"
        pages.mkdir()
        page = _page(image, path, tesseract, pages, numbering, continues=index > 0)
        if isinstance(page, list):
            blocks.extend(page)
        else:
            loose.extend(page.splitlines() + [""])
    if blocks and not loose:
        document = assemble(str(path), "ocr", blocks, findings, header)
    else:
        document = _text_document(path, loose, folder, findings, header, vocabulary)
    document.ocr = True
    findings.warning("ocr", f"the document has no text layer: every value was read by OCR (tesseract {LANGUAGE}); "
                     "check the tasks against the original", file=str(path))
    return document


def _page(image: Path, path: Path, tesseract: str, folder: Path, numbering: Numbering, continues: bool):
    """A page as blocks (text lines and its ruled table), or as plain text lines when it has no table."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as opened:
            grey = np.asarray(opened.convert("L"))
    except (UnidentifiedImageError, OSError):
        raise DataError(f"{path}: unreadable file: the image is damaged or truncated") from None
    except Image.DecompressionBombError:
        raise DataError(f"{path}: unreadable file: the image has more pixels than any page scan") from None
    ruling = find_ruling(grey)
    if ruling is None:
        return "\n".join(_line(words) for words in _words(tesseract, image, path).values())
    clean = erase_rules(grey, ruling)
    x0, top, x1, bottom = ruling.bbox
    regions = {"above": clean[:max(1, top - 4)], "below": clean[bottom + 5:]}
    for r, c in ruling.origins():
        left, upper, right, lower = ruling.extent(r, c)
        regions[(r, c)] = clean[upper + 4:lower - 3, left + 4:right - 3]
    words = _recognise(tesseract, regions, folder, path)
    above = [Lines([(numbering.next(), _line(line))]) for line in words.get("above", [])]
    grid = Grid(_grid_rows(ruling, words, numbering), continues=continues)
    below = [Lines([(numbering.next(), _line(line))]) for line in words.get("below", [])]
    return [*above, grid, *below]


def _recognise(tesseract: str, regions: dict, folder: Path, path: Path) -> dict:
    """Each region's lines of words, from one tesseract run over all of them (its model loads once).

    Each cell is recognised on its own, framed in white: tesseract reads a small uniform
    block far better than a page of columns.
    """
    from PIL import Image

    listed: list[object] = []
    names: list[str] = []
    for index, (key, pixels) in enumerate(regions.items()):
        if pixels.size == 0 or not (pixels < INK).any():
            continue
        name = folder / f"region-{index}.png"
        Image.fromarray(np.pad(pixels, 12, constant_values=255)).save(name)
        listed.append(key)
        names.append(str(name))
    if not names:
        return {}
    (folder / "regions.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    found: dict = {}
    for (page, *line), words in _words(tesseract, folder / "regions.txt", path).items():
        found.setdefault(listed[int(page) - 1], []).append(words)
    return found


def _grid_rows(ruling: Ruling, words: dict, numbering: Numbering) -> list[SourceRow]:
    rows: list[SourceRow] = []
    for r in range(len(ruling.rows) - 1):
        texts: list[str] = []
        merged: set[int] = set()
        for c in range(len(ruling.columns) - 1):
            origin = ruling.cell_at(ruling.columns[c] + 1, ruling.rows[r] + 1)
            if origin == (r, c):
                texts.append(_cell_text(words.get(origin, [])))
            elif origin is not None and origin[1] == c:
                texts.append(rows[-1].cells[c])  # covered from above: the text above, copied down
                merged.add(c)
            else:
                texts.append("")  # covered from the left
        rows.append(SourceRow(texts, numbering.next(), frozenset(merged)))
    return rows


def _denoised(word: dict) -> str:
    """A word without the quote marks tesseract reads into the blank left by an erased rule.

    They come with low confidence, alone (”, 。”) or glued to the word's start (”抽查,
    《黄石): a closing mark never starts a word, and an opening one only with its pair.
    """
    text = word["text"].strip()
    if float(word.get("conf") or 0) >= _SURE:
        return text
    if not text.strip(_NOISE):
        return ""
    while text[:1] in _NOISE and (text[:1] not in _OPENING or _OPENING[text[:1]] not in text[1:]):
        text = text[1:]
    return text


def _cell_text(lines: list[list[dict]]) -> str:
    """The cell's lines, top to bottom, joined as wrapped lines (grid.join_wrapped)."""
    kept = [[dict(w, text=_denoised(w)) for w in line] for line in lines]
    ordered = sorted((ws for ws in ([w for w in line if w["text"]] for line in kept) if ws),
                     key=lambda ws: min(int(w["top"]) for w in ws))
    text = "\n".join(_OCR_SPACE.sub("", " ".join(w["text"] for w in sorted(ws, key=lambda w: int(w["left"]))))
                     for ws in ordered)
    return join_wrapped(text)


def _words(tesseract: str, image: Path, path: Path) -> dict[tuple[str, str, str, str], list[dict]]:
    """tesseract's words with their boxes, by (page, block, paragraph, line); `image` may be a
    list of images, one per line of a text file, each a page."""
    done = tools.run([tesseract, str(image), "-", "-l", LANGUAGE, "--psm", "6", "tsv"], path,
                     "tesseract recognising its text", tools.OCR_SECONDS)
    words: dict[tuple[str, str, str, str], list[dict]] = {}
    table = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                           quoting=csv.QUOTE_NONE)
    for word in table:
        if word.get("level") == "5" and (word.get("text") or "").strip():
            words.setdefault((word["page_num"], word["block_num"], word["par_num"], word["line_num"]), []).append(word)
    return words


def _line(words: list[dict]) -> str:
    """A line of words, cells separated by tabs where the words leave a column gutter."""
    words = sorted(words, key=lambda w: int(w["left"]))
    height = sorted(int(w["height"]) for w in words)[len(words) // 2] or 1
    cells: list[list[str]] = [[]]
    right = None
    for word in words:
        left = int(word["left"])
        if right is not None and left - right > GUTTER * height:
            cells.append([])
        cells[-1].append(_denoised(word))
        right = left + int(word["width"])
    # tesseract splits Chinese into one "word" per few characters: rejoin them.
    return "\t".join(_OCR_SPACE.sub("", " ".join(t for t in cell if t)) for cell in cells)


def _text_document(path: Path, lines: list[str], folder: Path, findings: Findings, header, vocabulary) -> Document:
    """The recognised lines read by the text reader, its findings placed on the scanned file."""
    recognised = folder / "recognised.txt"
    recognised.write_text("\n".join(lines) + "\n", encoding="utf-8")
    own = Findings()
    document = _read_text(recognised, own, header or is_header, vocabulary or PLAN_COLUMNS)
    for finding in own:
        findings.add(finding.kind, finding.message, finding.severity, file=str(path), row=finding.row,
                     column=finding.column)
    document.path = str(path)
    document.format = "ocr"
    return document
