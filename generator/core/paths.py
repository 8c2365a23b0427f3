"""Every project-relative path, declared once.

Relative to the project root (Config.root: the folder holding site_config.yml), in the
project's own spelling (data/plans, never an absolute path), so `root / PLANS` is the folder
and f"{PLANS}/x.json" is how messages name a file in it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

CONFIG = "site_config.yml"  # the default --config, beside which everything below lives

DATA = PurePosixPath("data")
RAW = DATA / "raw"  # the documents offices published, verbatim
REFERENCE = DATA / "reference"  # hand-kept lists: departments, industries, holidays …
PLANS = DATA / "plans"  # the importer's output, committed
ERRATA = DATA / "errata"  # corrections of printed mistakes, one file a plan
RESULTS = DATA / "results"  # result files, and imported notices (ID.json)
CONTENT = PurePosixPath("content")  # hand-written pages
TEMPLATES = PurePosixPath("templates")  # page templates and assets

HOLIDAYS = REFERENCE / "holidays.yml"
RESULT_KINDS = REFERENCE / "result_kinds.yml"
DEPARTMENTS = REFERENCE / "departments.yml"

CACHE = PurePosixPath(".cache")  # what CI fetches (the published manifest) and the build cache
BUILD_CACHE = CACHE / "build"
SITE = PurePosixPath("site")  # the built site, unless -o says otherwise


def plan_file(root: Path, plan_id: str) -> Path:
    return Path(root) / PLANS / f"{plan_id}.json"


def errata_file(root: Path, plan_id: str) -> Path:
    return Path(root) / ERRATA / f"{plan_id}.yml"


def notice_file(root: Path, notice_id: str) -> Path:
    """data/results/ID.json: a notice's imported results."""
    return Path(root) / RESULTS / f"{notice_id}.json"
