"""The writers that print every result a column at a time write what printing them row by row wrote.

At a province's volume the open data (generator/publish/results_data.py), the paged tables' chunks
(generator/site/tables.py) and the dashboards' late lists (generator/site/late_results.py) are made
from the result table's columns. Each test here writes awkward values (quotes, backslashes, control
characters, formula-like text, commas, no dates, several departments, notice fields) both ways:
the row-by-row spelling is the reference (record_dict, spreadsheet_csv.writerow, dumps_compact).
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pyarrow as pa

from generator.core.io import dumps_compact, json_texts, spreadsheet_csv
from generator.publish.results_data import BLOCK, write_plan_results
from generator.results.record import HEADERS, Result
from generator.results.summary import distinct_codes, record_dict
from generator.results.table import ResultTable
from generator.site import i18n
from generator.site.i18n import Joined, Named, Text
from generator.site.late_results import LATE_CSV_HEADERS, LateRows, late_columns, write_late_csv
from generator.site.tables import Chunks, Coded, blocks_of, cell_json, paged_columns, paged_table, read_chunk

AWKWARD = ["", "plain", 'say "hi"', "back\\slash", "line\nbreak", "cr\rhere", "tab\tin", "\x01ctl", "=SUM(A1)",
           "+86", "-5", "@home", "\tlead", "\rlead", "a,b", "'quoted", "全角，逗号", "emoji 😀", "\u2028sep", "\x7f"]


def _results(count: int) -> list[Result]:
    out = []
    for i in range(count):
        text = AWKWARD[i % len(AWKWARD)]
        late = 3 if i % 7 == 0 and i % 11 else 0  # a late result was inspected on a day
        out.append(Result(
            plan_id="p-2024", seq=1 + i % 3, business=f"{text}企业{i % 50}", credit_code=AWKWARD[(i * 3) % len(AWKWARD)],
            inspected=None if i % 11 == 0 else date(2024, 3, 1) + timedelta(days=i % 40),
            departments=(("市场监督管理局", "消防救援机构") if i % 2 else (text or "税务局",)),
            kinds=(("未发现问题",) if i % 3 else ("发现问题已责令改正", text or "其他")), note=AWKWARD[(i * 7) % len(AWKWARD)],
            published=None if i % 13 == 0 else date(2024, 5, 1) + timedelta(days=i % 9),
            deadline=None if i % 17 == 0 else date(2024, 4, 28), workdays_late=late, is_example=i % 5 == 0,
            kind_as_written=text if i % 19 == 0 else "", notice="n-1" if i % 23 == 0 else "",
            items=text if i % 29 == 0 else "", category="", inspected_as_written=""))
    return out


def _files_order(r: Result):
    return r.seq, r.inspected.toordinal() if r.inspected else 0, r.business, r.credit_code


def test_open_data_is_each_result_row_by_row(tmp_path):
    records = _results(BLOCK + 300)  # two blocks: the second's first line has its comma
    csv_path, json_path = write_plan_results("p-2024", ResultTable.from_records(records), False, tmp_path)
    ordered = sorted(records, key=_files_order)
    expected = io.StringIO()
    writer = spreadsheet_csv(expected)
    writer.writerow(list(HEADERS.values()))
    writer.writerows([r.plan_id, r.seq, r.business, r.credit_code, r.inspected.isoformat() if r.inspected else "",
                      "、".join(r.departments), "；".join(r.kinds), r.note,
                      r.published.isoformat() if r.published else ""] for r in ordered)
    assert csv_path.read_bytes() == b"\xef\xbb\xbf" + expected.getvalue().encode("utf-8")
    text = json_path.read_text(encoding="utf-8")
    lines = text[text.index('"results": [') + len('"results": ['):].split("\n")
    assert lines[0] == "" and lines[-4:] == [f"  {json.dumps(record_dict(ordered[-1]), ensure_ascii=False)}", " ]", "}", ""]
    assert lines[1:-4] == [f"  {json.dumps(record_dict(r), ensure_ascii=False)}," for r in ordered[:-1]]
    assert json.loads(text)["count"] == len(records)


def test_json_texts_spell_each_string_as_json_does():
    strings = AWKWARD + [chr(c) for c in range(0x80)] + ["\"\\\n" * 3, "中文\x1f"]
    assert json_texts(pa.array(strings)).to_pylist() == [json.dumps(s, ensure_ascii=False) for s in strings]
    assert json_texts(pa.array(["a", "b"])).to_pylist() == ['"a"', '"b"']  # nothing to escape


def test_writecolumns_writes_what_writerow_writes():
    names = AWKWARD * 3
    values, codes = ["", "=1", 7, "a,b", "x"], np.arange(len(names)) % 5
    by_columns, by_rows = io.StringIO(), io.StringIO()
    spreadsheet_csv(by_columns).writecolumns([pa.array(names), (values, codes), (["same"], np.zeros(len(names), int))])
    spreadsheet_csv(by_rows).writerows([name, values[code], "same"] for name, code in zip(names, codes))
    assert by_columns.getvalue() == by_rows.getvalue()
    assert by_columns.getvalue().split("\n")[:3] == [",,same", "plain,'=1,same", '"say ""hi""",7,same']


def test_distinct_codes_are_numpy_unique():
    for values in (np.array([], np.int32), np.array([5, 3, 5, 0], np.int32), np.array([True, False]),
                   np.array([739000, 1, 739000], np.int64), np.arange(-3, 3)):
        present, inverse = distinct_codes(values)
        unique, expected = np.unique(values, return_inverse=True)
        assert present.tolist() == unique.tolist() and present.dtype == unique.dtype
        assert inverse.tolist() == expected.tolist()


def _day_or_unknown(ordinal: int):
    return date.fromordinal(ordinal).isoformat() if ordinal else Text("未注明")


def _cells():
    """Three columns: text as it is, a day or 未注明, a late mark (a dict) or 按期; ten rows."""
    names = [f"{AWKWARD[i]}名{i}" for i in range(10)]
    days = Coded.of(np.array([739000, 0] * 5), _day_or_unknown, shared=True)
    marks = Coded([{"text": Text("逾期%(days)s个工作日（期限%(deadline)s）", days=2, deadline="2024-01-09"),
                    "class": "gk-late"}, Joined([Named("市场监督管理局", "Market Regulation"), "消防"])],
                  np.array([1, 0, 0, 1, 1, 1, 0, 0, 0, 1]))
    rows = [[name, days.cells[d], marks.cells[m]] for name, d, m in zip(names, days.codes, marks.codes)]
    return [pa.array(names), days, marks], rows


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_paged_columns_write_the_chunks_and_first_page_paged_table_writes(tmp_path):
    columns, rows = _cells()
    options = dict(id="t", caption=Text("第%(seq)s项抽查结果明细", seq=1), columns=("企业名称", "检查日期", "逾期"),
                   total=10, page_size=3, downloads=[])
    by_rows = [paged_table(Chunks(tmp_path / "rows"), (rows[i:i + 3] for i in range(0, 10, 3)), folder=folder,
                           **options) for folder in ("data/results/p/1/", "data/results/p/2/")]
    chunks = Chunks(tmp_path / "columns")  # one for both tables: the days' JSON made once
    by_columns = [paged_columns(chunks, ([c.slice(b[0], len(b)) if isinstance(c, pa.Array) else
                                          Coded(c.cells, c.codes[b], c.shared) for c in columns]
                                         for b in blocks_of(np.arange(10), 3, size=6)),  # two blocks of two pages
                                folder=folder, **options) for folder in ("data/results/p/1/", "data/results/p/2/")]
    written = _files(tmp_path / "rows")
    assert _files(tmp_path / "columns") == written and len(written) == 8  # per table and language: a pack, a directory
    assert chunks.bytes == sum(len(data) for name, data in written.items() if name.endswith(".bin"))
    assert (chunks.count, chunks.files) == (16, 8)
    last = read_chunk(tmp_path / "rows" / "data" / "results" / "p" / "2", 4)
    assert (last["page"], last["pages"], last["total"], len(last["rows"])) == (4, 4, 10, 1)
    for lang in i18n.LANGUAGES:
        with i18n.activate(lang):
            assert [t.rows_html(str) for t in by_columns] == [t.rows_html(str) for t in by_rows]


def test_late_lists_keep_the_order_and_rows_of_the_row_by_row_lists(tmp_path):
    records = _results(400)
    for i, r in enumerate(records[:40]):
        r.plan_id = "q-2023" if i % 2 else "p-2024"
    table = ResultTable.from_records(records)
    order = {"q-2023": 0, "p-2024": 1}
    late = LateRows(table, [SimpleNamespace(id=plan, order=n) for plan, n in order.items()])
    by_key = {("p-2024", 1): SimpleNamespace(name="任务一", url="plans/p-2024/1/", plan=SimpleNamespace(
        meta={"jurisdiction": "绛县", "year": 2024}))}
    expected = sorted((r for r in records if r.late), key=lambda r: (order[r.plan_id], r.seq, r.inspected or date.min,
                                                                   r.business, r.credit_code))
    rows = late.of_department("市场监督管理局")
    assert [record_dict(r) for r in table.rows(rows)] == [record_dict(r) for r in expected
                                                         if "市场监督管理局" in r.departments]
    assert [record_dict(r) for r in table.rows(late.of_plan("q-2023"))] == [
        record_dict(r) for r in expected if r.plan_id == "q-2023"]
    cells = late_columns(table, rows, by_key, True)
    first = cell_json([c.cells[c.codes[0]] if isinstance(c, Coded) else c[0].as_py() for c in cells])
    r = next(r for r in expected if "市场监督管理局" in r.departments)
    label = {"text": "绛县 2024年 第1项 任务一", "href": "plans/p-2024/1/"} if (r.plan_id, r.seq) in by_key \
        else f"第{r.seq}项"
    assert first == dumps_compact([label, r.business, r.inspected.isoformat(), r.deadline.isoformat() if r.deadline else "",
                                   r.published.isoformat() if r.published else "", {"text": "3个工作日", "class": "gk-late"}])
    write_late_csv(tmp_path / "late.csv", table, rows, by_key)
    written = io.StringIO()
    writer = spreadsheet_csv(written)
    writer.writerow(LATE_CSV_HEADERS)
    writer.writerows([r.plan_id, r.seq, by_key.get((r.plan_id, r.seq), SimpleNamespace(name="")).name, r.business,
                      r.credit_code, r.inspected.isoformat(), r.deadline.isoformat() if r.deadline else "",
                      r.published.isoformat() if r.published else "", r.workdays_late, "、".join(r.departments)]
                     for r in table.rows(rows))
    assert (tmp_path / "late.csv").read_bytes().decode("utf-8-sig") == written.getvalue()
