"""A static file server on 127.0.0.1 that gzips and answers Range requests like a production host.

Used by bench/results_scale.py; Range requests are answered by generator/publish/lookup/http.py, as in
the tests' server. Every gzip response is logged as (path, bytes on the wire).
"""

from __future__ import annotations

import gzip
import sys
import threading
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the project on the path
from generator.publish.lookup.http import RangeHandler  # noqa: E402

_COMPRESSIBLE = {".html", ".json", ".txt", ".js", ".css", ".csv", ".svg", ".xml"}


class _Handler(RangeHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any production host: no new connection per file
    # Headers and body go out in two writes; with Nagle's algorithm on, the body then waits for
    # the browser's delayed ACK, ~40 ms per file on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, *args):  # quiet: the bench prints one JSON line
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")  # tests rebuild between runs
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in _COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") \
                or not path.is_file():
            return super().do_GET()
        body = self.server.gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.record(unquote(urlsplit(self.path).path), len(body))


class StaticServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, directory: str | Path):
        super().__init__(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
        self.log: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._gzip: dict[Path, bytes] = {}
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def gzipped(self, path: Path) -> bytes:
        with self._lock:
            if path not in self._gzip:
                self._gzip[path] = gzip.compress(path.read_bytes(), 6, mtime=0)
            return self._gzip[path]

    def record(self, path: str, size: int) -> None:
        with self._lock:
            self.log.append((path, size))

    def take_log(self) -> list[tuple[str, int]]:
        with self._lock:
            log, self.log = self.log, []
        return log

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class ServerProcess:
    """StaticServer in a process of its own: in the measuring process it would share the GIL
    with Playwright, and every file would wait for the browser driver (tens of ms each)."""

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def __enter__(self):
        import subprocess
        import sys

        self._child = subprocess.Popen([sys.executable, __file__, str(self.directory)], stdout=subprocess.PIPE, text=True)
        self.url = self._child.stdout.readline().strip()
        return self

    def __exit__(self, *exc):
        self._child.terminate()
        self._child.wait(timeout=10)


if __name__ == "__main__":
    import sys

    with StaticServer(sys.argv[1]) as server:
        print(server.url, flush=True)
        server._thread.join()
