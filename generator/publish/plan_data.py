"""Open-data downloads: each plan as JSON, CSV and XLSX under site/data/plans/.

The CSV is UTF-8 with a BOM so that Excel, which most offices open it with,
reads the Chinese correctly; columns are named in Chinese as the plans are.
Cells go through generator/core/io.py's spreadsheet writers (formula-like text as text).
Each plan carries its 信息公开 box (generator/importer/metadata.py): in the JSON as
plan.disclosure_fields {key: {value, from}}, in the CSV and XLSX as the last columns of every row.
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.core.io import dumps, spreadsheet_csv, write_xlsx
from generator.importer import describe
from generator.importer.metadata import DISCLOSURE_FIELDS, disclosure_data, plan_disclosure
from generator.publish.changes import content_hash

CSV_COLUMNS = [
    ("序号", lambda t: t["seq"]),
    ("抽查任务名称", lambda t: t["name"]),
    ("发起部门", lambda t: t["lead"]["department"] or ""),
    ("发起部门（原文）", lambda t: t["lead"]["as_written"]),
    ("发起部门抽查事项", lambda t: "；".join(t["lead"]["items"])),
    ("配合部门", lambda t: "、".join(p["department"] or p["as_written"] for p in t["partners"])),
    ("配合部门（原文）", lambda t: "、".join(p["as_written"] for p in t["partners"])),
    ("配合部门抽查事项", lambda t: "；".join(f"{p['as_written']}：{'；'.join(p['items'])}" for p in t["partners"] if p["items"])),
    ("抽查对象范围", lambda t: t["scope"] or ""),
    ("抽查比例", lambda t: t["ratio"]["value"] if t["ratio"] and t["ratio"]["value"] is not None else ""),
    ("比例要求", lambda t: describe.ratio_word(t["ratio"])),
    ("抽查比例（整理）", lambda t: describe.ratio_text(t["ratio"]) if t["ratio"] else ""),
    ("抽查比例及频次（原文）", lambda t: t["ratio"]["as_written"] if t["ratio"] else ""),
    ("频次（次/年）", lambda t: t["frequency_per_year"] or ""),
    ("起始月", lambda t: t["months"][0] if t["months"] else ""),
    ("截止月", lambda t: t["months"][1] if t["months"] else ""),
    ("跨年度", lambda t: "是" if describe.crosses_year(t) else ""),
    ("信用风险分类要求", lambda t: t["credit_risk_rule"] or ""),
    ("抽查模式", lambda t: t["mode"] or ""),
    ("行业", lambda t: t["industry"]["tag"] if t["industry"] else ""),
    ("国民经济行业门类", lambda t: (t["industry"]["section"] or "跨行业") if t["industry"] else ""),
    ("勘误", lambda t: "；".join(f"{c['field']}: {c['why']}" for c in t["corrections"])),
]


# The box's columns, after the task's: the plan's value repeated on each row, as the sheet is read row by row.
DISCLOSURE_COLUMNS = [f"信息公开：{spec.zh}" for spec in DISCLOSURE_FIELDS]


def plan_header() -> list[str]:
    return [name for name, _ in CSV_COLUMNS] + DISCLOSURE_COLUMNS


def plan_rows(plan: dict, defaults: dict | None = None) -> list[list]:
    box = [v.value or "" for v in plan_disclosure(plan["plan"], defaults)]
    return [[get(task) for _, get in CSV_COLUMNS] + box for task in plan["tasks"]]


def plan_csv(plan: dict, defaults: dict | None = None) -> str:
    buffer = io.StringIO()
    writer = spreadsheet_csv(buffer)
    writer.writerow(plan_header())
    writer.writerows(plan_rows(plan, defaults))
    return "\ufeff" + buffer.getvalue()


def published_plan(plan: dict, defaults: dict | None = None) -> dict:
    """The plan as site/data/plans/ID.json holds it: the import with its box added (a key only added)."""
    meta = {**plan["plan"], "disclosure_fields": disclosure_data(plan_disclosure(plan["plan"], defaults))}
    return {**plan, "plan": meta}


def write_plan_data(plan: dict, directory: Path, defaults: dict | None = None, cache=None) -> list[Path]:
    """defaults: site_config.yml disclosure_defaults, for the box's fields the plan prints nothing of.
    cache (core/cache.py BuildCache): a plan whose data, defaults and code are unchanged gets the
    bytes the last build wrote (the XLSX alone takes ~90 ms a plan to write)."""
    directory.mkdir(parents=True, exist_ok=True)
    plan_id = plan["plan"]["id"]
    paths = [directory / f"{plan_id}.json", directory / f"{plan_id}.csv", directory / f"{plan_id}.xlsx"]

    def write() -> list[bytes]:
        paths[0].write_text(dumps(published_plan(plan, defaults)), encoding="utf-8")
        paths[1].write_text(plan_csv(plan, defaults), encoding="utf-8")
        write_xlsx(paths[2], {plan_id: (plan_header(), plan_rows(plan, defaults))})
        return [path.read_bytes() for path in paths]

    if cache is None:
        write()
        return paths
    contents = cache.get_or_compute("plan-data", (content_hash(plan), content_hash(defaults or {})), write)
    for path, data in zip(paths, contents):
        if not path.exists():  # taken from the cache: write() did not run
            path.write_bytes(data)
    return paths
