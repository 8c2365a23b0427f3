"""The scan of everything the site publishes that no other stage validates.

`scan_inputs` is called by the build (generator.pipeline.gather) and by `gongkai check`, before
either reads the data, so both refuse the same inputs:

- site_config.yml, data/reference/*.yml and data/errata/*.yml: every string (keys too), with
  its line and key path. These are typed by the office; personal data in them is an error.
- content/**/*.md and the text files under templates/ (pages, layout, assets): every
  line; an error likewise.
- the raw plan documents: every line, including lines the importer never reads. A raw
  document is the office's evidence and is published as it is unless it carries personal
  data; then the copy published under site/data/raw/ has each number replaced by ＊ (same
  length, so every other line and column stays where the importer's findings say) and a
  `raw-redacted` warning says so. A binary document (XLSX, PDF …) cannot be redacted in place:
  personal data in one is an error.
- every input file: refused (`path-outside`) when it is, or passes through, a symlink leading
  out of the repository.

Plans (data/plans/*.json) and result rows are scanned where they are validated
(generator.plans.validate.validate_plan, generator.results.validate); the search and lookup indexes are
made from those, so they carry nothing the scans above did not pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.core import paths
from generator.core.findings import DataError, Findings
from generator.core.safe_paths import outside, path_problem, relative_problem
from generator.core.yamlfile import yaml_strings
from generator.text.identifiers import REDACTION, mask, personal_data_findings, redact

TEMPLATE_TEXT = {".md", ".j2", ".html", ".js", ".css", ".txt", ".xml", ".svg", ".json"}
TEXT_DOCUMENTS = {".txt", ".tsv", ".text", ".md", ".csv", ".html", ".htm"}  # redacted in place
_KIND_NAMES = {"id_number": "resident ID number", "mobile": "mobile number"}


@dataclass
class Publication:
    """What the scan decided about the raw documents: the bytes to publish under data/raw/."""

    raw_documents: dict[str, bytes] = field(default_factory=dict)  # "data/raw/x.txt" -> bytes
    redacted: set[str] = field(default_factory=set)


def scan_inputs(config, findings: Findings) -> Publication:
    root = config.root
    yaml_files = [config.path.resolve()]
    for folder in (paths.REFERENCE, paths.ERRATA):
        yaml_files += sorted((root / folder).glob("*.yml")) + sorted((root / folder).glob("*.yaml"))
    for path in yaml_files:
        if _inside(root, path, findings):
            _scan_yaml(path, _name(root, path), findings)
    # Hand-written pages, and the templates and assets every page is made of.
    for path in [*sorted((root / paths.CONTENT).rglob("*")), *sorted((root / paths.TEMPLATES).rglob("*"))]:
        if _inside(root, path, findings) and path.is_file() and path.suffix in TEMPLATE_TEXT:
            _scan_lines(path.read_text(encoding="utf-8", errors="replace"), _name(root, path), findings)
    for path in sorted((root / paths.PLANS).glob("*.json")):
        _inside(root, path, findings)  # the imported plans are published as open data
    for pattern in config.results.files:
        if not relative_problem(pattern):
            for path in sorted(root.glob(pattern)):
                _inside(root, path, findings)  # result_files skips these; here they are reported
    publication = Publication()
    for entry in config.plans:
        _raw_document(root, entry.get("source"), publication, findings)
    return publication


def _name(root: Path, path: Path) -> str:
    """The path as the project spells it (data/errata/x.yml), never the machine's absolute path."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def _inside(root: Path, path: Path, findings: Findings) -> bool:
    """False (and a finding) for a file that leads out of the repository. Its name is scanned
    too: file names become URLs and are listed on the pages (结果来源)."""
    name = _name(root, path)
    findings.extend(personal_data_findings(name, file=name, column="file name"))
    if outside(root, path):
        findings.error("path-outside", f"{name} is a symlink leading outside the repository; it is not published",
                       file=name)
        return False
    return True


def _scan_yaml(path: Path, name: str, findings: Findings) -> None:
    try:
        strings = list(yaml_strings(path, name))
    except DataError:
        return  # the stage that loads the file reports why it cannot be read
    for line, key_path, text in strings:
        findings.extend(personal_data_findings(text, file=name, row=line, column=key_path or None))


def _scan_lines(text: str, name: str, findings: Findings) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        findings.extend(personal_data_findings(line, file=name, row=number))


def _raw_document(root: Path, source, publication: Publication, findings: Findings) -> None:
    """Scan one raw plan document and decide what of it is published."""
    if not isinstance(source, str) or path_problem(root, source) or not (root / source).is_file():
        return  # the configuration check and load_plans report these
    path = root / source
    findings.extend(personal_data_findings(source, file=source, column="file name"))
    data = path.read_bytes()
    if path.suffix.lower() not in TEXT_DOCUMENTS:
        _scan_binary(path, source, findings)
        publication.raw_documents[source] = data
        return
    from generator.importer.sources import decode  # the importer's own reading of the bytes

    try:
        text = decode(data, source)
    except DataError:
        return  # the importer reports an undecodable document
    lines = text.splitlines(keepends=True)
    changed = False
    for number, line in enumerate(lines, start=1):
        cleaned, matches = redact(line)
        for m in matches:
            findings.warning("raw-redacted", f"{_KIND_NAMES[m.kind]} {mask(m.text)} is replaced by {REDACTION * 3} in "
                             f"the published copy of {source}: personal data is never published; remove it from "
                             "the document", file=source, row=number)
        if matches:
            lines[number - 1], changed = cleaned, True
    if changed:
        publication.redacted.add(source)
        data = "".join(lines).encode("utf-8")
    publication.raw_documents[source] = data


def _scan_binary(path: Path, source: str, findings: Findings) -> None:
    """Every cell and prose line the reader finds; a match is an error, the file cannot be redacted."""
    from generator.importer.sources import read_document

    try:
        # No row is a table header: every row then reaches the scan as a line, whatever the importer makes of it.
        document = read_document(path, Findings(), header=lambda cells: False)
    except (DataError, OSError, ValueError):
        return  # the importer reports an unreadable document
    lines = [*document.notice, *document.trailing]
    lines += [(row.line, cell) for table in document.tables for row in table.rows for cell in row.cells]
    for number, text in lines:
        for finding in personal_data_findings(str(text), file=source, row=number):
            findings.error(finding.kind, f"{finding.message}: a {path.suffix} document cannot be redacted, "
                           "remove it from the document", file=source, row=number)


def mark_redacted(plans: list[dict], publication: Publication) -> None:
    """plan.source.redacted: the plan page can say that the published document was redacted."""
    for plan in plans:
        source = plan["plan"]["source"]
        if source.get("file") in publication.redacted:
            source["redacted"] = True
