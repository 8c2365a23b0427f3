"""The site model: plans, tasks, departments and industries linked to each other.

In: the pipeline's BuildContext (plans, reference lists, the change history). Out: Site.
Built once (generator/pipeline.py model) before any page is rendered, so templates
only read plain objects and never look anything up. Every list is sorted
explicitly (plan order from site_config.yml, then task number; reference order
for departments and industries) so two builds produce the same pages.

Paths are site-relative and end in "/" (``plans/gaoping-2023/tasks/24/``);
pages turn them into relative links. The objects point at each other (a task
at its plan, a department at its tasks), so they compare by identity and have
short reprs: generated ones would walk the whole graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from generator.core import urls
from generator.importer import describe
from generator.site.updates import Update, site_updates
from generator.text.pinyin import tone_slug

CROSS_INDUSTRY = "跨行业"
CROSS_INDUSTRY_SLUG = "cross-industry"

@dataclass(eq=False, repr=False)
class Department:
    name: str
    en: str
    slug: str
    aliases: tuple[str, ...]
    note: str | None
    led: list[Task] = field(default_factory=list)
    joined: list[Task] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)  # as the plans wrote it, sorted

    def __repr__(self) -> str:
        return f"<Department {self.name}>"

    @property
    def url(self) -> str:
        return urls.department(self.slug)


@dataclass
class DepartmentRef:
    """A department as one task names it: the canonical one (or None) and the words printed."""

    as_written: str
    items: list[str]
    department: Department | None


@dataclass(eq=False, repr=False)
class Section:
    """A GB/T 4754-2017 section (门类), or the cross-industry group (letter None)."""

    letter: str | None
    name: str
    en: str
    industries: list[Industry] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Section {self.label}>"

    @property
    def slug(self) -> str:
        return f"section-{self.letter.lower()}" if self.letter else CROSS_INDUSTRY_SLUG

    @property
    def url(self) -> str:
        return urls.industry(self.slug)

    @property
    def label(self) -> str:
        return f"{self.letter} {self.name}" if self.letter else self.name

    @property
    def tasks(self) -> list[Task]:
        return sorted((t for i in self.industries for t in i.tasks), key=Task.sort_key)


@dataclass(eq=False, repr=False)
class Industry:
    tag: str
    en: str
    slug: str
    section: Section
    tasks: list[Task] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Industry {self.tag}>"

    @property
    def url(self) -> str:
        return urls.industry(self.slug)


@dataclass(eq=False, repr=False)
class Task:
    plan: Plan
    data: dict  # the task as normalized, errata applied
    lead: DepartmentRef
    partners: list[DepartmentRef]
    industry: Industry | None

    def __repr__(self) -> str:
        return f"<Task {self.plan.id} {self.seq}>"

    @property
    def seq(self) -> int:
        return self.data["seq"]

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def url(self) -> str:
        return urls.task(self.plan.id, self.seq)

    @property
    def months(self) -> list[int] | None:
        return self.data["months"]

    @property
    def months_text(self) -> str:
        return describe.months_text(self.data)

    @property
    def crosses_year(self) -> bool:
        return describe.crosses_year(self.data)

    @property
    def ratio_text(self) -> str:
        return describe.ratio_text(self.data["ratio"])

    @property
    def departments(self) -> list[Department]:
        """Canonical departments taking part (lead first), each once."""
        seen: list[Department] = []
        for ref in [self.lead, *self.partners]:
            if ref.department and ref.department not in seen:
                seen.append(ref.department)
        return seen

    def sort_key(self) -> tuple:
        return (self.plan.order, self.seq)


@dataclass(eq=False, repr=False)
class Plan:
    order: int  # position in site_config.yml
    data: dict
    tasks: list[Task] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Plan {self.id}>"

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def meta(self) -> dict:
        return self.data["plan"]

    @property
    def url(self) -> str:
        return urls.plan(self.id)

    @property
    def label(self) -> str:
        return f"{self.meta['jurisdiction']} {self.meta['year']}年"

    @property
    def gaps(self) -> list[dict]:
        return self.data["gaps"]

    @property
    def issued(self) -> date | None:
        return date.fromisoformat(self.meta["issued"]) if self.meta.get("issued") else None

    @property
    def source_url(self) -> str:
        return self.meta["source"]["file"]  # published at the same path: data/raw/…

    def download(self, kind: str) -> str:
        return urls.plan_data(self.id, kind)

    @property
    def departments(self) -> list[Department]:
        found: list[Department] = []
        for task in self.tasks:
            found.extend(d for d in task.departments if d not in found)
        return found

    @property
    def industries(self) -> list[Industry]:
        found: list[Industry] = []
        for task in self.tasks:
            if task.industry and task.industry not in found:
                found.append(task.industry)
        return found

    @property
    def modes(self) -> list[str]:
        return sorted({t.data["mode"] for t in self.tasks if t.data["mode"]})

    @property
    def rows(self) -> list[tuple[str, Task | dict]]:
        """Tasks and gaps in sequence order: ("task", task) or ("gap", gap), so a gap shows where it is."""
        entries = [("task", t.seq, t) for t in self.tasks] + [("gap", g["from"], g) for g in self.gaps]
        entries.sort(key=lambda e: e[1])
        return [(kind, entry) for kind, _, entry in entries]

    @property
    def corrected_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.data["corrections"]]

    @property
    def repaired_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.data["repairs"]]


@dataclass
class Site:
    config: dict
    plans: list[Plan]
    departments: list[Department]
    sections: list[Section]
    industries: list[Industry]
    updates: list[Update]
    notes: list[str] = field(default_factory=list)  # for the build log
    results: object = None  # generator.site.results_view.ResultsView, attached by render.render
    lists: object = None  # generator.site.task_lists.TaskLists, attached by render.render

    @property
    def tasks(self) -> list[Task]:
        return [t for p in self.plans for t in p.tasks]

    @property
    def latest(self) -> date | None:
        days = [u.day for u in self.updates]
        return max(days) if days else None


def build_model(context) -> Site:
    """context: the pipeline's BuildContext, loaded and validated, its history computed."""
    reference = context.reference
    departments = [Department(d.name, d.en, d.slug, d.aliases, d.note) for d in reference.departments.all]
    by_name = {d.name: d for d in departments}

    sections = [Section(letter, s["name"], s["en"]) for letter, s in sorted(reference.industries.sections.items())]
    cross = Section(None, CROSS_INDUSTRY, "Cross-industry")
    by_letter = {s.letter: s for s in sections}
    industries = []
    for ref in reference.industries.industries:
        section = by_letter[ref.section] if ref.section else cross
        industry = Industry(ref.tag, ref.en, ref.slug, section)
        section.industries.append(industry)
        industries.append(industry)
    by_tag = {i.tag: i for i in industries}
    sections.append(cross)

    def ref(written: dict) -> DepartmentRef:
        return DepartmentRef(written["as_written"], list(written.get("items") or []),
                             by_name.get(written["department"]))

    plans = []
    for order, data in enumerate(context.plans):
        plan = Plan(order, data)
        for task_data in sorted(data["tasks"], key=lambda t: t["seq"]):
            tag = (task_data.get("industry") or {}).get("tag")
            plan.tasks.append(Task(plan, task_data, ref(task_data["lead"]),
                                   [ref(p) for p in task_data["partners"]], by_tag.get(tag)))
        plans.append(plan)

    spellings: dict[str, set[str]] = {d.name: set() for d in departments}
    for plan in plans:
        for task in plan.tasks:
            if task.lead.department:
                task.lead.department.led.append(task)
            # A department named twice among one task's partners joins it once.
            for dept in {id(p.department): p.department for p in task.partners if p.department}.values():
                dept.joined.append(task)
            for r in [task.lead, *task.partners]:
                if r.department:
                    spellings[r.department.name].add(r.as_written)
            if task.industry:
                task.industry.tasks.append(task)
    for dept in departments:
        dept.spellings = sorted(spellings[dept.name])

    notes = _separate_homophones(departments) + _separate_homophones(industries)
    _check_unique_urls(departments, sections, industries)
    updates = site_updates(plans, context.history)
    return Site(context.config.values, plans, departments, [s for s in sections if s.industries],
                industries, updates, notes)


def _separate_homophones(entries: list) -> list[str]:
    """Toneless pinyin makes homophones share a slug (税务局 and 水务局 are both shui-wu-ju).

    Every entry of such a group gets its pinyin with tone numbers instead (shui4-wu4-ju2,
    shui3-wu4-ju2), so neither URL depends on which entry the reference lists first.
    A `slug:` given in data/reference/ is the better fix; the note says so.
    """
    groups: dict[str, list] = {}
    for entry in entries:
        groups.setdefault(entry.slug, []).append(entry)
    notes = []
    for slug, group in sorted(groups.items()):
        if len(group) < 2:
            continue
        names = []
        for entry in group:
            name = getattr(entry, "name", None) or entry.tag
            entry.slug = tone_slug(name)
            names.append(f"{name} -> {entry.slug}")
        notes.append(f"Note: homophone slug {slug}: {', '.join(names)} (give a `slug:` in data/reference/ to choose)")
    return notes


def _check_unique_urls(departments, sections, industries) -> None:
    """Slugs come from pinyin and may be overridden in data/reference: two pages must never share a URL."""
    seen: dict[str, str] = {}
    for url, what in ([(d.url, d.name) for d in departments] + [(s.url, s.label) for s in sections]
                      + [(i.url, i.tag) for i in industries]):
        if url in seen:
            raise ValueError(f"{what} and {seen[url]} would both be published at /{url}: "
                             "give one a `slug:` in data/reference/")
        seen[url] = what


__all__ = ["Site", "Plan", "Task", "Department", "Industry", "Section", "Update", "build_model"]
