"""Lists of tasks on department, industry and section pages (generator/site/task_lists.py).

Every list is checked against the site model: on the real site (list_page_size 100: one page, all in
the HTML) and on the paged build (list_page_size 4), where the HTML holds the first page and the
JSON chunks, read in order, hold every task once, in both languages.
"""

from __future__ import annotations


import pytest

from generator.core import urls
from generator.site.i18n import activate
from generator.site.model import DepartmentRef, build_model
from generator.site.tables import read_chunk
from generator.site.task_lists import task_cells
from tests.helpers.html import clean_text
from tests.helpers.sites import LIST_PAGE_SIZE, BuiltSite


@pytest.fixture(scope="module")
def model(gathered):
    return build_model(gathered)


def _lists(model):
    """(page url, box id, the tasks it lists) of every list of tasks the site has."""
    for dept in model.departments:
        yield dept.url, "led-table", dept.led
        yield dept.url, "joined-table", dept.joined
    for entry in [*model.sections, *model.industries]:
        yield entry.url, "tasks-table", entry.tasks


def _rows(built: BuiltSite, url: str, box_id: str, lang: str = "") -> tuple[list[list[str]], list[list[str]]]:
    """(the HTML's rows, every page's rows from the chunks or the HTML) of one list, as cell texts."""
    page = built.page(f"{lang}{url}")
    box = page.find("div", id=box_id)
    if box is None:
        return [], []
    shown = [[clean_text(td) for td in tr.find_all("td")] for tr in box.find("tbody").find_all("tr")]
    if "data-chunks" not in box.attrs:
        return shown, shown
    folder = box.attrs["data-chunks"].lstrip("./")
    pages = int(box.attrs["data-pages"])
    assert folder == f"{lang}data/lists/{url}{box_id.removesuffix('-table')}/"
    every = []
    for n in range(1, pages + 1):
        chunk = read_chunk(built.path / folder, n)
        assert (chunk["page"], chunk["pages"], chunk["page_size"]) == (n, pages, LIST_PAGE_SIZE)
        every += [[str(c["text"] if isinstance(c, dict) else c) for c in row] for row in chunk["rows"]]
    assert (built.path / folder / urls.table_directory()).stat().st_size == 12 * pages  # no page past the last
    return shown, every


def _expected(tasks) -> list[tuple[str, str]]:
    return [(f"{t.plan.meta['jurisdiction']} {t.plan.meta['year']}年", str(t.seq)) for t in tasks]


def test_every_list_holds_its_tasks_once_in_order_and_the_page_only_its_first_page(site, paged_site, model):
    paged = 0
    for url, box_id, tasks in _lists(model):
        shown, every = _rows(site, url, box_id)
        assert shown == every and [(r[0], r[1]) for r in every] == _expected(tasks), (url, box_id)
        shown, every = _rows(paged_site, url, box_id)
        assert [(r[0], r[1]) for r in every] == _expected(tasks), (url, box_id)
        assert shown == every[:LIST_PAGE_SIZE]  # the first page's cells are the first chunk's
        paged += len(tasks) > LIST_PAGE_SIZE
    assert paged > 20


def test_english_lists_page_through_english_chunks(paged_site, model):
    dept = max(model.departments, key=lambda d: len(d.joined))
    shown, every = _rows(paged_site, dept.url, "joined-table", lang="en/")
    assert len(every) == len(dept.joined) > LIST_PAGE_SIZE and shown == every[:LIST_PAGE_SIZE]
    chunk = read_chunk(paged_site.path / f"en/data/lists/{dept.url}joined", 1)
    assert chunk["columns"] == ["Plan", "No.", "Inspection task", "Lead department", "Months", "Mode"]


def test_a_dashboards_lists_are_paged_and_the_script_loaded_only_for_paged_tables(site, paged_site, model):
    dept = max(model.departments, key=lambda d: len(d.led) + len(d.joined))
    for built, paged in ((site, False), (paged_site, True)):
        page = built.page(dept.url)
        scripts = [s.attrs.get("src") for s in page.find_all("script")]
        assert ("../../assets/results-table.js" in scripts) == paged
        for box_id, tasks in (("led-table", dept.led), ("joined-table", dept.joined)):
            assert ("data-chunks" in page.find("div", id=box_id).attrs) == (paged and len(tasks) > LIST_PAGE_SIZE)
        dashboard = built.page(f"{dept.url}dashboard/")
        box = dashboard.find("div", id="with-results-table")
        assert len(box.find("tbody").find_all("tr")) <= (LIST_PAGE_SIZE if paged else 100)


def test_a_lead_department_without_a_page_keeps_its_wording_and_says_so(model):
    task = model.plans[0].tasks[0]
    ref = DepartmentRef("某某县某某局", [], None)
    task_with_unknown_lead = type(task)(task.plan, task.data, ref, task.partners, task.industry)
    cell = task_cells(task_with_unknown_lead, show_plan=False)[2]
    with activate("zh-CN"):
        assert cell["text"] == "某某县某某局" and cell["class"] == "gk-unknown"
        assert str(cell["title"]) == "未能对应到标准部门名称"
    with activate("en"):
        assert str(cell["title"]) == "Not matched to a standard department name"
