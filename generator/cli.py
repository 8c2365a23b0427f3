"""Command line: parses arguments, calls the library, turns DataError into `Error: …`.

Exit codes (documented in README, stable for CI):
  0  success (warnings may have been printed)
  1  the data has errors (or warnings, with --strict): findings are listed above
  2  usage error (unknown option, missing argument)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.core import paths
from generator.core.findings import DataError, Findings, report_lines, summary


def _print_findings(findings, verbose: bool = False) -> None:
    for line in report_lines(findings, verbose=verbose):
        click.echo(line, err=True)


def _fail(exc: DataError, verbose: bool = False) -> None:
    _print_findings(exc.findings, verbose)
    click.echo(f"Error: {exc}", err=True)
    sys.exit(1)


@click.group()
@click.version_option(package_name="gongkai")
def main() -> None:
    """gongkai: publish 双随机、一公开 inspection plans and results as a static website."""


@main.command("import")
@click.argument("source", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--plan-id", help="Plan id, e.g. gaoping-2023 (required with SOURCE).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Directory to write PLAN-ID.json (or ID.json) into [default: data/plans, data/results with --results].")
@click.option("--jurisdiction", help="Jurisdiction, if the document does not name it.")
@click.option("--year", type=int, help="Plan year, if the document does not state it.")
@click.option("--all", "import_all", is_flag=True, help="Re-import every plan (into data/plans/) and result notice (into data/results/) site_config.yml lists.")
@click.option("--config", "config_path", default=paths.CONFIG, show_default=True)
@click.option("--results", "notice", is_flag=True, help="SOURCE is a department's result notice, not a plan.")
@click.option("--id", "notice_id", help="Notice id, e.g. dongxihu-qxj-2023 (with --results).")
@click.option("--plan", "link_plan", help="With --results: link the results to this plan (instead of by rule).")
@click.option("--task", "link_task", type=int, help="With --results and --plan: link the results to this task.")
@click.option("-v", "--verbose", is_flag=True, help="List every finding instead of collapsing repeats.")
def import_command(source, plan_id, out_dir, jurisdiction, year, import_all, config_path, notice, notice_id, link_plan,
                   link_task, verbose):
    """Import a plan document (or, with --results, a department's result notice) into JSON and report findings."""
    from generator.plans.store import import_file

    try:
        if import_all:
            from generator.pipeline import import_all as import_everything

            for imported, findings in import_everything(config_path):
                _print_findings(findings, verbose)
                click.echo(f"{imported}: {summary(findings)}")
            return
        if notice:
            _import_notice(source, notice_id, link_plan, link_task, out_dir, config_path, verbose)
            return
        if source is None or not plan_id:
            raise click.UsageError("give SOURCE and --plan-id, or --all")
        target, result = import_file(source, plan_id, Path(config_path), out_dir or Path(paths.PLANS), jurisdiction, year)
        _print_findings(result.findings, verbose)
        tasks, gaps = len(result.plan["tasks"]), result.plan["gaps"]
        click.echo(f"Wrote {target}: {tasks} tasks, {len(gaps)} gap(s); {summary(result.findings)}")
        if result.findings.errors:
            sys.exit(1)
    except DataError as exc:
        _fail(exc, verbose)


def _import_notice(source, notice_id, plan, task, out_dir, config_path, verbose) -> None:
    """gongkai import FILE --results --id ID [--plan PLAN-ID [--task SEQ]] --out DIR"""
    from generator.core.safe_paths import slug_problem
    from generator.results.notices.publish import import_one

    if source is None or not notice_id:
        raise click.UsageError("give SOURCE and --id with --results")
    if slug_problem(notice_id):  # the id becomes a file name
        raise DataError(f"--id {slug_problem(notice_id)}")
    if task is not None and not plan:
        raise click.UsageError("--task needs --plan")
    target, imported = import_one(source, notice_id, Path(config_path), out_dir or Path(paths.RESULTS), plan, task)
    _print_findings(imported.findings, verbose)
    results = imported.data["results"]
    linked = sum(1 for r in results if r["task"])
    click.echo(f"Wrote {target}: {len(results)} results, {linked} linked to a plan task; {summary(imported.findings)}")
    if imported.findings.errors:
        sys.exit(1)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
@click.option("--config", "config_path", default=paths.CONFIG, show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List every finding instead of collapsing repeats.")
def check(strict, config_path, verbose):
    """Validate all data (plans, errata, reference lists, results) and print findings."""
    from generator.pipeline import run_check

    try:
        findings: Findings = run_check(config_path)
    except DataError as exc:
        _fail(exc, verbose)
    _print_findings(findings, verbose)
    click.echo(summary(findings))
    if findings.failed(strict):
        click.echo("Error: the data has errors" + (" or warnings (--strict)" if strict else ""), err=True)
        sys.exit(1)


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
@click.option("--config", "config_path", default=paths.CONFIG, show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: site/ beside the config).")
@click.option("--no-cache", is_flag=True, help="Recompute every stage instead of reusing .cache/build/.")
@click.option("-v", "--verbose", is_flag=True)
def build(strict, config_path, output, no_cache, verbose):
    """Build the website and open-data files into site/ (replaced only if the build succeeds)."""
    from generator.pipeline import build as run_build

    try:
        report = run_build(config_path, output, strict, use_cache=not no_cache)
    except DataError as exc:
        _fail(exc, verbose)
    _print_findings(report.findings, verbose)
    for line in report.lines():
        click.echo(line)


@main.command()
@click.option("--markdown", "form", flag_value="markdown", help="As the README's Configuration table (make readme).")
@click.option("--json-schema", "form", flag_value="json-schema",
              help="As a JSON schema, for editors (site_config.schema.json).")
def config(form):
    """List every site_config.yml key with its type, default and meaning."""
    from generator.core.config import describe, json_schema, markdown_table
    from generator.core.io import dumps

    click.echo({"markdown": markdown_table, "json-schema": lambda: dumps(json_schema()).rstrip("\n")}.get(form, describe)())


@main.command()
@click.option("--config", "config_path", default=paths.CONFIG, show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: site/ beside the config).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8000, show_default=True, type=int)
def serve(config_path, output, host, port):
    """Build the site, serve it locally and rebuild (and reload the browser) when the data changes."""
    from generator.serve import serve as run_serve

    run_serve(config_path, host=host, port=port, output=output)


@main.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--jurisdiction", required=True, help="The county or city the site is for, e.g. 某某县.")
@click.option("--office", required=True, help="The publishing office, shown on every page.")
def new(directory, jurisdiction, office):
    """Start a site for another office in DIRECTORY (which must be empty): config, pages, CI workflows."""
    from generator.newsite import new_site

    try:
        written = new_site(directory, jurisdiction, office)
    except DataError as exc:
        _fail(exc)
    click.echo(f"Wrote {len(written)} files into {directory}. Next: list a plan in {directory / paths.CONFIG}, "
               f"then `gongkai import --all` and `gongkai build` there.")


@main.command("override")
@click.argument("template")
@click.option("--config", "config_path", default=paths.CONFIG, show_default=True)
def override_command(template, config_path):
    """Copy the packaged templates/TEMPLATE (e.g. layout/footer.html.j2) into the site to edit it;
    `gongkai check` then says when an upgrade changes the packaged file it was copied from."""
    from generator.core.resources import override

    try:
        target = override(Path(config_path).resolve().parent, template)
    except DataError as exc:
        _fail(exc)
    click.echo(f"Wrote {target}; edit it there")
