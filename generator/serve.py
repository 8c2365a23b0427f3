"""`gongkai serve`: build the site, serve it on localhost, rebuild and reload on every change.

Uses mkdocs's live-reload server (the one behind `mkdocs serve`): it serves a
folder, injects into each HTML page a small script that reloads the page after
a rebuild, and watches paths. A failed rebuild prints its findings and leaves
the last good site in place (build.py only swaps a complete site in).
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from generator.build import build
from generator.findings import DataError, report_lines

WATCHED = ("data", "content", "templates")


def serve(config_path: str | Path, host: str = "127.0.0.1", port: int = 8000, output: Path | None = None) -> None:
    from mkdocs.livereload import LiveReloadServer

    config_path = Path(config_path).resolve()
    root = config_path.parent
    target = Path(output).resolve() if output else root / "site"

    def rebuild() -> None:
        try:
            report = build(config_path, target)
        except DataError as exc:
            for line in report_lines(exc.findings):
                click.echo(line, err=True)
            click.echo(f"Error: {exc} (still serving the previous build)", err=True)
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

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(target))
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
