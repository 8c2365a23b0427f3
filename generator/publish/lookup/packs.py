"""Pack files: the lookup index's many small entries in a few large files, each read by an HTTP Range request.

Static hosts limit a deployment's files (Cloudflare Pages: 20,000) and a file's size (25 MiB), and the
common ones (Cloudflare, Netlify, GitHub Pages, S3 and OSS behind a CDN) answer `Range: bytes=a-b` with
206. A range of a file the host gzips on the fly is not what the host would send, so every entry is
compressed on its own (a gzip member, mtime 0) and lookup.js inflates it with DecompressionStream.

  pack/<part>/<n>.bin   entries back to back; a new file before PACK_BYTES
  <part>.idx            where entry k of a part is: 12 bytes at 12·k, (pack, offset, length) as
                        little-endian uint32; a query reads the 12 bytes it needs, by range too
Parts: "t" (term dictionary shards, by bucket, and the long posting lists they point into) and "b"
(business blocks, by number). Posting lists need no directory: their shard entry holds the location.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from array import array
from pathlib import Path

from generator.core.urls import lookup_directory as directory_file, lookup_pack as pack_file

PACK_BYTES = 24_000_000  # under Cloudflare Pages' 25 MiB per file, with room to spare
LOCATION = struct.Struct("<III")


class PackWriter:
    """Appends compressed entries to pack files under `root` (never held in memory: at ten million
    results the term packs alone are ~400 MB)."""

    def __init__(self, part: str, root: Path):
        self.part, self.root = part, Path(root)
        self.sizes: list[int] = []
        self.slots = array("I")  # the directory: 3 uint32 per entry number
        self.raw_bytes = 0
        self.gzip_max = 0
        self._file = None

    def add(self, text: str) -> list[int]:
        """Store one entry; returns its location [pack, offset, length]."""
        raw = text.encode("utf-8")
        data = gzip.compress(raw, 6, mtime=0)
        self.raw_bytes += len(raw)
        self.gzip_max = max(self.gzip_max, len(data))
        if not self.sizes or self.sizes[-1] + len(data) > PACK_BYTES:
            self._next_pack()
        location = [len(self.sizes) - 1, self.sizes[-1], len(data)]
        self._file.write(data)
        self.sizes[-1] += len(data)
        return location

    def put(self, number: int, text: str) -> list[int]:
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
        path = self.root / pack_file(self.part, len(self.sizes) - 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(path, "wb")

    def close(self) -> list[str]:
        """The last pack closed and the directory written; the part's files, relative to root."""
        if self._file is not None:
            self._file.close()
            self._file = None
        slots = array("I", self.slots)
        if struct.pack("=I", 1) != struct.pack("<I", 1):
            slots.byteswap()  # the file is little-endian on any build machine
        (self.root / directory_file(self.part)).write_bytes(slots.tobytes())
        return [directory_file(self.part), *(pack_file(self.part, n) for n in range(len(self.sizes)))]


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
    """What a published file carries, as a reader of the site gets it: a pack file's entries
    inflated (gzip members back to back are one gzip stream), any other file as it is. For checks
    that scan the site for what must never be published."""
    data = Path(path).read_bytes()
    if path.suffix == ".bin" and "pack" in path.parts:
        return gzip.decompress(data)
    return data
