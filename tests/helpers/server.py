"""The one static file server of the tests: a folder on 127.0.0.1, a free port, no log lines.

The ``static_server`` fixture (tests/conftest.py) starts one per folder. It answers Range requests
as static hosts do (206, Content-Range; the lookup index is read that way) with
generator/publish/lookup/http.py, as the bench's server does (which also gzips); with ranges=False it
answers them as `python -m http.server` does, with the whole file (200), as some hosts do.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.publish.lookup.http import RangeHandler


class _QuietHandler(RangeHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _WholeFileHandler(SimpleHTTPRequestHandler):
    log_message = _QuietHandler.log_message


class StaticServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: str | Path, ranges: bool = True):
        handler = _QuietHandler if ranges else _WholeFileHandler
        super().__init__(("127.0.0.1", 0), partial(handler, directory=str(directory)))
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request, client_address):
        """A browser that stops reading (a page left mid-fetch, an aborted route) is no error of the
        site's: said by socketserver as a traceback on stderr, which under pytest-xdist reaches the log."""
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
