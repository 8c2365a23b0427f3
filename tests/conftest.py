"""Shared fixtures: the real site, built once per test session, and a tiny HTML reader.

The HTML reader is the standard library's html.parser turned into a small tree,
enough to ask "the text of the h1", "every link", "the rows of this table"
without a third-party parser.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pipeline import build, gather

ROOT = Path(__file__).resolve().parent.parent
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False, repr=False)  # the parent link makes generated repr/eq walk the whole tree
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)  # Element or str
    parent: "Element | None" = None

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Elements by tag and attributes; class_="x" matches one class among several."""
        found = []
        for element in self.iter():
            if tag and element.tag != tag:
                continue
            ok = True
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                have = element.attrs.get(key)
                if key == "class":
                    ok = ok and have is not None and value in have.split()
                elif value is True:
                    ok = ok and key in element.attrs
                else:
                    ok = ok and have == value
            if ok:
                found.append(element)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Element | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return "".join(parts)

    def clean_text(self) -> str:
        return " ".join(self.text.split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@functools.lru_cache(maxsize=None)
def _read(path: Path) -> Element:
    return parse_html(path.read_text(encoding="utf-8"))


class BuiltSite:
    """A built site folder, read page by page through its URLs (``plans/gaoping-2023/``)."""

    def __init__(self, path: Path, report):
        self.path = path
        self.report = report

    def file(self, url: str) -> Path:
        path = self.path / url.lstrip("/")
        return path / "index.html" if url.endswith("/") or url == "" else path

    def page(self, url: str) -> Element:
        path = self.file(url)
        assert path.is_file(), f"/{url} was not built ({path} missing)"
        return _read(path)

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))


@pytest.fixture(scope="session")
def gathered():
    """The real data through the real pipeline (errata applied), to compare pages against."""
    return gather(ROOT / "site_config.yml")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real site, built once per session into a temporary folder."""
    out = tmp_path_factory.mktemp("built") / "site"
    report = build(ROOT / "site_config.yml", out)
    return BuiltSite(out, report)


def copy_project(target: Path) -> Path:
    """What a build reads (config, data, content, templates, lunr.js) copied to break on purpose."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "site_config.yml", target / "site_config.yml")
    for name in ("data", "content", "templates"):
        shutil.copytree(ROOT / name, target / name)
    lunr = ROOT / "node_modules" / "lunr" / "lunr.min.js"
    if lunr.exists():
        (target / "node_modules" / "lunr").mkdir(parents=True)
        shutil.copy(lunr, target / "node_modules" / "lunr" / "lunr.min.js")
    return target


@pytest.fixture(scope="session")
def site_server(site):
    """The built site over HTTP on 127.0.0.1 (a random free port), as `gongkai serve` shows it."""
    handler = functools.partial(_QuietHandler, directory=str(site.path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


# Debian's Chromium, driven by Playwright (whose own browser download cannot run here). The
# flags keep it from reaching for the network at start-up, which this machine refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def require_chromium() -> None:
    """Browser tests fail, never skip, without Chromium: `make test` installs it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)", pytrace=False)
