"""Search at a province's size: the site's search built for 2, 40 and 400 plans, measured in Chromium.

    .venv/bin/python bench/search_scale.py [--plans 2,40,400] [--out bench/out/search]

The plans are the repository's two, then copies of them given other ids, counties
(generator/results/fake.py COUNTIES) and years: the vocabulary stays that of two real plans, so
every common word has hundreds of times the postings it has today — a hard case for sharding.
For each size: build seconds, files, bytes; then every query of tests/queries/search.json (table,
nothing and edge) in Chromium on the real search page's script, each in a fresh browser context:
bytes fetched (gzip, Chromium's encodedBodySize of every search file and the two scripts) and
time from navigation to data-answered. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

from generator.pipeline import gather, model_site
from generator.results.fake import COUNTIES

ROOT = Path(__file__).resolve().parent.parent


def scaled_context(n_plans: int, config: Path = ROOT / "site_config.yml"):
    """The repository's BuildContext with n_plans plans: its own first, then renamed copies."""
    context = gather(config)
    originals = context.plans
    plans = []
    for k in range(n_plans):
        base = originals[k % len(originals)]
        if k < len(originals):
            plans.append(base)
            continue
        plan = copy.deepcopy(base)
        meta = plan["plan"]
        place = COUNTIES[k % len(COUNTIES)][0]
        year = 2021 + (k // len(COUNTIES)) % 5
        old_place, old_year = meta.get("jurisdiction") or "", str(meta.get("year") or "")
        for key in ("title", "table_title", "doc_number", "issuer", "issued"):
            if isinstance(meta.get(key), str):
                meta[key] = meta[key].replace(old_place, place).replace(old_year, str(year))
        meta.update(id=f"p{k:03d}-{year}", jurisdiction=place, year=year)
        plans.append(plan)
    context.plans = plans
    model_site(context)
    return context
