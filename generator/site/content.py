"""The hand-written pages (content/*.md): front matter, Markdown, links, sanitising.

In: the content folder and the set of pages and files the site publishes. Out: one ContentPage per
file, its HTML sanitised (generator/site/safety.py) and its links resolved, for the layout.

A page links other pages by their Markdown file, as in mkdocs (`[抽查计划](plans/index.md)`), or
a published file (`feed.xml`); each is rewritten relative to the page. A link to a Markdown file
the site does not have fails the build, naming the file and the link; a link written as a URL
(`../guide/`) is left as written. Front matter may set only
`title` and `hide`: anything else fails the build, so no key can reach the page unchecked.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from generator.core import paths
from generator.core.findings import DataError, Finding
from generator.core.yamlfile import load_yaml_text
from generator.site.safety import CONTENT_META, sanitise

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
EXTENSIONS = ["toc", "tables", "attr_list"]  # what the pages were written for (mkdocs' config before)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)


@dataclass
class ContentPage:
    source: str  # content-relative, e.g. "guide.md"
    path: str  # the site folder it is published at, e.g. "guide/"
    title: str
    html: Markup = Markup()
    toc: list[dict] = field(default_factory=list)  # [{"id", "title"}] of the page's sections

    @property
    def has_h1(self) -> bool:
        return "<h1" in self.html


def page_path(source: str) -> str:
    """guide.md -> guide/, plans/index.md -> plans/, index.md -> "" (directory URLs, as mkdocs makes them)."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def read_content(root: Path) -> list[tuple[str, str]]:
    """(content-relative path, text) of every content/**/*.md."""
    folder = root / paths.CONTENT
    files = sorted(folder.rglob("*.md")) if folder.is_dir() else []
    return [(p.relative_to(folder).as_posix(), p.read_text(encoding="utf-8")) for p in files]


def _front_matter(source: str, text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    name = f"{paths.CONTENT}/{source}"
    meta = load_yaml_text(match.group(1) or "", name) or {}
    if not isinstance(meta, dict):
        raise DataError(f"{name}: front matter must be a mapping", [Finding("content", "front matter must be a "
                                                                            "mapping", "error", name)])
    refused = [f"{name}: front matter key {key!r} is not allowed (allowed: {', '.join(sorted(CONTENT_META))})"
               for key in sorted(set(meta) - CONTENT_META, key=str)]
    if refused:
        raise DataError(f"{len(refused)} front matter key(s) refused in {name}",
                        [Finding("content", message, "error", name) for message in refused])
    return meta, text[match.end():]


class _Links(Treeprocessor):
    """Rewrites links to .md files and published files relative to the page; collects unknown ones."""

    def __init__(self, md, page: str, targets: set[str]):
        super().__init__(md)
        self.page, self.targets, self.unknown = page, targets, []

    def run(self, root):
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            value = element.get(attribute) if attribute else None
            if value and not EXTERNAL.match(value):
                element.set(attribute, self.resolve(value))

    def resolve(self, link: str) -> str:
        target, _, anchor = link.partition("#")
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), target))
        url = page_path(rel) if rel.endswith(".md") else rel
        if url not in self.targets:
            if rel.endswith(".md"):  # a page that does not exist: a broken link (as mkdocs warned)
                self.unknown.append(link)
            return link  # written as a URL already (../guide/): left as the author wrote it
        depth = page_path(self.page).count("/")
        return ("../" * depth + url or "./") + (f"#{anchor}" if anchor else "")


class _LinkExtension(Extension):
    def __init__(self, page: str, targets: set[str]):
        super().__init__()
        self.processor = None
        self.page, self.targets = page, targets

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        self.processor = _Links(md, self.page, self.targets)
        md.treeprocessors.register(self.processor, "gongkai-links", 0)


def _toc(tokens: list[dict]) -> list[dict]:
    # The page's h1 is its title: its sections are what the table of contents lists (as Material does).
    if len(tokens) == 1 and tokens[0]["level"] == 1:
        tokens = tokens[0]["children"]
    return [{"id": t["id"], "title": Markup(t["name"])} for t in tokens]  # Markdown escaped the names


def render_content(source: str, text: str, targets: set[str]) -> ContentPage:
    """One content page; targets: the site-relative pages and files a link may name."""
    meta, body = _front_matter(source, text)
    links = _LinkExtension(source, targets)
    md = markdown.Markdown(extensions=[*EXTENSIONS, links])
    html = sanitise(md.convert(body))
    name = f"{paths.CONTENT}/{source}"
    if links.processor.unknown:
        raise DataError(f"{name}: {len(links.processor.unknown)} link(s) to pages or files the site does not have",
                        [Finding("content", f"{name}: link to {link!r}, which is not a page or file of the site",
                                 "error", name) for link in links.processor.unknown])
    tokens = md.toc_tokens
    title = str(meta.get("title") or (tokens[0]["name"] if tokens else source.removesuffix(".md")))
    return ContentPage(source, page_path(source), title, Markup(html), _toc(tokens))
