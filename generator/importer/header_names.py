"""Split a text table's header fragments into its column names (for layouts.py).

Copied headers wrap mid-name (抽查比例 / 及频次) and lose the spaces between names
(地市序号抽查任务名称…): the fragments are joined and cut where known names end.
"""

from __future__ import annotations

from functools import lru_cache

from generator.importer.vocabulary import PLAN_COLUMNS, Vocabulary


def segment_header(parts: list[str], vocabulary: Vocabulary = PLAN_COLUMNS
                   ) -> tuple[float, list[tuple[str, str | None]], bool]:
    cost, pieces, glued = _segment(tuple(parts), vocabulary)
    return cost, list(pieces), glued


@lru_cache(maxsize=4096)  # a header grows line by line: the same fragments are split again and again
def _segment(parts: tuple[str, ...], vocabulary: Vocabulary) -> tuple[float, tuple[tuple[str, str | None], ...], bool]:
    """Split the joined header fragments into column names: (cost, [(name, field)], glued?).

    Dynamic programming over characters: a piece that is a known column name costs 0 (0.4
    when only a contains/prefix rule knows it), a split inside a fragment 0.6, an unknown
    whole fragment 1.5 (a column of unknown meaning), a stray character 1. A vocabulary whose
    names are never glued splits at fragment bounds only.
    """
    text = "".join(parts)
    bounds = {0}
    for p in parts:
        bounds.add(max(bounds) + len(p))
    n = len(text)
    best: list[tuple[float, int, tuple | None]] = [(0.0, -1, None)] + [(float("inf"), -1, None)] * n
    for i in range(n):
        cost = best[i][0]
        if cost == float("inf"):
            continue
        options = [(i + 1, 1.0, None)] if vocabulary.glued_names else []
        for j in range(i + 2, min(n, i + 24) + 1):
            if not vocabulary.glued_names and not (i in bounds and j in bounds):
                continue
            match = vocabulary.match(text[i:j])
            if match and (match[1] or j - i <= 16):  # a rule-matched name is short
                rule = 0.0 if match[1] else 0.4 + 0.05 * (j - i)  # the longer a rule-matched piece, the less sure
                options.append((j, rule + (0.0 if j in bounds else 0.6), match[0]))
        if i in bounds:
            j = min(b for b in bounds if b > i)
            inside = any(name in text[i:j] for name in vocabulary.names if len(name) >= 3)
            options.append((j, 3.0 if inside else 1.5, "?"))
        for j, step, name in options:
            if cost + step < best[j][0]:
                best[j] = (cost + step, i, name)
    pieces, glued, j = [], False, n
    while j > 0:
        _cost, i, name = best[j]
        if name is not None:
            pieces.append((text[i:j], None if name == "?" else name))
            glued = glued or (i not in bounds or j not in bounds)
        j = i
    return best[n][0], tuple(pieces[::-1]), glued
