"""Open data: each plan's results as site/data/results/ID.csv and ID.json.

The CSV has exactly the nine headers a result file is read with (UTF-8 with a BOM for Excel),
so a download can be fed back in as a result file. At a province's volume one plan's file holds
millions of rows: both are written from the columns (generator/results/table.py) a block of rows at a
time and a column at a time, each distinct value (a day, a list of departments) spelled once, with no
Python object per row.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from generator.core import urls
from generator.core.io import joined_rows, json_texts, spreadsheet_csv, utf8_of
from generator.results.model import HEADERS, Results
from generator.results.summary import RECORD_COLUMNS, record_values
from generator.results.table import CODED, DATES, TEXT, ResultTable, day

KIND_SEPARATOR = "；"  # kind names contain 、, so several kinds are joined with ；
DEPARTMENT_SEPARATOR = "、"
BLOCK = 1 << 16  # rows spelled at a time: a plan's file may hold millions


def _ordered(table, rows) -> np.ndarray:
    """Row numbers in the files' order: 任务序号, 检查日期 (none first), name, code (code point order)."""
    taken = pa.array(rows, type=pa.int64())
    keys = pa.table({"seq": table.columns["seq"][rows], "inspected": table.columns["inspected"][rows],
                     "business": table.columns["business"].take(taken), "code": table.columns["credit_code"].take(taken)})
    return rows[pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in keys.column_names]).to_numpy()]


def _blocks(rows):
    for start in range(0, len(rows), BLOCK):
        yield rows[start:start + BLOCK]


def _csv_columns(table, rows) -> list:
    """The nine cells of each of `rows` (HEADERS' fields; several departments joined with 、, kinds
    with ；, a day ISO or empty), a column at a time for spreadsheet_csv.writecolumns: text as Arrow
    arrays, every other cell spelled once per distinct value."""
    taken = pa.array(rows, type=pa.int64())
    out = []
    for name in HEADERS:
        column = table.columns[name]
        if name in TEXT:
            out.append(column.take(taken))
        elif name in ("departments", "kinds"):
            separator = DEPARTMENT_SEPARATOR if name == "departments" else KIND_SEPARATOR
            out.append(([separator.join(combo) for combo in table.values(name)], column[rows]))
        elif name in CODED:
            out.append((table.values(name), column[rows]))
        else:
            present, inverse = np.unique(column[rows], return_inverse=True)
            spelled = [day(o).isoformat() if o else "" for o in present.tolist()] if name in DATES else present.tolist()
            out.append((spelled, inverse))
    return out


def _json_lines(table, rows) -> pa.Array:
    """json.dumps(record_dict(r)) for each of `rows`, each after ",\n  ", a column at a time: each distinct
    value spelled once (record_values), text escaped by Arrow (json_texts), the lines joined by Arrow."""
    taken = pa.array(rows, type=pa.int64())
    parts = []
    for field, column in RECORD_COLUMNS.items():
        parts.append((",\n  {" if not parts else ", ") + json.dumps(field) + ": ")
        if column in TEXT:
            parts.append(json_texts(table.columns[column].take(taken)))
        else:
            distinct, inverse = record_values(table, rows, field)
            spelled = [json.dumps(v, ensure_ascii=False) for v in distinct]
            # one value in the whole block (a plan, no notice): part of the line's fixed text
            parts.append(spelled[0] if len(spelled) == 1 else pa.array(spelled, type=pa.large_string()).take(pa.array(inverse)))
    return joined_rows([*parts, "}"])


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
        for block in _blocks(rows):
            writer.writecolumns(_csv_columns(table, block))
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
    with open(json_path, "wb") as fh:
        fh.write((json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "results": [').encode("utf-8"))
        for i, block in enumerate(_blocks(rows)):
            fh.write(utf8_of(_json_lines(table, block))[0][0 if i else 1:])  # the first line has no comma
        fh.write("\n ]\n}\n".encode("utf-8"))
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
