"""A content-addressed build cache under .cache/build/.

A stage's output is stored under a key made of the stage name, the hashes of
its inputs and the version of the code that computes it, so an unchanged input
is never re-processed and a changed one (or changed code) always is. Entries
are written atomically; a corrupt or missing entry just means recomputing.
"""

from __future__ import annotations

import hashlib
import os
import pickle
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

    def _path(self, stage: str, parts: tuple[str, ...]) -> Path | None:
        return self.directory / stage / f"{self.key(stage, *parts)}.pickle" if self.directory else None
