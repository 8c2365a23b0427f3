"""Damaged copies of real Word, Excel, PDF and web-page plans: never a traceback.

Each file is written by the real programs, then damaged the ways files are damaged on
the way to an office (bytes changed, cut short, a block overwritten), with a fixed seed
so every run tries the same files. Reading one either works or stops with one DataError
naming the file; the command line prints nothing else.
"""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

from tests.builders import html_table, portal_page, soffice_convert, write_docx, write_xlsx
from tests.builders.rows import FENYANG_ROWS, HUANGSHI_HEADER, HUANGSHI_ROWS, ROOT
from generator.cli import main
from generator.core.findings import DataError, Findings
from generator.importer.sources import read_document

TRIES = 24


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    docx = write_docx(folder / "plan.docx", [], [FENYANG_ROWS])
    xlsx = write_xlsx(folder / "plan.xlsx", {"测绘": [HUANGSHI_HEADER, *HUANGSHI_ROWS]})
    page = folder / "plan.html"
    page.write_bytes(portal_page("汾阳市部门联合抽查事项清单", [["索引号", "1"]], html_table(FENYANG_ROWS), "2021-08-17"))
    return folder, [docx, xlsx, page, soffice_convert(docx, "pdf", folder), soffice_convert(xlsx, "xls:MS Excel 97", folder)]


def damaged(data: bytes, rng: random.Random, way: int) -> bytes:
    copy = bytearray(data)
    if way == 0:
        for _ in range(rng.randint(1, 20)):
            copy[rng.randrange(len(copy))] = rng.randrange(256)
    elif way == 1:
        del copy[rng.randrange(len(copy)):]
    else:
        start = rng.randrange(len(copy))
        copy[start:start + rng.randint(1, 500)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 500)))
    return bytes(copy)


def test_damaged_files_read_or_stop_with_one_error(originals):
    folder, files = originals
    rng = random.Random(20231)
    outcomes = {"read": 0, "refused": 0}
    runner = CliRunner()
    for original in files:
        data = original.read_bytes()
        for attempt in range(TRIES):
            path = folder / f"damaged-{attempt}{original.suffix}"
            path.write_bytes(damaged(data, rng, attempt % 3))
            try:
                read_document(path, Findings())
                outcomes["read"] += 1
            except DataError as error:
                assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
                outcomes["refused"] += 1
                result = runner.invoke(main, ["import", str(path), "--plan-id", "x", "--out", str(folder / "out"),
                                              "--config", str(ROOT / "site_config.yml")])
                assert result.exit_code == 1 and result.output.splitlines() == [f"Error: {error}"]
    assert outcomes["read"] and outcomes["refused"]
    assert not (folder / "out").exists()
