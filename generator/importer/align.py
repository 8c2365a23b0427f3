"""Align the fragments of one text row to the header's columns (dynamic programming).

A row's fragments come in reading order; each goes under a column, never to the left of
the fragment before it (a monotone alignment). A column may take no fragment (a missing
cell), or several (a cell wrapped onto the next line, numbered items 1、… 2、…). In a
table printed a row per line, a continuation line may also start a sub-row: the
merged-cell continuation of the task above (its own 抽查事项, lead, partners).

Costs say how a careful reader weighs the evidence: a fragment whose content class the
column takes costs nothing; a department name under the ratio costs much; a cell that
ends open (市邮政管理局、) is continued by the next line for free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.columns import COLUMN_TAKES

FREE_FIELDS = {"name", "field", "items", "scope", "jurisdiction", "duty"}
LOOSE_FIELDS = {None, "extra", "notes"}
SKIP_MAIN, SKIP_SUB, RESTART, TRAILING_AT_RESTART = 1.0, 0.1, 0.6, 0.5
_NUMBERED = re.compile(r"^\d{1,2}\s*[、.．]")
_LABEL = re.compile(r"^([\u4e00-\u9fff]{1,6})\s*[:：]")
LIKE_ABOVE = 0.2  # a labelled fragment (基数:7) goes where the rows above put that label
INF = float("inf")
RESTART_FIELDS = {"name", "field", "items", "scope", "lead", "partners"}


@dataclass
class Fragment:
    text: str
    line: int
    first: bool  # first fragment on its line
    cls: str  # content class, columns.cell_class
    open_end: bool  # ends with 、 or 或 …: the cell goes on
    alone: bool = False  # the only fragment on its line


def field_fit(fragment: Fragment, field: str | None, row_start: bool) -> float:
    """What it costs to put the fragment under a column of this field."""
    if field == "seq":
        return 0.0 if row_start and fragment.cls in ("count", "seq") else 5.0
    if row_start and fragment.cls in ("count", "seq"):
        return 3.0  # a number that starts a row is its 序号 when the table has one
    if field in LOOSE_FIELDS:
        return 0.0 if fragment.cls == "kind" else 0.3 if fragment.cls == "text" else 0.5
    if field in FREE_FIELDS or field not in COLUMN_TAKES:
        if fragment.cls == "text":
            return 0.0
        return 2.0 if fragment.cls == "count" else 1.5
    if fragment.cls in COLUMN_TAKES[field]:
        return 0.0
    return 1.2 if fragment.cls == "text" else 2.5


def join(previous: Fragment, fragment: Fragment, one_cell_per_line: bool) -> float:
    """What it costs to continue the previous fragment's cell with this one."""
    if _NUMBERED.match(previous.text) and _NUMBERED.match(fragment.text):
        return 0.05
    if previous.open_end:
        return 0.0 if fragment.first else 0.3
    if fragment.first:
        # A line of one fragment continues a wrapped cell; a line of several is a row of its own.
        return 0.8 if one_cell_per_line or not fragment.alone else 0.2
    return 1.0


OPEN_LEFT = 0.5  # a cell that ends open (、 或) but is not continued


def label(text: str) -> str | None:
    """The label a cell's text starts with (基数:7 -> 基数), if any."""
    match = _LABEL.match(text)
    return match.group(1) if match else None


def align_row(fragments: list[Fragment], fields: list[str | None], sub_rows: bool,
              labels: list[set[str]] | None = None) -> list[tuple[int, list[str], bool]]:
    """[(line, cells, continuation?)]: the row, then each sub-row a continuation line started."""
    if not fragments:
        return []
    ncols = len(fields)
    has_seq = "seq" in fields
    restart_max = max((i for i, f in enumerate(fields) if f in ("items", "name", "field")), default=0)
    seq_at = fields.index("seq") if has_seq else -1
    # best[k][j][s]: cost after fragment k sits in column j, in the main row (s=0) or a sub-row (1).
    best = [[[INF, INF] for _ in range(ncols)] for _ in fragments]
    back: list[list[list[tuple | None]]] = [[[None, None] for _ in range(ncols)] for _ in fragments]
    first = fragments[0]
    for j in range(ncols):
        best[0][j][0] = SKIP_MAIN * j + field_fit(first, fields[j], has_seq)
    # Fragments up to the 序号's column may be the row's 序号 (a place may be printed before it).
    starting = seq_at if has_seq else -1

    def fit(fragment: Fragment, field: str | None, row_start: bool, j: int) -> float:
        cost = field_fit(fragment, field, row_start)
        tag = label(fragment.text)
        return max(0.0, cost - LIKE_ABOVE) if tag and labels and tag in labels[j] else cost

    for k in range(1, len(fragments)):
        fragment, previous = fragments[k], fragments[k - 1]
        for j in range(ncols):
            for s in (0, 1):
                cost = best[k - 1][j][s]
                if cost == INF:
                    continue
                if fields[j] != "seq":
                    _relax(best, back, k, j, s, cost + join(previous, fragment, not sub_rows)
                           + fit(fragment, fields[j], k <= starting, j), (j, s, "join"))
                left_open = OPEN_LEFT if previous.open_end else 0.0
                for j2 in range(j + 1, ncols):
                    skip = (SKIP_SUB if s else SKIP_MAIN) * (j2 - j - 1)
                    _relax(best, back, k, j2, s, cost + left_open + skip + fit(fragment, fields[j2], k <= starting, j2),
                           (j, s, "next"))
                if sub_rows and fragment.first:
                    trailing = 0.0 if s else TRAILING_AT_RESTART * (ncols - 1 - j)
                    for j2 in range(seq_at + 1, restart_max + 1):
                        # A sub-row starts with a cell that plainly belongs where it starts.
                        if fields[j2] in RESTART_FIELDS and field_fit(fragment, fields[j2], False) == 0.0:
                            late = 0.05 * (restart_max - j2)  # merged cells sit on the left: start late
                            _relax(best, back, k, j2, 1, cost + left_open + trailing + RESTART + late,
                                   (j, s, "restart"))
    last = len(fragments) - 1
    end = min(((best[last][j][s] + (0 if s else SKIP_MAIN * (ncols - 1 - j)), j, s)
               for j in range(ncols) for s in (0, 1)))
    return _groups(fragments, back, end[1], end[2], ncols)


def _relax(best, back, k, j, s, cost, pointer) -> None:
    if cost < best[k][j][s]:
        best[k][j][s] = cost
        back[k][j][s] = pointer


def _groups(fragments, back, j, s, ncols) -> list[tuple[int, list[str], bool]]:
    placed: list[tuple[int, bool]] = []  # (column, starts a sub-row?) per fragment
    for k in range(len(fragments) - 1, -1, -1):
        pointer = back[k][j][s]
        placed.append((j, bool(pointer and pointer[2] == "restart")))
        if pointer:
            j, s = pointer[0], pointer[1]
    placed.reverse()
    groups: list[tuple[int, list[list[str]], bool]] = []
    for fragment, (column, restart) in zip(fragments, placed):
        if not groups or restart:
            groups.append((fragment.line, [[] for _ in range(ncols)], bool(groups)))
        groups[-1][1][column].append(fragment.text)
    return [(line, [" ".join(c) for c in cells], continuation) for line, cells, continuation in groups]
