"""Which plan task a notice's results belong to: a notice names no 任务序号.

A group of results (the notice, or one section of it) links to a task when its department,
its 抽查事项 and its year identify exactly one task of the configured plans: the department
leads or joins the task, the 抽查事项 as printed (or one of two it joins with 和) is found in the
task's name, scope or items (or the task's in it), the plan's year is the notice's, and the plan's
jurisdiction is not another place than the office's. No task, or several, and the
results stay unlinked with a finding. A link given by hand (--plan/--task, or site_config.yml)
is taken as given, and its reason says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.reference.result_kinds import spelling_key


@dataclass(frozen=True)
class Link:
    task: dict | None  # {"plan": id, "seq": n} or None
    reason: str  # why it linked, or why it did not


def _departments(task: dict) -> set[str]:
    refs = [task["lead"], *task.get("partners", []), *[i["lead"] for i in task.get("items") or [] if i.get("lead")]]
    return {r.get("department") or r.get("as_written") for r in refs}


def _task_texts(task: dict) -> list[str]:
    refs = [task["lead"], *task.get("partners", [])]
    texts = [task.get("name") or "", task.get("scope") or ""]
    texts += [item for r in refs for item in r.get("items") or []]
    texts += [i.get("name") or "" for i in task.get("items") or [] if isinstance(i, dict)]
    return [spelling_key(t) for t in texts if t]


# One cell may name two 抽查事项 of the national list joined by 和/及/；: each part may match a task.
_JOINED = re.compile(r"和(?=对)|及(?=对)|[；;]")


def _items_match(items: str, task: dict) -> bool:
    texts = _task_texts(task)
    for part in [items, *_JOINED.split(items)]:
        key = spelling_key(part)
        if len(key) >= 4 and any(key in text or (len(text) >= 4 and text in key) for text in texts):
            return True
    return False


def same_place(a: str | None, b: str | None) -> bool:
    """Unknown places do not exclude each other; 东西湖区 is within 武汉市东西湖区."""
    return not a or not b or a in b or b in a


def link_group(plans: list[dict], department: str | None, items: str, year: int | None, *,
               jurisdiction: str | None = None, forced: tuple[str, int | None] | None = None) -> Link:
    """The task this group of results belongs to, with the reason; Link(None, why not) otherwise."""
    if forced is not None:
        plan_id, seq = forced
        if seq is not None:
            return Link({"plan": plan_id, "seq": seq}, f"given: plan {plan_id} task {seq}")
        plans = [p for p in plans if p["plan"]["id"] == plan_id]
    if not department:
        return Link(None, "the notice names no inspecting department")
    if not items:
        return Link(None, "the notice names no 抽查事项")
    fits = [(p, t) for p in plans for t in p["tasks"]
            if (year is None or p["plan"].get("year") == year) and department in _departments(t)
            and same_place(jurisdiction, p["plan"].get("jurisdiction"))
            and _items_match(items, t)]
    where = f"{jurisdiction or ''}{department} + 抽查事项 {items!r}" + (f" + year {year}" if year else "")
    if len(fits) == 1:
        plan, task = fits[0]
        return Link({"plan": plan["plan"]["id"], "seq": task["seq"]},
                    f"{where} fit only task {task['seq']} {task['name']} of plan {plan['plan']['id']}")
    if not fits:
        scope = f"plan {forced[0]}" if forced else "any configured plan"
        return Link(None, f"{where} fit no task of {scope}")
    listed = ", ".join(f"{p['plan']['id']} task {t['seq']}" for p, t in fits)
    return Link(None, f"{where} fit {len(fits)} tasks ({listed})")
