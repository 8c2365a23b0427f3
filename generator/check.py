"""`gongkai check`: every validation in one pass, without writing anything.

Re-imports each raw document and compares it with data/plans/ (so the committed
data is what the importer makes of the document), then loads the plans with
errata, validates them, and validates the result files against them.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator import paths
from generator.config import load_config
from generator.findings import Findings
from generator.paths import plan_file
from generator.plans import import_entry, load_plans
from generator.reference import Reference
from generator.results import load_results
from generator.safety.scan import scan_inputs


def run_check(config_path: str | Path = paths.CONFIG) -> Findings:
    config = load_config(config_path)
    findings = Findings(list(config.findings))
    scan_inputs(config, findings)  # the same scan the build runs: personal data, paths out of the repository
    reference = Reference.load(config.root / paths.REFERENCE)
    for entry in config.plans:
        path = plan_file(config.root, entry["id"])
        source = config.root / entry["source"]
        if not path.exists() or not source.exists():
            continue  # load_plans reports both
        fresh = import_entry(config, entry, reference)
        if fresh.plan != json.loads(path.read_text(encoding="utf-8")):
            findings.error("plan-stale", f"{path.relative_to(config.root).as_posix()} differs from what the importer makes of "
                           f"{entry['source']}: run `gongkai import --all` (make data) and review the diff",
                           file=path.relative_to(config.root).as_posix())
    plans = load_plans(config, reference, findings)
    from generator.results.notices.publish import check_fresh

    check_fresh(config, reference, plans, findings)  # data/results/ID.json of each notice, as plans above
    load_results(config, plans, reference, findings)
    return findings
