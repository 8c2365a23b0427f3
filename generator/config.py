"""site_config.yml, declared once as a typed schema.

Each key has a type, a default (or is required) and one line of doc. Loading
reports every problem at once with its key path (`plans[1].source: required`)
and warns about unknown keys, the way mkdocs's config/base.py does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.findings import DataError, Findings
from generator.safety.paths import SLUG, SLUG_RULE, path_problem, relative_problem
from generator.safety.yamlfile import load_yaml

REQUIRED = object()


@dataclass(frozen=True)
class Option:
    kind: type | tuple
    doc: str
    default: Any = REQUIRED
    check: Any = None  # callable(value) -> error message or None
    schema: dict | None = None  # for dicts, and for items of lists of dicts
    items: type | None = None  # for lists of plain values: the type of every item


def _plan_id(value: str) -> str | None:
    return None if SLUG.fullmatch(value) else SLUG_RULE


def _at_least(minimum: int):
    """A check for counts: page_size 0 or -5 is a mistake to report, not a value to replace quietly."""
    return lambda value: None if value >= minimum else f"must be at least {minimum}, got {value}"


def _url(value: str) -> str | None:
    return None if re.match(r"^https?://[^\s]+/$", value) else "must be an http(s) URL ending in /"


def _month_day(value: str, form: str) -> str | None:
    """"" or a date in `form`; used by the results keys."""
    from datetime import datetime

    if not value:
        return None
    try:
        datetime.strptime(f"2000-{value}" if form == "%m-%d" else value, "%Y-%m-%d")  # 2000: 02-29 is valid
    except ValueError:
        return f"expected {form.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')}"
    return None


CONTACT = {
    "office": Option(str, "Name of the office that publishes the site (shown on every page)."),
    "address": Option(str, "Postal address of the office.", ""),
    "phone": Option(str, "The office's public phone number (never an individual's mobile).", ""),
    "email": Option(str, "The office's public e-mail address.", ""),
}

PLAN = {
    "id": Option(str, "Stable plan id used in URLs and file names, e.g. gaoping-2023.", check=_plan_id),
    "source": Option(str, "The raw plan document under data/raw/ (text, CSV or XLSX)."),
    "jurisdiction": Option(str, "Jurisdiction, when the document does not name it.", None),
    "year": Option(int, "Plan year, when the document does not state it.", None),
}

NOTICE = {
    "file": Option(str, "A department's result notice under data/raw/ (web page text, Word, Excel, PDF), verbatim."),
    "id": Option(str, "Stable notice id: data/results/ID.json holds its imported results.", check=_plan_id),
    "plan": Option(str, "Plan id to link its results to, when department, 抽查事项 and year do not.", None),
    "task": Option(int, "Task (序号) of that plan to link its results to.", None),
}

RESULTS = {
    "notices": Option(list, "Departments' own result notices, imported into data/results/ID.json.", [], schema=NOTICE),
    "files": Option(list, "Glob patterns of result files (CSV/XLSX) under data/results/.",
                    ["data/results/*.csv", "data/results/*.xlsx"], items=str),
    "demo": Option(bool, "Generate fictional example results for the plans (marked as examples on every page).", True),
    "demo_seed": Option(int, "Seed of the example-result generator, so builds are reproducible.", 2024),
    "page_size": Option(int, "Rows per page in a task's results table.", 50, check=_at_least(1)),
    "as_of": Option(str, 'Reference date "YYYY-MM-DD" (quoted) for the dashboards: which tasks\' months have ended. '
                    "Default: the latest 公示日期 in the results, so builds never depend on the build machine's clock.",
                    "", check=lambda v: _month_day(v, "%Y-%m-%d")),
    "deadline_workdays": Option(int, "Working days after an inspection within which its results must be published "
                                "(the plans; 政府信息公开条例 art. 26).", 20, check=_at_least(1)),
    "year_deadline": Option(str, 'Month-day "MM-DD" by which all of a plan year\'s results must be published '
                            '("" for none).', "12-20", check=lambda v: _month_day(v, "%m-%d")),
}

SCHEMA = {
    "title": Option(str, "Site title (Chinese), shown in the header and the feed."),
    "title_en": Option(str, "English site title.", ""),
    "description": Option(str, "One-sentence description for search engines and the home page.", ""),
    "url": Option(str, "Public base URL of the published site, used in the sitemap and the feed.", check=_url),
    "language": Option(str, "Page language (BCP 47).", "zh-CN"),
    "contact": Option(dict, "The publishing office and how to reach it.", schema=CONTACT),
    "licence": Option(str, "Licence of the open data.", "CC BY 4.0"),
    "disclosure_statement": Option(str, "The 主动公开 statement on the home page.", ""),
    "plans": Option(list, "Plans to publish, in order.", schema=PLAN),
    "results": Option(dict, "Inspection results.", {}, schema=RESULTS),
    "strict": Option(bool, "Treat data warnings as errors in every build, not only with --strict.", False),
}


@dataclass
class Config:
    values: dict
    path: Path
    root: Path
    findings: Findings = field(default_factory=Findings)

    def __getitem__(self, key):
        return self.values[key]

    def get(self, key, default=None):
        return self.values.get(key, default)

    @property
    def plans(self) -> list[dict]:
        return self.values["plans"]


def _validate(value: Any, schema: dict, path: str, file: str, findings: Findings) -> dict:
    if not isinstance(value, dict):
        findings.error("config", f"{path or 'top level'}: expected a mapping", file=file)
        return {}
    out = {}
    for key in value:
        if key not in schema:
            findings.warning("config", f"{path + '.' if path else ''}{key}: unknown key, ignored", file=file)
    for key, option in schema.items():
        key_path = f"{path}.{key}" if path else key
        if key not in value or value[key] is None and option.default is not REQUIRED:
            if option.default is REQUIRED:
                findings.error("config", f"{key_path}: required ({option.doc})", file=file)
                continue
            out[key] = _validate(option.default, option.schema, key_path, file, findings) \
                if option.schema and isinstance(option.default, dict) else option.default
            continue
        item = value[key]
        if not isinstance(item, option.kind) or (option.kind is int and isinstance(item, bool)):
            findings.error("config", f"{key_path}: expected {option.kind.__name__}, got {type(item).__name__}", file=file)
            continue
        if option.check and (message := option.check(item)):
            findings.error("config", f"{key_path}: {message}", file=file)
            continue
        if option.schema and isinstance(item, dict):
            item = _validate(item, option.schema, key_path, file, findings)
        elif option.items and (wrong := [i for i, x in enumerate(item) if not isinstance(x, option.items)]):
            for i in wrong:
                got = "null (nothing)" if item[i] is None else type(item[i]).__name__
                findings.error("config", f"{key_path}[{i}]: expected {option.items.__name__}, got {got}", file=file)
            continue
        elif option.schema and isinstance(item, list):
            item = [_validate(x, option.schema, f"{key_path}[{i}]", file, findings) for i, x in enumerate(item)]
        out[key] = item
    return out


def _check_paths(values: dict, root: Path, file: str, findings: Findings) -> None:
    """Plan sources, notice files and result globs must stay inside the repository (no absolute path, no .., no
    symlink out of it): otherwise the build reads, and publishes, a file that is not the project's."""
    checks = [(f"plans[{i}].source", plan.get("source"), path_problem) for i, plan in enumerate(values.get("plans", []))]
    patterns = (values.get("results") or {}).get("files") or []
    checks += [(f"results.files[{i}]", p, lambda _, p: relative_problem(p)) for i, p in enumerate(patterns)]
    checks += [(f"notices[{i}].file", n.get("file"), path_problem) for i, n in enumerate(values.get("notices") or [])]
    for key_path, value, problem_of in checks:
        problem = problem_of(root, value) if isinstance(value, str) else None
        if problem:
            findings.error("config", f"{key_path}: {value} {problem}", file=file, column=key_path)


def load_config(path: str | Path = "site_config.yml") -> Config:
    path = Path(path)
    findings = Findings()
    raw = load_yaml(path, str(path)) or {}
    values = _validate(raw, SCHEMA, "", str(path), findings)
    _check_paths(values, path.resolve().parent, str(path), findings)
    ids = [p.get("id") for p in values.get("plans", [])]
    for dup in {i for i in ids if ids.count(i) > 1}:
        findings.error("config", f"plans: id {dup} is listed twice", file=str(path))
    if findings.errors:
        raise DataError(f"{path}: {len(findings.errors)} configuration error(s)", findings.items)
    return Config(values, path, path.resolve().parent, findings)


def describe() -> str:
    """Every key with its doc: printed by `gongkai config --help-keys` and copied into the README."""
    lines = []

    def walk(schema: dict, prefix: str):
        for key, option in schema.items():
            default = "required" if option.default is REQUIRED else f"default {option.default!r}"
            lines.append(f"{prefix}{key} ({option.kind.__name__}, {default}): {option.doc}")
            if option.schema:
                walk(option.schema, f"{prefix}{key}{'[]' if option.kind is list else ''}.")

    walk(SCHEMA, "")
    return "\n".join(lines)
