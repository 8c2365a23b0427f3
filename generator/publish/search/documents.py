"""Search documents: one per plan, task, canonical department, industry and GB/T 4754 section.

Each document carries what it is found by (title, body, aliases, names for
initials, English) and what the results page shows (title, one line of facts,
the English name, and the aliases/synonyms/task names that explain a match).

Aliases count: a department's document carries all its spellings from
departments.yml, an industry's its match keywords, and every document the other
words of any group in data/reference/synonyms.yml that its text mentions (so 网吧
finds the 互联网上网服务营业场所 tasks). A task's departments are found by their
other spellings at query time instead (市监局 is also run as 市场监督管理局, see
tokenizer.plan_query): written into each of the 111 tasks, they would double
the index.

URLs are the page layer's (generator/site/model.py: homophone departments such as
税务局/水务局 get tone-numbered slugs there), read from the one site model the pipeline
built, so a result never links to a page that was not built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from generator.core import urls
from generator.publish.search.tokenizer import segments

KINDS = ("plan", "task", "department", "industry")
KIND_LABELS = {"plan": "计划", "task": "任务", "department": "部门", "industry": "行业"}
# The search page's filters (URL parameter → label). A document passes a filter when it has the
# chosen value: plans and tasks have a place and a year, tasks their departments and industry,
# a department's and an industry's own document its name.
FACETS = {"place": "地区", "year": "年度", "dept": "部门", "industry": "行业"}


@dataclass
class SearchDoc:
    kind: str
    url: str                  # relative to the site root: plans/gaoping-2023/tasks/8/
    title: str
    meta: str = ""            # one line of facts under the title
    en: str = ""              # English name, shown and searched
    body: list[str] = field(default_factory=list)      # other Chinese text (field b)
    names: list[str] = field(default_factory=list)     # short names in the body: also pinyin and initials
    aliases: list[str] = field(default_factory=list)   # other spellings and keywords (field a)
    english: list[str] = field(default_factory=list)   # more English words (field e)
    related: list[str] = field(default_factory=list)   # synonyms added (also in aliases/english)
    shown: list[str] = field(default_factory=list)     # extra texts shown when they match (a section's industries)
    facets: dict[str, list[str]] = field(default_factory=dict)  # the page's filters it passes (FACETS)
    alike: tuple[str, ...] = ()  # what documents alike share (a task's lead department and name): their order

    def display(self) -> list:
        """[kind, url, title, meta, en, also]: `also` joins (with 、) the aliases, synonyms and shown
        texts; the results page shows those that matched the query (a department's, always)."""
        also = [a.replace("、", "，") for a in dict.fromkeys([*self.aliases, *self.related, *self.shown]) if a]
        return [self.kind, self.url, self.title, self.meta, self.en, "、".join(also)]


def page_urls(site) -> dict:
    """The URLs the page layer publishes (the one site model's), by department name, industry tag and
    section letter: a homophone's slug is only told apart there."""
    return {
        "department": {d.name: d.url for d in site.departments},
        "industry": {i.tag: i.url for i in site.industries},
        "section": {s.letter: (s.url, s.label) for s in site.sections},
    }


@dataclass
class _Counts:
    """What the plans' tasks say of each department and industry, for their documents' facts."""

    lead: dict[str, int] = field(default_factory=dict)
    partner: dict[str, int] = field(default_factory=dict)
    spellings: dict[str, list[str]] = field(default_factory=dict)
    industry: dict[str, int] = field(default_factory=dict)


def build_documents(context, synonyms: list[list[str]]) -> list[SearchDoc]:
    """context: the pipeline's BuildContext, its site model built."""
    reference = context.reference
    published = page_urls(context.site)
    counts = _Counts()
    docs: list[SearchDoc] = []
    for plan in context.plans:
        docs.extend(_plan_documents(plan, reference, counts))
    docs.extend(_department_documents(reference.departments, counts, published.get("department", {})))
    docs.extend(_industry_documents(reference.industries, counts, published.get("industry", {})))
    docs.extend(_section_documents(reference.industries, published))
    forms = _synonym_forms(synonyms)
    for doc in docs:
        _add_synonyms(doc, forms)
    # One kind after another: results are shown grouped by kind, and a result's kind is then known
    # from its number alone (the manifest's kind ranges), before any document is fetched. Within a
    # kind, plan order; but tasks alike (same lead department and name) sit together, plan by plan:
    # a province's counties inspect the same items, so a query's first page of tasks is mostly
    # one such run, a file or two of documents instead of one per plan (ties are shown in
    # document order, and alike tasks tie).
    return sorted(docs, key=_document_order)


def _document_order(doc: SearchDoc) -> tuple:
    return (KINDS.index(doc.kind), doc.alike)


def _plan_documents(plan: dict, reference, counts: _Counts) -> list[SearchDoc]:
    """The plan's document, then one for each of its tasks."""
    departments, industries = reference.departments, reference.industries
    docs: list[SearchDoc] = []
    meta = plan["plan"]
    tasks = sorted(plan["tasks"], key=lambda t: t["seq"])
    year = str(meta.get("year") or "")
    jurisdiction = meta.get("jurisdiction") or ""
    docs.append(SearchDoc(
        kind="plan", url=urls.plan(meta["id"]), title=meta.get("title") or meta["id"],
        meta=" · ".join(x for x in (meta.get("doc_number"), jurisdiction, meta.get("issued"),
                                    f"{len(tasks)} 项抽查任务") if x),
        en=f"{year} joint random inspection plan".strip(),
        body=[meta.get("table_title") or "", meta.get("doc_number") or "", meta.get("issuer") or "",
              jurisdiction, year, *(t["name"] for t in tasks)],
        # Its tasks' names are searched (body) but not shown under it: they are results of their
        # own, and at a province's size they would make a plan's entry the largest file a query reads.
        names=[jurisdiction, meta.get("issuer") or ""],
        facets=_facets(place=[jurisdiction], year=[year]),
    ))
    for task in tasks:
        refs = [task["lead"], *task["partners"]]
        involved = []
        for k, ref in enumerate(refs):
            name = ref.get("department")
            if name:
                tally = counts.lead if k == 0 else counts.partner
                tally[name] = tally.get(name, 0) + 1
                counts.spellings.setdefault(name, []).append(ref.get("as_written") or "")
                if name in departments.by_name:
                    involved.append(departments.by_name[name])
        industry = industries.by_tag(task["industry"]["tag"]) if task.get("industry") else None
        section = industries.sections.get(industry.section) if industry and industry.section else None
        if industry:
            counts.industry[industry.tag] = counts.industry.get(industry.tag, 0) + 1
        names_of = [r.get("department") or r.get("as_written") or "" for r in refs]
        lead_name, partner_names = names_of[0], [n for n in dict.fromkeys(names_of[1:]) if n]
        docs.append(SearchDoc(
            kind="task", url=urls.task(meta["id"], task["seq"]), title=task["name"],
            meta=" · ".join(x for x in (f"{jurisdiction} {year}", f"第 {task.get('seq_as_printed') or task['seq']} 项",
                                        f"牵头：{lead_name}" if lead_name else "",
                                        f"配合：{'、'.join(partner_names)}" if partner_names else "",
                                        f"行业：{industry.tag}" if industry else "") if x),
            en=" · ".join(x for x in ((industry.en if industry else ""),
                                      next((d.en for d in involved[:1]), "")) if x),
            body=[jurisdiction, year, task.get("scope") or "", task.get("mode") or "",
                  *(r.get("department") or "" for r in refs), *(r.get("as_written") or "" for r in refs),
                  *(item for r in refs for item in r.get("items") or []),
                  industry.tag if industry else "", section["name"] if section else ""],
            english=[*(d.en for d in involved), section["en"] if section else ""],
            facets=_facets(place=[jurisdiction], year=[year], dept=[d.name for d in involved],
                           industry=[industry.tag] if industry else []),
            alike=(lead_name, task["name"]),
        ))
    return docs


def _department_documents(departments, counts: _Counts, dept_url: dict) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for dept in departments.all:
        seen = [s for s in dict.fromkeys(counts.spellings.get(dept.name, []))
                if s and s != dept.name and s not in dept.aliases]
        leads, partners = counts.lead.get(dept.name, 0), counts.partner.get(dept.name, 0)
        docs.append(SearchDoc(
            kind="department", url=dept_url.get(dept.name, urls.department(dept.slug)), title=dept.name,
            meta=f"牵头 {leads} 项任务 · 配合 {partners} 项任务", en=dept.en,
            body=[*seen, dept.note or ""], names=seen, aliases=list(dept.aliases),
            facets=_facets(dept=[dept.name]),
        ))
    return docs


def _industry_documents(industries, counts: _Counts, industry_url: dict) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    for industry in industries.industries:
        section = industries.sections.get(industry.section) if industry.section else None
        where = f"GB/T 4754 门类 {industry.section} {section['name']}" if section else "跨行业（各类市场主体）"
        docs.append(SearchDoc(
            kind="industry", url=industry_url.get(industry.tag, urls.industry(industry.slug)), title=industry.tag,
            meta=f"{where} · {counts.industry.get(industry.tag, 0)} 项任务",
            en=industry.en + (f" · {section['en']}" if section else ""),
            body=[section["name"] if section else "跨行业"], names=[section["name"] if section else ""],
            aliases=[m for m in industry.match if m != industry.tag],
            facets=_facets(industry=[industry.tag]),
        ))
    return docs


def _section_documents(industries, published: dict) -> list[SearchDoc]:
    """GB/T 4754 sections that have pages (the page layer publishes those with industries)."""
    docs: list[SearchDoc] = []
    for letter, (url, label) in published.get("section", {}).items():
        section = industries.sections.get(letter) if letter else None
        tags = [i.tag for i in industries.industries if i.section == letter]
        docs.append(SearchDoc(
            kind="industry", url=url, title=label,
            meta=f"GB/T 4754 门类 · {len(tags)} 个行业" if section else f"{len(tags)} 个行业",
            en=section["en"] if section else "Cross-industry",
            body=tags, names=[], shown=tags,
        ))
    return docs


def _facets(**values: list[str]) -> dict[str, list[str]]:
    return {name: list(dict.fromkeys(v for v in vs if v)) for name, vs in values.items() if any(vs)}


def _han_text(texts) -> str:
    return "|".join("".join(run for kind, run in segments(t) if kind == "han") for t in texts if t)


def _latin_text(texts) -> str:
    return " " + " ".join(" ".join(w for kind, w in segments(t) if kind == "latin") for t in texts if t) + " "


@lru_cache(maxsize=None)
def _word_form(word: str) -> tuple[str | None, str]:
    """A synonym's forms, once per word (thousands of documents test every group's words):
    (its Han text if it is all Han, else None; its Latin words as _latin_text writes them, or ""
    when it has Han characters)."""
    segs = segments(word)
    if segs and all(kind == "han" for kind, _ in segs):
        return _han_text([word]), ""
    has_han = any(kind == "han" for kind, _ in segs)
    words = _latin_text([word])
    return None, "" if has_han or not words.strip() else words


def _synonym_forms(groups: list[list[str]]) -> list[list[tuple[str, str | None, str, bool]]]:
    """Each synonym group's words as (word, its forms (_word_form), whether it has Han characters),
    made once per build: thousands of documents test every group."""
    return [[(word, *_word_form(word), any(kind == "han" for kind, _ in segments(word))) for word in group]
            for group in groups]


def _add_synonyms(doc: SearchDoc, groups: list[list[tuple[str, str | None, str, bool]]]) -> None:
    """Give the document every word of each synonym group its own text mentions.

    A word is mentioned when the document's text contains it: a Han word inside its Han text,
    other words as whole words of its English (and other Latin) text."""
    han = _han_text([doc.title, *doc.body, *doc.aliases])
    latin = _latin_text([doc.en, *doc.english])
    for group in groups:
        mentioned = [han_form in han if han_form is not None else bool(latin_form) and latin_form in latin
                     for _, han_form, latin_form, _ in group]
        if not any(mentioned):
            continue
        for (word, _, _, has_han), mention in zip(group, mentioned):
            if mention or word in doc.related:
                continue
            doc.related.append(word)
            if has_han:
                doc.aliases.append(word)
            else:
                doc.english.append(word)
