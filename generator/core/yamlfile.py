"""The one YAML loader: every YAML file the project reads goes through `load_yaml`.

PyYAML's safe loader, made stricter where a careless or hostile file would otherwise be
accepted: an alias (`*a`) can expand exponentially (an alias bomb hangs the build), and a
duplicate key silently keeps the last value (a second `plans:` drops every plan above it).
Both are refused, as are anchors (an anchor is only there to be aliased). Every problem is a
DataError with one finding naming the file and line, in one line a clerk can act on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import yaml

from generator.core.findings import DataError, Finding

_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


# libyaml's parser where installed (PyYAML's wheels have it): the pure-Python one took 0.4 s a build.
_Base = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


def _refuse_aliases(text: str) -> None:
    """Refuse the first anchor or alias, from the event stream, before anything is composed."""
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"alias *{event.anchor}: YAML aliases are not allowed, write the value out", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"anchor &{event.anchor}: YAML anchors and aliases are not allowed", event.start_mark)


class _StrictLoader(_Base):
    def construct_mapping(self, node, deep=False):
        first: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                seen = first.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:
                raise _Refused("a mapping key must be a plain value", key_node.start_mark) from None
            if seen != key_node.start_mark.line + 1:
                raise _Refused(f"duplicate key {key!r} (first given at line {seen})", key_node.start_mark)
        return super().construct_mapping(node, deep)


class _DatesAsText(_StrictLoader):
    """Leaves dates as text, for a reader that parses each date itself and reports bad ones."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", _Base.construct_scalar)


def _problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """One line saying what is wrong and where: 'tab character at line 3, column 1: …'."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return str(exc).splitlines()[0], None
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "\\t" in problem or "tab" in problem:
        return f"tab character at {where}: YAML indentation must use spaces", mark.line + 1
    return f"{problem} at {where}", mark.line + 1


def _refuse(name: str, message: str, row: int | None):
    return DataError(f"{name}: invalid YAML: {message}", [Finding("yaml", message, "error", name, row)])


def _read(path: Path, name: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{name}: file not found", [Finding("yaml", "file not found", "error", name)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, UnicodeDecodeError) else exc.strerror
        raise _refuse(name, f"cannot read the file: {reason}", None) from None
    tab = _TAB_INDENT.search(text)
    if tab:  # PyYAML's own message here is "while scanning for the next token"
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.end() - tab.start()
        raise _refuse(name, f"tab character at line {line}, column {column}: YAML indentation must use spaces", line)
    return text


def _parse(path, name, action):
    name = name or str(path)
    return _parse_text(_read(Path(path), name), name, action)


def _parse_text(text: str, name: str, action):
    try:
        _refuse_aliases(text)
        return action(text)
    except yaml.YAMLError as exc:
        message, row = _problem(exc)
        raise _refuse(name, message, row) from None
    except RecursionError:  # thousands of nested [[[[…: refuse rather than crash
        raise _refuse(name, "nested too deeply", None) from None


def load_yaml(path: str | Path, name: str | None = None, dates_as_text: bool = False):
    """The data in a YAML file; `name` is how messages name the file (default: the path as given)."""
    loader = _DatesAsText if dates_as_text else _StrictLoader
    return _parse(path, name, lambda text: yaml.load(text, Loader=loader))


def load_yaml_text(text: str, name: str):
    """The data in YAML text held in another file (a content page's front matter); `name` names it."""
    return _parse_text(text, name, lambda t: yaml.load(t, Loader=_StrictLoader))


def yaml_strings(path: str | Path, name: str | None = None) -> Iterator[tuple[int, str, str]]:
    """(line, key path, text) of every string in a YAML file, keys included, for the scanners."""
    node = _parse(path, name, lambda text: yaml.compose(text, Loader=_StrictLoader))
    return _walk(node, "") if node is not None else iter(())


def _walk(node, path: str) -> Iterator[tuple[int, str, str]]:
    if isinstance(node, yaml.ScalarNode):  # numbers too: a mobile typed without quotes is an int
        yield node.start_mark.line + 1, path, node.value
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _walk(item, f"{path}[{i}]")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            label = key.value if isinstance(key, yaml.ScalarNode) else "?"
            child = f"{path}.{label}" if path else label
            yield key.start_mark.line + 1, child, key.value if isinstance(key, yaml.ScalarNode) else ""
            yield from _walk(value, child)
