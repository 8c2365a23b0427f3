"""Configured notices (site_config.yml results.notices) -> data/results/ID.json -> results on the site.

data/results/ID.json is the importer's output, committed like data/plans/ID.json so every
change shows as a diff: `gongkai import --all` (make data) writes it, and loading fails with
`notice-stale` when the raw notice is no longer the file it was imported from.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path

from generator.core import paths
from generator.core.findings import Findings
from generator.core.io import dumps, json_strings  # every string of a JSON document, as plans are scanned
from generator.core.paths import notice_file
from generator.results.model import Result
from generator.results.notices.importer import NoticeImport, import_notice
from generator.text.identifiers import personal_data_findings


def configured(config) -> list[dict]:
    """results.notices, without an entry whose file leaves the repository (reported by load_notices)."""
    from generator.core.safe_paths import path_problem

    return [e for e in config.notices if not path_problem(config.root, e["file"])]


def import_entry(config, entry: dict, reference, kinds, plans: list[dict]) -> NoticeImport:
    """Import one notice as site_config.yml lists it (file, id, and any plan/task given)."""
    return import_notice(config.root / entry["file"], entry["id"], reference, kinds, plans=plans,
                         plan=entry.get("plan"), task=entry.get("task"), source_name=entry["file"])


def import_configured(config, reference, kinds, plans: list[dict]) -> dict[str, Findings]:
    """Re-import every configured notice into data/results/ID.json."""
    out = {}
    for entry in configured(config):
        imported = import_entry(config, entry, reference, kinds, plans)
        target = notice_file(config.root, entry["id"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dumps(imported.data), encoding="utf-8")
        out[entry["id"]] = imported.findings
    return out


def load_notices(config, plans: list[dict], findings: Findings) -> list[dict]:
    """Every configured notice's committed import, checked against its raw file and the plans."""
    from generator.core.safe_paths import path_problem

    tasks = {(p["plan"]["id"], t["seq"]) for p in plans for t in p["tasks"]}
    loaded = []
    ids = [e["id"] for e in config.notices]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        findings.error("config", f"results.notices: id {dup} is listed twice", file=config.path.name)
    for i, entry in enumerate(config.notices):
        if problem := path_problem(config.root, entry["file"]):
            findings.error("path-outside", f"results.notices[{i}].file: {entry['file']} {problem}",
                           file=config.path.name, column=f"results.notices[{i}].file")
    for entry in configured(config):
        path = notice_file(config.root, entry["id"])
        rel = path.relative_to(config.root).as_posix()
        if not path.exists():
            findings.error("notice-missing", f"{rel} does not exist: run `gongkai import --all` (make data)", file=rel)
            continue
        data = _committed(path, rel, findings)
        if data is None:
            continue
        source = config.root / entry["file"]
        if not source.is_file():
            findings.error("source-missing", f"raw notice {entry['file']} does not exist", file=entry["file"])
        elif hashlib.sha256(source.read_bytes()).hexdigest() != (data.get("notice") or {}).get("source", {}).get("sha256"):
            findings.error("notice-stale", f"{rel} was imported from another version of {entry['file']}: "
                           "run `gongkai import --all` (make data) and review the diff", file=rel)
        homeless = [r for r in data.get("results") or [] if not r.get("task") and not r.get("department")]
        if homeless:
            findings.warning("notice-no-page", f"{len(homeless)} result(s) link to no task and name no department of "
                             "data/reference/departments.yml: they are in the lookup only. Add the office's spelling "
                             "there, or give the notice a plan and task", file=entry["file"],
                             row=homeless[0]["source"]["line"])
        for r in data.get("results") or []:
            task = r.get("task")
            if task and (task["plan"], task["seq"]) not in tasks:
                findings.error("notice-unknown-task", f"{r['name']} is linked to plan {task['plan']} task {task['seq']}, "
                               "which no configured plan has", file=entry["file"], row=r["source"]["line"])
        for where, text in json_strings(data):
            findings.extend(personal_data_findings(text, file=rel, column=where))
        loaded.append(data)
    return loaded


_RESULT_KEYS = {"name", "credit_code", "inspected", "inspected_as_written", "published", "department",
                "department_as_written", "departments", "jurisdiction", "items", "result", "note", "category", "task",
                "source"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _committed(path: Path, rel: str, findings: Findings) -> dict | None:
    """data/results/ID.json as `gongkai import` writes it; None (and an error) for anything else,
    a file edited by hand into another shape included: the site must not publish what no import made."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        notice, results = data["notice"], data["results"]
        problem = None if isinstance(notice, dict) and isinstance(notice.get("source"), dict) else "no notice"
        for i, r in enumerate(results):
            if problem is None and not _well_formed(r):
                problem = f"result {i + 1} is not a result as the importer writes it"
    except (ValueError, KeyError, TypeError, OSError) as exc:  # JSONDecodeError is a ValueError
        problem = f"cannot be read ({type(exc).__name__}: {exc})"
    if problem:
        findings.error("notice-invalid", f"{rel}: {problem}: run `gongkai import --all` (make data)", file=rel)
        return None
    return data


def _well_formed(r) -> bool:
    """One result with the keys and types notice_records and the pages read."""
    if not isinstance(r, dict) or _RESULT_KEYS - set(r) or not isinstance(r["name"], str):
        return False
    task = r["task"]
    return (isinstance(r["result"], dict) and not {"kind", "as_written"} - set(r["result"])
            and isinstance(r["source"], dict) and not {"file", "line"} - set(r["source"])
            and (task is None or isinstance(task, dict) and not {"plan", "seq"} - set(task))
            and isinstance(r["departments"], list)
            and all(not r[k] or _ISO.match(str(r[k])) for k in ("inspected", "published")))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def notice_records(notices: list[dict], kinds) -> tuple[list[Result], list[Result]]:
    """(results linked to a task, results no task fits) as the site's Result records."""
    linked: list[Result] = []
    unlinked: list[Result] = []
    for data in notices:
        notice = data["notice"]
        for r in data["results"]:
            kind = r["result"]["kind"]
            record = Result(
                (r["task"] or {}).get("plan", ""), (r["task"] or {}).get("seq", 0), r["name"], r["credit_code"] or "",
                _day(r["inspected"]), tuple(r["departments"]) or (r["department_as_written"] or notice["issuer"] or "",),
                (kind,) if kind and kind in kinds.by_name else (), r["note"] or "", _day(r["published"]),
                file=r["source"]["file"], row=r["source"]["line"], kind_as_written=r["result"]["as_written"],
                jurisdiction=r["jurisdiction"] or "", notice=notice["id"], category=r["category"] or "",
                items=r["items"] or "", inspected_as_written=r["inspected_as_written"] or "")
            (linked if r["task"] else unlinked).append(record)
    return linked, unlinked


def kinds_of(root: Path):
    from generator.reference.result_kinds import ResultKinds

    return ResultKinds.load(root / paths.RESULT_KINDS)


def configured_plans(config, reference) -> list[dict]:
    """The configured plans as the site publishes them (errata applied): what notices link to.
    Their own findings are `gongkai check`'s business, not the notice import's."""
    from generator.plans.store import load_plans

    return load_plans(config, reference, Findings())


def import_all(config, reference) -> dict[str, Findings]:
    """`gongkai import --all`, notices part: every configured notice into data/results/ID.json."""
    if not configured(config):
        return {}
    return import_configured(config, reference, kinds_of(config.root), configured_plans(config, reference))


def import_one(source: Path, notice_id: str, config_path: Path, out_dir: Path, plan: str | None = None,
               task: int | None = None) -> tuple[Path, NoticeImport]:
    """`gongkai import FILE --results --id ID`: linked against the plans of the site beside config_path."""
    from generator.core.config import load_config
    from generator.reference.lists import Reference

    root = Path(config_path).resolve().parent
    reference = Reference.load(root / paths.REFERENCE)
    plans = configured_plans(load_config(config_path), reference) if Path(config_path).exists() else []
    imported = import_notice(source, notice_id, reference, kinds_of(root), plans=plans, plan=plan, task=task)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{notice_id}.json"
    target.write_text(dumps(imported.data), encoding="utf-8")
    return target, imported


def check_fresh(config, reference, plans: list[dict], findings: Findings) -> None:
    """`gongkai check`: a committed import must be what the importer makes of its raw notice today
    (a changed plan can change a link). A changed raw file is load_notices' notice-stale already."""
    kinds = kinds_of(config.root) if configured(config) else None
    for entry in configured(config):
        path, source = notice_file(config.root, entry["id"]), config.root / entry["file"]
        if not path.exists() or not source.is_file():
            continue  # load_notices reports both
        committed = _committed(path, "", Findings())  # load_notices reports a file in another shape
        if committed is None:
            continue
        if hashlib.sha256(source.read_bytes()).hexdigest() != (committed.get("notice") or {}).get("source", {}).get("sha256"):
            continue
        if import_entry(config, entry, reference, kinds, plans).data != committed:
            rel = path.relative_to(config.root).as_posix()
            findings.error("notice-stale", f"{rel} differs from what the importer makes of {entry['file']}: run "
                           "`gongkai import --all` (make data) and review the diff", file=rel)
