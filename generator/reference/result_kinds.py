"""Result kinds (检查结果): the reference list data/reference/result_kinds.yml and cell parsing.

Wording differs between systems, years and departments (不予配合情节严重 = 不配合检查情节严重;
正常 = 未发现问题), and one inspection may carry several results, so a cell is split into
pieces and each piece is matched against every known spelling, ignoring punctuation.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.findings import DataError, Finding
from generator.core.resources import load_reference

GROUPS = ("ok", "problem", "status")
_KEYS = {"name", "en", "id", "group", "aliases", "source"}

# Separators that never occur inside a kind's name split a cell outright; 、 and ， do occur
# (公示信息隐瞒真实情况、弄虚作假), so pieces split on them are joined back where that matches a kind.
_HARD = re.compile(r"[；;\n\r|/／]+")
_SOFT = re.compile(r"[、，,]+")
_NOISE = re.compile(r"[\s\u3000()（）\[\]【】「」“”\"'、，,。.：:；;]+")


def spelling_key(text: str) -> str:
    """What matching compares: no spaces, punctuation or brackets of either width."""
    return _NOISE.sub("", text or "")


@dataclass(frozen=True)
class ResultKind:
    name: str
    en: str
    id: str
    group: str
    aliases: tuple[str, ...] = ()
    source: str = ""
    why: tuple[str, ...] = ()  # for each alias, why the wording means this kind (reviewed)


def _aliases(entry: dict, problems: list, where: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Each alias is {alias: wording, why: the reason it means this kind}: a wording becomes a
    national kind only once someone has said why (合格 of a lab test is not 未发现问题)."""
    aliases, whys = [], []
    for item in entry.get("aliases") or ():
        if not isinstance(item, dict) or not item.get("alias") or not item.get("why") or set(item) - {"alias", "why"}:
            problems.append(Finding("reference", f"kind {entry['name']}: alias {item!r} needs exactly alias and why",
                                    "error", **where))
            continue
        aliases.append(str(item["alias"]))
        whys.append(str(item["why"]))
    return tuple(aliases), tuple(whys)


class ResultKinds:
    def __init__(self, kinds: list[ResultKind], source: str = "result_kinds.yml"):
        self.all = kinds
        self.source = source
        self.by_name = {k.name: k for k in kinds}
        self.order = {k.name: i for i, k in enumerate(kinds)}
        self._by_key: dict[str, ResultKind] = {}
        for kind in kinds:
            for spelling in (kind.name, *kind.aliases):
                self._by_key[spelling_key(spelling)] = kind

    @classmethod
    def load(cls, path: str | Path) -> "ResultKinds":
        path = Path(path)
        data = load_reference(path) or []
        problems: list[Finding] = []
        kinds: list[ResultKind] = []
        seen: dict[str, str] = {}
        for i, entry in enumerate(data, start=1):
            where = dict(file=str(path), row=i)
            if not isinstance(entry, dict) or not all(entry.get(k) for k in ("name", "en", "id", "group")):
                problems.append(Finding("reference", f"entry {i} needs name, en, id and group", "error", **where))
                continue
            if set(entry) - _KEYS:
                problems.append(Finding("reference", f"kind {entry['name']}: unknown keys {sorted(set(entry) - _KEYS)}",
                                        "error", **where))
            if entry["group"] not in GROUPS:
                problems.append(Finding("reference", f"kind {entry['name']}: group must be one of {', '.join(GROUPS)}",
                                        "error", **where))
            aliases, whys = _aliases(entry, problems, where)
            for spelling in (entry["name"], *aliases):
                key = spelling_key(spelling)
                if seen.get(key, entry["name"]) != entry["name"]:
                    problems.append(Finding("reference", f"spelling {spelling} belongs to both {seen[key]} and "
                                            f"{entry['name']}", "error", **where))
                seen[key] = entry["name"]
            kinds.append(ResultKind(entry["name"], entry["en"], entry["id"], entry["group"], aliases,
                                    entry.get("source") or "", whys))
        if problems:
            raise DataError(f"{path}: {len(problems)} problem(s)", problems)
        return cls(kinds, str(path))

    def resolve(self, text: str) -> ResultKind | None:
        return self._by_key.get(spelling_key(text))

    def parse(self, cell: str) -> tuple[list[str], list[str]]:
        """(canonical kind names in cell order without repeats, pieces no kind matches)."""
        names: list[str] = []
        unknown: list[str] = []
        for part in _HARD.split(cell or ""):
            pieces = [p.strip() for p in _SOFT.split(part) if p.strip()]
            i = 0
            while i < len(pieces):
                # Longest run of pieces that spells a kind, so 隐瞒真实情况、弄虚作假 stays whole.
                for j in range(len(pieces), i, -1):
                    kind = self.resolve("".join(pieces[i:j]))
                    if kind:
                        if kind.name not in names:
                            names.append(kind.name)
                        i = j
                        break
                else:
                    unknown.append(pieces[i])
                    i += 1
        return names, unknown

    def closest(self, text: str, n: int = 3) -> list[str]:
        """The n kinds whose name or an alias reads most like `text`, best first."""
        key = spelling_key(text)
        scored: dict[str, float] = {}
        for kind in self.all:
            for spelling in (kind.name, *kind.aliases):
                ratio = difflib.SequenceMatcher(None, key, spelling_key(spelling)).ratio()
                scored[kind.name] = max(scored.get(kind.name, 0.0), ratio)
        ranked = sorted(scored, key=lambda name: (-scored[name], self.order[name]))
        return ranked[:n]

    def unknown_message(self, text: str) -> str:
        return (f"检查结果 {text!r} is not a known result kind; closest: {', '.join(self.closest(text))}. "
                f"Write one of these, or add the wording to data/reference/result_kinds.yml as an alias.")
