"""Plans of one jurisdiction compared year over year: tasks added, removed and changed.

In: the site model's plans (generator/site/model.py). Out: one Comparison for each pair of
consecutive years of a jurisdiction (2023 → 2024, 2024 → 2025), which the comparison page
(templates/pages/compare.md.j2) shows. Plans of one place and one year (a revision) are not
compared: which of them replaced the other is not ours to say.

A task of the later plan is the same task as one of the earlier when both inspect the same
industry (the 业 of 一业一查) and are led by the same department: "一业一查" plans are organised
that way, while names and years in names change. Where one industry and lead have several
tasks in a plan, they are paired by how alike their 抽查事项 read (difflib), most alike first,
and only when at least half alike; so are tasks of one lead that no industry of the reference
fits (an unclassified 企业登记 and 广告 task are not one task). Every pair says which rule matched
it. What is left over is added or removed, never paired by guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from generator.core import urls
from generator.importer.describe import NOT_STATED

# Rules a pair was matched by, as the page says them.
SAME_INDUSTRY_AND_LEAD = "行业和发起部门相同"
CLOSEST_ITEMS = "行业和发起部门相同，按抽查事项相近程度配对"
UNCLASSIFIED_ITEMS = "发起部门相同、行业均未分类，按抽查事项相近程度配对"
ALIKE_ENOUGH = 0.5  # 抽查事项 at least half alike (SequenceMatcher ratio) to pair tasks of one industry and lead
# Words every task's name and 抽查事项 carry (2024年度对…的双随机抽查, …情况的检查): compared, they would make
# any two tasks look half alike, so the similarity is of what is left.
_COMMON_WORDS = re.compile(r"\d{4}\s*年度?|部门联合|联合|双随机|随机|抽查|检查|监督|情况|工作|的|对|[、，,；;。\s]")


@dataclass(frozen=True)
class FieldChange:
    field: str  # ratio, frequency, months, mode, partners
    label: str  # as the page names the column
    before: str
    after: str


@dataclass(eq=False)
class TaskPair:
    earlier: object  # generator.site.model.Task
    later: object
    rule: str  # SAME_INDUSTRY_AND_LEAD, CLOSEST_ITEMS or UNCLASSIFIED_ITEMS
    similarity: float | None  # of their 抽查事项, when they were paired by it
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(eq=False)
class Comparison:
    jurisdiction: str
    earlier: object  # generator.site.model.Plan
    later: object
    added: list = field(default_factory=list)  # Tasks of the later plan only
    removed: list = field(default_factory=list)  # Tasks of the earlier plan only
    changed: list[TaskPair] = field(default_factory=list)
    unchanged: list[TaskPair] = field(default_factory=list)

    @property
    def url(self) -> str:
        return urls.compare(self.earlier.id, self.later.id)

    @property
    def title(self) -> str:
        return f"{self.jurisdiction}{self.earlier.meta['year']}年与{self.later.meta['year']}年抽查计划对比"


def _lead(task) -> str:
    return task.lead.department.name if task.lead.department else task.lead.as_written


def task_key(task) -> tuple[str | None, str]:
    """(industry tag, lead department): what makes two years' tasks the same task."""
    return (task.industry.tag if task.industry else None, _lead(task))


def items_text(task) -> str:
    """The task's 抽查事项 as one text: its name, the lead's items and the merged rows' names."""
    parts = [task.name, *task.lead.items, *((i.get("name") or "") for i in task.data.get("items") or [])]
    return "；".join(p for p in parts if p)


def similarity(earlier, later) -> float:
    """How alike two tasks' 抽查事项 read, the words every task carries left out (0 to 1)."""
    a, b = (_COMMON_WORDS.sub("", items_text(t)) for t in (earlier, later))
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def _partners(task) -> str:
    names = sorted({p.department.name if p.department else p.as_written for p in task.partners})
    return "、".join(names) or "无"


def _frequency(task) -> str:
    frequency = task.data.get("frequency") or {}
    return frequency.get("as_written") or (f"每年{task.data['frequency_per_year']}次"
                                           if task.data.get("frequency_per_year") else NOT_STATED)


def _frequency_key(task):
    frequency = task.data.get("frequency") or {}
    return (frequency.get("op"), frequency.get("per_year")) if frequency.get("per_year") else _frequency(task)


def _ratio_key(task):
    ratio = task.data.get("ratio") or {}
    return task.ratio_text if ratio else NOT_STATED


def _months_key(task):
    return (tuple(task.months), task.crosses_year) if task.months else task.months_text


# (field, label, what is compared, what is shown): compared as normalized, shown as the pages say it.
COMPARED = (
    ("ratio", "抽查比例", _ratio_key, lambda t: t.ratio_text),
    ("frequency", "抽查频次", _frequency_key, _frequency),
    ("months", "抽查时间", _months_key, lambda t: t.months_text),
    ("mode", "抽查模式", lambda t: t.data.get("mode") or NOT_STATED, lambda t: t.data.get("mode") or NOT_STATED),
    ("partners", "配合部门", _partners, _partners),
)


def task_changes(earlier, later) -> list[FieldChange]:
    return [FieldChange(name, label, show(earlier), show(later))
            for name, label, key, show in COMPARED if key(earlier) != key(later)]


def _pair_group(before: list, after: list, classified: bool) -> tuple[list[TaskPair], list, list]:
    """Tasks of one industry (or none: classified False) and lead in both years: (pairs, earlier left
    over, later left over)."""
    if classified and len(before) == 1 and len(after) == 1:
        return [TaskPair(before[0], after[0], SAME_INDUSTRY_AND_LEAD, None)], [], []
    rule = CLOSEST_ITEMS if classified else UNCLASSIFIED_ITEMS
    scored = sorted(((similarity(b, a), i, j)
                     for i, b in enumerate(before) for j, a in enumerate(after)), key=lambda s: (-s[0], s[1], s[2]))
    pairs, used_b, used_a = [], set(), set()
    for score, i, j in scored:
        if score >= ALIKE_ENOUGH and i not in used_b and j not in used_a:
            used_b.add(i)
            used_a.add(j)
            pairs.append(TaskPair(before[i], after[j], rule, round(score, 2)))
    return (pairs, [b for i, b in enumerate(before) if i not in used_b],
            [a for j, a in enumerate(after) if j not in used_a])


def compare_plans(earlier, later) -> Comparison:
    """What changed from `earlier` to `later` (two generator.site.model.Plan of one jurisdiction)."""
    comparison = Comparison(earlier.meta["jurisdiction"], earlier, later)
    groups: dict[tuple, tuple[list, list]] = {}
    for task in earlier.tasks:
        groups.setdefault(task_key(task), ([], []))[0].append(task)
    for task in later.tasks:
        groups.setdefault(task_key(task), ([], []))[1].append(task)
    for (industry, _lead_name), (before, after) in groups.items():
        pairs, removed, added = _pair_group(before, after, industry is not None)
        comparison.removed += removed
        comparison.added += added
        for pair in pairs:
            pair.changes = task_changes(pair.earlier, pair.later)
            (comparison.changed if pair.changes else comparison.unchanged).append(pair)
    comparison.added.sort(key=lambda t: t.seq)
    comparison.removed.sort(key=lambda t: t.seq)
    comparison.changed.sort(key=lambda p: p.later.seq)
    comparison.unchanged.sort(key=lambda p: p.later.seq)
    return comparison


def site_comparisons(plans: list) -> list[Comparison]:
    """Consecutive years of each jurisdiction, in the order the site lists the plans' places."""
    places: dict[str, list] = {}
    for plan in plans:
        places.setdefault(plan.meta["jurisdiction"], []).append(plan)
    out = []
    for same_place in places.values():
        by_year = sorted(same_place, key=lambda p: (p.meta["year"], p.order))
        for earlier, later in zip(by_year, by_year[1:]):
            if earlier.meta["year"] != later.meta["year"]:
                out.append(compare_plans(earlier, later))
    return out
