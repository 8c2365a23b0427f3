"""site_config.yml, declared once as typed pydantic models.

Each key has a type, a default (or is required) and one line of doc, here and nowhere else:
`gongkai config` (describe, markdown_table), the README's key table and the JSON schema
editors use (site_config.schema.json) are all generated from these models.

Loading reports every problem at once with its key path (`plans[1].source: required (…)`): pydantic's
ValidationError list becomes `config` findings in the order the file reads, a mapping's unknown keys
first. An unknown key is a warning and is ignored (as mkdocs's config/base.py does); a null value
means the key's default.
"""

from __future__ import annotations

import inspect
import json
import re
import types
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from generator.core import paths
from generator.core.findings import DataError, Findings
from generator.core.safe_paths import SLUG, SLUG_RULE, path_problem, relative_problem
from generator.core.yamlfile import load_yaml

_URL = r"^https?://[^\s]+/$"
_SLUG = f"^{SLUG.pattern}$"  # JSON schema patterns search; SLUG is used with fullmatch


def _problem(message: str) -> PydanticCustomError:
    """A check's own message, reported as written (see _message)."""
    return PydanticCustomError("config", "{message}", {"message": message})


def _date_in(value: str, form: str) -> str:
    """"" or a date in `form`; used by the results keys."""
    if value:
        try:
            datetime.strptime(f"2000-{value}" if form == "%m-%d" else value, "%Y-%m-%d")  # 2000: 02-29 is valid
        except ValueError:
            raise _problem(f"expected {form.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')}") from None
    return value


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise _problem(SLUG_RULE)
    return value


def _url(value: str) -> str:
    if not re.match(_URL, value):
        raise _problem("must be an http(s) URL ending in /")
    return value


Slug = Annotated[str, AfterValidator(_slug), Field(json_schema_extra={"pattern": _SLUG})]
Url = Annotated[str, AfterValidator(_url), Field(json_schema_extra={"pattern": _URL})]
Day = Annotated[str, AfterValidator(lambda v: _date_in(v, "%Y-%m-%d")),
                Field(json_schema_extra={"pattern": r"^(\d{4}-\d{2}-\d{2})?$"})]
MonthDay = Annotated[str, AfterValidator(lambda v: _date_in(v, "%m-%d")),
                     Field(json_schema_extra={"pattern": r"^(\d{2}-\d{2})?$"})]


class Section(BaseModel):
    """One mapping of site_config.yml: unknown keys refused (then reported as warnings), no type coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        # `address:` with nothing after it is YAML null: the key's default, not a type error.
        if isinstance(data, dict):
            return {k: v for k, v in data.items()
                    if v is not None or k not in cls.model_fields or cls.model_fields[k].is_required()}
        return data


class Contact(Section):
    office: str = Field(description="Name of the office that publishes the site (shown on every page).")
    address: str = Field("", description="Postal address of the office.")
    phone: str = Field("", description="The office's public phone number (never an individual's mobile).")
    email: str = Field("", description="The office's public e-mail address.")


class PlanEntry(Section):
    id: Slug = Field(description="Stable plan id used in URLs and file names, e.g. gaoping-2023.")
    source: str = Field(description=f"The raw plan document under {paths.RAW}/ (text, CSV, XLSX/XLS, DOCX/DOC, HTML, PDF or a scan).")
    jurisdiction: str | None = Field(None, description="Jurisdiction, when the document does not name it.")
    year: int | None = Field(None, description="Plan year, when the document does not state it.")


class NoticeEntry(Section):
    file: str = Field(description=f"A department's result notice under {paths.RAW}/ (web page text, Word, Excel, "
                                  "PDF), verbatim.")
    id: Slug = Field(description=f"Stable notice id: {paths.RESULTS}/ID.json holds its imported results.")
    plan: str | None = Field(None, description="Plan id to link its results to, when department, 抽查事项 and year "
                                               "do not.")
    task: int | None = Field(None, description="Task (序号) of that plan to link its results to.")


class ResultSettings(Section):
    notices: list[NoticeEntry] = Field([], description=f"Departments' own result notices, imported into "
                                                       f"{paths.RESULTS}/ID.json.")
    files: list[str] = Field([f"{paths.RESULTS}/*.csv", f"{paths.RESULTS}/*.xlsx"],
                             description=f"Glob patterns of result files (CSV/XLSX) under {paths.RESULTS}/.")
    demo: bool = Field(True, description="Generate fictional example results for the plans (marked as examples "
                                         "on every page).")
    demo_seed: int = Field(2024, description="Seed of the example-result generator, so builds are reproducible.")
    # ge=1: page_size 0 or -5 is a mistake to report, not a value to replace quietly.
    page_size: int = Field(50, ge=1, description="Rows per page in a task's results table.")
    as_of: Day = Field("", description='Reference date "YYYY-MM-DD" (quoted) for the dashboards: which tasks\' '
                                       "months have ended. Default: the latest 公示日期 in the results, so builds "
                                       "never depend on the build machine's clock.")
    deadline_workdays: int = Field(20, ge=1, description="Working days after an inspection within which its "
                                                         "results must be published (the plans; 政府信息公开条例 "
                                                         "art. 26).")
    year_deadline: MonthDay = Field("12-20", description='Month-day "MM-DD" by which all of a plan year\'s results must '
                                                    'be published ("" for none).')


class DisclosureDefaults(Section):
    """What a 信息公开 box shows where a document prints nothing (generator/importer/metadata.py). No 索引号,
    文号 or 发文日期: those belong to one document, and a value for all of them would be invented."""

    publisher: str = Field("", description="发布机构 of a document that names no office.")
    subject: str = Field("", description="主题分类 (or 组配分类) of every document that prints none.")
    disclosure_mode: str = Field("", description="公开方式 of a document that prints none, e.g. 主动公开.")
    disclosure_scope: str = Field("", description="公开范围 of a document that prints none, e.g. 面向社会.")
    validity: str = Field("", description="有效性 of a document that prints none, e.g. 有效.")


class SiteConfig(Section):
    """site_config.yml: the site, its publisher, the plans and the results it publishes. Every key is listed by
    `gongkai config` and in the README (Configuration)."""

    model_config = ConfigDict(title="site_config.yml")

    title: str = Field(description="Site title (Chinese), shown in the header and the feed.")
    title_en: str = Field("", description="English site title.")
    description: str = Field("", description="One-sentence description for search engines and the home page.")
    url: Url = Field(description="Public base URL of the published site, used in the sitemap and the feed.")
    language: str = Field("zh-CN", description="Page language (BCP 47).")
    contact: Contact = Field(description="The publishing office and how to reach it.")
    licence: str = Field("CC BY 4.0", description="Licence of the open data.")
    disclosure_statement: str = Field("", description="The 主动公开 statement on the home page.")
    disclosure_defaults: DisclosureDefaults = Field(default_factory=DisclosureDefaults,
                                                    description="信息公开 box values for documents that print none "
                                                                "(\"\": shown as 未注明).")
    plans: list[PlanEntry] = Field(description="Plans to publish, in order.")
    results: ResultSettings = Field(default_factory=ResultSettings, description="Inspection results.")
    list_page_size: int = Field(100, ge=1, description="Rows per page in a list of tasks (department, industry and "
                                                       "section pages, dashboards): a province's lists show their "
                                                       "first page, and the browser fetches the others when asked.")
    strict: bool = Field(False, description="Treat data warnings as errors in every build, not only with --strict.")
    workers: int = Field(0, ge=0, description="Processes that render the pages: 0 is one per CPU core (at most 8), "
                                              "1 renders in the build's own process. The pages are the same either way.")


RESULT_DEFAULTS = ResultSettings()  # the declared defaults, for code called without a configuration


@dataclass
class Config:
    """A loaded site_config.yml: `settings` typed; `values` the same as plain data (templates, plan entries)."""

    settings: SiteConfig
    path: Path
    root: Path
    findings: Findings = field(default_factory=Findings)
    values: dict = field(init=False)

    def __post_init__(self):
        self.values = self.settings.model_dump()

    def __getitem__(self, key: str):
        """config["title"]: a key's value as plain data, as the templates read it."""
        return self.values[key]

    @property
    def plans(self) -> list[dict]:
        return self.values["plans"]

    @property
    def notices(self) -> list[dict]:
        return self.values["results"]["notices"]

    @property
    def results(self) -> ResultSettings:
        return self.settings.results


# --- loading: pydantic's errors as findings --------------------------------------------------

def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The section a field holds: Contact for `contact`, PlanEntry for `plans` (a list of them)."""
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    return annotation if inspect.isclass(annotation) and issubclass(annotation, BaseModel) else None


def _walk(loc: tuple) -> tuple[tuple, FieldInfo | None]:
    """Where `loc` stands in the file's order (an unknown key first in its mapping), and its field."""
    model, info, order = SiteConfig, None, []
    for part in loc:
        if isinstance(part, int):
            order.append(part)
            continue
        names = list(model.model_fields) if model else []
        order.append(names.index(part) if part in names else -1)
        info = model.model_fields.get(part) if model else None
        model = _model_of(info.annotation) if info else None
    return tuple(order), info


def key_path(loc: tuple) -> str:
    """('plans', 1, 'source') -> plans[1].source"""
    text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    return text or "top level"


_TYPES = {"string_type": "str", "int_type": "int", "bool_type": "bool", "list_type": "list", "model_type": "dict",
          "dict_type": "dict", "float_type": "float"}


def _message(error: dict) -> str:
    kind, loc, value = error["type"], error["loc"], error.get("input")
    if kind == "missing":
        return f"required ({_walk(loc)[1].description})"
    if kind == "model_type" and (not loc or isinstance(loc[-1], int)):
        return "expected a mapping"  # the whole file, or an entry of plans or notices
    if kind in _TYPES:
        got = "null (nothing)" if value is None else type(value).__name__
        return f"expected {_TYPES[kind]}, got {got}"
    if kind == "greater_than_equal":
        return f"must be at least {error['ctx']['ge']}, got {value}"
    return error["msg"]  # "config": a check's own words


def _without(raw: Any, loc: tuple) -> None:
    """Drop the unknown key at `loc` from the raw data, so the rest validates without it."""
    for part in loc[:-1]:
        raw = raw[part]
    del raw[loc[-1]]


def _validate(raw: Any, file: str, findings: Findings) -> SiteConfig | None:
    try:
        return SiteConfig.model_validate(raw)
    except ValidationError as exc:
        errors = sorted(exc.errors(include_url=False), key=lambda e: _walk(e["loc"])[0])
    unknown = [e for e in errors if e["type"] == "extra_forbidden"]
    for error in errors:
        add = findings.warning if error in unknown else findings.error
        add("config", f"{key_path(error['loc'])}: {'unknown key, ignored' if error in unknown else _message(error)}",
            file=file)
    if len(unknown) < len(errors):
        return None
    for error in unknown:  # only mapping keys go: every other location stays where pydantic saw it
        _without(raw, error["loc"])
    return SiteConfig.model_validate(raw)


def _check_paths(raw: Any, root: Path, file: str, findings: Findings) -> None:
    """Plan sources and result globs must stay inside the repository (no absolute path, no .., no symlink
    out of it): otherwise the build reads, and publishes, a file that is not the project's. Read from the
    raw file, so these are reported with any other mistake. (Notice files: results/notices/publish.py.)"""
    raw = raw if isinstance(raw, dict) else {}
    plans = raw.get("plans") if isinstance(raw.get("plans"), list) else []
    checks = [(f"plans[{i}].source", plan.get("source"), path_problem) for i, plan in enumerate(plans)
              if isinstance(plan, dict)]
    results = raw.get("results") if isinstance(raw.get("results"), dict) else {}
    patterns = results.get("files") if isinstance(results.get("files"), list) else []
    checks += [(f"results.files[{i}]", p, lambda _, p: relative_problem(p)) for i, p in enumerate(patterns)]
    for path, value, problem_of in checks:
        problem = problem_of(root, value) if isinstance(value, str) else None
        if problem:
            findings.error("config", f"{path}: {value} {problem}", file=file, column=path)


def load_config(path: str | Path = paths.CONFIG) -> Config:
    path = Path(path)
    findings = Findings()
    raw = load_yaml(path, str(path)) or {}
    settings = _validate(raw, str(path), findings)
    _check_paths(raw, path.resolve().parent, str(path), findings)
    plans = raw.get("plans") if isinstance(raw, dict) and isinstance(raw.get("plans"), list) else []
    ids = [p.get("id") for p in plans if isinstance(p, dict) and isinstance(p.get("id"), str)]
    for dup in {i for i in ids if ids.count(i) > 1}:
        findings.error("config", f"plans: id {dup} is listed twice", file=str(path))
    if findings.errors:
        raise DataError(f"{path}: {len(findings.errors)} configuration error(s)", findings.items)
    return Config(settings, path, path.resolve().parent, findings)


# --- documentation: generated from the models ------------------------------------------------

_REQUIRED = object()


@dataclass(frozen=True)
class Key:
    path: str  # results.page_size, plans[].source
    type: str
    default: Any  # _REQUIRED, or the value a missing (or null) key has
    doc: str

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


def _type_name(annotation: Any) -> str:
    if get_origin(annotation) in (Union, types.UnionType):  # str | None: the key's type is str
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is list:
        return "list"
    return "dict" if _model_of(annotation) else annotation.__name__


def keys(model: type[BaseModel] = SiteConfig, prefix: str = "") -> list[Key]:
    """Every key of site_config.yml, nested ones after their section (`plans[].id`)."""
    out = []
    for name, info in model.model_fields.items():
        if info.is_required():
            default = _REQUIRED
        elif info.default is PydanticUndefined:  # a section's default: all its keys' defaults
            default = {}
        else:
            default = info.default
        out.append(Key(f"{prefix}{name}", _type_name(info.annotation), default, info.description or ""))
        if inner := _model_of(info.annotation):
            out += keys(inner, f"{prefix}{name}{'[]' if get_origin(info.annotation) is list else ''}.")
    return out


def describe() -> str:
    """Every key with its type, default and doc: `gongkai config`."""
    return "\n".join(f"{k.path} ({k.type}, {'required' if k.required else f'default {k.default!r}'}): {k.doc}"
                     for k in keys())


def markdown_table() -> str:
    """The README's Configuration table: `gongkai config --markdown` (make readme). Defaults as
    YAML reads them (true, null, "")."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = [f"| `{k.path}` | {k.type} | "
            f"{'required' if k.required else '`' + cell(json.dumps(k.default, ensure_ascii=False)) + '`'} | "
            f"{cell(k.doc)} |" for k in keys()]
    return "\n".join(["| Key | Type | Default | Meaning |", "|---|---|---|---|", *rows])


def json_schema() -> dict:
    """The JSON schema of site_config.yml for editors: `gongkai config --json-schema`, site_config.schema.json."""
    # Draft 7, the newest the YAML language server (editors' YAML support) reads; pydantic's schema keeps
    # to it (its $defs are reached by JSON pointer, as draft 7 resolves any $ref).
    return {"$schema": "http://json-schema.org/draft-07/schema#", **SiteConfig.model_json_schema()}
