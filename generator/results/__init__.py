"""Inspection results: read, validate, publish, and summarise for the pages.

Interface for the build (generator/build.py) and the page layer (generator/site.py):
    load_results(config, plans, reference, findings) -> Results
    write_results(results, plans, out_dir) -> list[str]   open data + lookup index, build-log lines
    task_summary(results, plan_id, seq, page_size)       a task page's results section: counts, chart
    task_pages(results, plan_id, seq, page_size)         its table, one page of rows at a time
    task_results(...)                                    both at once (small volumes)
    plan_dashboard(results, plan) / department_dashboards(results, plans)
    change_records(results)                               for generator.changes.make_manifest
"""

from __future__ import annotations

from pathlib import Path

from generator.results.kinds import ResultKind, ResultKinds
from generator.results.load import load_results, reference_date
from generator.results.model import FIELDS, HEADERS, Result, Results
from generator.results.summary import (change_records, department_dashboards, kind_counts, plan_dashboard,
                                       record_dict, task_pages, task_results, task_status, task_summary)


def write_results(results: Results, plans: list[dict], out_dir: Path, cache=None) -> list[str]:
    """site/data/results/<plan>.csv|json and site/lookup/index/; returns lines for the build log."""
    from generator.lookup import write_lookup
    from generator.results.opendata import write_open_data

    return [*write_open_data(results, plans, Path(out_dir)), *write_lookup(results, plans, Path(out_dir), cache)]


__all__ = ["FIELDS", "HEADERS", "Result", "ResultKind", "ResultKinds", "Results", "change_records",
           "department_dashboards", "kind_counts", "load_results", "plan_dashboard", "record_dict",
           "reference_date", "task_pages", "task_results", "task_status", "task_summary", "write_results"]
