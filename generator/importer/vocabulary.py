"""The column vocabulary a text table's grid is recovered with (layouts.py).

A plan's columns are the default; a result notice passes its own (序号, 企业名称, 抽查结果 …),
so every table printed as text, whatever it lists, is read by one grid recovery. Besides the
names, a vocabulary says how its tables are printed where plans and notices differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from generator.importer.columns import NAMES, header_match


def _plan_table(named: set[str]) -> bool:
    """A plan's task table names three columns, one of them 序号, the task's name or its field."""
    return len(named) >= 3 and bool({"seq", "name", "field"} & named)


@dataclass(frozen=True)
class Vocabulary:
    match: Callable[[str], tuple[str, bool] | None]  # header piece -> (field, exact?); 序号 is "seq"
    names: tuple[str, ...]  # every known name, to tell an unknown fragment that holds one
    is_table: Callable[[set[str]], bool]  # whether the fields a header names make a table
    # Names may be glued to each other or wrapped mid-name (地市序号抽查任务名称, 抽查比例 / 及频次).
    glued_names: bool = True
    # Each row printed whole on its own line (or its own run of lines, a cell a line): no cell
    # wraps, a line of one short cell is a section title, and a row of too few cells is refused.
    whole_rows: bool = False
    is_section: Callable[[str], bool] | None = None
    ends_table: Callable[[list[tuple[int, str]], int], bool] | None = None  # the signature after the rows
    is_caption: Callable[[str], bool] | None = None  # the line above the header names the table (None: any)


PLAN_COLUMNS = Vocabulary(header_match, tuple(NAMES), _plan_table)
