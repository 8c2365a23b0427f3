"""Full build against incremental rebuild after one result file changes (issue: incremental builds).

    .venv/bin/python bench/build_times.py --size 100000

Generates fictional result files (generator/results/fake.py, never published) beside the real plans,
then: a full build with an empty cache; one row of one result file changed; the incremental
rebuild (cache reused); and, for comparison, a full --no-cache rebuild over the same previous
site. Prints as its last line one JSON object: records, files, full_seconds, incremental_seconds,
incremental_fraction, identical (the incremental output equals the full rebuild's, byte for byte).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generator.results.fake import change_one_row, write_fake_results  # noqa: E402
from results_scale import prepare  # noqa: E402
from tests.helpers.trees import same_tree  # noqa: E402


def build(root: Path, site: Path, *extra: str) -> float:
    started = time.perf_counter()
    command = [str(REPO / ".venv" / "bin" / "gongkai"), "build", "--config", str(root / "site_config.yml"),
               "-o", str(site), *extra]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rows-per-file", type=int, default=10_000, help="an office's file holds a month or a task")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out-incremental")
    args = parser.parse_args()

    from generator.pipeline import gather

    root = prepare(args.out)
    plans = gather(REPO / "site_config.yml", use_cache=False).plans
    write_fake_results(plans, args.size, root / "data" / "results", rows_per_file=args.rows_per_file)
    files = sorted((root / "data" / "results").glob("*.csv"))
    site, reference = root / "site", root / "site-full"

    full = build(root, site)
    shutil.copytree(site, reference)  # both rebuilds compare against the same previous site
    change_one_row(files[0])
    incremental = build(root, site)
    full_again = build(root, reference, "--no-cache")
    diffs = same_tree(site, reference)
    print(json.dumps({"records": args.size, "files": len(files), "full_seconds": round(full, 1),
                      "full_rebuild_no_cache_seconds": round(full_again, 1),
                      "incremental_seconds": round(incremental, 1),
                      "incremental_fraction": round(incremental / full_again, 2),
                      "identical": not diffs, "differences": diffs[:10]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
