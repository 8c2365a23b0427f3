"""Two folders compared byte for byte: how a test (and bench/build_times.py) tells two builds apart."""

from __future__ import annotations

import filecmp
from pathlib import Path


def same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths whose bytes differ, or that exist on one side only."""
    diffs = []

    def walk(cmp: filecmp.dircmp, prefix: str):
        diffs.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        diffs.extend(prefix + n for n in mismatch + errors)
        for name, sub in sorted(cmp.subdirs.items()):
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(diffs)
