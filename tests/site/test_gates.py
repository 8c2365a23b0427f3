"""A gate a public government site needs, on every page of the real built site: a reported page
weight within budget. The gates in Chromium (WCAG 2.1 AA, usable at 320 px) are in
tests/browser/test_gates_browser.py."""

import json

import pytest

from generator.publish.weight import page_url, page_weights
from tests.helpers import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
PAGE_BUDGET = 1_500_000  # bytes, HTML plus what it loads; the search page with its index is the heaviest


@pytest.fixture(scope="module")
def urls(site):
    return [page_url(site.path, html) for html in site.html_files()]


def test_page_weight_is_reported_and_within_budget(site, urls):
    weights = page_weights(site.path)
    assert sorted(weights) == sorted(urls)
    assert any(line.startswith("Page weight: median ") for line in site.report.notes)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps(weights, indent=1), encoding="utf-8")
    heavy = {url: size for url, size in weights.items() if size > PAGE_BUDGET}
    assert heavy == {}
