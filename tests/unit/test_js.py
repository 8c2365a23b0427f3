"""The browser's query code (search.js, lookup.js) under Node: `node --test tests/js/`.

Those tests run the same query tables as test_search.py and test_lookup.py (tests/queries/*.json)
against the indexes generator/ writes. Node is required: without it this test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from tests.helpers import ROOT


def test_search_and_lookup_query_code_passes_under_node():
    node = shutil.which("node")
    assert node, "node is not installed: the browser's query code cannot be tested (apt-get install nodejs)"
    env = {**os.environ, "GONGKAI_PYTHON": sys.executable}
    done = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
