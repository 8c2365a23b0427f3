"""The ruled table of a scanned page, found from its lines, for OCR.

A plan table is ruled: long horizontal rules separate its rows, vertical rules
its columns. Reading the rules gives the cells, including merged ones (a rule
that stops short is a merged cell), which OCR of the page's lines cannot: a
wrapped cell spreads over several text lines that belong to one row. The rules
are then painted out (tesseract misreads text that touches them) and each word
tesseract reports is put in the cell its centre falls in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INK = 150  # grey level under which a pixel is ink (0 black, 255 white)
RULE_SHARE = 0.35  # a horizontal rule runs at least this share of the page width
SEGMENT_SHARE = 0.9  # a vertical rule covers at least this share of a row's height


@dataclass
class Ruling:
    rows: list[int]  # y of each horizontal rule, top to bottom
    columns: list[int]  # x of each vertical rule, left to right
    # left[r][c]: the rule on the left of cell (r, c) is drawn; top[r][c]: the rule above it
    left: list[list[bool]]
    top: list[list[bool]]

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        return self.columns[0], self.rows[0], self.columns[-1], self.rows[-1]

    def origins(self) -> list[tuple[int, int]]:
        """(row, column) of every cell, a merged one counted once, at its top left."""
        return [(r, c) for r in range(len(self.rows) - 1) for c in range(len(self.columns) - 1)
                if self.left[r][c] or c == 0 if self.top[r][c] or r == 0]

    def extent(self, r: int, c: int) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the cell at (r, c) with every cell merged into it."""
        right, bottom = c + 1, r + 1
        while right < len(self.columns) - 1 and not self.left[r][right]:
            right += 1
        while bottom < len(self.rows) - 1 and not self.top[bottom][c]:
            bottom += 1
        return self.columns[c], self.rows[r], self.columns[right], self.rows[bottom]

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """The origin (row, column) of the possibly merged cell that holds the point."""
        r = _band(self.rows, y)
        c = _band(self.columns, x)
        if r is None or c is None:
            return None
        while c > 0 and not self.left[r][c]:
            c -= 1
        while r > 0 and not self.top[r][c]:
            r -= 1
        return r, c


def _band(edges: list[int], value: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= value < edges[i + 1]:
            return i
    return None


def _groups(indices: np.ndarray) -> list[int]:
    """Centres of runs of consecutive indices (a rule is a few pixels thick)."""
    if not len(indices):
        return []
    runs, start, last = [], indices[0], indices[0]
    for i in indices[1:]:
        if i != last + 1:
            runs.append((start + last) // 2)
            start = i
        last = i
    runs.append((start + last) // 2)
    return [int(r) for r in runs]


def _longest_runs(ink: np.ndarray) -> np.ndarray:
    """The longest run of ink along each row of a boolean array."""
    padded = np.pad(ink.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    best = np.zeros(ink.shape[0], dtype=int)
    for r in np.nonzero(ink.any(axis=1))[0]:
        starts, ends = np.nonzero(edges[r] == 1)[0], np.nonzero(edges[r] == -1)[0]
        best[r] = int((ends - starts).max())
    return best


def find_ruling(grey: np.ndarray) -> Ruling | None:
    ink = grey < INK
    height, width = ink.shape
    rows = _groups(np.nonzero(_longest_runs(ink) >= RULE_SHARE * width)[0])
    if len(rows) < 3:
        return None  # not a table of at least a header and one row
    top, bottom = rows[0], rows[-1]
    band = ink[top:bottom + 1]
    candidates = _groups(np.nonzero(band.mean(axis=0) >= 0.2)[0])
    columns = [x for x in candidates if _covers_a_row(ink, x, rows)]
    if len(columns) < 3:
        return None
    rows = _all_rows(ink, rows, columns)
    left = [[_vertical(ink, x, rows[r], rows[r + 1]) for x in columns[:-1]] for r in range(len(rows) - 1)]
    top_rules = [[_horizontal(ink, rows[r], columns[c], columns[c + 1]) for c in range(len(columns) - 1)]
                 for r in range(len(rows) - 1)]
    return Ruling(rows, columns, left, top_rules)


def _all_rows(ink: np.ndarray, rows: list[int], columns: list[int]) -> list[int]:
    """The full-width rules and the short ones that split a single column (one 抽查事项 per row
    beside cells merged over them)."""
    found = set(rows)
    for x0, x1 in zip(columns, columns[1:]):
        inside = ink[rows[0]:rows[-1] + 1, x0 + 4:x1 - 3]
        if inside.shape[1]:
            found.update(rows[0] + y for y in np.nonzero(inside.mean(axis=1) >= SEGMENT_SHARE)[0])
    return _groups(np.array(sorted(found)))


def _covers_a_row(ink: np.ndarray, x: int, rows: list[int]) -> bool:
    return any(_vertical(ink, x, rows[r], rows[r + 1]) for r in range(len(rows) - 1))


def _vertical(ink: np.ndarray, x: int, y0: int, y1: int) -> bool:
    strip = ink[y0:y1, max(0, x - 2):x + 3].any(axis=1)
    return bool(strip.mean() >= SEGMENT_SHARE) if len(strip) else False


def _horizontal(ink: np.ndarray, y: int, x0: int, x1: int) -> bool:
    strip = ink[max(0, y - 2):y + 3, x0 + 4:x1 - 3].any(axis=0)
    return bool(strip.mean() >= SEGMENT_SHARE) if len(strip) else False


def erase_rules(grey: np.ndarray, ruling: Ruling) -> np.ndarray:
    """The page with its table rules painted white, so no glyph touches a line."""
    clean = grey.copy()
    x0, y0, x1, y1 = ruling.bbox
    reach = max(4, (ruling.rows[-1] - ruling.rows[0]) // 400)  # rules are thicker in finer scans
    for y in ruling.rows:
        clean[max(0, y - reach):y + reach + 1, max(0, x0 - reach):x1 + reach + 1] = 255
    for x in ruling.columns:
        clean[max(0, y0 - reach):y1 + reach + 1, max(0, x - reach):x + reach + 1] = 255
    return clean
