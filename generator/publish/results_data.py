"""Open data: each plan's results as site/data/results/ID.csv and ID.json.

The CSV has exactly the nine headers a result file is read with (UTF-8 with a BOM for Excel),
so a download can be fed back in as a result file. Both are written row by row: at a
province's volume one plan's file holds hundreds of thousands of rows.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from generator.core import urls
from generator.core.io import spreadsheet_csv
from generator.results.model import HEADERS, Result, Results
from generator.results.summary import record_dict

KIND_SEPARATOR = "；"  # kind names contain 、, so several kinds are joined with ；
DEPARTMENT_SEPARATOR = "、"


def csv_row(r: Result) -> list:
    return [r.plan_id, r.seq, r.business, r.credit_code, r.inspected.isoformat() if r.inspected else "",
            DEPARTMENT_SEPARATOR.join(r.departments), KIND_SEPARATOR.join(r.kinds), r.note,
            r.published.isoformat() if r.published else ""]


def _ordered(records: list[Result]) -> list[Result]:
    return sorted(records, key=lambda r: (r.seq, r.inspected or date.min, r.business, r.credit_code))


def write_plan_results(plan_id: str, records: list[Result], examples: bool, out_dir: Path) -> list[Path]:
    """out_dir/data/results/ID.csv and .json, where the pages link them (generator/core/urls.py)."""
    rows = _ordered(records)
    csv_path, json_path = (Path(out_dir) / urls.results_data(plan_id, kind) for kind in ("csv", "json"))
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = spreadsheet_csv(fh)  # formula-like text as text (OWASP); the JSON keeps it as it is
        writer.writerow(list(HEADERS.values()))
        writer.writerows(csv_row(r) for r in rows)
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
        for i, r in enumerate(rows):
            fh.write(("\n  " if i == 0 else ",\n  ") + json.dumps(record_dict(r), ensure_ascii=False))
        fh.write("\n ]\n}\n")
    return [csv_path, json_path]


def write_open_data(results: Results, plans: list[dict], out_dir: Path) -> list[str]:
    """A CSV and a JSON for every configured plan, empty ones included, so no download link breaks."""
    by_plan: dict[str, list[Result]] = {p["plan"]["id"]: [] for p in plans}
    for r in results.records:
        by_plan.setdefault(r.plan_id, []).append(r)
    for plan_id, records in by_plan.items():
        write_plan_results(plan_id, records, any(r.is_example for r in records), out_dir)
    return [f"Results open data: {len(results.records)} results in {len(by_plan)} plan file(s) under data/results/"]


def write_results(results: Results, plans: list[dict], out_dir: Path, cache=None) -> list[str]:
    """site/data/results/<plan>.csv|json and site/lookup/index/; returns lines for the build log."""
    from generator.publish.lookup import write_lookup

    return [*write_open_data(results, plans, Path(out_dir)), *write_lookup(results, plans, Path(out_dir), cache)]
