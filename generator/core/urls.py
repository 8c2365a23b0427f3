"""Every address the site publishes, relative to the site root: the one URL builder.

In: ids, sequence numbers, slugs. Out: site-relative URLs ("plans/gaoping-2023/tasks/8/"), which
are also the files' paths under the output folder. Python builds every page link and download
path with these functions; the templates call them as `urls.…` (a Jinja global, with `href`
making them relative to the page); lookup.js receives the patterns it fills in as data
(`browser_patterns()`, in the lookup manifest), never a hand copy.
"""

from __future__ import annotations

FILES_PER_FOLDER = 1000  # numbered files of the search index are grouped in folders of this many


# --- pages ----------------------------------------------------------------------------------

def home() -> str:
    return ""


def plans() -> str:
    return "plans/"


def plan(plan_id: str) -> str:
    return f"plans/{plan_id}/"


def compare(earlier_id: str, later_id: str) -> str:
    """The later plan compared with the earlier one of its jurisdiction (generator/site/compare.py)."""
    return f"{plan(later_id)}compare/{earlier_id}/"


def task(plan_id: str, seq) -> str:
    return f"{plan(plan_id)}tasks/{seq}/"


def task_results(plan_id: str, seq) -> str:
    """Straight to the results on a task's page."""
    return f"{task(plan_id, seq)}#results"


def department(slug: str) -> str:
    return f"departments/{slug}/"


def departments() -> str:
    return "departments/"


def industry(slug: str) -> str:
    """An industry's page; a section's too (section-h, cross-industry): they share the folder."""
    return f"industries/{slug}/"


def industries() -> str:
    return "industries/"


def dashboard(page: str) -> str:
    """The results dashboard of a plan's or a department's page."""
    return f"{page}dashboard/"


def notice(notice_id: str) -> str:
    """A department's result notice (results.notices): its 信息公开 box and where its results are shown."""
    return f"notices/{notice_id}/"


def search() -> str:
    return "search/"


def lookup() -> str:
    return "lookup/"


def feed() -> str:
    return "feed.xml"


def guide() -> str:
    """公开指南, a hand-written page (content/guide.md); so are about/ and licence/."""
    return "guide/"


def about() -> str:
    return "about/"


def licence() -> str:
    return "licence/"


def accessibility() -> str:
    """The 无障碍声明 (content/accessibility.md), when the site has one."""
    return "accessibility/"


def asset(name: str) -> str:
    """A script or stylesheet of templates/assets/ (lunr.min.js too)."""
    return f"assets/{name}"


# --- languages ------------------------------------------------------------------------------
# Every generated page has an English twin under en/ (en/plans/gaoping-2023/); open data, scripts,
# the indexes, the feed and the hand-written pages (content/: Chinese only) are one for both.

LANGUAGE_FOLDERS = {"en": "en/"}
SHARED = ("data/", "assets/", "feed.xml", "sitemap.xml", "search/index/", "lookup/index/", "guide/", "about/",
          "licence/", "accessibility/", "404.html")


def in_language(target: str, lang: str) -> str:
    """A site-relative address as a page in `lang` links it: en/plans/ for plans/ in English."""
    folder = LANGUAGE_FOLDERS.get(lang)
    if not folder or target.startswith(SHARED) or target.startswith(tuple(LANGUAGE_FOLDERS.values())):
        return target
    return folder + target


def language_neutral(path: str) -> str:
    """en/plans/ -> plans/: the page a path is in every language."""
    for folder in LANGUAGE_FOLDERS.values():
        if path.startswith(folder):
            return path[len(folder):]
    return path


def language_data(folder: str, lang: str) -> str:
    """Where a paged table's JSON chunks are for pages in `lang`: their cells hold interface words
    (逾期3个工作日, a kind's English name), so English pages page through en/data/…."""
    prefix = LANGUAGE_FOLDERS.get(lang, "")
    return folder if folder.startswith(prefix) else prefix + folder


# --- data -----------------------------------------------------------------------------------

def plan_data(plan_id: str, kind: str) -> str:
    """A plan as open data: kind json, csv or xlsx."""
    return f"data/plans/{plan_id}.{kind}"


def results_data(plan_id: str, kind: str) -> str:
    """A plan's results as open data: kind csv or json."""
    return f"data/results/{plan_id}.{kind}"


def task_results_chunks(plan_id: str, seq) -> str:
    """The folder of a task's results table pages (<n>.json)."""
    return f"data/results/{plan_id}/{seq}/"


def dashboard_data(kind: str, key: str) -> str:
    """The folder of a dashboard's data: kind plan or department, key its id or slug."""
    return f"data/dashboards/{kind}s/{key}/"


def late_csv(folder: str) -> str:
    return f"{folder}late.csv"


def late_chunks(folder: str) -> str:
    return f"{folder}late/"


def list_chunks(page: str, name: str) -> str:
    """The folder of the pages (<n>.json) of a list of tasks named `name` on the page at `page`."""
    return f"data/lists/{page}{name}/"


def notice_data(notice_id: str) -> str:
    return f"data/results/notices/{notice_id}.json"


def notice_chunks(notice_id: str) -> str:
    return f"data/results/notices/{notice_id}/"


# A paged table's pages, in its folder (generator/core/packs.py): entry k is page k + 1, plain JSON.
# results-table.js is given both names by the table's data attributes.
TABLE_PACK = "pages-{n}.bin"
TABLE_DIRECTORY = "pages.idx"


def table_pack(number: int | str) -> str:
    """One pack file of a paged table's pages ("{n}": the pattern the browser fills in)."""
    return TABLE_PACK.format(n=number)


def table_directory() -> str:
    """Where each page of a paged table is: 12 bytes a page."""
    return TABLE_DIRECTORY


def search_index() -> str:
    """The folder of the sharded search index (manifest.json, then <version>/…)."""
    return "search/index/"


def search_manifest() -> str:
    return f"{search_index()}manifest.json"


def lookup_index() -> str:
    return "lookup/index/"


# --- the lookup index's files, relative to its version folder (lookup.js fills the patterns in too) --

# The packed index (generator/core/packs.py): entries in pack files, read by HTTP range;
# part t (term shards, posting lists) or b (business blocks); a directory of 12-byte locations per part.
LOOKUP_PACK = "pack/{part}/{n}.bin"
LOOKUP_DIRECTORY = "{part}.idx"


def lookup_pack(part: str, number: int) -> str:
    return LOOKUP_PACK.format(part=part, n=number)


def lookup_directory(part: str) -> str:
    return LOOKUP_DIRECTORY.format(part=part)


# --- the search index's files, relative to its version folder (search.js fills them in too) ----

SEARCH_TERMS = "t/{n}.json"
SEARCH_POSTINGS = "p/{folder}/{n}.txt"
SEARCH_DOCS = "d/{folder}/{n}.json"
SEARCH_FACET = "f/{facet}/{n}.txt"
SEARCH_NAMES = "names.json"
SEARCH_CHARS = "chars.json"


def search_terms(number: int) -> str:
    return SEARCH_TERMS.format(n=number)


def search_postings(number: int) -> str:
    return SEARCH_POSTINGS.format(folder=number // FILES_PER_FOLDER, n=number)


def search_docs(number: int) -> str:
    return SEARCH_DOCS.format(folder=number // FILES_PER_FOLDER, n=number)


def search_facet(facet: str, number: int) -> str:
    return SEARCH_FACET.format(facet=facet, n=number)


def search_patterns() -> dict:
    """The patterns search.js fills in (in the search manifest), relative to the index version."""
    return {"terms": SEARCH_TERMS, "postings": SEARCH_POSTINGS, "docs": SEARCH_DOCS, "facet": SEARCH_FACET,
            "names": SEARCH_NAMES, "chars": SEARCH_CHARS, "files_per_folder": FILES_PER_FOLDER}


def browser_patterns() -> dict:
    """The patterns lookup.js fills in; task is relative to the site root, the rest to the index version."""
    return {"task": task("{plan}", "{seq}"), "pack": LOOKUP_PACK, "directory": LOOKUP_DIRECTORY}
