"""Which pages the site has, and rendering one page from its jinja2 template.

Each page is a template under templates/pages/ plus the model objects it shows.
Each template extends templates/layout/base.html.j2, the page shell, and renders
the whole page in one pass. Autoescaping is on for every template, so a
value from the data can never become markup; the only values marked safe are
the ones a filter here has already encoded (the YAML title).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from jinja2 import nodes
from jinja2.visitor import NodeTransformer

from generator.core import urls
from generator.site import i18n
from generator.importer.metadata import notice_disclosure, plan_disclosure
from generator.site.charts import percent
from generator.site.compare import site_comparisons
from generator.site.labels import REPAIR_RULES, field_label, gap_text
from generator.site.model import Site
from generator.site.task_lists import task_table
from generator.site.timeline import plan_timeline


@dataclass
class Page:
    path: str  # site-relative folder, "" for the home page
    template: str
    title: str  # or an i18n.Text: in the page's language when it is shown
    context: dict = field(default_factory=dict)
    examples: bool = False  # shows fictional example results: the page carries the banner saying so
    lang: str = i18n.SOURCE  # English pages are the same pages under en/ (urls.in_language)
    lang_tag: str = "zh-CN"  # the page's language (BCP 47), its <html lang>
    base: str | None = None  # links from the site root's path instead of relative ones (the 404 page)
    canonical: str = ""  # its public address, set by the renderer from the site's url
    file: str = ""  # the file it is published as, when not `path` + index.html (404.html)

    @property
    def output(self) -> str:
        """The file the page is published as: directory URLs, so `path` is what readers see."""
        return self.file or f"{self.path}index.html"

    def href(self, target: str) -> str:
        """A relative link from this page, so the site works under any base URL and from a plain folder.
        The 404 page is served for any missing path, at any depth: its links start from the site's root."""
        return self._link(urls.in_language(target, self.lang))

    def _link(self, path: str) -> str:
        """A site-relative path as this page links it, in no particular language."""
        if self.base is not None:
            return self.base + path
        return ("../" * self.path.count("/") + path) or "./"

    @property
    def twins(self) -> list[tuple[str, str]]:
        """(language, site-relative path) of this page in every language, this one included. A page in one
        language only (content/: guide/, about/ …) has the other language's home page as its twin."""
        neutral = urls.language_neutral(self.path)
        one_language = urls.in_language(neutral, i18n.ENGLISH) == neutral
        return [(lang, self.path if lang == self.lang else urls.in_language(urls.home() if one_language else neutral, lang))
                for lang in i18n.LANGUAGES]

    @property
    def other_language(self) -> tuple[str, str, str]:
        """(language, its name in itself, relative link) of the page's twin: the language switch."""
        lang, path = next((lang, path) for lang, path in self.twins if lang != self.lang)
        return lang, i18n.NAMES[lang], self._link(path)


def site_pages(site: Site, assets: set[str]) -> list[Page]:
    """Every generated page; `assets` names the files under assets/ that exist: a page links only the
    scripts the build copied (search.js, packs.js, lookup.js, results-table.js and lunr.min.js if installed)."""

    def scripts(*names: str) -> dict:
        return {"scripts": [urls.asset(n) for n in names if n in assets]}

    paged = scripts("packs.js", "results-table.js")  # pages with paged tables (site/tables.py)
    view = site.results
    examples = bool(view and view.examples)  # pages summing up every result show examples when any is one
    comparisons = site_comparisons(site.plans)  # plans of one place, year over year (compare.py)
    defaults = site.config.get("disclosure_defaults")  # the 信息公开 box where a document prints nothing
    pages = [
        Page(urls.home(), "home.md.j2", i18n.Named(site.config["title"], site.config.get("title_en") or None),
             examples=examples),
        Page(urls.plans(), "plans.md.j2", i18n.Text("抽查计划"), {"comparisons": comparisons}),
        Page(urls.departments(), "departments.md.j2", i18n.Text("部门"), examples=examples),
        Page(urls.industries(), "industries.md.j2", i18n.Text("行业")),
        Page(urls.search(), "search.md.j2", i18n.Text("搜索"), scripts("search.js")),
        Page(urls.lookup(), "lookup.md.j2", i18n.Text("企业查询"), scripts("packs.js", "lookup.js"), examples=examples),
    ]
    for plan in site.plans:
        dashboard = view.plans[plan]
        pages.append(Page(plan.url, "plan.md.j2", plan.meta["title"],
                          {"plan": plan, "timeline": plan_timeline(plan), "dashboard": dashboard,
                           "disclosure": plan_disclosure(plan.meta, defaults),
                           "comparisons": [c for c in comparisons if plan in (c.earlier, c.later)]},
                          examples=dashboard.examples))
        pages.append(Page(dashboard.url, "dashboard.md.j2", dashboard.title,
                          {"dashboard": dashboard, **paged}, examples=dashboard.examples))
        for index, task in enumerate(plan.tasks):
            neighbours = {"previous": plan.tasks[index - 1] if index else None,
                          "next": plan.tasks[index + 1] if index + 1 < len(plan.tasks) else None}
            results = view.tasks[task]
            pages.append(Page(task.url, "task.md.j2", i18n.Text("第%(seq)s项 %(name)s", seq=task.seq, name=task.name),
                              {"task": task, "results": results, "dashboard": dashboard, **neighbours,
                               **paged}, examples=results.examples))
    pages += [Page(c.url, "compare.md.j2", c.title, {"comparison": c}) for c in comparisons]
    pages += [Page(n.url, "notice.md.j2", n.label, {"notice": n, "disclosure": notice_disclosure(n.notice, defaults)})
              for n in view.notices]
    for dept in site.departments:
        dashboard = view.departments.get(dept)
        pages.append(Page(dept.url, "department.md.j2", i18n.Named(dept.name, dept.en),
                          {"department": dept, "dashboard": dashboard, "other": view.other.get(dept, []),
                           "lists": site.lists.departments[dept], **paged},
                          examples=bool(dashboard and dashboard.examples)))
        if dashboard:
            pages.append(Page(dashboard.url, "dashboard.md.j2", dashboard.title,
                              {"dashboard": dashboard, **paged}, examples=dashboard.examples))
    for section in site.sections:
        pages.append(Page(section.url, "section.md.j2", i18n.Named(section.label, section.en),
                          {"section": section, "table": site.lists.industries[section], **paged}))
    for industry in site.industries:
        pages.append(Page(industry.url, "industry.md.j2", i18n.Named(industry.tag, industry.en),
                          {"industry": industry, "table": site.lists.industries[industry], **paged}))
    # Every page again in English under en/: the same context, so the two never show different data.
    return pages + [replace(p, lang=i18n.ENGLISH, lang_tag=i18n.ENGLISH, path=urls.in_language(p.path, i18n.ENGLISH))
                    for p in pages]


def _number(value) -> str:
    """12345 -> 12,345: large counts are easier to read grouped."""
    return f"{value:,}"


def _cell(value, empty: str = "") -> str:
    """An erratum's value as text: lists joined, None (or an empty list) as `empty`."""
    if value is None or value == []:
        return empty
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    return str(value)


class _Translate(NodeTransformer):
    """Each `_("constant", name=value)` of a template, translated once when the template compiles.

    The same expression jinja2's newstyle gettext evaluates on every render (the translation marked
    safe, then `%` with the escaped values), with the catalogue's answer already in it: an English
    page no longer makes ~145 catalogue lookups, and a constant one compiles to plain template data.
    `_(variable)` is left to gettext at render time."""

    def __init__(self, lang: str):
        self.gettext = i18n.translations(lang).gettext

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        if not (isinstance(node.node, nodes.Name) and node.node.name == "_" and len(node.args) == 1
                and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)
                and node.dyn_args is None and node.dyn_kwargs is None):
            return node
        text = nodes.MarkSafeIfAutoescape(nodes.Const(self.gettext(node.args[0].value)), lineno=node.lineno)
        values = nodes.Dict([nodes.Pair(nodes.Const(k.key), k.value, lineno=node.lineno) for k in node.kwargs],
                            lineno=node.lineno)
        return nodes.Mod(text, values, lineno=node.lineno)


class _LanguageEnvironment(jinja2.Environment):
    """The templates compiled for one language (_Translate)."""

    def __init__(self, lang: str, **options):
        super().__init__(**options)
        self.lang = lang

    def _parse(self, source, name, filename):
        return _Translate(self.lang).visit(super()._parse(source, name, filename))


def environments(templates: list[Path]) -> dict[str, jinja2.Environment]:
    """One environment per language, by language: each compiles the templates with its interface text in."""
    return {lang: environment(templates, lang) for lang in i18n.LANGUAGES}


def environment(templates: list[Path], lang: str = i18n.SOURCE) -> jinja2.Environment:
    """`templates`: the search path, the site's templates/ before the packaged (core/resources.py)."""
    env = _LanguageEnvironment(
        lang,
        loader=jinja2.FileSystemLoader([str(folder) for folder in templates]),
        auto_reload=False,  # a build's templates do not change under it: no stat() per include per page
        autoescape=True,
        extensions=["jinja2.ext.i18n"],  # interface text through gettext; the catalogue is installed per language
        undefined=jinja2.StrictUndefined,  # a misspelt field fails the build instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date_zh=i18n.day_text, cell=_cell, field_label=field_label,
                       gap_text=gap_text, percent=percent, number=_number)
    env.globals.update(repair_rules=REPAIR_RULES, urls=urls)  # templates link with href(urls.…)
    # What _Translate cannot resolve when compiling (_(a variable)) asks gettext, which reads the
    # language of the page being rendered (render_page).
    env.install_gettext_callables(i18n._, lambda one, many, n: i18n._(one if n == 1 else many), newstyle=True)
    env.filters.update(zh=i18n.zh_span, months=i18n.months_text, mode=i18n.mode_name, named=_named,
                       plan_label=i18n.plan_label)
    env.globals.update(browser_messages=i18n.browser_messages, Text=i18n.Text, languages=i18n.NAMES,
                       task_table=task_table)  # a short list of tasks, never paged (compare.md.j2)
    env.filters.update(alternate=lambda lang, path: urls.in_language(urls.language_neutral(path), lang))
    return env


def template_name(page: Page) -> str:
    return page.template if "/" in page.template else f"pages/{page.template}"


def render_page(envs: dict[str, jinja2.Environment], site: Site, page: Page, **shell) -> str:
    """The page's whole HTML. envs: environments(); shell: what the layout around it needs (theme, nav, csp …, render.py)."""
    template = envs[page.lang].get_template(template_name(page))
    with i18n.activate(page.lang):
        return template.render(site=site, config=site.config, page=page, href=page.href, examples=page.examples,
                               **shell, **page.context)


def _named(entry) -> i18n.Named:
    """A department, industry or section by its name in the page's language, the Chinese beside it."""
    zh = entry.label if hasattr(entry, "letter") else getattr(entry, "name", None) or entry.tag
    return i18n.Named(zh, entry.en)
