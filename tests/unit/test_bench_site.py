"""bench/site_scale.py (make bench-site) runs end to end on two plans, Hugo and Chromium included."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import ROOT

KEYS = ("plans", "pages", "build_seconds", "hugo_seconds", "ratio", "peak_rss_mb", "incremental_seconds", "files",
        "site_mb", "search_query_bytes_gzip_max", "search_query_ms_p95")


def test_bench_site_at_two_plans(tmp_path):
    out = tmp_path / "bench-site"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "site_scale.py"), "--plans", "2", "--queries", "2",
                           "--hugo-runs", "1", "--plan-change-only", "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    for key in KEYS:
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["plans"] == 2
    assert figures["identical"] is True, figures["differences"]  # the incremental rebuild equals a full one
    assert figures["hugo_pages"] == figures["pages"]  # Hugo built as many pages as we did
    assert figures["search_queries"] == 2
    # The copies are fictional: every plan's jurisdiction says so, and nothing was written outside --out.
    plans = sorted((out / "site" / "data" / "plans").glob("*.json"))
    assert [json.loads(p.read_text(encoding="utf-8"))["plan"]["jurisdiction"][-4:] for p in plans] == ["（示例）"] * 2
    assert not (ROOT / "data" / "plans" / "shili000-2022.json").exists()
