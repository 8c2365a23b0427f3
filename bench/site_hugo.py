"""The Hugo side of bench/site_scale.py: Debian's `hugo` on as many pages as gongkai built, of the same shape.

Every page is a task as our task pages show one: its title, a 12-row table of its fields and a
paragraph of Chinese (the task's credit-risk rule and how it is inspected), taken in turn from the
real plans' tasks. The layout (bench/hugo/) is a base template, a page template and a list page;
the content pages sit in one section, so Hugo adds the home page and the section's list: content
pages = our pages - 2, and the figures report the HTML pages Hugo wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

HUGO_SITE = Path(__file__).resolve().parent / "hugo"
LIST_PAGES = 2  # the home page and the section's list page


def _cell(value) -> str:
    """A table cell: Markdown's pipe escaped, line breaks flattened."""
    return str(value if value not in (None, "") else "—").replace("|", "\\|").replace("\n", " ")


def task_rows(task: dict) -> list[tuple[str, str]]:
    """The 12 rows a task page's table shows."""
    lead, partners = task["lead"], task.get("partners") or []
    ratio, frequency = task.get("ratio") or {}, task.get("frequency") or {}
    return [
        ("序号", task["seq"]), ("抽查任务名称", task.get("name")),
        ("发起部门", lead.get("department") or lead.get("as_written")),
        ("发起部门抽查事项", "；".join(lead.get("items") or [])),
        ("配合部门", "、".join(p.get("department") or p.get("as_written") or "" for p in partners)),
        ("配合部门抽查事项", "；".join(i for p in partners for i in p.get("items") or [])),
        ("抽查对象范围", task.get("scope")), ("抽查比例", ratio.get("as_written")),
        ("抽查频次", frequency.get("as_written")), ("抽查时间", task.get("months_as_written")),
        ("组织检查方式", task.get("mode")), ("行业", (task.get("industry") or {}).get("tag")),
    ]


def page_text(plan: dict, task: dict) -> str:
    title = f"{plan['plan']['jurisdiction']} {plan['plan']['year']} 任务 {task['seq']}：{task.get('name') or ''}"
    rows = "\n".join(f"| {_cell(k)} | {_cell(v)} |" for k, v in task_rows(task))
    paragraph = " ".join(t for t in (task.get("credit_risk_rule"), task.get("mode_note"), task.get("scope")) if t)
    return (f'---\ntitle: "{_cell(title)}"\n---\n\n| 项目 | 内容 |\n| --- | --- |\n{rows}\n\n'
            f"{paragraph or '本任务按计划实施。'}\n")


def make_site(target: Path, pages: int, plans: list[dict]) -> int:
    """A Hugo site in `target` that builds `pages` HTML pages; returns the content pages written."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(HUGO_SITE, target)
    section = target / "content" / "tasks"
    section.mkdir(parents=True)
    (section / "_index.md").write_text('---\ntitle: "抽查任务"\n---\n', encoding="utf-8")
    tasks = [(plan, task) for plan in plans for task in plan["tasks"]]
    count = max(1, pages - LIST_PAGES)
    for i in range(count):
        plan, task = tasks[i % len(tasks)]
        (section / f"{i:06d}.md").write_text(page_text(plan, task), encoding="utf-8")
    return count


def build(site: Path, runs: int) -> dict:
    """`hugo --quiet` from a clean output folder, `runs` times; the best run is the figure."""
    seconds, cpu = [], []
    public = site / "public"
    for _ in range(runs):
        shutil.rmtree(public, ignore_errors=True)
        started = time.perf_counter()
        child = subprocess.Popen(["hugo", "--quiet", "--source", str(site), "--destination", str(public)])
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"hugo failed (exit {os.waitstatus_to_exitcode(status)})")
        seconds.append(round(time.perf_counter() - started, 2))
        cpu.append(round(usage.ru_utime + usage.ru_stime, 2))
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True).stdout.strip()
    return {"hugo_seconds": min(seconds), "hugo_runs": seconds, "hugo_cpu_seconds": min(cpu), "hugo_cpu_runs": cpu,
            "hugo_pages": sum(1 for _ in public.rglob("*.html")), "hugo_version": version.split(" ")[1]}
