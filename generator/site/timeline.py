"""Geometry of a plan's timeline chart: one row per task, a bar across its inspection months.

Only numbers and labels are computed here; templates/pages/timeline.svg.j2 draws
them. The chart is narrow (viewBox 360 wide) so that on a 375 px phone it is
shown at about its natural size and the 12 px labels stay readable; on wider
screens CSS caps its width instead of letting the text grow without end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.site.i18n import Text, months_text
from generator.site.labels import gap_text
from generator.site.model import Plan

WIDTH = 360
LABEL_WIDTH = 128  # task number and a short name
TOP = 28  # month header (repeated below the last row, so a long chart keeps its axis)
BOTTOM = 22
ROW = 20
BAR = 12
SHORT_NAME = 7  # characters of the task name shown beside its number

_DECOR = re.compile(r"^(?:\d{4}年度?)?(?:对)?|(?:的)?(?:双随机)?(?:抽查|检查|监督检查|行政检查)+$")


@dataclass
class Row:
    y: float
    seq: str
    short: str
    title: object  # full text for the tooltip and screen readers (an i18n.Text)
    href: str | None
    x: float | None = None  # bar start; None when the months are not stated
    width: float | None = None
    months: object = ""
    gap: bool = False


@dataclass
class Month:
    number: int
    x: float
    width: float
    shaded: bool


@dataclass
class Timeline:
    width: int
    height: int
    label_width: int
    top: int
    row: int
    bar: int
    months: list[Month]
    rows: list[Row]


def short_name(name: str) -> str:
    """对电影院单位检查 -> 电影院单位: drop the year, 对 and 检查 every task name shares."""
    text = _DECOR.sub("", name) or name
    return text if len(text) <= SHORT_NAME else text[: SHORT_NAME - 1] + "…"


def month_width() -> float:
    return (WIDTH - LABEL_WIDTH) / 12


class _Months:
    """A task's months in the language of the page the timeline is drawn on."""

    def __init__(self, task):
        self.task = task

    def __str__(self) -> str:
        return str(months_text(self.task))


def plan_timeline(plan: Plan) -> Timeline:
    step = month_width()
    months = [Month(m, LABEL_WIDTH + (m - 1) * step, step, m % 2 == 0) for m in range(1, 13)]
    rows = []
    for index, (kind, entry) in enumerate(plan.rows):
        y = TOP + index * ROW
        if kind == "gap":
            text = gap_text(entry)
            seq = f"{entry['from']}–{entry['to']}"
            rows.append(Row(y, seq, Text("原文缺失"), text, None, gap=True))
            continue
        row = Row(y, str(entry.seq), short_name(entry.name),
                  Text("第%(seq)s项 %(name)s：%(months)s", seq=entry.seq, name=entry.name, months=_Months(entry)),
                  entry.url, months=_Months(entry))
        if entry.months:
            start, end = entry.months
            # A span into next year (10月–次年3月) is drawn to December; its label says 次年.
            end = 12 if entry.crosses_year else end
            row.x = LABEL_WIDTH + (start - 1) * step
            row.width = (end - start + 1) * step
        rows.append(row)
    return Timeline(WIDTH, TOP + len(rows) * ROW + BOTTOM, LABEL_WIDTH, TOP, ROW, BAR, months, rows)
