"""What several test modules share: the project's paths, a copy of it to break, Chromium's settings.

Imported as ``tests.helpers`` (the project root is on pytest's pythonpath); HTML reading is in
``tests.helpers.html``, the one static file server in ``tests.helpers.server``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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


def project_with_fake_results(target: Path, plans: list[dict], count: int, rows_per_file: int) -> Path:
    """copy_project with fictional result files (generator/results/fake.py) instead of the demo results."""
    import yaml

    from generator.results.fake import write_fake_results

    root = copy_project(target)
    config = yaml.safe_load((root / "site_config.yml").read_text(encoding="utf-8"))
    config["results"] = {"files": ["data/results/*.csv"], "demo": False}
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    write_fake_results(plans, count, root / "data" / "results", rows_per_file=rows_per_file)
    return root


# Debian's Chromium, driven by Playwright (whose own browser download cannot run here). The
# flags keep it from reaching for the network at start-up, which this machine refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def require_chromium() -> None:
    """Browser tests fail, never skip, without Chromium: `make test` installs it."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)", pytrace=False)
