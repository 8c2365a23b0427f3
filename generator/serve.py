"""`gongkai serve`: build the site, serve it on localhost, rebuild and reload on every change.

Uses mkdocs's live-reload server (the one behind `mkdocs serve`): it serves a
folder, injects into each HTML page a small script that reloads the page after
a rebuild, and watches paths. A failed rebuild prints its findings and leaves
the last good site in place (the pipeline only swaps a complete site in). The
rebuild never raises: mkdocs's server answers no request after a builder that
raised ("the server will appear stuck").

The pages' Content-Security-Policy forbids inline scripts, and the reload script
mkdocs injects is inline: the served copy of each page allows that one script by
its hash. The published files are not touched.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

import click

from generator.core import paths
from generator.core.findings import DataError, report_lines
from generator.pipeline import build

WATCHED = tuple(p.as_posix() for p in (paths.DATA, paths.CONTENT, paths.TEMPLATES))


def serve(config_path: str | Path, host: str = "127.0.0.1", port: int = 8000, output: Path | None = None) -> None:
    from mkdocs.livereload import LiveReloadServer

    config_path = Path(config_path).resolve()
    root = config_path.parent
    target = Path(output).resolve() if output else root / paths.SITE

    def rebuild() -> None:
        try:
            report = build(config_path, target)
        except DataError as exc:
            for line in report_lines(exc.findings):
                click.echo(line, err=True)
            click.echo(f"Error: {exc} (still serving the previous build)", err=True)
            return
        except Exception as exc:  # a bug: say so in one line and keep serving the last good site
            click.echo(f"Error: the build failed ({type(exc).__name__}: {exc}); still serving the previous build",
                       err=True)
            return
        for line in report.lines():
            click.echo(line)

    rebuild()
    if not target.exists():
        raise click.ClickException("the first build failed; fix the data and run `gongkai serve` again")

    live = logging.getLogger("mkdocs.livereload")  # "Reloading browsers", "Detected file changes"
    if not live.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        live.addHandler(handler)
        live.setLevel(logging.INFO)

    server = _server_class(LiveReloadServer)(builder=rebuild, host=host, port=port, root=str(target))
    not_found = target / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.exists() else None
    for path in [config_path, *(root / name for name in WATCHED)]:
        if path.exists():
            server.watch(str(path))
    click.echo(f"Serving {target} on http://{host}:{port}/ (Ctrl+C to stop); rebuilding on changes to "
               f"{', '.join([config_path.name, *WATCHED])}")
    try:
        server.serve()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()


_INJECTED = re.compile(rb"<script>((?:(?!</script>).)*)</script>(?=(?:(?!<script).)*$)", re.S)


def _server_class(base):
    """mkdocs's server, whose reload script is allowed by its hash in the served page's policy."""

    class Server(base):
        def _inject_js_into_html(self, content, epoch):
            page = super()._inject_js_into_html(content, epoch)
            match = _INJECTED.search(page)
            if not match:
                return page
            digest = base64.b64encode(hashlib.sha256(match.group(1)).digest())
            return page.replace(b"script-src 'self'", b"script-src 'self' 'sha256-" + digest + b"'", 1)

    return Server
