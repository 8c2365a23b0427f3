"""Pages a rebuild can take from the previous site instead of rendering them again.

In: the build's manifest (generator/publish/changes.py: a content hash of every plan, task and
result), what every page shares (code, templates, assets, configuration, reference lists, the
as-of date, the list of plans), and the record the previous build left in the build cache.
Out: per page, a fingerprint; a page whose fingerprint and previous file are what the record says
is linked from the previous site, every other page is rendered.

Only a plan's own pages (the plan, its dashboard, its tasks, in every language) are reused: they
show that plan, its results and what every page shares, all inside the fingerprint. A page that
sums up several plans (home, lists, departments, industries, comparisons, search, lookup) is
always rendered: it is the few pages of a province site, not the many. A rebuild therefore writes
what a full build writes, byte for byte (tests/site/test_incremental.py and `make bench-site`
check it), and a changed plan costs its own pages and the summaries.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path

from generator.core import resources, urls
from generator.core.cache import code_version
from generator.core.io import dumps

RECORD_VERSION = 3  # entries: [fingerprint, sha256, size, mtime_ns, references (generator/publish/weight.py)]
_PLAN_PAGE = re.compile(r"^plans/([^/]+)/(?:dashboard/|tasks/[^/]+/)?$")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:24]


def _files_digest(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def shared_fingerprint(context) -> str:
    """What every page shows or is made by, other than its plan's own data."""
    root = context.config.root
    view = context.site.results
    plans = [(p.id, p.meta.get("title"), p.meta.get("jurisdiction"), p.meta.get("year")) for p in context.site.plans]
    return _digest(code_version(), _files_digest(resources.template_dirs(root)),
                   json.dumps(sorted((n, resources.file_digest(p)) for n, p in resources.asset_files(root).items())),
                   dumps(context.config.values), _files_digest([root / "data" / "reference"]),
                   str(view.as_of), str(view.examples), json.dumps(plans, ensure_ascii=False, default=str))


def plan_of(path: str) -> str | None:
    """The plan whose own page `path` is (plans/ID/, its dashboard or a task, in any language)."""
    match = _PLAN_PAGE.match(urls.language_neutral(path))
    return match.group(1) if match else None


def file_entry(path: Path, sha: str, references: list[str], stat: os.stat_result | None = None) -> list:
    """The file part of a page's record entry: [sha256, size, mtime_ns, what the page loads]."""
    stat = stat or path.stat()
    return [sha, stat.st_size, stat.st_mtime_ns, references]


class PageRecord:
    """output file -> [fingerprint, sha256, size, mtime_ns of the file] of the build that made the target site."""

    def __init__(self, cache_dir: Path | None, target: Path | None):
        self.path = None
        self.previous: dict[str, list[str]] = {}
        self.target = target
        if cache_dir is None or target is None:
            return
        self.path = Path(cache_dir) / "pages" / f"{_digest(str(Path(target).resolve()))}.json"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == RECORD_VERSION:
                self.previous = data["pages"]
        except (OSError, ValueError, KeyError):
            self.previous = {}  # no record, or a damaged one: render everything

    def fingerprints(self, context, outputs: list[tuple[str, str]]) -> dict[str, str]:
        """output -> fingerprint for the reusable pages among (output, path)."""
        if self.path is None:
            return {}
        shared = shared_fingerprint(context)
        plans = context.manifest.get("plans", {})
        out = {}
        dumped: dict[str, str] = {}  # once per plan: at a province's volume an entry holds a million result hashes
        for output, path in outputs:
            plan = plan_of(path)
            if plan is not None and plan in plans:
                if plan not in dumped:
                    dumped[plan] = json.dumps(plans[plan], sort_keys=True)
                out[output] = _digest(shared, output, dumped[plan])
        return out

    def reuse(self, output: str, fingerprint: str | None, staging: Path, made: set | None = None) -> list | None:
        """Link the previous site's page into staging if it is what this build would write; its record
        entry's file part ([sha, size, mtime_ns, references]) or None. A file whose size and mtime are
        the recorded ones is not read again (hashing every page took ~2.5 s of a 40-plan rebuild); any
        other is hashed and compared, so a page edited in the site folder is rendered again.
        made: the folders of staging already made (one mkdir per folder, not per page)."""
        recorded = self.previous.get(output)
        if fingerprint is None or not recorded or recorded[0] != fingerprint:
            return None
        previous = self.target / output
        try:
            stat = previous.stat()
            if recorded[2:4] != [stat.st_size, stat.st_mtime_ns] and \
                    hashlib.sha256(previous.read_bytes()).hexdigest() != recorded[1]:
                return None  # changed since it was written: render it
        except OSError:
            return None
        target = staging / output
        if made is None or target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            if made is not None:
                made.add(target.parent)
        try:
            os.link(previous, target)  # the same inode: its size and mtime are the ones just read
        except OSError:
            shutil.copyfile(previous, target)
            stat = None
        return file_entry(target, recorded[1], recorded[4], stat)

    def save(self, pages: dict[str, list[str]]) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": RECORD_VERSION, "pages": pages}), encoding="utf-8")
        os.replace(temporary, self.path)


def lookup_key(context) -> str:
    """What the lookup index (generator/publish/lookup/writer.py write_lookup) is made of: the results'
    columns and every other field of them, what it shows of the plans (not their tasks' other
    fields: a changed ratio leaves the index as it was), the configuration, the reference lists (the
    result kinds), the code and pypinyin's version (the readings of the names)."""
    from generator.text.pinyin import READINGS_VERSION

    results = context.results
    others = repr((results.sources, results.as_of, results.unlinked, results.notices))
    # what writer.py reads of a plan (its manifest's list and the blocks' plan numbers), in order
    plans = [[p["plan"].get(k) for k in ("id", "table_title", "title", "jurisdiction", "year", "doc_number")] +
             [[t["seq"], t["name"]] for t in p["tasks"]] for p in context.plans]
    return _digest(code_version(), READINGS_VERSION, table_digest(results.records), others,
                   json.dumps(plans, ensure_ascii=False, default=str), dumps(context.config.values),
                   _files_digest([context.config.root / "data" / "reference"]))


def table_digest(table) -> str:
    """A digest of every column of a results table (generator/results/table.py ResultTable): its
    arrays' bytes and the distinct values of its coded columns. Two tables of the same rows built
    differently may differ (a rebuild then makes what it would have reused); never two of different rows."""
    digest = hashlib.sha256(str(table.size).encode())
    for name in sorted(table.columns):
        column = table.columns[name]
        digest.update(f"\0{name}\0{type(column).__name__}\0".encode())
        if hasattr(column, "buffers"):  # pyarrow
            digest.update(f"{column.type}\0{column.offset}\0{len(column)}".encode())
            for buffer in column.buffers():
                digest.update(b"\0" if buffer is None else memoryview(buffer))
        else:  # numpy
            digest.update(str(column.dtype).encode())
            digest.update(column.tobytes())
    for name in sorted(table.coded):
        digest.update(f"\0{name}\0{table.coded[name].values!r}".encode())
    return digest.hexdigest()


class FolderRecord:
    """A folder of the site (the lookup index) taken over from the previous site when the key of what
    made it is the recorded one and each of its files is still the one recorded (size and mtime: hard
    links keep them); otherwise made again. Kept in the build cache beside the page record."""

    def __init__(self, cache_dir: Path | None, target: Path | None, folder: str):
        self.folder, self.target, self.path = folder, target, None
        if cache_dir is not None and target is not None:
            self.path = Path(cache_dir) / "folders" / f"{_digest(str(Path(target).resolve()), folder)}.json"

    def take(self, key: str, staging: Path) -> list[str] | None:
        """Link the previous site's folder into staging; the build-log lines it was made with, or None."""
        try:
            recorded = json.loads(self.path.read_text(encoding="utf-8")) if self.path else {}
        except (OSError, ValueError):
            return None
        if recorded.get("key") != key or not recorded.get("files"):
            return None
        try:
            for rel, (size, mtime) in recorded["files"].items():
                stat = (self.target / self.folder / rel).stat()
                if [stat.st_size, stat.st_mtime_ns] != [size, mtime]:
                    return None
        except OSError:
            return None
        for rel in recorded["files"]:
            (staging / self.folder / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.target / self.folder / rel, staging / self.folder / rel)
            except OSError:  # a file system without hard links: a copy (copy2: the recorded mtime stays)
                shutil.copy2(self.target / self.folder / rel, staging / self.folder / rel)
        return recorded["notes"]

    def save(self, key: str, staging: Path, notes: list[str]) -> None:
        if self.path is None:
            return
        root = staging / self.folder
        files = {p.relative_to(root).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
                 for p in sorted(root.rglob("*")) if p.is_file()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"key": key, "files": files, "notes": notes}), encoding="utf-8")
        os.replace(temporary, self.path)
