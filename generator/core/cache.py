"""A content-addressed build cache under .cache/build/.

A stage's output is stored under a key made of the stage name, the hashes of
its inputs and the version of the code that computes it, so an unchanged input
is never re-processed and a changed one (or changed code) always is. Entries
are written atomically; a corrupt or missing entry just means recomputing. A stage whose output is
files (the lookup's term packs: ~400 MB at ten million results) keeps them as files (made_files), so
their bytes are never held in the build's memory to be pickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

MISSING = object()  # BuildCache.get: nothing stored under the key
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole generator package


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the generator's own sources: new code invalidates every entry."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class BuildCache:
    def __init__(self, directory: Path | None):
        self.directory = Path(directory) if directory else None
        self.hits = 0
        self.misses = 0

    def key(self, stage: str, *parts: str) -> str:
        return hashlib.sha256("\0".join((stage, code_version(), *parts)).encode()).hexdigest()

    def get_or_compute(self, stage: str, parts: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        found = self.get(stage, parts)
        if found is not MISSING:
            return found
        value = compute()
        self.put(stage, parts, value)
        return value

    def get(self, stage: str, parts: tuple[str, ...]) -> Any:
        """The stored value, counted as a hit, or MISSING, counted as a miss (put() stores it then)."""
        path = self._path(stage, parts)
        if path is not None and path.exists():
            try:
                with open(path, "rb") as fh:
                    value = pickle.load(fh)
                self.hits += 1
                return value
            except (OSError, pickle.UnpicklingError, EOFError):
                pass
        self.misses += 1
        return MISSING

    def put(self, stage: str, parts: tuple[str, ...], value: Any) -> None:
        path = self._path(stage, parts)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def made_files(self, stage: str, parts: tuple[str, ...], folder: Path,
                   make: Callable[[], tuple[Any, list[str]]]) -> Any:
        """make() writes files under `folder` and returns (value, the files' paths relative to folder). The
        cache keeps the value and the files themselves (hard links, a copy where links fail); a hit puts
        the stored files at the same places under `folder`, without running make(), and returns the value."""
        entry = self._path(stage, parts)
        if entry is not None:
            entry = entry.with_suffix("")
            placed: list[Path] = []
            try:
                with open(entry / "value.pickle", "rb") as fh:
                    value, names = pickle.load(fh)
                for name in names:
                    placed.append(Path(folder) / name)
                    _place(entry / "files" / name, placed[-1])
                self.hits += 1
                return value
            except (OSError, pickle.UnpicklingError, EOFError, ValueError):
                for path in placed:  # make() must not write through a link into the stored files
                    path.unlink(missing_ok=True)
        self.misses += 1
        value, names = make()
        if entry is not None:
            self._store_files(entry, Path(folder), value, names)
        return value

    def _store_files(self, entry: Path, folder: Path, value: Any, names: list[str]) -> None:
        """The entry made in a temporary folder and renamed into place: a killed build leaves none half made."""
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=entry.parent, suffix=".tmp"))
        for name in names:
            _place(folder / name, temporary / "files" / name)
        with open(temporary / "value.pickle", "wb") as fh:
            pickle.dump((value, list(names)), fh, protocol=pickle.HIGHEST_PROTOCOL)
        shutil.rmtree(entry, ignore_errors=True)  # one an earlier build could not read
        try:
            os.replace(temporary, entry)
        except OSError:  # another build stored it meanwhile
            shutil.rmtree(temporary, ignore_errors=True)

    def _path(self, stage: str, parts: tuple[str, ...]) -> Path | None:
        return self.directory / stage / f"{self.key(stage, *parts)}.pickle" if self.directory else None


def _place(source: Path, target: Path) -> None:
    """`source` at `target` too: a hard link (no bytes copied), or a copy on a file system without them.
    Neither side is ever written in place after this: builds write new files and swap folders."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)  # never written through: it may be a link to other bytes
    try:
        os.link(source, target)
    except OSError:
        if not source.is_file():
            raise
        shutil.copy2(source, target)
