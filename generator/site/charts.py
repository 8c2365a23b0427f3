"""Geometry of the results-by-kind bar chart: one bar per result kind, its name above it.

Only numbers and labels are computed here; templates/pages/kinds.svg.j2 draws them
(like the plan timeline). Each kind takes two lines: its full name, then the bar with
the count and share written after it, so no label is squeezed beside a bar and the
chart reads on a 375 px phone. The viewBox is narrow (320) so that on a phone the
16 px text shows at about 17 px; on wide screens CSS caps the width.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.site import i18n
from generator.site.i18n import N_, Text

WIDTH = 320
ROW = 50  # one kind: name line, then bar line
TOP = 4
BAR = 18
VALUE_ROOM = 150  # room kept right of the longest bar for "1,234 户次 · 100%"
MAX_LABEL = 19  # characters of a kind's name shown; the full name is in the bar's <title>

# Colours by the kind's group (data/reference/result_kinds.yml); every bar also names its kind.
GROUPS = {
    "ok": (N_("未发现问题"), "#2b6a36"),
    "problem": (N_("发现问题"), "#9e1b1b"),
    "status": (N_("未能按正常经营检查（停业、注销、迁出、未开展相关经营等）"), "#4a5566"),
}


@dataclass
class Bar:
    kind: str
    en: str
    kind_id: str
    group: str
    colour: str
    count: int
    share: float
    y: float
    width: float
    value: Text

    @property
    def name(self) -> str:
        """The kind in the page's language (English: 'No problems found (未发现问题)')."""
        return str(i18n.Named(self.kind, self.en))

    @property
    def label(self) -> str:
        """The kind's name as the bar shows it, cut to fit (Latin letters are half as wide)."""
        text, room = (self.en, 2 * MAX_LABEL) if i18n.english() and self.en else (self.kind, MAX_LABEL)
        return text if len(text) <= room else text[: room - 1] + "…"

    @property
    def title(self) -> str:
        return str(Text("%(kind)s：%(value)s", kind=self.name, value=self.value))


@dataclass
class KindChart:
    width: int
    height: int
    bar: int
    total: int
    bars: list[Bar]
    legend: list[tuple[str, str, str]]  # (group, label, colour) of the groups present

    @property
    def summary(self) -> str:
        """The whole chart in one sentence, for screen readers and the SVG's <desc>."""
        return str(i18n.Joined([f"{b.name} {b.value}" for b in self.bars], "；"))


def percent(share: float) -> str:
    value = share * 100
    if value == 0:
        return "0%"
    if value < 0.1:
        return "<0.1%"
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def kind_chart(kinds: list[dict], total: int) -> KindChart | None:
    """kinds: generator.results.kind_counts() output (reference order); total: inspections counted."""
    if not kinds or not total:
        return None
    most = max(k["count"] for k in kinds)
    scale = (WIDTH - VALUE_ROOM) / most
    bars = []
    for i, k in enumerate(kinds):
        group_label, colour = GROUPS.get(k["group"], (N_("其他"), "#4a5566"))
        bars.append(Bar(k["kind"], k.get("en") or "", k["id"], k["group"], colour, k["count"], k["share"], TOP + i * ROW,
                        max(2.0, round(k["count"] * scale, 1)),
                        Text("%(count)s户次 · %(share)s", count=f"{k['count']:,}", share=percent(k["share"]))))
    present = list(dict.fromkeys(b.group for b in bars))
    legend = [(g, *GROUPS[g]) for g in GROUPS if g in present]
    return KindChart(WIDTH, TOP + len(bars) * ROW + 2, BAR, total, bars, legend)
