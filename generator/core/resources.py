"""Where templates, assets, reference lists and lunr.js come from: the site's own folder first, then
the defaults that ship with gongkai, the way a theme's `custom_dir` layers over it.

The defaults are this repository's own templates/, data/reference/ and node_modules/lunr/: an
installed wheel carries copies of them under generator/_defaults/ (setup.py copies them when the
wheel is built); an editable install or a checkout reads them where they are. Either way they sit
at the same relative paths (templates/…, data/reference/…), so one rule finds both.

Templates and assets are layered by FILE: a site's templates/layout/footer.html.j2 is
used instead of the packaged one, every other file still comes from the package.
Reference lists are layered by ENTRY (merge below): a site's data/reference/departments.yml that
lists one department adds it, or adds spellings to the packaged entry of the same name; it never
removes the packaged entries. A site folder that IS the defaults (this repository) reads each file
once, so its build is what it was before layering existed.

A site records which packaged file each of its overrides was copied from (templates/.overrides.yml,
written by `gongkai override`), so `gongkai check` can say which overrides were based on a packaged
file that an upgrade has since changed (override-stale).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.core import paths
from generator.core.findings import DataError, Findings
from generator.core.yamlfile import load_yaml

PACKAGE = Path(__file__).resolve().parent.parent  # generator/
LUNR = Path("node_modules/lunr/lunr.min.js")  # and its LICENSE beside it, which the wheel carries too
OVERRIDES_RECORD = paths.TEMPLATES / ".overrides.yml"
# An entry of a reference list is the same entry as a packaged one when this key is equal.
IDENTITY_KEYS = ("name", "tag")


def defaults_root() -> Path:
    """The folder holding the packaged templates/ and data/reference/ (see the module doc)."""
    packaged = PACKAGE / "_defaults"
    return packaged if packaged.is_dir() else PACKAGE.parent


def _layers(root: Path, rel: str | Path) -> list[Path]:
    """root/rel, then the packaged rel, each only if it exists and is not the same file as the other."""
    found: list[Path] = []
    for base in (Path(root), defaults_root()):
        path = base / rel
        if path.exists() and all(path.resolve() != f.resolve() for f in found):
            found.append(path)
    return found


def template_dirs(root: Path) -> list[Path]:
    """The Jinja search path for templates/pages/ and feed.xml.j2: the site's templates/, then the packaged."""
    return _layers(root, paths.TEMPLATES) or [Path(root) / paths.TEMPLATES]


def asset_files(root: Path) -> dict[str, Path]:
    """templates/assets/* by file name (the site's win), then lunr.min.js (the site's node_modules first)."""
    files: dict[str, Path] = {}
    for layer in reversed(_layers(root, paths.TEMPLATES / "assets")):
        files.update({p.name: p for p in sorted(layer.iterdir()) if p.is_file()})
    lunr = _layers(root, LUNR)
    if lunr:
        files[LUNR.name] = lunr[0]
    return files


# --- reference lists, layered by entry ----------------------------------------------------------

def _identity(item: Any) -> tuple[str, Any] | None:
    if isinstance(item, dict):
        for key in IDENTITY_KEYS:
            if isinstance(item.get(key), (str, int)):
                return key, item[key]
    return None


def merge(packaged: Any, site: Any) -> Any:
    """A site's reference data over the packaged: mappings key by key; a list of entries with a name
    (or tag) merges an entry into the packaged one of the same name, other entries are appended;
    lists of anything else (aliases, match words, synonym groups, dates) are joined without repeats;
    any other value of the site replaces the packaged one."""
    if isinstance(packaged, dict) and isinstance(site, dict):
        return {**packaged, **{k: merge(packaged[k], v) if k in packaged else v for k, v in site.items()}}
    if isinstance(packaged, list) and isinstance(site, list):
        out = list(packaged)
        where = {_identity(item): i for i, item in enumerate(out) if _identity(item)}
        for item in site:
            key = _identity(item)
            if key in where:
                out[where[key]] = merge(out[where[key]], item)
            elif item not in out:
                out.append(item)
        return out
    return packaged if site is None else site


def _packaged_counterpart(path: Path) -> Path | None:
    """The packaged list a site's data/reference/NAME.yml layers over, if it is a site's and one exists."""
    if path.parent.parts[-2:] != paths.REFERENCE.parts:
        return None
    packaged = defaults_root() / paths.REFERENCE / path.name
    if not packaged.is_file() or (path.exists() and packaged.resolve() == path.resolve()):
        return None
    return packaged


def load_reference(path: str | Path, name: str | None = None, **options) -> Any:
    """A reference list as load_yaml reads it, with the packaged list of the same name merged under it."""
    path = Path(path)
    packaged = _packaged_counterpart(path)
    if packaged is None:
        return load_yaml(path, name, **options)
    base = load_yaml(packaged, name, **options)
    return merge(base, load_yaml(path, name, **options)) if path.exists() else base


def reference_files(root: Path, name: str) -> list[Path]:
    """The files a reference list is read from (for a cache key): the site's and the packaged."""
    return _layers(root, paths.REFERENCE / name)


def reference_exists(path: str | Path) -> bool:
    path = Path(path)
    return path.exists() or _packaged_counterpart(path) is not None


# --- overrides and the packaged file each was based on --------------------------------------------

def file_digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _packaged_template(rel: str) -> Path:
    return defaults_root() / paths.TEMPLATES / rel


def override(root: Path, rel: str) -> Path:
    """`gongkai override PATH`: copy the packaged templates/PATH into the site and record its hash."""
    rel = Path(rel).as_posix().removeprefix(f"{paths.TEMPLATES}/")
    source, target = _packaged_template(rel), Path(root) / paths.TEMPLATES / rel
    if ".." in Path(rel).parts or Path(rel).is_absolute() or not source.is_file():
        raise DataError(f"{paths.TEMPLATES}/{rel} is not a packaged template; see {_packaged_template('')}")
    if target.exists():
        raise DataError(f"{paths.TEMPLATES}/{rel} already exists in the site; edit it there")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    record = _overrides(root)
    if record is None:
        raise DataError(f"{OVERRIDES_RECORD}: expected PATH: sha256:… lines")
    record[rel] = file_digest(source)
    (Path(root) / OVERRIDES_RECORD).write_text(
        "# Each site override (templates/PATH) and the hash of the packaged file it was copied from;\n"
        "# `gongkai check` warns (override-stale) once an upgrade changes that packaged file.\n"
        + yaml.safe_dump(dict(sorted(record.items())), allow_unicode=True), encoding="utf-8")
    return target


def _overrides(root: Path) -> dict[str, str] | None:
    """templates/.overrides.yml as {PATH: sha256:…}; None when it is not that shape."""
    path = Path(root) / OVERRIDES_RECORD
    data = load_yaml(path, OVERRIDES_RECORD.as_posix()) if path.is_file() else {}
    if not (isinstance(data, dict) and all(isinstance(v, str) for v in data.values())):
        return None
    return {str(k): v for k, v in data.items()}


def check_overrides(root: Path, findings: Findings) -> None:
    """override-stale: a site override whose packaged file changed (or went) since it was copied."""
    record = _overrides(root)
    if record is None:
        findings.warning("override-stale", "expected PATH: sha256:… lines: no override can be checked",
                         file=OVERRIDES_RECORD.as_posix())
    for rel, digest in (record or {}).items():
        source = _packaged_template(rel)
        where = dict(file=f"{paths.TEMPLATES}/{rel}")
        if not source.is_file():
            findings.warning("override-stale", f"overrides {paths.TEMPLATES}/{rel}, which this gongkai no longer "
                             "ships: the override is unused by the packaged pages; remove it, or its line in "
                             f"{OVERRIDES_RECORD}", **where)
        elif file_digest(source) != digest:
            findings.warning("override-stale", f"was copied from a packaged {paths.TEMPLATES}/{rel} that this gongkai "
                             f"changed: compare it with {source}, carry the changes over, then record the new hash "
                             f"({file_digest(source)}) in {OVERRIDES_RECORD}", **where)
