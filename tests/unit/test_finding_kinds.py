"""Every finding kind raised anywhere in generator/ is declared once in the registry, and documented.

Findings.error/warning/info accept any code (a slip must not stop a user's build), so this test reads
the source: every call that raises a finding (`.error/.warning/.info/.add(kind, message, …)`,
`Finding(kind, message, …)`, and a local alias of them) with its kind as a literal, or as a lookup
in a module-level dict of literals, or forwarded from a finding already raised (`finding.kind`).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

from generator.core.finding_kinds import KINDS, markdown_table
from generator.core.findings import ERROR, INFO, WARNING
from generator.readme import rewrite
from tests.helpers import ROOT

GENERATOR = ROOT / "generator"
_METHODS = {"error": ERROR, "warning": WARNING, "info": INFO}
_SEVERITY_NAMES = {"ERROR": ERROR, "WARNING": WARNING, "INFO": INFO}
# The one place a kind is passed on as a parameter: Findings.add itself.
FORWARDING = {("findings.py", "add")}


def _severity(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and node.value in (ERROR, WARNING, INFO):
        return node.value
    if isinstance(node, ast.Name):
        return _SEVERITY_NAMES.get(node.id)
    return None


def _is_findings_add(func: ast.expr) -> bool:
    """findings.add / self.findings.add: a set's or a builder's add is not a finding."""
    if not (isinstance(func, ast.Attribute) and func.attr == "add"):
        return False
    receiver = func.value.attr if isinstance(func.value, ast.Attribute) else getattr(func.value, "id", "")
    return "findings" in receiver


class _Raised(ast.NodeVisitor):
    """(kind, severity or None, where) of every finding raised in one module; problems it cannot read."""

    def __init__(self, tree: ast.Module, name: str):
        self.name = name
        self.tables = {t.id: [v.value for v in node.value.values if isinstance(v, ast.Constant)]
                       for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict)
                       for t in node.targets if isinstance(t, ast.Name)}
        self.raised: list[tuple[str, str | None, str]] = []
        self.problems: list[str] = []
        self.function: ast.FunctionDef | None = None

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, node
        self.generic_visit(node)
        self.function = outer

    def _aliases(self, name: str) -> list[ast.expr]:
        """What a local name is assigned in the enclosing function."""
        scope = self.function.body if self.function else []
        return [a.value for stmt in scope for a in ast.walk(stmt) if isinstance(a, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == name for t in a.targets)]

    def _callee(self, func: ast.expr, call: ast.Call) -> list[str | None] | None:
        """The severities a call raises at, or None when it raises no finding."""
        if isinstance(func, ast.Attribute) and func.attr in _METHODS:
            return [_METHODS[func.attr]]
        if _is_findings_add(func) or (isinstance(func, ast.Name) and func.id == "Finding"):
            given = call.args[2] if len(call.args) > 2 else next(
                (k.value for k in call.keywords if k.arg == "severity"), None)
            return [_severity(given) if given is not None else WARNING]
        if isinstance(func, ast.IfExp):
            branches = [self._callee(b, call) for b in (func.body, func.orelse)]
            return None if None in branches else branches[0] + branches[1]
        if isinstance(func, ast.Name):
            found = [self._callee(value, call) for value in self._aliases(func.id)]
            return next((f for f in found if f is not None), None)
        return None

    def _kinds(self, node: ast.expr, where: str) -> list[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node.value]
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in self.tables:
            return self.tables[node.value.id]
        if isinstance(node, ast.Attribute) and node.attr == "kind":
            return []  # a finding raised elsewhere, passed on with more context
        if isinstance(node, ast.Name) and self.function and (self.name, self.function.name) in FORWARDING:
            return []
        if isinstance(node, ast.Name) and self._aliases(node.id):
            return [k for value in self._aliases(node.id) for k in self._kinds(value, where)]
        self.problems.append(f"{where}: the kind {ast.unparse(node)!r} is not a literal: write the code out")
        return []

    def visit_Call(self, node: ast.Call):
        self.generic_visit(node)
        kind = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "kind"), None)
        if kind is None or len(node.args) + len(node.keywords) < 2:
            return  # set.add(x), logging.error(message): not a finding
        severities = self._callee(node.func, node)
        if severities is None:
            return
        where = f"{self.name}:{node.lineno}"
        for code in self._kinds(kind, where):
            self.raised += [(code, severity, where) for severity in severities]


def _read(source: str, name: str) -> _Raised:
    tree = ast.parse(source)
    visitor = _Raised(tree, name)
    visitor.visit(tree)
    return visitor


def scan() -> tuple[dict[str, set[str | None]], dict[str, str], list[str]]:
    """{kind: severities raised}, {kind: one place it is raised}, problems."""
    severities, places, problems = defaultdict(set), {}, []
    for path in sorted(GENERATOR.rglob("*.py")):
        visitor = _read(path.read_text(encoding="utf-8"), path.name)
        problems += visitor.problems
        for code, severity, where in visitor.raised:
            severities[code].add(severity)
            places.setdefault(code, f"{path.relative_to(ROOT)}:{where.split(':')[1]}")
    return severities, places, problems


SAMPLE = """
KINDS = {"a": "sample-table-one", "b": "sample-table-two"}
def check(findings, status, text, where):
    findings.error("sample-literal", "message", file="f")
    findings.add("sample-added", "message", INFO)
    Finding("sample-constructed", "message", ERROR, **where)
    (findings.error if status else findings.warning)("sample-either", "message")
    add = findings.warning if status else findings.info
    add("sample-alias", "message")
    findings.warning(KINDS[status], "message")
    findings.error(finding.kind, "passed on")
    findings.error(f"sample_{status}", "message")
    seen.add("not a finding")
    builder.add("not", "a finding either")
    logging.error("not a finding")
"""


def test_the_scan_sees_each_way_a_finding_is_raised_and_refuses_a_composed_kind():
    visitor = _read(SAMPLE, "sample.py")
    assert sorted({(code, severity) for code, severity, _ in visitor.raised}) == [
        ("sample-added", INFO), ("sample-alias", INFO), ("sample-alias", WARNING), ("sample-constructed", ERROR),
        ("sample-either", ERROR), ("sample-either", WARNING), ("sample-literal", ERROR),
        ("sample-table-one", WARNING), ("sample-table-two", WARNING)]
    assert visitor.problems == ["sample.py:12: the kind \"f'sample_{status}'\" is not a literal: write the code out"]


def test_the_scan_reads_every_kind_it_finds():
    assert scan()[2] == []


def test_every_kind_raised_is_declared_at_the_severities_it_is_raised_at():
    raised, places, _ = scan()
    undeclared = [f"{code} ({places[code]})" for code in raised if code not in KINDS]
    assert undeclared == [], "declare these in generator/core/finding_kinds.py"
    wrong = {code: (sorted(s for s in found if s), KINDS[code].severities) for code, found in raised.items()
             if {s for s in found if s} != set(KINDS[code].severities)}
    assert wrong == {}, "raised at (left) but declared at (right)"


def test_every_declared_kind_is_raised_somewhere():
    raised = scan()[0]
    assert [code for code in KINDS if code not in raised] == []


def test_every_kind_is_kebab_case_and_says_what_it_means_and_what_to_do():
    for kind in KINDS.values():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", kind.code), kind.code
        assert kind.meaning.strip() and kind.fix.strip(), kind.code
        assert "|" not in kind.meaning + kind.fix, kind.code  # it would split the README's table row
        assert set(kind.severities) <= {ERROR, WARNING, INFO}, kind.code


def test_the_readme_kinds_table_is_the_generated_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rewrite(readme) == readme, "README.md is out of date: run `make readme`"
    table = readme.split("<!-- kinds-table:start -->\n")[1].split("\n<!-- kinds-table:end -->")[0]
    assert table == markdown_table()
    assert "| `plan-stale` | error | `data/plans/ID.json` differs from what the importer makes of the raw " \
           "document | `make data`, review the diff, commit |" in table.splitlines()


def test_every_kind_code_compares_with_or_a_test_expects_is_declared():
    """`f.kind == "…"` (f: a finding) in the code and the tests, and `… [kind]` ending a finding line a test expects,
    name kinds that exist: a kind renamed in one place only fails here."""
    line_end = re.compile(r" \[([a-z]+(?:[-_][a-z]+)+)\][\"']")
    compared = re.compile(r"\b(?:f|finding)\.kind == [\"']([^\"'…]+)[\"']")
    named = set()
    for path in [*GENERATOR.rglob("*.py"), *(ROOT / "tests").rglob("test_*.py")]:
        text = path.read_text(encoding="utf-8")
        named |= {m.group(1) for m in compared.finditer(text)}
        named |= {m.group(1) for m in line_end.finditer(text)} if ROOT / "tests" in path.parents else set()
    assert len(named) > 20 and sorted(named - set(KINDS)) == []
