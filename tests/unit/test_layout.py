"""The house rules for generator/'s layout: a folder a stage, data flowing one way, small modules.

Read from the sources (ast), so a late import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator"

# The stages in the order data flows through them: a module may import from its own stage and the
# ones before it, never from a later one. The top-level modules run the stages.
STAGES = ["core", "text", "reference", "importer", "plans", "results", "publish", "site"]
RUNNERS = ["pipeline", "serve", "readme", "newsite", "cli", "__main__"]  # newsite: `gongkai new`
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The generator modules `path` imports, a `from package import module` counted as the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator."))
    return {name for name in found if name in modules and name != "generator"}


def _rank(module: str) -> int:
    first = module.split(".")[1]
    return STAGES.index(first) if first in STAGES else len(STAGES) + RUNNERS.index(first)


def test_every_module_is_in_a_stage_folder_or_runs_the_stages():
    loose = sorted(m for m in _modules() if m.count(".") >= 1 and m.split(".")[1] not in STAGES + RUNNERS)
    assert loose == []


def test_each_stage_folder_says_what_goes_in_and_what_comes_out():
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((GENERATOR / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
        said = ("In:" in doc and "Out:" in doc) or "->" in doc.split("\n")[0]  # importer: "a document -> plan data"
        assert said, f"generator/{stage}/__init__.py: say what goes in (In:) and what comes out (Out:)"


def test_data_flows_one_way():
    modules = _modules()
    upstream = [f"{m} imports {d}" for m, path in modules.items() for d in sorted(_imports(path, modules))
                if m != "generator" and _rank(d) > _rank(m)]
    assert upstream == []


def test_no_import_circle_between_modules_outside_the_importer():
    """The importer's readers and sources still import each other (lazily); every other circle is refused."""
    modules = _modules()
    graph = {m: {d for d in _imports(p, modules) if not (m.startswith("generator.importer")
                                                          and d.startswith("generator.importer"))}
             for m, p in modules.items()}
    circles = []
    for start in graph:
        stack, seen = [(start, [start])], set()
        while stack:
            node, trail = stack.pop()
            for nxt in graph.get(node, ()):
                if nxt == start:
                    circles.append(" -> ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    assert circles == []


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == []
