"""Built sites: the real project (or a copy with other results settings) built and read page by page."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.pipeline import build
from tests.helpers import copy_project
from tests.helpers.html import read_page

PAGE_SIZE = 3  # the paged build's results.page_size: the demo tasks have 2–7 results, fewer than 50
LIST_PAGE_SIZE = 4  # and its list_page_size: a department takes part in up to ~40 of the two plans' tasks


class BuiltSite:
    """A built site folder, read page by page through its URLs (``plans/gaoping-2023/``)."""

    def __init__(self, path: Path, report):
        self.path = path
        self.report = report

    def file(self, url: str) -> Path:
        path = self.path / url.lstrip("/")
        return path / "index.html" if url.endswith("/") or url == "" else path

    def page(self, url: str) -> BeautifulSoup:
        path = self.file(url)
        assert path.is_file(), f"/{url} was not built ({path} missing)"
        return read_page(path)

    def html_files(self) -> list[Path]:
        return sorted(self.path.rglob("*.html"))


def build_variant(target: Path, results: dict | None = None, files: dict[str, bytes] | None = None,
                  settings: dict | None = None) -> BuiltSite:
    """The real project copied, its results settings (and other top-level `settings`) and result files
    replaced, built."""
    project = copy_project(target)
    config_path = project / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["results"] = {**config.get("results", {}), **(results or {})}
    config.update(settings or {})
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, data in (files or {}).items():
        (project / "data" / "results" / name).write_bytes(data)
    out = project / "site"
    return BuiltSite(out, build(config_path, out))
