"""Read a legacy .xls in a child process with a memory and time limit: `python -m` this module.

xlrd trusts the sizes a file declares: a damaged .xls can make it allocate gigabytes or
loop. It runs here, apart, under an address-space limit; the parent waits a bounded time
and turns whatever goes wrong into one error line. The sheets come back as JSON on
standard output: [{"name", "values", "ranges"}], or {"error": reason}.
"""

from __future__ import annotations

import json
import os
import resource
import sys

CPU_SECONDS = 60
MEMORY = 512 * 2**20  # far more than any real plan's workbook needs


def sheets(path: str) -> list[dict]:
    """Each sheet's cells as JSON values: text, a number, ["date", iso] or "" (the parent formats them)."""
    import xlrd  # the only import here: the limit is on this process's whole address space

    def value(cell, datemode: int):
        if cell.ctype == xlrd.XL_CELL_DATE:
            return ["date", xlrd.xldate_as_datetime(cell.value, datemode).isoformat()]
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return ""
        return cell.value

    # formatting_info: without it xlrd does not report merged ranges. Its log goes nowhere.
    with open(os.devnull, "w", encoding="utf-8") as log:
        book = xlrd.open_workbook(path, formatting_info=True, on_demand=True, logfile=log, verbosity=0)
        try:
            return [{"name": sheet.name,
                     "values": [[value(sheet.cell(r, c), book.datemode) for c in range(sheet.ncols)]
                                for r in range(sheet.nrows)],
                     "ranges": [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]}
                    for sheet in book.sheets()]
        finally:
            book.release_resources()


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    try:
        result: object = sheets(sys.argv[1])
    except MemoryError:
        result = {"error": "it needs more memory than any plan: the file is damaged"}
    except Exception as exc:  # noqa: BLE001 — the child reports every failure of xlrd as a reason
        text = str(exc).strip().splitlines()[0][:80] if str(exc).strip() else type(exc).__name__
        result = {"error": f"the file is damaged or truncated ({text})"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
