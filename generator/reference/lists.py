"""Reference lists under data/reference/: departments, industries, synonyms.

Each is the packaged list with the site's own entries merged over it (core/resources.py merge).

Loaded once per run and passed to the stages that need them. Each loader checks
its file and raises DataError with every problem found, naming the file and entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core import paths
from generator.core.findings import DataError, Finding
from generator.core.resources import load_reference, reference_exists
from generator.core.safe_paths import slug_problem
from generator.text.pinyin import slugify

# A jurisdiction written before a department: 高平市, 晋城市, 绛县, 市, 县委 …
_JURISDICTION_END = "省市县区旗"
_BRANCH = re.compile(r"^(.+?局).{1,4}分局$")  # 晋城市生态环境局高平分局 -> 晋城市生态环境局
_TRIM = "、，,；;：:。 \t"


def _name(path: Path) -> str:
    """How messages name a reference file: data/reference/x.yml, as the project spells it."""
    path = Path(path)
    return f"{paths.REFERENCE}/{path.name}" if path.parent.parts[-2:] == paths.REFERENCE.parts else str(path)


def _slug(entry: dict, fallback: str, where: dict, problems: list[Finding]) -> str:
    """The entry's slug (given or from pinyin), refused unless it is one the URL rule allows."""
    slug = entry.get("slug") or slugify(fallback)
    problem = slug_problem(slug)
    if problem:
        problems.append(Finding("reference", f"slug: {problem}", "error", column="slug", **where))
    return slug


@dataclass(frozen=True)
class Department:
    name: str
    en: str
    slug: str
    aliases: tuple[str, ...] = ()
    note: str | None = None


class Departments:
    def __init__(self, departments: list[Department], source: str = "departments.yml"):
        self.all = departments
        self.source = source
        self._by_spelling: dict[str, Department] = {}
        for dept in departments:
            for spelling in (dept.name, *dept.aliases):
                self._by_spelling[spelling] = dept
        self.by_slug = {d.slug: d for d in departments}
        self.by_name = {d.name: d for d in departments}

    @classmethod
    def load(cls, path: Path) -> "Departments":
        data = load_reference(path, _name(path)) or []
        problems: list[Finding] = []
        if not isinstance(data, list):
            raise DataError(f"{_name(path)}: expected a list of departments",
                            [Finding("reference", "expected a list of departments", "error", _name(path))])
        departments: list[Department] = []
        seen: dict[str, str] = {}
        for i, entry in enumerate(data, start=1):
            where = dict(file=_name(path), row=i)
            if not isinstance(entry, dict) or not entry.get("name") or not entry.get("en"):
                problems.append(Finding("reference", f"entry {i} needs name and en", "error", **where))
                continue
            unknown = set(entry) - {"name", "en", "aliases", "slug", "note"}
            if unknown:
                problems.append(Finding("reference", f"entry {entry['name']}: unknown keys {sorted(unknown)}", "error", **where))
            aliases = tuple(entry.get("aliases") or ())
            for spelling in (entry["name"], *aliases):
                if spelling in seen and seen[spelling] != entry["name"]:
                    problems.append(Finding("reference", f"spelling {spelling} belongs to both {seen[spelling]} and {entry['name']}", "error", **where))
                seen[spelling] = entry["name"]
            departments.append(Department(entry["name"], entry["en"], _slug(entry, entry["name"], where, problems),
                                          aliases, entry.get("note")))
        if problems:
            raise DataError(f"{_name(path)}: {len(problems)} problem(s)", problems)
        return cls(departments, str(path))

    def resolve(self, written: str) -> Department | None:
        """The canonical department for a name as written, or None if no spelling matches."""
        text = re.sub(r"\s+", "", written or "").strip(_TRIM)
        text = re.sub(r"[(（][^)）]*[)）]$", "", text)  # 烟草专卖局(分公司)
        candidates = [text]
        branch = _BRANCH.match(text)
        if branch:
            candidates.append(branch.group(1))
        for candidate in candidates:
            if candidate in self._by_spelling:
                return self._by_spelling[candidate]
            # Strip a leading jurisdiction: any prefix up to 7 characters ending in 省/市/县/区.
            for i in range(1, min(len(candidate) - 1, 8)):
                if candidate[i - 1] in _JURISDICTION_END and candidate[i:] in self._by_spelling:
                    return self._by_spelling[candidate[i:]]
        return None

    def match_prefix(self, text: str) -> tuple[int, Department] | None:
        """The longest start of `text` that names a known department: (length, department)."""
        head = re.split(r"\s", text, maxsplit=1)[0]
        for end in range(min(len(head), 24), 1, -1):
            dept = self.resolve(head[:end])
            if dept is not None:
                return end, dept
        return None


@dataclass(frozen=True)
class Industry:
    tag: str
    en: str
    section: str | None  # GB/T 4754 门类 letter; None for a cross-industry tag
    slug: str
    match: tuple[str, ...] = ()
    cross_industry: bool = False


@dataclass
class Industries:
    sections: dict[str, dict]
    industries: list[Industry]
    overrides: dict[str, dict[int, str]] = field(default_factory=dict)
    source: str = "industries.yml"

    @classmethod
    def load(cls, path: Path) -> "Industries":
        data = load_reference(path, _name(path)) or {}
        problems: list[Finding] = []
        if not isinstance(data, dict):
            raise DataError(f"{_name(path)}: expected sections: and industries:",
                            [Finding("reference", "expected sections: and industries:", "error", _name(path))])
        sections = data.get("sections") or {}
        industries: list[Industry] = []
        for i, entry in enumerate(data.get("industries") or [], start=1):
            where = dict(file=_name(path), row=i)
            cross = bool(entry.get("cross_industry"))
            if (entry.get("section") is None) != cross or (not cross and entry.get("section") not in sections):
                problems.append(Finding("reference", f"industry {entry.get('tag')}: section {entry.get('section')!r} is not a "
                                        "GB/T 4754 section (use section: null with cross_industry: true for all sections)",
                                        "error", **where))
                continue
            industries.append(Industry(entry["tag"], entry["en"], entry.get("section"),
                                       _slug(entry, entry["tag"], where, problems), tuple(entry.get("match") or ()), cross))
        tags = {ind.tag for ind in industries}
        overrides = {}
        for plan_id, by_seq in (data.get("overrides") or {}).items():
            overrides[plan_id] = {}
            for seq, tag in (by_seq or {}).items():
                if tag not in tags:
                    problems.append(Finding("reference", f"override {plan_id} task {seq}: unknown industry {tag}", "error", file=_name(path)))
                overrides[plan_id][int(seq)] = tag
        if problems:
            raise DataError(f"{_name(path)}: {len(problems)} problem(s)", problems)
        return cls(sections, industries, overrides, str(path))

    def by_tag(self, tag: str) -> Industry | None:
        return next((i for i in self.industries if i.tag == tag), None)

    def classify(self, plan_id: str, seq: int, *texts: str) -> Industry | None:
        """Override first; else the industry whose longest keyword occurs earliest in the texts.

        Texts are tried in order (task name, then scope, then items): the name says
        what is inspected most reliably; a scope like 全市… only breaks ties.
        """
        tag = self.overrides.get(plan_id, {}).get(seq)
        if tag:
            return self.by_tag(tag)
        for text in texts:
            best: tuple[int, int, Industry] | None = None
            for order, industry in enumerate(self.industries):
                for keyword in industry.match:
                    if keyword and keyword in (text or ""):
                        key = (-len(keyword), order, industry)
                        if best is None or key[:2] < best[:2]:
                            best = key
            if best:
                return best[2]
        return None


def load_synonyms(path: Path) -> list[list[str]]:
    """Groups of data/reference/synonyms.yml; a missing file means no synonyms."""
    if not reference_exists(path):
        return []
    data = load_reference(Path(path), _name(path)) or {}
    groups = data.get("groups") if isinstance(data, dict) else None
    problems = []
    if not isinstance(groups, list):
        problems.append(Finding("reference", "synonyms.yml needs a list under `groups`", "error", _name(path)))
        groups = []
    out = []
    for i, group in enumerate(groups, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) and w.strip() for w in group):
            problems.append(Finding("reference", f"group {i} must list two or more words", "error", _name(path), i))
            continue
        out.append([w.strip() for w in group])
    if problems:
        raise DataError(f"{_name(path)}: {len(problems)} problem(s)", problems)
    return out


@dataclass
class Reference:
    departments: Departments
    industries: Industries
    synonyms: list[list[str]] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path) -> "Reference":
        directory = Path(directory)
        return cls(Departments.load(directory / "departments.yml"),
                   Industries.load(directory / "industries.yml"),
                   load_synonyms(directory / "synonyms.yml"))
