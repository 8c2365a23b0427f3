"""The page layer: the site model rendered into pages, with our layout over mkdocs-material's look.

In: the pipeline's BuildContext, its site model built (generator/pipeline.py model_site). Out: every
page, the feed, the sitemap and the raw documents in the staging folder `out` (the search index is
written beside them by the pipeline's other process: generator/pipeline.py _write).
render(context, out, meanwhile)

1. takes the site model (generator/site/model.py) and builds the results view
   (generator/site/results_view.py), which writes the paged tables' JSON chunks into `out`;
2. copies our assets and the theme's (generator/site/theme.py), the raw source documents and the feed;
3. renders every page once, straight to HTML: each generated page is one template of
   templates/pages/ extending the shell templates/layout/base.html.j2, compiled once (and kept in
   the build cache) and rendered by forked workers (pages are independent, so the output is the same
   with one process or eight);
4. meanwhile, in this process: the pipeline's open data, then the hand-written pages (content/*.md:
   Markdown, sanitised, generator/site/content.py; their links may name those files) and the sitemap;
5. the page-weight line of the build log, from what each page loads as the workers saw it.

No second pass: generated HTML never goes through Markdown, and mkdocs itself does not run.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import shutil
import time
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.core import paths, resources, urls
from generator.core.processes import cores, die_with_the_build, frozen
from generator.core.cache import code_version, file_hash
from generator.core.findings import DataError, Finding
from generator.publish.weight import references, summary_line, url_of, weigh
from generator.site.content import ContentPage, page_path, read_content, render_content
from generator.site.i18n import CATALOGUE, N_, SOURCE
from generator.site.model import Site
from generator.site.pages import Page, environments, render_page, site_pages
from generator.site.results_view import build_view
from generator.site.reuse import PageRecord, file_entry
from generator.site.safety import CONTENT_SECURITY_POLICY
from generator.site.task_lists import build_lists
from generator.site.theme import copy_theme

# The navigation on every page: (title, source file). Entries whose page the site lacks are left out.
# Titles are msgids: the tabs show them in the page's language (templates/layout/tabs.html.j2).
NAV = [
    (N_("首页"), "index.md"),
    (N_("抽查计划"), "plans/index.md"),
    (N_("部门"), "departments/index.md"),
    (N_("行业"), "industries/index.md"),
    (N_("搜索"), "search/index.md"),
    (N_("企业查询"), "lookup/index.md"),
    (N_("公开指南"), "guide.md"),
    (N_("关于"), "about.md"),
    (N_("数据许可"), "licence.md"),
    (N_("无障碍"), "accessibility.md"),
]
HEAD_SCRIPTS = ("reading-mode.js",)
PARALLEL_FROM = 200  # pages; below this, starting processes costs more than it saves


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    active: bool  # the page is this item's or under it
    current: bool  # the page is this item's


def render(context, out: Path, meanwhile=()) -> list[str]:
    """Every page, the feed and the sitemap into `out`; lines for the build log.

    meanwhile: callables (each returning log lines) that write files no page reads (the pipeline's
    open data). They run in this process while forked workers render the pages, then the content
    pages (which may link their files) and the sitemap: on two cores the work that is not page
    rendering no longer leaves one core idle. Their lines come first."""
    started = time.perf_counter()
    root, site = context.config.root, context.site
    settings = context.config.results
    site.results = build_view(site, context.results, context.plans, out, settings.page_size, bool(settings.as_of))
    site.lists = build_lists(site, out, context.config.settings.list_page_size)
    envs = compiled_once(environments(resources.template_dirs(root)), context.cache.directory)
    env = envs[SOURCE]  # the feed, the sitemap and content/ pages are in Chinese
    assets = copy_assets(root, out / "assets")
    stylesheets = ["site.css"] + sorted(n for n in assets if n.endswith(".css") and n != "site.css")
    shell = {"theme": copy_theme(out, [n for n in stylesheets if n in assets]), "csp": Markup(CONTENT_SECURITY_POLICY)}
    pages = site_pages(site, assets) + [Page("", "layout/404.html.j2", "页面不存在", base=_root_path(site.config["url"]),
                                            file="404.html")]
    copy_sources(site, root, out, context.raw_documents)
    (out / "feed.xml").write_text(env.get_template("feed.xml.j2").render(site=site, config=site.config),
                                  encoding="utf-8")
    sources = content_sources(root, pages)
    site_paths = {p.path for p in pages} | {page_path(source) for source, _ in sources}
    nav = [(title, page_path(source)) for title, source in NAV if page_path(source) in site_paths]
    # reading-mode.js applies a saved 长者模式 before the first paint, so it loads in <head>.
    shell.update(site_paths=site_paths, head_scripts=[urls.asset(n) for n in HEAD_SCRIPTS if n in assets])
    for page in pages:
        page.canonical = "" if page.base is not None else site.config["url"] + page.path
    jobs = [Job(page=p) for p in pages]
    workers = _workers(context.config.settings.workers, len(jobs))
    record = PageRecord(context.cache.directory, context.target)
    work = Work(envs, site, shell, nav, jobs, out, record, record.fingerprints(context, [(j.output, j.path) for j in jobs]))
    with Rendering(work, workers) as rendering:
        notes = [line for task in meanwhile for line in task()]
        contents = content_pages(root, pages, out, sources)
        rendering.write_here([Job(content=c) for c in contents])
        write_sitemap(env, out, site, [p.path for p in pages if p.base is None] + [c.path for c in contents])
        reused, page_weights = rendering.wait()
    notes.append(f"Pages: {len(site.plans)} plans, {len(site.tasks)} tasks, {len(site.departments)} departments, "
                 f"{len(site.industries)} industries in {len(site.sections)} sections; "
                 f"{len(jobs) + len(contents) - reused} pages rendered, {reused} unchanged taken from the previous "
                 f"site, in {time.perf_counter() - started:.1f} s ({workers} process(es))")
    notes += site.notes + site.results.notes + site.lists.notes
    notes.append(summary_line(weigh(out, page_weights)))
    return notes


def compiled_once(envs: dict, cache_dir: Path | None) -> dict:
    """With a build cache, each language's compiled templates are kept under it (Jinja's bytecode
    cache; compiling them took ~0.6 s of every build). Jinja keys a template by its name and file and
    recompiles one whose source changed; the folder is keyed by what else goes into the compiled code:
    the generator's code (filters folded at compile time, pages._Translate), the English catalogue
    the interface text is translated from when a template compiles, and Jinja's version."""
    if cache_dir is None:
        return envs
    for lang, env in envs.items():
        folder = Path(cache_dir) / "templates" / compiled_key(lang)
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return envs


def compiled_key(lang: str, catalogue: Path = CATALOGUE) -> str:
    """The folder of one language's compiled templates: see compiled_once."""
    parts = (code_version(), lang, file_hash(catalogue), jinja2.__version__)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]


def copy_assets(root: Path, target: Path) -> set[str]:
    """templates/assets/* (every page's scripts and stylesheets) and lunr.js, the site's over the packaged."""
    target.mkdir(parents=True, exist_ok=True)
    files = resources.asset_files(root)
    for name, path in files.items():
        shutil.copyfile(path, target / name)
    return set(files)


def content_sources(root: Path, pages: list[Page]) -> list[tuple[str, str]]:
    """content/*.md as (source, text); one that would replace a generated page fails the build."""
    generated = {p.path for p in pages}
    sources = read_content(root)
    for source, _ in sources:
        if page_path(source) in generated:
            name = f"{paths.CONTENT}/{source}"
            raise DataError(f"{name} would replace a generated page; rename it",
                            [Finding("content", "clashes with a generated page", "error", name)])
    return sources


def content_pages(root: Path, pages: list[Page], out: Path, sources=None) -> list[ContentPage]:
    """content/*.md, rendered; a link may name a page or a file already written into `out` (not a
    generated page's file, which workers may be writing: whether it is there yet is chance)."""
    sources = content_sources(root, pages) if sources is None else sources
    known = _Known({p.path for p in pages} | {page_path(source) for source, _ in sources}, out,
                   {p.output for p in pages})
    return [render_content(source, text, known) for source, text in sources]


class _Known:
    """What a content page may link: a page of the site, or a file the build has already written."""

    def __init__(self, pages: set[str], out: Path, outputs: set[str] = frozenset()):
        self.pages, self.out, self.outputs = pages, out, outputs

    def __contains__(self, url: str) -> bool:
        return url in self.pages or (url not in self.outputs and ".." not in url.split("/")
                                     and (self.out / url).is_file())


def copy_sources(site: Site, root: Path, out: Path, published: dict[str, bytes] | None = None) -> None:
    """The raw documents, published at the same path (data/raw/…) so readers can check every repair.

    `published`: the bytes generator.publish.scan passed (a redacted copy when the document holds
    personal data); a document it did not pass is not published."""
    for plan in site.plans:
        if published is not None and plan.source_url in published:
            (out / plan.source_url).parent.mkdir(parents=True, exist_ok=True)
            (out / plan.source_url).write_bytes(published[plan.source_url])


# --- rendering, on every core ----------------------------------------------------------------------

@dataclass
class Job:
    page: Page | None = None
    content: ContentPage | None = None

    @property
    def output(self) -> str:
        return self.page.output if self.page is not None else f"{self.content.path}index.html"

    @property
    def path(self) -> str:
        return self.page.path if self.page is not None else self.content.path


@dataclass
class Work:
    envs: dict  # language -> jinja2 environment (pages.environments)
    site: Site
    shell: dict
    nav: list[tuple[str, str]]
    jobs: list[Job]
    out: Path
    record: PageRecord
    fingerprints: dict[str, str]  # output -> fingerprint, for the pages that may be reused


_WORK: Work | None = None  # what forked workers inherit: the model is never pickled
_NEXT = None  # the first page of work.jobs no process has taken yet (a multiprocessing.Value, shared)
CHUNK = 16  # pages a process takes at a time


def _root_path(url: str) -> str:
    """https://example.org/sub/ -> /sub/: where the site lives on its host."""
    return "/" + url.split("://", 1)[-1].partition("/")[2]


def _workers(configured: int, jobs: int) -> int:
    if not configured and jobs < PARALLEL_FROM:
        return 1
    return cores(configured)


def _nav(work: Work, path: str) -> list[NavItem]:
    path = urls.language_neutral(path)  # en/plans/ is under the 抽查计划 tab too
    return [NavItem(title, url, path == url or (bool(url) and path.startswith(url)), path == url)
            for title, url in work.nav]


def _render_job(work: Work, job: Job) -> tuple[str, str]:
    if job.page is not None:
        page = job.page
        html = render_page(work.envs, work.site, page, nav=_nav(work, page.path), toc=None,
                           **work.shell)
        return page.output, html
    content = job.content
    page = Page(content.path, "content", content.title, canonical=work.site.config["url"] + content.path)
    template = work.envs[SOURCE].get_template("layout/content.html.j2")
    html = template.render(site=work.site, config=work.site.config, page=page, href=page.href, html=content.html,
                           has_h1=content.has_h1, toc=content.toc, nav=_nav(work, page.path),
                           **work.shell)
    return f"{content.path}index.html", html


def _write_jobs(work: Work, jobs: list[Job], made: set) -> tuple[dict[str, list], int, dict[str, tuple]]:
    """Each job's page into work.out, taken from the previous site where the record allows: (record
    entries of the reusable pages, how many were reused, url -> (bytes, references) for page weights).
    made: the folders of work.out this process has made."""
    entries, reused, weights = {}, 0, {}
    for job in jobs:
        fingerprint = work.fingerprints.get(job.output)
        file = work.record.reuse(job.output, fingerprint, work.out, made)
        reused += file is not None
        if file is None:
            name, html = _render_job(work, job)
            data = html.encode("utf-8")
            target = work.out / name
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
            sha = hashlib.sha256(data).hexdigest() if fingerprint is not None else ""
            file = file_entry(target, sha, sorted(references(html)))
        if fingerprint is not None:
            entries[job.output] = [fingerprint, *file]
        weights[url_of(job.output)] = (file[1], file[3])
    return entries, reused, weights


def _write_share() -> tuple[dict[str, list], int, dict[str, tuple]]:
    """CHUNK pages at a time of work.jobs, the next chunk no process has taken, until none is left: the
    forked workers and, once its other stages are done, the build's own process share the pages, so
    none waits while another still has pages (a rebuild's changed pages sit together in the list)."""
    work, counter, made = _WORK, _NEXT, set()
    entries, reused, weights = {}, 0, {}
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + CHUNK
        if start >= len(work.jobs):
            return entries, reused, weights
        done = _write_jobs(work, work.jobs[start:start + CHUNK], made)
        entries.update(done[0])
        reused += done[1]
        weights.update(done[2])


class Rendering:
    """The pages of work.jobs rendered by forked workers while this process goes on with other stages
    (render()), then by this process too in wait() (alone when workers is 1). Templates are
    compiled before the fork; the model is frozen for the collector and stays shared with the workers.
    Leaving the block early (an error) stops the workers; the pipeline then removes the staging folder."""

    def __init__(self, work: Work, workers: int):
        self.work, self.workers, self.pool, self.pending = work, workers, None, None
        self.extra: list[tuple] = []

    def __enter__(self) -> Rendering:
        global _WORK, _NEXT
        _WORK, _NEXT = self.work, get_context("fork").Value("q", 0)
        for env in self.work.envs.values():  # compiled once here, includes and imports too, not in every worker
            for name in env.list_templates(extensions=["j2"]):
                try:
                    env.get_template(name)
                except jinja2.TemplateError:
                    pass  # a template no page uses may be a draft; a page that uses it fails as it did
        # The model and everything loaded so far live until the end of the build: frozen, the collector
        # stops walking them at every full collection (rendering makes garbage by the million), and the
        # forked workers do not write to their pages, which stay shared with this process.
        self.held = contextlib.ExitStack()
        self.held.enter_context(frozen())
        if self.workers > 1:
            self.pool = get_context("fork").Pool(self.workers, initializer=die_with_the_build)
            self.pending = [self.pool.apply_async(_write_share) for _ in range(self.workers)]
        return self

    def write_here(self, jobs: list[Job]) -> None:
        """Pages rendered in this process (content pages: their links are checked against files the
        other stages write); wait() counts them with the others."""
        self.extra.append(_write_jobs(self.work, jobs, set()))

    def wait(self) -> tuple[int, dict[str, tuple]]:
        """Renders what pages are left, with the workers; then (pages taken unchanged from the previous
        site, url -> (bytes, references) of every page)."""
        shares = [_write_share()]
        if self.pool is not None:
            shares += [done.get() for done in self.pending]  # a worker's exception is raised here
            self.pool.close()
            self.pool.join()
        shares += self.extra
        self.work.record.save({output: entry for entries, _, _ in shares for output, entry in sorted(entries.items())})
        return sum(reused for _, reused, _ in shares), {url: w for _, _, weights in shares for url, w in weights.items()}

    def __exit__(self, *exc) -> None:
        global _WORK, _NEXT
        if self.pool is not None:
            self.pool.terminate()  # finished (close and join done): nothing left to stop
            self.pool.join()
        _WORK = _NEXT = None
        self.held.close()


def write_sitemap(env, out: Path, site: Site, page_paths: list[str]) -> None:
    """sitemap.xml (and .gz, as search engines accept both); the date is the data's, never the clock's."""
    day = (site.latest or date(2000, 1, 1)).isoformat()
    # known: a set, as each page asks whether its twin is a page (a list made that quadratic in the pages)
    xml = env.get_template("layout/sitemap.xml.j2").render(base=site.config["url"], day=day,
                                                           paths=sorted(set(page_paths)), known=set(page_paths))
    (out / "sitemap.xml").write_text(xml, encoding="utf-8")
    with open(out / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as fh:
        fh.write(xml.encode("utf-8"))
