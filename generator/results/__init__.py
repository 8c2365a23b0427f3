"""Inspection results: read, validate, and summarise for the pages and the change report.

In: the result files and notice imports site_config.yml lists, the loaded plans and the reference
lists. Out: Results (validated records and their findings) and the summaries the pages and the
change report read. Writing them (open data, the lookup index) is generator/publish/'s.

Interface for the pipeline (generator/pipeline.py) and the page layer (generator/site/):
    load_results(config, plans, reference, findings) -> Results
    task_summary(results, plan_id, seq, page_size)       a task page's results section: counts, chart
    task_pages(results, plan_id, seq, page_size)         its table, one page of rows at a time
    task_results(...)                                    both at once (small volumes)
    plan_dashboard(results, plan) / department_dashboards(results, plans)
    change_records(results)                               for generator.publish.changes.make_manifest
"""

from __future__ import annotations

from generator.reference.result_kinds import ResultKind, ResultKinds
from generator.results.load import load_results, reference_date
from generator.results.model import HEADERS, Result, Results
from generator.results.summary import (change_records, department_dashboards, kind_counts, plan_dashboard,
                                       record_dict, task_pages, task_results, task_status, task_summary)

__all__ = ["HEADERS", "Result", "ResultKind", "ResultKinds", "Results", "change_records",
           "department_dashboards", "kind_counts", "load_results", "plan_dashboard", "record_dict",
           "reference_date", "task_pages", "task_results", "task_status", "task_summary"]
