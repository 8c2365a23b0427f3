"""CPU seconds of the two writers that print every result: the open data and the results view.

At a province's volume (bench/results_scale.py makes a 1M-results project) loading the results takes
~50 s, so it is done once and kept:

  python bench/results_writers.py snapshot ROOT SNAPSHOT   # gather + site model, pickled to SNAPSHOT
  python bench/results_writers.py time SNAPSHOT OUT [WHICH] # both writers (or WHICH: view, open-data)
                                                           # into a fresh OUT, CPU s each
  python bench/results_writers.py compare BEFORE AFTER     # every file of two OUT folders, byte for byte

`time` runs build_view (generator/site/results_view.py, as render.render calls it) then
write_open_data (generator/publish/results_data.py), each timed in CPU seconds (user and system: the system part is
mostly the kernel writing files, which varies with the machine's load), and writes
beside their files OUT/_first_pages/*.html: every paged table's first page of rows as a page prints
it (Table.rows_html, in both languages), so the HTML the pages show is compared too without
rendering the site.
"""

from __future__ import annotations

import filecmp
import json
import os
import pickle
import resource
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def snapshot(root: Path, target: Path) -> None:
    from generator import pipeline

    context = pipeline.gather(root / "site_config.yml", use_cache=False)
    pipeline.model_site(context)
    settings = context.config.results
    state = {"results": context.results, "plans": context.plans, "site": context.site,
             "page_size": settings.page_size, "as_of_configured": bool(settings.as_of)}
    with open(target, "wb") as fh:
        pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _tables(value, path: str, seen: set):
    """(path, Table) of every paged table the view holds, in a stable order."""
    from dataclasses import fields, is_dataclass

    from generator.site.tables import Table

    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Table):
        yield path, value
    elif isinstance(value, dict):
        for i, (key, item) in enumerate(value.items()):
            yield from _tables(item, f"{path}.{i}", seen)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _tables(item, f"{path}.{i}", seen)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name not in ("task", "subject", "notice"):  # the site model, not the view
                yield from _tables(getattr(value, f.name), f"{path}.{f.name}", seen)


def _first_pages(view, out: Path) -> int:
    from generator.site import i18n

    folder = out / "_first_pages"
    folder.mkdir(parents=True)
    count = 0
    for path, table in _tables(view, "view", set()):
        for lang in i18n.LANGUAGES:
            with i18n.activate(lang):
                head = [table.id, str(table.caption), list(table.columns), table.total, table.page_size, table.pages,
                        table.chunks, [(str(label), url) for label, url in table.downloads]]
                text = json.dumps(head, ensure_ascii=False) + "\n" + table.rows_html(lambda url: "/" + url)
            (folder / f"{path}.{lang}.html").write_text(text, encoding="utf-8")
            count += 1
    return count


def _cpu() -> tuple[float, float]:
    """(user, system) CPU seconds of this process so far: the system part is mostly writing files."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime


def time_writers(source: Path, out: Path, which: str = "") -> None:
    from generator.publish.results_data import write_open_data
    from generator.site.results_view import build_view

    import numpy as np
    import pyarrow as pa

    with open(source, "rb") as fh:
        state = pickle.load(fh)
    pa.array(np.zeros(1))  # pyarrow imports pandas on its first numpy array, as a build's loading has done
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    started = _cpu()
    if which != "open-data":
        view = build_view(state["site"], state["results"], state["plans"], out, state["page_size"],
                          state["as_of_configured"])
    viewed = _cpu()
    if which != "view":
        write_open_data(state["results"], state["plans"], out)
    written = _cpu()
    tables = _first_pages(view, out) if which != "open-data" else 0
    spent = {name: [round(sum(b) - sum(a), 1), round(b[0] - a[0], 1), round(b[1] - a[1], 1)]
             for name, a, b in (("build_view", started, viewed), ("write_open_data", viewed, written))}
    print(json.dumps({"results": len(state["results"].records), "cpu_s (total, user, system)": spent, "tables": tables,
                      "load_average": [round(x, 2) for x in os.getloadavg()]}))


def compare(before: Path, after: Path) -> int:
    """0 when both folders hold the same files with the same bytes; else the differences, and 1."""
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}

    old, new = files(before), files(after)
    differ = sorted(name for name in old & new if not filecmp.cmp(before / name, after / name, shallow=False))
    for label, names in (("only in before", sorted(old - new)), ("only in after", sorted(new - old)),
                         ("different", differ)):
        for name in names[:20]:
            print(f"{label}: {name}")
        if len(names) > 20:
            print(f"{label}: … {len(names) - 20} more")
    print(f"{len(old)} files before, {len(new)} after, {len(old & new) - len(differ)} identical")
    return 1 if differ or old != new else 0


def main(argv: list[str]) -> int:
    command, first, second, *which = argv
    if command == "snapshot":
        snapshot(Path(first), Path(second))
    elif command == "time":
        time_writers(Path(first), Path(second), *which)
    elif command == "compare":
        return compare(Path(first), Path(second))
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
