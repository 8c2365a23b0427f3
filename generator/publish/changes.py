"""The change report: what a build adds, changes or withdraws against the published site.

Each build writes /data/manifest.json (plans, tasks and results with content
hashes) next to the pages. The next build compares its own manifest with the
previous one (the published manifest fetched by CI into .cache/, or the local
site/ of the last build) and records the differences in /data/changes.json, a
history that the home page's "latest updates" and the Atom feed are made from.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

from generator.core import paths

MANIFEST_VERSION = 1
HISTORY_LIMIT = 100


def content_hash(value) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def make_manifest(plans: list[dict], results: dict[str, dict[int, dict[str, dict]]] | None = None) -> dict:
    """results: plan id -> task seq -> record key -> record (any JSON-able dict)."""
    results = results or {}
    manifest = {"version": MANIFEST_VERSION, "plans": {}}
    for plan in plans:
        meta = plan["plan"]
        by_task = results.get(meta["id"], {})
        manifest["plans"][meta["id"]] = {
            "title": meta.get("table_title") or meta.get("title"),
            "hash": content_hash({k: v for k, v in plan.items() if k != "tasks"}),
            "tasks": {str(t["seq"]): {"name": t["name"], "hash": content_hash(t)} for t in plan["tasks"]},
            "results": {str(seq): {key: content_hash(record) for key, record in sorted(records.items())}
                        for seq, records in sorted(by_task.items())},
        }
    return manifest


def _diff(old: dict, new: dict) -> tuple[list, list, list]:
    added = sorted(k for k in new if k not in old)
    withdrawn = sorted(k for k in old if k not in new)
    changed = sorted(k for k in new if k in old and old[k] != new[k])
    return added, changed, withdrawn


def _seq(key: str):
    return int(key) if key.isdigit() else key


def compare(previous: dict | None, current: dict) -> list[dict]:
    """Changes from `previous` to `current`, plans first, then tasks, then results per task."""
    before = (previous or {}).get("plans", {})
    changes: list[dict] = []
    for plan_id in sorted(set(before) | set(current["plans"])):
        old, new = before.get(plan_id), current["plans"].get(plan_id)
        if old is None:
            changes.append({"change": "added", "kind": "plan", "plan": plan_id, "title": new["title"],
                            "tasks": len(new["tasks"])})
            continue
        if new is None:
            changes.append({"change": "withdrawn", "kind": "plan", "plan": plan_id, "title": old["title"]})
            continue
        if old["hash"] != new["hash"]:
            changes.append({"change": "changed", "kind": "plan", "plan": plan_id, "title": new["title"]})
        old_tasks = {k: v["hash"] for k, v in old["tasks"].items()}
        new_tasks = {k: v["hash"] for k, v in new["tasks"].items()}
        for change, keys in zip(("added", "changed", "withdrawn"), _diff(old_tasks, new_tasks)):
            for key in sorted(keys, key=_seq):
                name = (new["tasks"].get(key) or old["tasks"][key])["name"]
                changes.append({"change": change, "kind": "task", "plan": plan_id, "task": _seq(key), "title": name})
        for seq in sorted(set(old.get("results", {})) | set(new.get("results", {})), key=_seq):
            counts = _diff(old.get("results", {}).get(seq, {}), new.get("results", {}).get(seq, {}))
            for change, keys in zip(("added", "changed", "withdrawn"), counts):
                if keys:
                    name = (new["tasks"].get(seq) or old["tasks"].get(seq) or {}).get("name", "")
                    changes.append({"change": change, "kind": "result", "plan": plan_id, "task": _seq(seq),
                                    "title": name, "count": len(keys)})
    return changes


def update_history(history: list[dict], changes: list[dict], when: str) -> list[dict]:
    """Newest first; a build that changed nothing leaves the history as it was."""
    if not changes:
        return history
    return ([{"date": when, "changes": changes}] + history)[:HISTORY_LIMIT]


def data_date(root: Path) -> str:
    """The date a build stamps on its changes: never the build machine's clock.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) if set, else the date
    of the last commit, so two builds of one commit agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True, check=True)
        return date.fromisoformat(out.stdout.strip()).isoformat()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return "1970-01-01"


def load_previous(root: Path, site_dir: Path) -> tuple[dict | None, list[dict]]:
    """The previous manifest and history: CI's fetched copy first, else the last local build."""
    for fetched, directory in ((True, root / paths.CACHE), (False, site_dir / "data")):
        manifest = directory / ("previous-manifest.json" if fetched else "manifest.json")
        if manifest.exists():
            history_file = manifest.with_name("previous-changes.json" if fetched else "changes.json")
            history = json.loads(history_file.read_text(encoding="utf-8")) if history_file.exists() else []
            return json.loads(manifest.read_text(encoding="utf-8")), history
    return None, []


LABELS = {"added": "新增", "changed": "更新", "withdrawn": "撤回"}
KINDS = {"plan": "抽查计划", "task": "抽查任务", "result": "抽查结果"}


def describe(change: dict) -> str:
    """One line of Chinese for the home page and the feed."""
    verb, kind = LABELS[change["change"]], KINDS[change["kind"]]
    if change["kind"] == "plan":
        extra = f"（{change['tasks']}项任务）" if change.get("tasks") else ""
        return f"{verb}{kind}：{change['title']}{extra}"
    if change["kind"] == "task":
        return f"{verb}{kind}：{change['plan']} 第{change['task']}项 {change['title']}"
    return f"{verb}{kind} {change['count']}条：{change['plan']} 第{change['task']}项 {change['title']}"
