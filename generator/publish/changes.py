"""The change report: what a build adds, changes or withdraws against the published site.

Each build writes /data/manifest.json next to the pages: every plan and task with a content hash,
and per task the count of its results and one digest of them all; the per-result hashes (a key
hash and a content hash per result, generator/results/hashes.py) go beside it in
/data/manifest-results-N.npz (16 bytes a result, parts of at most 24 MB), which manifest.json
names. The next build compares
its own manifest with the previous one (the published files fetched by CI into .cache/, or the
local site/ of the last build): tasks whose digests agree are equal, and only a task whose digest
differs has its two sorted hash arrays read and diffed. The differences go to /data/changes.json,
a history that the home page's "latest updates" and the Atom feed are made from.

A previous manifest of version 1 (a hash per result inside manifest.json) is still compared
exactly, by hashing this build's records as version 1 did, once. One that cannot be read or
compared (unknown version, damaged files) is a line in the build log and counts as none.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np

from generator.core import paths
from generator.core.io import dumps
from generator.core.packs import PACK_BYTES
from generator.results.hashes import DTYPE, diff_counts, digest, is_pairs, record_pairs

MANIFEST_VERSION = 2
HISTORY_LIMIT = 100
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip members carry a time: a fixed one, so two builds write the same bytes


class Unreadable(Exception):
    """A previous manifest this build cannot compare with: why, in words for the build log."""


def content_hash(value) -> str:
    """Plans' and tasks' hash (and results' in a version-1 manifest)."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


class HashFile:
    """Per task pairs (generator/results/hashes.py) in .npz parts: zips of uncompressed members
    `PLAN/SEQ.npy` (numpy's format), each an (n, 2) little-endian uint64 array, whole tasks in
    parts of at most PACK_BYTES (a static host's file limit, as the lookup's packs). numpy.load
    reads a part; here a member is read only when its task's digest differs, and is checked (size,
    header, order, digest) before use, since a fetched file is input like any other."""

    def __init__(self, paths: list[Path], files: list | None = None):
        self.paths, self.files, self._where = paths, files, None

    def _open(self) -> dict[str, zipfile.ZipFile]:
        if self._where is None:
            self.files = self.files or []
            try:
                for path in self.paths[len(self.files):]:
                    self.files.append(open(path, "rb"))
                zips = [zipfile.ZipFile(file) for file in self.files]
            except (OSError, zipfile.BadZipFile) as exc:
                raise Unreadable(f"{getattr(exc, 'filename', None) or ', '.join(map(str, self.paths))}: "
                                 f"{getattr(exc, 'strerror', None) or exc}") from None
            self._where = {name: z for z in zips for name in z.namelist()}
        return self._where

    def pairs(self, plan_id: str, seq: str, entry: dict) -> np.ndarray:
        name, count = f"{plan_id}/{seq}.npy", entry["count"]
        try:
            part = self._open()[name]
            if part.getinfo(name).file_size > 16 * count + 4096:  # a header and the pairs, no more
                raise ValueError("larger than its count")
            found = _read_npy(io.BytesIO(part.read(name)), count)
        except (KeyError, ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
            raise Unreadable(f"{', '.join(p.name for p in self.paths)}: {name}: {exc}") from None
        if found is None or not is_pairs(found, count) or digest(found) != entry["digest"]:
            raise Unreadable(f"{name} does not hold the {count} results manifest.json describes")
        return found

    def copy_to(self, targets: list[Path]) -> None:
        for file, target in zip(self.files, targets, strict=True):
            file.seek(0)
            with open(target, "wb") as out:
                shutil.copyfileobj(file, out)

    def close(self) -> None:
        for file in self.files or []:
            file.close()


class HashWriter:
    """Pairs, a task at a time, into temporary .npz parts of at most PACK_BYTES: unlinked at once,
    so nothing is left behind if the build dies; memory holds one task's pairs."""

    def __init__(self):
        self.files: list = []
        self._zip, self._bytes = None, 0

    def add(self, plan_id: str, seq, found: np.ndarray) -> None:
        size = found.nbytes + 512  # the .npy header and the zip's two headers of the member
        if self._zip is None or (self._bytes and self._bytes + size > PACK_BYTES):
            self._next_part()
        member = zipfile.ZipInfo(f"{plan_id}/{seq}.npy", _ZIP_TIME)
        member.external_attr = 0o644 << 16
        with self._zip.open(member, "w", force_zip64=True) as fh:
            np.lib.format.write_array(fh, found, allow_pickle=False)
        self._bytes += size

    def _next_part(self) -> None:
        if self._zip is not None:
            self._zip.close()
        self.files.append(tempfile.TemporaryFile())
        self._zip, self._bytes = zipfile.ZipFile(self.files[-1], "w", zipfile.ZIP_STORED, allowZip64=True), 0

    def close(self) -> HashFile:
        if self._zip is None:
            self._next_part()  # no results: still one (empty) part, so every manifest names its file
        self._zip.close()
        return HashFile([Path(results_file(n)) for n in range(len(self.files))], self.files)


def results_file(part: int) -> str:
    return f"manifest-results-{part}.npz"


def _read_npy(buffer: io.BytesIO, count: int) -> np.ndarray | None:
    """An .npy member's pairs, its header checked before any array is made (numpy.load would
    allocate whatever shape a header claims); None if it is not (count, 2) uint64."""
    header = {(1, 0): np.lib.format.read_array_header_1_0,
              (2, 0): np.lib.format.read_array_header_2_0}.get(np.lib.format.read_magic(buffer))
    if header is None:
        return None
    shape, fortran_order, dtype = header(buffer)
    if shape != (count, 2) or fortran_order or dtype != DTYPE:
        return None
    data = buffer.read()
    return np.frombuffer(data, dtype=DTYPE).reshape(count, 2) if len(data) == 16 * count else None


class Manifest(dict):
    """What data/manifest.json holds; `hashes`: the per-result pairs (data/manifest-results-N.npz);
    `records`: this build's records, read only to compare with a version-1 manifest."""

    def __init__(self, data: dict, hashes: HashFile | None = None, records: dict | None = None):
        super().__init__(data)
        self.hashes, self.records = hashes, records or {}


def make_manifest(plans: list[dict], results: dict | None = None) -> Manifest:
    """results: plan id -> task seq -> its records: TaskRecords (generator/results/summary.py, hashed
    from the columns) or any mapping record key -> record (a JSON-able dict), a task at a time."""
    results = results or {}
    writer = HashWriter()
    entries = {}
    for plan in plans:
        meta = plan["plan"]
        counted = {}
        for seq, records in sorted(results.get(meta["id"], {}).items()):
            found = records.hashes() if hasattr(records, "hashes") else record_pairs(records)
            writer.add(meta["id"], seq, found)
            counted[str(seq)] = {"count": len(found), "digest": digest(found)}
        entries[meta["id"]] = {
            "title": meta.get("table_title") or meta.get("title"),
            "hash": content_hash({k: v for k, v in plan.items() if k != "tasks"}),
            "tasks": {str(t["seq"]): {"name": t["name"], "hash": content_hash(t)} for t in plan["tasks"]},
            "results": counted,
        }
    hashes = writer.close()
    data = {"version": MANIFEST_VERSION, "results_files": [p.name for p in hashes.paths], "plans": entries}
    return Manifest(data, hashes, results)


def write_manifest(manifest: dict, directory: Path) -> None:
    """data/manifest.json and, beside it, the files of per-result hashes it names."""
    (directory / "manifest.json").write_text(dumps(manifest), encoding="utf-8")
    if getattr(manifest, "hashes", None) is not None:
        manifest.hashes.copy_to([directory / name for name in manifest["results_files"]])


def _diff(old: dict, new: dict) -> tuple[list, list, list]:
    added = sorted(k for k in new if k not in old)
    withdrawn = sorted(k for k in old if k not in new)
    changed = sorted(k for k in new if k in old and old[k] != new[k])
    return added, changed, withdrawn


def _seq(key: str):
    return int(key) if key.isdigit() else key


def compare(previous: dict | None, current: Manifest) -> list[dict]:
    """Changes from `previous` to `current`, plans first, then tasks, then results per task.
    Raises Unreadable when `previous` cannot be compared (its hashes file damaged or missing)."""
    before = (previous or {}).get("plans", {})
    counts = _v1_counts if (previous or {}).get("version") == 1 else _counts
    changes: list[dict] = []
    for plan_id in sorted(set(before) | set(current["plans"])):
        old, new = before.get(plan_id), current["plans"].get(plan_id)
        if old is None:
            changes.append({"change": "added", "kind": "plan", "plan": plan_id, "title": new["title"],
                            "tasks": len(new["tasks"])})
            continue
        if new is None:
            changes.append({"change": "withdrawn", "kind": "plan", "plan": plan_id, "title": old["title"]})
            continue
        if old["hash"] != new["hash"]:
            changes.append({"change": "changed", "kind": "plan", "plan": plan_id, "title": new["title"]})
        old_tasks = {k: v["hash"] for k, v in old["tasks"].items()}
        new_tasks = {k: v["hash"] for k, v in new["tasks"].items()}
        for change, keys in zip(("added", "changed", "withdrawn"), _diff(old_tasks, new_tasks)):
            for key in sorted(keys, key=_seq):
                name = (new["tasks"].get(key) or old["tasks"][key])["name"]
                changes.append({"change": change, "kind": "task", "plan": plan_id, "task": _seq(key), "title": name})
        for seq in sorted(set(old.get("results", {})) | set(new.get("results", {})), key=_seq):
            for change, count in zip(("added", "changed", "withdrawn"), counts(previous, current, plan_id, seq)):
                if count:
                    name = (new["tasks"].get(seq) or old["tasks"].get(seq) or {}).get("name", "")
                    changes.append({"change": change, "kind": "result", "plan": plan_id, "task": _seq(seq),
                                    "title": name, "count": count})
    return changes


def _counts(previous: dict, current: Manifest, plan_id: str, seq: str) -> tuple[int, int, int]:
    """(added, changed, withdrawn) results of one task: by digest, and by its pairs when that differs."""
    old = previous["plans"][plan_id].get("results", {}).get(seq)
    new = current["plans"][plan_id]["results"].get(seq)
    if old is None or new is None:
        return (new or {}).get("count", 0), 0, (old or {}).get("count", 0)
    if old == new:
        return 0, 0, 0
    if getattr(previous, "hashes", None) is None:
        raise Unreadable("it names no file of per-result hashes")
    return diff_counts(previous.hashes.pairs(plan_id, seq, old), current.hashes.pairs(plan_id, seq, new))


def _v1_counts(previous: dict, current: Manifest, plan_id: str, seq: str) -> tuple[int, int, int]:
    """Against a version-1 manifest (every result's key and content_hash): this build's records of the
    task hashed the same way, a task at a time; once, on the first build after the upgrade."""
    old = previous["plans"][plan_id].get("results", {}).get(seq, {})
    records = current.records.get(plan_id, {}).get(_seq(seq), {})
    added, changed, withdrawn = _diff(old, {key: content_hash(record) for key, record in records.items()})
    return len(added), len(changed), len(withdrawn)


def update_history(history: list[dict], changes: list[dict], when: str) -> list[dict]:
    """Newest first; a build that changed nothing leaves the history as it was."""
    if not changes:
        return history
    return ([{"date": when, "changes": changes}] + history)[:HISTORY_LIMIT]


def data_date(root: Path) -> str:
    """The date a build stamps on its changes: never the build machine's clock.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) if set, else the date
    of the last commit, so two builds of one commit agree.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc).date().isoformat()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True, check=True)
        return date.fromisoformat(out.stdout.strip()).isoformat()
    except (OSError, subprocess.CalledProcessError, ValueError):
        return "1970-01-01"


def _previous_files(root: Path, site_dir: Path) -> tuple[Path, Path, str] | None:
    """(manifest, history, prefix of the hashes file's name) of the previous build: CI's fetched copy
    first (.cache/previous-manifest.json, previous-changes.json, previous-manifest-results.npz), else
    the last local build (site/data/)."""
    for fetched, directory in ((True, root / paths.CACHE), (False, site_dir / "data")):
        manifest = directory / ("previous-manifest.json" if fetched else "manifest.json")
        if manifest.exists():
            return manifest, manifest.with_name("previous-changes.json" if fetched else "changes.json"), \
                "previous-" if fetched else ""
    return None


def load_previous(root: Path, site_dir: Path) -> tuple[Manifest | None, list[dict]]:
    """The previous manifest and history. Raises Unreadable for a manifest this build cannot read."""
    found = _previous_files(root, site_dir)
    if found is None:
        return None, []
    manifest, history, prefix = found
    return _read_manifest(manifest, prefix), _read_history(history)


def _read_manifest(path: Path, prefix: str) -> Manifest:
    data = _read_json(path, dict)
    _check_shape(data, path)
    if data["version"] == 1:
        return Manifest(data)
    return Manifest(data, HashFile([path.with_name(prefix + name) for name in data["results_files"]]))


def _read_history(path: Path) -> list[dict]:
    return _read_json(path, list) if path.exists() else []


def report(root: Path, site_dir: Path, current: Manifest) -> tuple[list[dict], list[dict], list[str]]:
    """(changes, history, build-log notes) against the previous build. A previous manifest that
    cannot be read or compared is a note, and the build reports as if there were none."""
    found = _previous_files(root, site_dir)
    if found is None:
        return compare(None, current), [], []
    manifest, history_file, prefix = found
    notes, previous = [], None
    try:
        history = _read_history(history_file)
    except Unreadable as exc:
        history = []
        notes.append(f"Change report: the previous history cannot be read ({exc}); a new one starts")
    try:
        previous = _read_manifest(manifest, prefix)
        return compare(previous, current), history, notes
    except Unreadable as exc:
        return compare(None, current), history, [*notes, f"Change report: the previous manifest cannot be compared "
                                                           f"({exc}); this build reports every plan as added"]
    finally:
        if previous is not None and previous.hashes is not None:
            previous.hashes.close()


def _read_json(path: Path, kind: type):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Unreadable(f"{path}: {exc}") from None
    if not isinstance(data, kind):
        raise Unreadable(f"{path}: not a JSON {'object' if kind is dict else 'list'}")
    return data


def _check_shape(data: dict, path: Path) -> None:
    """What compare reads, with the types it expects: a fetched file is input like any other."""
    version = data.get("version")
    if version not in (1, MANIFEST_VERSION) or isinstance(version, bool):
        raise Unreadable(f"{path}: version {version!r}; this build reads versions 1 and {MANIFEST_VERSION}")
    names = data.get("results_files")
    if version == MANIFEST_VERSION and not (isinstance(names, list) and len(names) <= 100_000 and
                                            all(isinstance(n, str) and re.fullmatch(r"[\w.-]+\.npz", n) for n in names)):
        raise Unreadable(f"{path}: results_files {str(names)[:80]} is not a list of file names")
    plans = data.get("plans")
    if not isinstance(plans, dict) or not all(_plan_entry(entry, version) for entry in plans.values()):
        raise Unreadable(f"{path}: not laid out as a version-{version} manifest")


def _plan_entry(entry, version: int) -> bool:
    if not (isinstance(entry, dict) and "title" in entry and isinstance(entry.get("hash"), str)
            and isinstance(entry.get("tasks"), dict) and isinstance(entry.get("results", {}), dict)):
        return False
    tasks_ok = all(isinstance(t, dict) and isinstance(t.get("name"), str) and isinstance(t.get("hash"), str)
                   for t in entry["tasks"].values())
    return tasks_ok and all(_results_entry(r, version) for r in entry.get("results", {}).values())


def _results_entry(entry, version: int) -> bool:
    if version == 1:
        return isinstance(entry, dict) and all(isinstance(h, str) for h in entry.values())
    return (isinstance(entry, dict) and isinstance(entry.get("count"), int) and entry["count"] >= 0
            and isinstance(entry.get("digest"), str))


LABELS = {"added": "新增", "changed": "更新", "withdrawn": "撤回"}
KINDS = {"plan": "抽查计划", "task": "抽查任务", "result": "抽查结果"}


def describe(change: dict) -> str:
    """One line of Chinese for the home page and the feed."""
    verb, kind = LABELS[change["change"]], KINDS[change["kind"]]
    if change["kind"] == "plan":
        extra = f"（{change['tasks']}项任务）" if change.get("tasks") else ""
        return f"{verb}{kind}：{change['title']}{extra}"
    if change["kind"] == "task":
        return f"{verb}{kind}：{change['plan']} 第{change['task']}项 {change['title']}"
    return f"{verb}{kind} {change['count']}条：{change['plan']} 第{change['task']}项 {change['title']}"
