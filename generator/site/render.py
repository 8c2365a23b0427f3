"""The page layer: the site model rendered into pages by mkdocs-material.

In: the pipeline's BuildContext, its site model built (generator/pipeline.py model). Out: every
page, the feed, the raw documents and the search index in the staging folder `out` (open data is
already under out/data/). render(context, out)

1. takes the site model (generator/site/model.py) and builds the results view
   (generator/site/results_view.py), which writes the paged tables' JSON chunks into `out`
   as it streams each task's results;
2. renders every page from templates/pages/*.j2 into a temporary mkdocs docs
   folder, beside content/*.md, templates/assets/*, the Atom feed and the raw
   source documents;
3. writes a generated mkdocs config and builds it with mkdocs's API. The
   navigation is short on purpose: Material renders the whole navigation into
   every page, so listing every task there makes build time and size grow with
   the square of the number of tasks;
4. copies the result into `out` and adds the search index.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, time as day_time, timezone
from pathlib import Path

import yaml

from generator.core import paths, resources
from generator.core import urls
from generator.core.findings import DataError, Finding
from generator.publish.search import write_index
from generator.publish.swap import work_prefix
from generator.site.model import Site
from generator.site.pages import environment, render_page, site_pages
from generator.site.results_view import build_view

# The navigation on every page: (title, source file). Entries whose file is missing are left out.
NAV = [
    ("首页", "index.md"),
    ("抽查计划", "plans/index.md"),
    ("部门", "departments/index.md"),
    ("行业", "industries/index.md"),
    ("搜索", "search/index.md"),
    ("企业查询", "lookup/index.md"),
    ("公开指南", "guide.md"),
    ("关于", "about.md"),
    ("数据许可", "licence.md"),
    ("无障碍", "accessibility.md"),
]

# Material's own search (a web worker and lunr language packs, 2 MB) is never loaded: its
# search plugin is off and our search page uses lunr.js (core/resources.py finds it).
UNUSED_THEME_FILES = ("assets/javascripts/workers", "assets/javascripts/lunr")


def render(context, out: Path) -> list[str]:
    started = time.perf_counter()
    root = context.config.root
    site = context.site
    settings = context.config.results
    site.results = build_view(site, context.results, context.plans, out, settings.page_size, bool(settings.as_of))
    env = environment(resources.template_dirs(root))
    # work_prefix has the pid in the name: a later build removes the folder if this one is killed.
    with tempfile.TemporaryDirectory(prefix=work_prefix()) as work:
        docs, html = Path(work) / "docs", Path(work) / "html"
        assets = copy_assets(root, docs / "assets")
        pages = site_pages(site, assets)
        for page in pages:
            target = docs / page.source
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_page(env, site, page), encoding="utf-8")
        content_pages = copy_content(root / paths.CONTENT, docs, {p.source for p in pages})
        copy_sources(site, root, docs, context.raw_documents)
        (docs / "feed.xml").write_text(env.get_template("feed.xml.j2").render(site=site, config=site.config),
                                       encoding="utf-8")
        config_file = Path(work) / "mkdocs.yml"
        theme = resources.overrides_dir(root, Path(work))
        config_file.write_text(yaml.safe_dump(mkdocs_config(site, theme, docs, html, assets), allow_unicode=True,
                                              sort_keys=False), encoding="utf-8")
        run_mkdocs(config_file, source_date_epoch(site), content_pages)
        for unused in UNUSED_THEME_FILES:
            shutil.rmtree(html / unused, ignore_errors=True)
        shutil.copytree(html, out, dirs_exist_ok=True)

    notes = [f"Pages: {len(site.plans)} plans, {len(site.tasks)} tasks, {len(site.departments)} departments, "
             f"{len(site.industries)} industries in {len(site.sections)} sections; "
             f"{len(pages)} generated pages rendered in {time.perf_counter() - started:.1f} s"]
    notes += site.notes + site.results.notes
    notes += write_index(context, out)
    return notes


def copy_assets(root: Path, target: Path) -> set[str]:
    """templates/assets/* (every page's scripts and stylesheets) and lunr.js, the site's over the packaged."""
    target.mkdir(parents=True, exist_ok=True)
    files = resources.asset_files(root)
    for name, path in files.items():
        shutil.copyfile(path, target / name)
    return set(files)


def copy_content(content: Path, docs: Path, generated: set[str]) -> set[str]:
    """The hand-written pages (公开指南, about, data licence) go in as they are; their HTML is
    sanitised when mkdocs renders them (generator/site/safety.py). Returns their docs paths."""
    copied = set()
    for path in sorted(content.rglob("*.md")) if content.is_dir() else []:
        rel = path.relative_to(content).as_posix()
        if rel in generated or rel.removesuffix(".md") + "/index.md" in generated:
            raise DataError(f"{paths.CONTENT}/{rel} would replace a generated page; rename it",
                            [Finding("content", "clashes with a generated page", "error", f"{paths.CONTENT}/{rel}")])
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / rel)
        copied.add(rel)
    return copied


def copy_sources(site: Site, root: Path, docs: Path, published: dict[str, bytes] | None = None) -> None:
    """The raw documents, published at the same path (data/raw/…) so readers can check every repair.

    `published`: the bytes generator.publish.scan passed (a redacted copy when the document holds
    personal data); a document it did not pass is not published."""
    for plan in site.plans:
        if published is not None and plan.source_url in published:
            (docs / plan.source_url).parent.mkdir(parents=True, exist_ok=True)
            (docs / plan.source_url).write_bytes(published[plan.source_url])


# BCP 47 tags (site_config.yml language) the theme spells otherwise: mkdocs-material has
# partials/languages/zh.html (and zh-Hant, zh-TW) but no zh-CN, which would fail the build.
THEME_LANGUAGES = {"zh-CN": "zh", "zh-Hans": "zh", "zh-Hans-CN": "zh", "zh-HK": "zh-Hant", "zh-Hant-TW": "zh-TW"}


def mkdocs_config(site: Site, theme: Path, docs: Path, html: Path, assets: set[str]) -> dict:
    config = site.config
    # site.css first, so the search and lookup pages' stylesheets (search.css, lookup.css) can refine it.
    stylesheets = ["site.css"] + sorted(name for name in assets if name.endswith(".css") and name != "site.css")
    return {
        "site_name": config["title"],
        "site_url": config["url"],
        "site_description": config["description"],
        "docs_dir": str(docs),
        "site_dir": str(html),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(theme),  # templates/overrides/, the site's over the packaged
            "language": THEME_LANGUAGES.get(config["language"], config["language"]),
            "font": False,  # no Google Fonts request: system CJK fonts, and nothing leaves the reader's browser
            "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
            "icon": {"logo": "material/clipboard-check-outline"},
            # The short navigation as tabs under the header, so the page keeps its full width for tables.
            "features": ["navigation.tabs"],
        },
        # Material's search plugin is off: our own lunr search (generator/search) serves /search/.
        "plugins": [],
        "extra_css": [urls.asset(name) for name in stylesheets if name in assets],
        "markdown_extensions": ["toc", "tables", "attr_list"],
        "nav": [{title: path} for title, path in NAV if (docs / path).is_file()],
        "validation": {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "warn", "anchors": "warn"}},
        "extra": {"contact": config["contact"], "licence": config["licence"]},
    }


def source_date_epoch(site: Site) -> int:
    """The build date mkdocs writes into sitemap.xml: the latest date in the data, never the clock."""
    day = site.latest or datetime(2000, 1, 1).date()
    return int(datetime.combine(day, day_time(12), tzinfo=timezone.utc).timestamp())


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _environment(name: str, value: str):
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def run_mkdocs(config_file: Path, epoch: int, content_pages: set[str] = frozenset()) -> None:
    """mkdocs's own build command, minus the CLI; any mkdocs warning (a broken link in content/) fails the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.site.safety import SafetyPlugin

    logger = logging.getLogger("mkdocs")
    warnings = _Warnings()
    logger.addHandler(warnings)
    try:
        with _environment("SOURCE_DATE_EPOCH", str(epoch)):
            config = load_config(str(config_file))
            config.plugins["gongkai-safety"] = SafetyPlugin(set(content_pages))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
    finally:
        logger.removeHandler(warnings)
    if warnings.messages:
        raise DataError(f"mkdocs reported {len(warnings.messages)} problem(s); nothing was published",
                        [Finding("mkdocs", message, "error") for message in warnings.messages])
