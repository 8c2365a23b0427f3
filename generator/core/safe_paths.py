"""One rule for names that become paths (slugs, ids) and one for input paths (inside the repository).

A slug or id goes into a URL and a file name: `slug: ../../../../tmp/x` in departments.yml
made the build write a page outside the repository. An input path that is absolute, climbs
with `..`, or is (or passes through) a symlink leading out of the repository would publish a
file that is not the project's (`data/results/link.csv` -> /etc/hostname).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from generator.core.findings import DataError, Finding

# Lower-case ASCII letters and digits in groups separated by one hyphen or underscore: pinyin
# slugs (shi-chang-jian-du-guan-li-ju), tone-numbered homophone slugs (shui3-wu4-ju2), plan ids
# (gaoping-2023, or changzhi_2024 as offices name their files). No dot, slash or space: an id
# becomes a folder and a URL, so it can never climb out of one.
SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
SLUG_RULE = "use lower-case letters, digits, hyphens and underscores"


def slug_problem(value) -> str | None:
    """None for a usable slug or id, else what is wrong with it."""
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        return f"{value!r} is not a valid id: {SLUG_RULE}"
    return None


def relative_problem(relative: str) -> str | None:
    """What is wrong with a path (or glob pattern) as written, before looking at the disk."""
    text = str(relative)
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        return "is an absolute path; give a path inside the repository"
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return "leaves the repository (..); give a path inside it"
    return None


def outside(root: Path, path: Path) -> bool:
    """True when `path`, symlinks followed, is not inside `root`."""
    return not Path(path).resolve().is_relative_to(Path(root).resolve())


def path_problem(root: Path, relative: str) -> str | None:
    problem = relative_problem(relative)
    if problem is None and outside(root, Path(root) / relative):
        problem = "is a symlink leading outside the repository"
    return problem


class UnsafePath(DataError):
    """An input path that leaves the repository."""


def safe_path(root: Path, relative: str, what: str) -> Path:
    """root/relative, refused with a path-outside finding when it leaves the repository."""
    problem = path_problem(root, relative)
    if problem:
        message = f"{what} {relative} {problem}"
        raise UnsafePath(message, [Finding("path-outside", message, "error", str(relative))])
    return Path(root) / relative
