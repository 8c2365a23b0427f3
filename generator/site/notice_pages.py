"""Notice results no plan task fits, as their department's page shows them under "其他抽查结果".

One table per notice (the notice's title, office, date and a link to where it was published),
paged like a task's results table; each notice's import is also published as open data
(site/data/results/notices/ID.json).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.core import urls
from generator.core.io import dumps
from generator.importer.metadata import disclosure_data, notice_disclosure
from generator.results.summary import record_dict
from generator.site.i18n import N_, Joined, Text
from generator.site.tables import paged_table

OTHER_COLUMNS = (N_("企业名称"), N_("统一社会信用代码"), N_("抽查事项"), N_("类别"), N_("检查时间"), N_("检查结果"),
                 N_("结果说明"))


@dataclass
class NoticeSource:
    """A notice as a page names it: title (or office), date, where it was published."""

    notice: dict  # the imported notice: id, title, issuer, published, source {file, sha256, url}

    @property
    def label(self) -> str:
        return self.notice.get("title") or self.notice.get("issuer") or self.notice["id"]

    @property
    def source_url(self) -> str | None:
        """Where the office published it: an http(s) address only (data/results/ID.json is data, not trusted)."""
        url = (self.notice.get("source") or {}).get("url") or ""
        return url if re.match(r"^https?://[^\s\"'<>]+$", url) else None

    @property
    def published(self) -> date | None:
        return date.fromisoformat(self.notice["published"]) if self.notice.get("published") else None


@dataclass
class OtherNotice(NoticeSource):
    table: object = None  # generator.site.tables.Table
    download: str = ""  # open data of the whole notice


def task_sources(results) -> dict[tuple[str, int], list[NoticeSource]]:
    """(plan, task) -> the notices its linked results came from, in configuration order."""
    out: dict[tuple[str, int], dict[str, NoticeSource]] = {}
    notices = {n["id"]: n for n in results.notices}
    for r in results.records:
        if r.notice and r.notice in notices:
            out.setdefault((r.plan_id, r.seq), {}).setdefault(r.notice, NoticeSource(notices[r.notice]))
    return {key: list(found.values()) for key, found in out.items()}


def other_cells(r) -> list:
    """One unlinked result (a generator.results.Result from a notice) as the table's cells."""
    written = r.kind_as_written or "；".join(r.kinds)
    kinds = "；".join(r.kinds)
    shown = Text("%(kinds)s（公示原文：%(written)s）", kinds=Joined(r.kinds, "；"), written=written) \
        if kinds and written != kinds else written or Text("未注明")
    return [r.business, r.credit_code or Text("未列明"), r.items or "", r.category or "",
            r.inspected.isoformat() if r.inspected else (r.inspected_as_written or Text("未注明")), shown, r.note]


def other_results(results, departments, chunks, page_size: int) -> dict:
    """Department -> [OtherNotice], from Results.unlinked and Results.notices."""
    by_name = {d.name: d for d in departments}
    notices = {n["id"]: n for n in results.notices}
    grouped: dict[tuple[str, str], list] = {}
    for r in results.unlinked:
        grouped.setdefault((r.departments[0] if r.departments else "", r.notice), []).append(r)
    out: dict = {}
    newest_first = sorted(grouped.items(), key=lambda kv: _order(notices.get(kv[0][1]), kv[0][1]), reverse=True)
    for (name, notice_id), rows in newest_first:
        dept = by_name.get(name)
        if dept is None:
            continue  # the build log names departments without a page (results_view.build_view)
        notice = notices.get(notice_id, {"id": notice_id})
        pages = [[other_cells(r) for r in rows[i:i + page_size]] for i in range(0, len(rows), page_size)]
        table = paged_table(chunks, iter(pages), id=f"other-{notice_id}", caption=notice.get("title") or notice_id,
                            columns=OTHER_COLUMNS, total=len(rows), page_size=page_size,
                            folder=urls.notice_chunks(notice_id), downloads=[])
        out.setdefault(dept, []).append(OtherNotice(notice, table, urls.notice_data(notice_id)))
    return out


def _order(notice: dict | None, notice_id: str):
    """Newest notice first; the id keeps two of one day in a stable order."""
    return ("" if notice is None else notice.get("published") or "", notice_id)


def write_notice_data(notices: list[dict], records, out: Path, defaults: dict | None = None) -> None:
    """site/data/results/notices/ID.json: each notice and its results as published, the notice with its
    信息公开 box (disclosure_fields; defaults: site_config.yml disclosure_defaults)."""
    directory = Path(out) / "data" / "results" / "notices"
    directory.mkdir(parents=True, exist_ok=True)
    by_notice: dict[str, list] = {}
    for r in records:
        if r.notice:
            by_notice.setdefault(r.notice, []).append(r)
    for notice in notices:
        rows = [record_dict(r) for r in by_notice.get(notice["id"], [])]
        box = disclosure_data(notice_disclosure(notice, defaults))
        data = {"notice": {**notice, "disclosure_fields": box}, "count": len(rows), "results": rows}
        (directory / f"{notice['id']}.json").write_text(dumps(data), encoding="utf-8")


@dataclass
class NoticePage(NoticeSource):
    """A notice's own page (urls.notice): its 信息公开 box, and where the site shows its results."""

    count: int = 0  # results published from it
    tasks: list = field(default_factory=list)  # generator.site.model.Task its results are linked to
    departments: list = field(default_factory=list)  # Departments whose 其他抽查结果 list the rest

    @property
    def url(self) -> str:
        return urls.notice(self.notice["id"])

    @property
    def download(self) -> str:
        return urls.notice_data(self.notice["id"])


def notice_pages(results, site) -> list[NoticePage]:
    """One page per configured notice, in configuration order."""
    tasks = {(t.plan.id, t.seq): t for t in site.tasks}
    by_name = {d.name: d for d in site.departments}
    pages = {n["id"]: NoticePage(n) for n in results.notices}
    for r in [*results.records, *results.unlinked]:
        page = pages.get(r.notice)
        if page is None:
            continue
        page.count += 1
        task = tasks.get((r.plan_id, r.seq)) if r.plan_id else None
        dept = None if task else by_name.get(r.departments[0] if r.departments else "")
        if task and task not in page.tasks:
            page.tasks.append(task)
        elif dept and dept not in page.departments:  # as other_results groups them: the first office
            page.departments.append(dept)
    for page in pages.values():
        page.tasks.sort(key=lambda t: t.sort_key())
    return list(pages.values())
