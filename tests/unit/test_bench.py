"""bench/results_scale.py runs end to end on a small size and prints its figures as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import ROOT


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="Debian chromium not installed (make browser)")
def test_bench_runs_at_a_small_size(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "results_scale.py"), "--size", "2000",
                           "--queries", "8", "--out", str(tmp_path / "bench")],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for key in ("records", "build_seconds", "peak_rss_mb", "query_bytes_gzip_max", "query_ms_p95"):
        assert isinstance(figures[key], (int, float)), key
    assert figures["records"] == 2000
    assert figures["queries"] == 8 and figures["queries_answered"] == 8  # every query found its business
    assert not (ROOT / "site" / "data" / "results" / "results-000.csv").exists()  # fictional data stays in --out
