"""Serving pack files as static hosts do: `Range: bytes=a-b` answered with 206.

lookup.js and results-table.js read pack entries by HTTP range (generator/core/packs.py). Python's
http.server answers every GET with the whole file, so the servers of the tests (tests/helpers/server.py)
and the bench (bench/static_server.py) use this handler instead: a single range as Cloudflare, Netlify, GitHub
Pages or S3 answer it, 416 past the end, the whole file (200) for several ranges or a malformed
header, as RFC 9110 allows.
"""

from __future__ import annotations

import io
import os
import re
from http.server import SimpleHTTPRequestHandler

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class RangeHandler(SimpleHTTPRequestHandler):
    """Files as static hosts serve them, Range requests included (see the module's doc)."""

    def send_head(self):
        path = self.translate_path(self.path)
        wanted = _RANGE.fullmatch(self.headers.get("Range", "").strip())
        if not wanted or not wanted.group(1) + wanted.group(2) or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        if wanted.group(1):
            start, end = int(wanted.group(1)), min(int(wanted.group(2) or size - 1), size - 1)
        else:  # bytes=-N: the last N bytes
            start, end = max(0, size - int(wanted.group(2))), size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        with open(path, "rb") as fh:
            fh.seek(start)
            body = fh.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()
