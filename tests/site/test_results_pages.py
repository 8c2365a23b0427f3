"""Inspection results on the built site: task pages, paged tables, dashboards, the example banner.

Every figure a page shows is checked against a recomputation from the open data the same
build published (site/data/results/<plan>.csv|json, site/data/plans/<plan>.json), so the
pages and the downloads cannot drift apart. Paging is checked on a second build of the real
project with results.page_size 3 (the demo tasks have 2–7 results, fewer than the default 50);
real result files (UTF-8 and GB18030) replacing the demo on a third.
"""

from __future__ import annotations

import csv
import io
import json
import re
from calendar import monthrange
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from generator.core import urls
from generator.site.model import build_model
from generator.site.tables import chunk_count, read_chunk
from generator.text.identifiers import make_credit_code
from tests.helpers.html import clean_text, parse_html
from tests.helpers.sites import LIST_PAGE_SIZE, PAGE_SIZE, BuiltSite, build_variant

BANNER = "示例数据：以下抽查结果为虚构示例，并非真实企业"
BANNER_EN = "Example data: the inspection results below are fictional, not real businesses."
HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]


@pytest.fixture(scope="session")
def model(gathered):
    return build_model(gathered)


# --- reading the open data back ------------------------------------------------------------------

def csv_rows(site: BuiltSite, plan_id: str) -> dict[int, list[tuple]]:
    """Task -> its rows in the published CSV, as (business, code, inspected, departments, kinds, note, published)."""
    text = (site.path / "data" / "results" / f"{plan_id}.csv").read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == HEADER
    rows: dict[int, list[tuple]] = {}
    for row in reader:
        rows.setdefault(int(row[1]), []).append(tuple(row[2:9]))
    return rows


def json_results(site: BuiltSite, plan_id: str) -> dict:
    return json.loads((site.path / "data" / "results" / f"{plan_id}.json").read_text(encoding="utf-8"))


def plan_json(site: BuiltSite, plan_id: str) -> dict:
    return json.loads((site.path / "data" / "plans" / f"{plan_id}.json").read_text(encoding="utf-8"))


def row_tuple(cells: list[str]) -> tuple:
    """A task table row's first seven cells as the CSV has them ("未注明" is an empty 公示日期)."""
    values = list(cells[:7])
    if values[6] == "未注明":
        values[6] = ""
    return tuple(values)


def html_rows(table) -> list[list[str]]:
    return [[td.text for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


def chunks_of(site: BuiltSite, folder: str) -> list[dict]:
    """Every page of a paged table from its packs, in order (its directory: 12 bytes a page)."""
    return [read_chunk(site.path / folder, n) for n in range(1, chunk_count(site.path / folder) + 1)]


def cell_text(cell) -> str:
    return cell["text"] if isinstance(cell, dict) else cell


def all_table_rows(site: BuiltSite, page, box_id: str) -> list[list[str]]:
    """Every row of a paged table: the HTML's if it has one page, else all its chunks in order."""
    box = page.find("div", id=box_id)
    if "data-chunks" not in box.attrs:
        return html_rows(box)
    rows = []
    for chunk in chunks_of(site, _chunk_folder(box)):
        rows += [[cell_text(c) for c in row] for row in chunk["rows"]]
    return rows


def table_records(site: BuiltSite, page, box_id: str) -> list[dict[str, str]]:
    """Every row of a paged table (all its pages) as {column label: text}; none if the page lacks it."""
    box = page.find("div", id=box_id)
    if box is None:
        return []
    labels = [clean_text(th) for th in box.find("thead").find_all("th")]
    return [dict(zip(labels, (str(c) for c in row))) for row in all_table_rows(site, page, box_id)]


def _chunk_folder(box) -> str:
    return re.sub(r"^(\.\./)+", "", box.attrs["data-chunks"])


def figure(page, name: str) -> int:
    box = page.find("div", attrs={"data-figure": name})
    return int(re.match(r"[\d,]+", clean_text(box.find("dd"))).group(0).replace(",", ""))


def kind_counts_shown(page, section_id: str) -> dict[str, int]:
    section = page.find("section", id=section_id)
    return {g.attrs["data-kind"]: int(g.attrs["data-count"]) for g in section.find_all("g", class_="gk-kind-bar")}


def as_of(site: BuiltSite, plan_ids) -> date:
    """results.as_of recomputed: the latest 公示日期 of all published results."""
    return max(date.fromisoformat(r["published"]) for p in plan_ids for r in json_results(site, p)["results"]
               if r["published"])


# --- task pages ----------------------------------------------------------------------------------

def test_task_pages_show_counts_per_kind_and_every_row_of_the_open_data(site, model):
    shown = 0
    for plan in model.plans:
        by_task = csv_rows(site, plan.id)
        for task in plan.tasks:
            page = site.page(task.url)
            section = page.find("section", id="results")
            rows = by_task.get(task.seq, [])
            expected = Counter(k for row in rows for k in row[4].split("；"))
            assert kind_counts_shown(page, "results") == dict(expected), task
            if not rows:
                assert section.find("table") is None
                assert "结果将在此公示" in clean_text(section) or "尚未收到其抽查结果" in clean_text(section)
                continue
            shown += 1
            assert f"本项任务已公示{len(rows)}条抽查结果" in clean_text(section)
            box = section.find("div", id="results-table")
            assert "data-chunks" not in box.attrs  # at most 7 rows: one page of 50
            assert [row_tuple(r) for r in html_rows(box)] == rows
            assert [th.text for th in box.find("thead").find_all("th")][:7] == [
                "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]
    assert shown > 50


def test_the_late_flag_names_the_deadline_and_working_days(site):
    records = [r for p in ("gaoping-2023", "jiangxian-2024") for r in json_results(site, p)["results"]]
    late = next(r for r in records if r["late"])
    page = site.page(f"plans/{late['plan_id']}/tasks/{late['task']}/")
    row = next(r for r in html_rows(page.find("div", id="results-table"))
               if r[0] == late["business"] and r[2] == late["inspected"])
    assert row[7] == f"逾期{late['workdays_late']}个工作日（期限{late['deadline']}）"
    on_time = next(r for r in records if not r["late"] and r["published"])
    page = site.page(f"plans/{on_time['plan_id']}/tasks/{on_time['task']}/")
    row = next(r for r in html_rows(page.find("div", id="results-table"))
               if r[0] == on_time["business"] and r[2] == on_time["inspected"])
    assert row[7] == "按期"


def test_paging_chunks_hold_exactly_each_tasks_rows(paged_site, model):
    paged = 0
    for plan in model.plans:
        by_task = csv_rows(paged_site, plan.id)
        for task in plan.tasks:
            rows = by_task.get(task.seq, [])
            folder = f"data/results/{plan.id}/{task.seq}/"
            chunks = chunks_of(paged_site, folder)
            if len(rows) <= PAGE_SIZE:
                assert chunks == [], task  # one page: all of it is in the HTML
                continue
            paged += 1
            pages = -(-len(rows) // PAGE_SIZE)
            assert len(chunks) == pages  # the directory has a place for each page and no more
            assert sorted(p.name for p in (paged_site.path / folder).iterdir()) == \
                [urls.table_pack(0), urls.table_directory()]  # a small table's pages: one pack
            together = []
            for n, chunk in enumerate(chunks, start=1):
                assert (chunk["page"], chunk["pages"], chunk["total"], chunk["page_size"]) == \
                    (n, pages, len(rows), PAGE_SIZE)
                assert 0 < len(chunk["rows"]) <= PAGE_SIZE
                together += [row_tuple([cell_text(c) for c in row]) for row in chunk["rows"]]
            assert together == rows, task
            page = paged_site.page(task.url)
            box = page.find("div", id="results-table")
            assert box.attrs["data-pages"] == str(pages) and box.attrs["data-total"] == str(len(rows))
            assert _chunk_folder(box) == folder
            first = [row_tuple(r) for r in html_rows(box)]
            assert first == rows[:PAGE_SIZE]  # the page holds only its first page of rows
            nav = box.find("nav", class_="gk-pager-bar")
            assert "hidden" in nav.attrs  # shown by results-table.js; without it the download links stay
            fallback = box.find("p", class_="gk-paged-nojs")
            assert f"../../../../data/results/{plan.id}.csv" in [a.attrs["href"] for a in fallback.find_all("a")]
            scripts = [s.attrs.get("src") for s in page.find_all("script")]
            assert "../../../../assets/results-table.js" in scripts
    assert paged > 20


def test_task_pages_do_not_grow_with_the_number_of_results(paged_site, site, model):
    for plan in model.plans:
        for task in plan.tasks:
            box = paged_site.page(task.url).find("div", id="results-table")
            if box is not None:
                assert len(box.find("tbody").find_all("tr")) <= PAGE_SIZE


# --- dashboards ----------------------------------------------------------------------------------

def _recompute(records: list[dict], tasks: list[tuple[dict, dict]], today: date) -> dict:
    with_results = {(r["plan_id"], r["task"]) for r in records}
    keys = {(plan["plan"]["id"], task["seq"]) for plan, task in tasks}
    published = sorted(k for k in keys if k in with_results)
    ended = sorted((plan["plan"]["id"], task["seq"]) for plan, task in tasks
                   if (plan["plan"]["id"], task["seq"]) not in with_results and task["months"]
                   and today > date(plan["plan"]["year"], task["months"][1],
                                    monthrange(plan["plan"]["year"], task["months"][1])[1]))
    late = [r for r in records if r["late"]]
    return {"tasks": len(tasks), "with_results": published, "ended": ended, "results": len(records),
            "late": late, "kinds": dict(Counter(k for r in records for k in r["kinds"]))}


def _check_dashboard(built: BuiltSite, url: str, figures: dict, seq_of, with_plan: bool) -> None:
    page = built.page(url)
    assert figure(page, "tasks") == figures["tasks"]
    assert figure(page, "with-results") == len(figures["with_results"])
    assert figure(page, "ended") == len(figures["ended"])
    assert figure(page, "results") == figures["results"]
    assert figure(page, "late") == len(figures["late"])
    for section_id, expected in (("with-results", figures["with_results"]), ("ended", figures["ended"])):
        shown = [seq_of(row) for row in table_records(built, page, f"{section_id}-table")]  # every page of the list
        assert sorted(shown) == expected, (url, section_id)
    assert kind_counts_shown(page, "kinds") == figures["kinds"], url
    if figures["late"]:
        rows = all_table_rows(built, page, "late-table")
        order = {"gaoping-2023": 0, "jiangxian-2024": 1}
        late = sorted(figures["late"], key=lambda r: (order[r["plan_id"]], r["task"], r["inspected"], r["business"],
                                                      r["credit_code"]))
        expected = [[r["task"], r["business"], r["inspected"], r["deadline"], r["published"],
                     f"{r['workdays_late']}个工作日"] for r in late]
        got = [[int(re.search(r"第(\d+)项", row[0]).group(1)), *row[1:]] for row in rows]
        assert got == expected, url
        if with_plan:
            assert all(row[0].startswith(("高平市 2023年", "绛县 2024年")) for row in rows)
    else:
        assert page.find("div", id="late-table") is None


def _seq_and_plan(model):
    by_label = {p.label: p.id for p in model.plans}

    def seq_of(row):
        return (by_label[row["计划"]], int(row["序号"]))

    return seq_of


@pytest.mark.parametrize("built", ["site", "paged_site"])
def test_plan_dashboards_match_a_recomputation_from_the_open_data(built, request, model):
    built = request.getfixturevalue(built)
    plan_ids = [p.id for p in model.plans]
    today = as_of(built, plan_ids)
    for plan in model.plans:
        data = plan_json(built, plan.id)
        figures = _recompute(json_results(built, plan.id)["results"], [(data, t) for t in data["tasks"]], today)
        _check_dashboard(built, f"{plan.url}dashboard/", figures,
                         lambda row, pid=plan.id: (pid, int(row["序号"])), False)
        text = clean_text(built.page(f"{plan.url}dashboard/").find("p", class_="gk-as-of"))
        assert f"统计截至{today.year}年{today.month}月{today.day}日（本站数据中最近的公示日期）" in text


@pytest.mark.parametrize("built", ["site", "paged_site"])
def test_department_dashboards_match_a_recomputation_from_the_open_data(built, request, model):
    built = request.getfixturevalue(built)
    plan_ids = [p.id for p in model.plans]
    today = as_of(built, plan_ids)
    plans = [plan_json(built, p) for p in plan_ids]
    records = [r for p in plan_ids for r in json_results(built, p)["results"]]
    checked = 0
    for dept in model.departments:
        tasks = [(plan, task) for plan in plans for task in plan["tasks"]
                 if dept.name in [ref["department"] for ref in [task["lead"], *task["partners"]]]]
        mine = [r for r in records if dept.name in r["departments"]]
        url = f"{dept.url}dashboard/"
        if not tasks and not mine:
            assert not built.file(url).exists()
            continue
        _check_dashboard(built, url, _recompute(mine, tasks, today), _seq_and_plan(model), True)
        assert f"../{url}" in [a.attrs.get("href") for a in built.page("departments/").find_all("a")]
        assert f"../../{url}" in [a.attrs.get("href") for a in built.page(dept.url).find_all("a")]
        checked += 1
    assert checked > 20


def test_dashboards_are_linked_from_plan_department_and_home_pages(site, model):
    home = [a.attrs.get("href") for a in site.page("").find_all("a")]
    for plan in model.plans:
        assert f"{plan.url}dashboard/" in home
        assert f"../../{plan.url}dashboard/" in [a.attrs.get("href") for a in site.page(plan.url).find_all("a")]
        dashboard = site.page(f"{plan.url}dashboard/")
        assert clean_text(dashboard.find("h1")) == f"{plan.label}抽查结果公开情况"
    assert "departments/" in home
    late_csv = site.path / "data" / "dashboards" / "plans" / "gaoping-2023" / "late.csv"
    rows = list(csv.reader(io.StringIO(late_csv.read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == sum(r["late"] for r in json_results(site, "gaoping-2023")["results"])


# --- the example banner --------------------------------------------------------------------------

def banner_pages(built: BuiltSite) -> set[str]:
    found = set()
    for path in built.html_files():
        text = path.read_text(encoding="utf-8")
        if "gk-example-banner" in text:
            english = path.relative_to(built.path).parts[0] == "en"  # the English twins (tests/site/test_i18n.py)
            assert (BANNER_EN if english else BANNER) in clean_text(parse_html(text).find("p", class_="gk-example-banner"))
            found.add(path.relative_to(built.path).as_posix())
    return found


def test_banner_on_every_page_showing_example_results_and_only_there(site, model):
    shown = banner_pages(site)
    for url in ("", "departments/", "lookup/", *(p.url for p in model.plans),
                *(f"{p.url}dashboard/" for p in model.plans)):
        assert f"{url}index.html" in shown, url
    for task in model.tasks:
        has_results = site.page(task.url).find("div", id="results-table") is not None
        assert (f"{task.url}index.html" in shown) == has_results, task
    for url in ("plans/", "industries/", "search/", "guide/", "about/", "licence/"):
        assert f"{url}index.html" not in shown, url
    assert json_results(site, "gaoping-2023")["examples"] is True


HOSTILE = '<img src=x onerror="window.pwned=1">商行'


def _csv(rows: list[list], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture(scope="module")
def real_files_site(tmp_path_factory) -> BuiltSite:
    """Real-format result files (one UTF-8 with BOM, one GB18030) with results.demo left on."""
    utf8 = [
        ["gaoping-2023", 24, "高平市光明影城有限公司", make_credit_code("91140581MA0K1234X"), "2023-08-10",
         "宣传部、消防救援大队", "未发现问题", "", "2023-08-25"],
        ["gaoping-2023", 24, HOSTILE, "", "2023-09-12", "宣传部", "发现问题已责令改正", "消防通道堵塞，已当场改正",
         "2023-10-30"],
    ]
    gb = [["jiangxian-2024", 1, "绛县鑫源书店", make_credit_code("92140826MA0L5678Y"), "2024-05-20",
           "县委宣传部", "正常", "", "2024-06-03"]]
    files = {"2023-results.csv": _csv(utf8, "utf-8-sig"), "绛县结果.csv": _csv(gb, "gb18030")}
    with pytest.raises(UnicodeDecodeError):
        files["绛县结果.csv"].decode("utf-8")  # really GB18030, as Excel saves it in China
    return build_variant(tmp_path_factory.mktemp("real") / "project", files=files)


def test_real_result_files_replace_the_demo_and_the_banner_goes(real_files_site):
    built = real_files_site
    assert banner_pages(built) == set()
    assert json_results(built, "gaoping-2023")["examples"] is False
    assert json.loads((built.path / "lookup" / "index" / "manifest.json").read_text(encoding="utf-8"))["examples"] is False
    page = built.page("plans/gaoping-2023/tasks/24/")
    rows = html_rows(page.find("div", id="results-table"))
    assert [r[0] for r in rows] == ["高平市光明影城有限公司", HOSTILE]
    assert rows[1][7].startswith("逾期") and rows[0][7] == "按期"
    raw = built.file("plans/gaoping-2023/tasks/24/").read_text(encoding="utf-8")
    assert '<img src=x' not in raw and "&lt;img src=x" in raw
    assert kind_counts_shown(page, "results") == {"未发现问题": 1, "发现问题已责令改正": 1}
    gb = built.page("plans/jiangxian-2024/tasks/1/")
    assert [r[:3] for r in html_rows(gb.find("div", id="results-table"))] == [
        ["绛县鑫源书店", make_credit_code("92140826MA0L5678Y"), "2024-05-20"]]
    assert kind_counts_shown(gb, "results") == {"未发现问题": 1}
    # Only these three results: every other task has none, and the dashboards count from them.
    assert built.page("plans/gaoping-2023/tasks/23/").find("div", id="results-table") is None
    dashboard = built.page("plans/gaoping-2023/dashboard/")
    assert figure(dashboard, "results") == 2 and figure(dashboard, "with-results") == 1
    assert figure(dashboard, "late") == 1
    assert "统计截至2024年6月3日" in clean_text(dashboard.find("p", class_="gk-as-of"))


def test_no_results_and_no_demo_means_no_banner(tmp_path_factory):
    built = build_variant(tmp_path_factory.mktemp("none") / "project", {"demo": False})
    assert banner_pages(built) == set()
    section = built.page("plans/gaoping-2023/tasks/24/").find("section", id="results")
    assert section.find("table") is None and "结果将在此公示" in clean_text(section)
    dashboard = built.page("plans/gaoping-2023/dashboard/")
    assert figure(dashboard, "results") == 0 and figure(dashboard, "ended") == 0
    assert "本站尚未收到任何抽查结果" in clean_text(dashboard)


def test_configured_as_of_decides_which_tasks_have_ended(tmp_path_factory):
    built = build_variant(tmp_path_factory.mktemp("asof") / "project", {"demo": True, "as_of": "2024-05-31"})
    dashboard = built.page("plans/jiangxian-2024/dashboard/")
    assert "统计截至2024年5月31日（本站设定的统计日期）" in clean_text(dashboard.find("p", class_="gk-as-of"))
    data = plan_json(built, "jiangxian-2024")
    figures = _recompute(json_results(built, "jiangxian-2024")["results"], [(data, t) for t in data["tasks"]],
                         date(2024, 5, 31))
    assert figure(dashboard, "ended") == len(figures["ended"])
    assert figure(dashboard, "open") == len(data["tasks"]) - len(figures["ended"]) - len(figures["with_results"])


def test_paged_builds_are_byte_identical(paged_site, tmp_path_factory):
    again = build_variant(tmp_path_factory.mktemp("paged-again") / "project", {"page_size": PAGE_SIZE},
                          settings={"list_page_size": LIST_PAGE_SIZE})
    for folder in ("data/results", "data/dashboards", "data/lists", "plans", "departments"):
        first = {p.relative_to(paged_site.path): p.read_bytes() for p in (paged_site.path / folder).rglob("*")
                 if p.is_file()}
        second = {p.relative_to(again.path): p.read_bytes() for p in (again.path / folder).rglob("*") if p.is_file()}
        assert first == second, folder
