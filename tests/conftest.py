"""Shared fixtures: the real site built once per session, its paged variant, and the static server.

Helpers a test module imports (paths, copy_project, Chromium's settings, HTML reading, the
server itself) are in the ``tests.helpers`` package; a test module never imports another.
"""

from __future__ import annotations

import contextlib

import pytest

from generator.pipeline import build, gather
from tests.helpers import ROOT
from tests.helpers.hostile import build_hostile
from tests.helpers.notices import build_notice_site
from tests.helpers.server import StaticServer
from tests.helpers.sites import LIST_PAGE_SIZE, PAGE_SIZE, BuiltSite, build_variant


@pytest.fixture(scope="module")
def reference():
    """The reference lists (departments, industries …) the importer tests read plans with."""
    from generator.reference.lists import Reference

    return Reference.load(ROOT / "data" / "reference")


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


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> BuiltSite:
    """The real project with results.page_size 3 and list_page_size 4, built once per session."""
    return build_variant(tmp_path_factory.mktemp("paged") / "project", {"page_size": PAGE_SIZE},
                         settings={"list_page_size": LIST_PAGE_SIZE})


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """The hostile copy of the project (tests/helpers/hostile.py), built once: its site folder."""
    return build_hostile(tmp_path_factory.mktemp("hostile") / "project")


@pytest.fixture(scope="session")
def notice_site(tmp_path_factory) -> BuiltSite:
    """A site with the corpus result notice and one linked to a task (tests/helpers/notices.py)."""
    return build_notice_site(tmp_path_factory.mktemp("notices") / "project")


@pytest.fixture(scope="session")
def static_server():
    """Serve a folder on 127.0.0.1 (a random free port) until the session ends: ``static_server(path)`` is its URL."""
    with contextlib.ExitStack() as servers:
        yield lambda folder: servers.enter_context(StaticServer(folder)).url


@pytest.fixture(scope="session")
def site_server(site, static_server):
    """The built site over HTTP, as `gongkai serve` shows it."""
    return static_server(site.path)
