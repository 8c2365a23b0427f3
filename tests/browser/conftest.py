"""The one Chromium launch for browser tests: Debian's chromium driven by Playwright.

Module-scoped, because Playwright's sync API allows one running session at a time and each
module tears its own down before the next starts.
"""

from __future__ import annotations

import pytest

from tests.helpers import CHROMIUM, CHROMIUM_ARGS, require_chromium


@pytest.fixture(scope="module")
def chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright  # a test dependency: missing, the test fails

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
