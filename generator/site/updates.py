"""Dated updates for the home page's "最新动态" and the Atom feed at /feed.xml.

Two sources, both dated by the data and never by the build machine's clock:
- a plan's issue date (印发), from the plan itself;
- the change history every build records in /data/changes.json (see
  generator/publish/changes.py), handed over as the BuildContext's history
  (generator/pipeline.py model).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from generator.core import urls
from generator.publish import changes as change_report
from generator.site.labels import gap_text

SHOWN_CHANGES = 20  # changes listed under one update; the rest are counted


@dataclass
class Update:
    day: date
    key: str  # unique and stable: the Atom entry id
    title: str
    summary: str
    url: str  # site-relative page the update is about
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, site-relative url)


def site_updates(plans, history: list[dict]) -> list[Update]:
    updates = [_issued(plan) for plan in plans if plan.issued]
    # The history is newest first; number entries from the oldest so a key never changes as it grows.
    for number, entry in enumerate(reversed(history or []), start=1):
        updates.append(_build_entry(entry, number))
    updates.sort(key=lambda u: (u.day, u.key), reverse=True)
    return updates


def _issued(plan) -> Update:
    meta = plan.meta
    summary = f"{meta['doc_number'] or '未标注文号'}，{len(plan.tasks)}项联合抽查任务"
    for gap in plan.gaps:
        summary += f"；{gap_text(gap)}"
    if plan.corrected_tasks:
        summary += f"；{len(plan.corrected_tasks)}项任务经人工勘误"
    return Update(plan.issued, f"issued-{plan.id}", f"{plan.label}部门联合双随机抽查工作计划印发", summary, plan.url)


def change_url(change: dict) -> str:
    if change["kind"] == "plan":
        return urls.plans() if change["change"] == "withdrawn" else urls.plan(change["plan"])
    if change["kind"] == "task" and change["change"] == "withdrawn":
        return urls.plan(change["plan"])  # the task's page is gone with it
    if change["kind"] == "result":
        return urls.task_results(change["plan"], change["task"])  # straight to the task's results
    return urls.task(change["plan"], change["task"])


def _build_entry(entry: dict, number: int) -> Update:
    changes = entry.get("changes") or []
    counts = Counter((c["change"], c["kind"]) for c in changes)
    parts = [f"{change_report.LABELS[verb]}{change_report.KINDS[kind]}{n}项"
             for (verb, kind), n in sorted(counts.items(), key=lambda kv: (list(change_report.LABELS).index(kv[0][0]),
                                                                          list(change_report.KINDS).index(kv[0][1])))]
    items = [(change_report.describe(c), change_url(c)) for c in changes[:SHOWN_CHANGES]]
    summary = "、".join(parts)
    if len(changes) > SHOWN_CHANGES:
        summary += f"（下列前{SHOWN_CHANGES}项）"
    plans = sorted({c["plan"] for c in changes})
    url = urls.plan(plans[0]) if len(plans) == 1 else urls.home()
    return Update(date.fromisoformat(entry["date"]), f"update-{number}", "本站数据更新", summary, url, items)
