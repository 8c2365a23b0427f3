"""Open data: each plan's results as site/data/results/ID.csv and ID.json.

The CSV has exactly the nine headers a result file is read with (UTF-8 with a BOM for Excel),
so a download can be fed back in as a result file. Both are written row by row: at a
province's volume one plan's file holds millions of rows, read from the columns a few thousand at a time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.core import urls
from generator.core.io import spreadsheet_csv
from generator.results.model import HEADERS, Result, Results
from generator.results.summary import record_dict
from generator.results.table import ResultTable

KIND_SEPARATOR = "；"  # kind names contain 、, so several kinds are joined with ；
DEPARTMENT_SEPARATOR = "、"


def csv_row(r: Result) -> list:
    return [r.plan_id, r.seq, r.business, r.credit_code, r.inspected.isoformat() if r.inspected else "",
            DEPARTMENT_SEPARATOR.join(r.departments), KIND_SEPARATOR.join(r.kinds), r.note,
            r.published.isoformat() if r.published else ""]


def _ordered(table, rows) -> np.ndarray:
    """Row numbers in the files' order: 任务序号, 检查日期 (none first), name, code (code point order)."""
    taken = pa.array(rows, type=pa.int64())
    keys = pa.table({"seq": table.columns["seq"][rows], "inspected": table.columns["inspected"][rows],
                     "business": table.columns["business"].take(taken), "code": table.columns["credit_code"].take(taken)})
    return rows[pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()]


def _batches(table, rows):
    """The Results at `rows`, a few thousand at a time: a plan's file may hold millions."""
    for start in range(0, len(rows), 4096):
        yield from table.rows(rows[start:start + 4096])


def write_plan_results(plan_id: str, records, examples: bool, out_dir: Path, rows=None) -> list[Path]:
    """out_dir/data/results/ID.csv and .json, where the pages link them (generator/core/urls.py).
    records: a generator.results.table.ResultTable (or a list of Results); rows: the plan's row
    numbers in it (default: all)."""
    table = ResultTable.from_records(records)
    rows = _ordered(table, np.arange(len(table)) if rows is None else rows)
    csv_path, json_path = (Path(out_dir) / urls.results_data(plan_id, kind) for kind in ("csv", "json"))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = spreadsheet_csv(fh)  # formula-like text as text (OWASP); the JSON keeps it as it is
        writer.writerow(list(HEADERS.values()))
        writer.writerows(csv_row(r) for r in _batches(table, rows))
    head = {
        "plan": plan_id,
        "examples": examples,  # true: fictional example data, not real inspections
        "count": len(rows),
        "columns": {"plan_id": "计划编号", "task": "任务序号", "business": "企业名称",
                    "credit_code": "统一社会信用代码", "inspected": "检查日期", "departments": "检查部门",
                    "kinds": "检查结果", "note": "结果说明", "published": "公示日期",
                    "deadline": "公示期限", "late": "逾期公示", "workdays_late": "逾期工作日",
                    "example": "示例数据"},
    }
    with open(json_path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "results": [')
        for i, r in enumerate(_batches(table, rows)):
            fh.write(("\n  " if i == 0 else ",\n  ") + json.dumps(record_dict(r), ensure_ascii=False))
        fh.write("\n ]\n}\n")
    return [csv_path, json_path]


def write_open_data(results: Results, plans: list[dict], out_dir: Path) -> list[str]:
    """A CSV and a JSON for every configured plan, empty ones included, so no download link breaks."""
    plan_ids = list(dict.fromkeys([p["plan"]["id"] for p in plans] + results.records.values("plan_id")))
    for plan_id in plan_ids:
        rows = results.plan_rows(plan_id)
        write_plan_results(plan_id, results.records, bool(results.records.columns["is_example"][rows].any()), out_dir,
                           rows)
    return [f"Results open data: {len(results.records)} results in {len(plan_ids)} plan file(s) under data/results/"]


def write_results(results: Results, plans: list[dict], out_dir: Path, cache=None) -> list[str]:
    """site/data/results/<plan>.csv|json and site/lookup/index/; returns lines for the build log."""
    from generator.publish.lookup import write_lookup

    return [*write_open_data(results, plans, Path(out_dir)), *write_lookup(results, plans, Path(out_dir), cache)]
