"""Data findings: what a stage noticed about its input, with where it noticed it.

Modelled on frictionless's error classes: every finding has a kind (a stable
machine name), a severity, a human message, and the file/row/column it is about.
Stages collect findings instead of raising, so one run reports everything at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

ERROR = "error"
WARNING = "warning"
INFO = "info"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    severity: str = WARNING
    file: str | None = None
    row: int | None = None  # 1-based line (text) or row (table) in `file`
    column: str | None = None  # header or field name

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity}: {self.message} [{self.kind}]"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class DataError(Exception):
    """Raised by a stage when its input cannot be used at all.

    Carries the findings so the CLI can print every one of them, not just the first.
    """

    def __init__(self, message: str, findings: Iterable[Finding] = ()):
        super().__init__(message)
        self.findings = list(findings)


@dataclass
class Findings:
    """An ordered collection of findings with the counting the CLI needs."""

    items: list[Finding] = field(default_factory=list)

    def add(self, kind: str, message: str, severity: str = WARNING, **where) -> Finding:
        finding = Finding(kind, message, severity, **where)
        self.items.append(finding)
        return finding

    def error(self, kind: str, message: str, **where) -> Finding:
        return self.add(kind, message, ERROR, **where)

    def warning(self, kind: str, message: str, **where) -> Finding:
        return self.add(kind, message, WARNING, **where)

    def info(self, kind: str, message: str, **where) -> Finding:
        return self.add(kind, message, INFO, **where)

    def extend(self, other: Iterable[Finding]) -> None:
        self.items.extend(other)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity == WARNING]

    def failed(self, strict: bool = False) -> bool:
        """Errors always fail; with strict (CI), warnings fail too."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Finding]:
        return sorted(
            self.items,
            key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.file or "", f.row or 0),
        )


def report_lines(findings: Iterable[Finding], flood: int = 5, verbose: bool = False) -> list[str]:
    """Render findings as lines, collapsing floods of one kind in one file.

    The first `flood` findings of a (kind, file, severity) are shown; the rest
    become one line "… and N more <kind> in <file>" so a CI log stays readable.
    """
    findings = list(findings)
    shown: Counter = Counter()
    totals = Counter((f.kind, f.file, f.severity) for f in findings)
    lines: list[str] = []
    ordered = sorted(findings, key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), f.file or "", f.row or 0))
    for f in ordered:
        key = (f.kind, f.file, f.severity)
        shown[key] += 1
        if verbose or shown[key] <= flood:
            lines.append(str(f))
        elif shown[key] == totals[key]:
            lines.append(f"{f.file or '<input>'}: {f.severity}: … and {totals[key] - flood} more [{f.kind}]")
    return lines


def summary(findings: Iterable[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return f"{counts[ERROR]} error(s), {counts[WARNING]} warning(s), {counts[INFO]} note(s)"
