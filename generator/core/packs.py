"""Pack files: many small entries in a few large files, each entry read by an HTTP Range request.

Static hosts limit a deployment's files (Cloudflare Pages: 20,000) and a file's size (25 MiB), and the
common ones (Cloudflare, Netlify, GitHub Pages, S3 and OSS behind a CDN) answer `Range: bytes=a-b` with
206. A writer is given its file names (generator/core/urls.py):

  pack_name(n)   entries back to back; a new file before PACK_BYTES
  directory      where entry k is: 12 bytes at 12·k, (pack, offset, length) as little-endian uint32

Two kinds use them. The lookup index (publish/lookup/) compresses every entry on its own (a gzip
member, mtime 0: a range of a file the host gzips on the fly is not what the host would send) and
lookup.js inflates it with DecompressionStream. A paged table's pages (site/tables.py) are plain JSON:
results-table.js is ES5 for the older phones many readers use, which have no DecompressionStream.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from array import array
from pathlib import Path
from typing import Callable

PACK_BYTES = 24_000_000  # under Cloudflare Pages' 25 MiB per file, with room to spare
LOCATION = struct.Struct("<III")
_GZIP = b"\x1f\x8b"


class PackWriter:
    """Appends entries to pack files under `root` (never held in memory: at ten million results the
    lookup's term packs alone are ~400 MB). compress: each entry a gzip member of its own."""

    def __init__(self, root: Path, pack_name: Callable[[int], str], directory: str, compress: bool = True):
        self.root, self.pack_name, self.directory, self.compress = Path(root), pack_name, directory, compress
        self.sizes: list[int] = []
        self.slots = array("I")  # the directory: 3 uint32 per entry number
        self.raw_bytes = 0
        self.stored_max = 0  # the largest entry as stored (compressed or not)
        self._file = None

    def add(self, text: str | bytes) -> list[int]:
        """Store one entry; returns its location [pack, offset, length]."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        data = gzip.compress(raw, 6, mtime=0) if self.compress else raw
        self.raw_bytes += len(raw)
        self.stored_max = max(self.stored_max, len(data))
        if not self.sizes or self.sizes[-1] + len(data) > PACK_BYTES:
            self._next_pack()
        location = [len(self.sizes) - 1, self.sizes[-1], len(data)]
        self._file.write(data)
        self.sizes[-1] += len(data)
        return location

    def put(self, number: int, text: str | bytes) -> list[int]:
        """add() for an entry found through the directory, as entry `number` (in any order)."""
        location = self.add(text)
        if len(self.slots) < 3 * (number + 1):
            self.slots.extend([0] * (3 * (number + 1) - len(self.slots)))
        self.slots[3 * number:3 * number + 3] = array("I", location)
        return location

    def _next_pack(self) -> None:
        if self._file is not None:
            self._file.close()
        self.sizes.append(0)
        path = self.root / self.pack_name(len(self.sizes) - 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "wb")

    def close(self) -> list[str]:
        """The last pack closed and the directory written; the files written, relative to root."""
        if self._file is not None:
            self._file.close()
            self._file = None
        slots = array("I", self.slots)
        if struct.pack("=I", 1) != struct.pack("<I", 1):
            slots.byteswap()  # the file is little-endian on any build machine
        (self.root / self.directory).write_bytes(slots.tobytes())
        return [self.directory, *(self.pack_name(n) for n in range(len(self.sizes)))]


def read_entry(root: Path, pack_name: Callable[[int], str], directory: str, number: int) -> bytes:
    """Entry `number` as a reader gets it (inflated if stored compressed): what the browser's two range
    reads bring, from the files. For tests and checks that read what a build packed."""
    with open(Path(root) / directory, "rb") as fh:
        fh.seek(LOCATION.size * number)
        pack, offset, length = LOCATION.unpack(fh.read(LOCATION.size))
    with open(Path(root) / pack_name(pack), "rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    return gzip.decompress(data) if data.startswith(_GZIP) else data


def files_hash(root: Path) -> str:
    """The version: a hash of every file under `root`, names included, in name order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def published_bytes(path: Path) -> bytes:
    """What a published file carries, as a reader of the site gets it: a pack of compressed entries
    inflated (gzip members back to back are one gzip stream), any other file as it is. For checks
    that scan the site for what must never be published."""
    data = Path(path).read_bytes()
    if path.suffix == ".bin" and data.startswith(_GZIP):
        return gzip.decompress(data)
    return data
