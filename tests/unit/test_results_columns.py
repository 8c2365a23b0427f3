"""The columnar results stage: findings still name file, row and column, in row order, whatever the
chunking; the numpy credit-code check agrees with the row check; the table gives back its rows;
the lookup's spilled partitions answer as the in-memory build does."""

from __future__ import annotations

import csv
import io
import random
import shutil
from datetime import date

import numpy as np
import pytest

from generator.core.config import load_config
from generator.core.findings import Findings
from generator.publish.lookup import LookupIndex, dictionary, write_lookup
from generator.reference.lists import Reference
from generator.results import Results, load_results
from generator.results import columns
from generator.results.table import ResultTable
from generator.text.identifiers import CREDIT_ALPHABET, VALID, check_credit_code, make_credit_code
from tests.helpers import ROOT
from tests.helpers.lookup_table import BUSINESSES, KINDS, PLANS as LOOKUP_PLANS, QUERIES

HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]
PLANS = [{"plan": {"id": "jx-2024", "year": 2024, "jurisdiction": "绛县"},
          "tasks": [{"seq": 1, "name": "任务1", "months": [3, 11],
                     "lead": {"department": "市场监督管理局", "as_written": "市场监管局", "items": []}, "partners": []}]}]


def code(n: int) -> str:
    return make_credit_code(f"9114082600000{n:04d}")


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "data" / "results").mkdir()
    (tmp_path / "site_config.yml").write_text("title: t\nurl: https://example.org/\ncontact:\n  office: 示例办公室\n"
                                              "plans: []\nresults:\n  demo: false\n", encoding="utf-8")
    return tmp_path


def write(project, name: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([HEADER, *rows])
    (project / "data" / "results" / name).write_text(buffer.getvalue(), encoding="utf-8")


def load(project):
    findings = Findings()
    config = load_config(project / "site_config.yml")
    return load_results(config, PLANS, Reference.load(project / "data" / "reference"), findings), findings


def test_findings_name_file_row_and_column_in_row_order_across_chunks_and_files(project, monkeypatch):
    """Chunks of 2 rows: reader findings (NUL), row checks, the numpy code check and the duplicates found by
    sorting all land at their row, as the row-by-row reading put them; a duplicate in a later file names the first."""
    monkeypatch.setattr(columns, "CHUNK", 2)
    ok = ["jx-2024", "1", "绛县恒源超市（示例）", code(1), "2024-05-10", "市场监管局", "未发现问题", "", "2024-05-20"]
    bad_check = code(2)[:-1] + ("0" if code(2)[-1] != "0" else "1")
    write(project, "a.csv", [
        ok,
        [*ok[:2], "绛县福达书店（示例）", bad_check, *ok[4:]],
        [*ok[:2], "绛县永安宾馆\x00（示例）", code(3), "2024-05-11", *ok[5:8], "2024-07-30"],
        [*ok[:2], "绛县某某", code(4), *ok[4:7], "联系人13812345678", ok[8]],
        [*ok[:4], "2024-06-01", *ok[5:]],
    ])
    write(project, "b.csv", [ok, [*ok[:3], "", *ok[4:]]])
    results, findings = load(project)
    assert [str(f) for f in findings] == [
        "data/results/a.csv, row 3, column 统一社会信用代码: warning: credit code "
        f"{bad_check} has check character {bad_check[-1]}, expected {code(2)[-1]} [credit-code-bad-check]",
        "data/results/a.csv, row 4, column 企业名称: warning: 企业名称 holds NUL character(s); removed [result-nul]",
        "data/results/a.csv, row 4, column 公示日期: warning: published 2024-07-30, 36 working day(s) after the "
        "deadline 2024-06-07 (20 working days after the inspection on 2024-05-11) [result-late]",
        "data/results/a.csv, row 5, column 结果说明: error: mobile number 138******78 must not be published "
        "[personal-mobile]",
        "data/results/a.csv, row 6, column 公示日期: error: 公示日期 2024-05-20 is before the 检查日期 2024-06-01 "
        "[result-published-before]",
        "data/results/a.csv, row 6, column 企业名称: warning: 绛县恒源超市（示例） appears again in task 1 (first "
        "inspected 2024-05-10, data/results/a.csv row 2): check that it was inspected twice [result-repeat]",
        "data/results/b.csv, row 2, column 企业名称: error: 绛县恒源超市（示例） is listed twice in task 1 with the "
        "same 检查日期 2024-05-10 (also data/results/a.csv row 2): remove one [result-duplicate]",
        "data/results/b.csv, row 3, column 统一社会信用代码: warning: no 统一社会信用代码: published, and found by "
        "name only [credit-code-missing]",
    ]
    assert [(r.file, r.row, r.business) for r in results.records] == [
        ("data/results/a.csv", 2, "绛县恒源超市（示例）"), ("data/results/a.csv", 3, "绛县福达书店（示例）"),
        ("data/results/a.csv", 4, "绛县永安宾馆（示例）"), ("data/results/a.csv", 6, "绛县恒源超市（示例）"),
        ("data/results/b.csv", 2, "绛县恒源超市（示例）"), ("data/results/b.csv", 3, "绛县恒源超市（示例）")]


def test_the_numpy_code_check_agrees_with_the_row_check():
    rng = random.Random(3)
    cells = [code(n) for n in range(300)]
    cells += [c[:-1] + rng.choice(CREDIT_ALPHABET) for c in cells[:200]]  # some keep their check character
    cells += [c.lower() for c in cells[:20]] + [c[:5] + "I" + c[6:] for c in cells[:20]] + [c[:17] for c in cells[:20]]
    cells += ["９１１４０８２６ＭＡ０Ｋ１２３４Ｘ", "", 911408260000000001, None, "91140826 MA0K1234X"]
    fast = columns.valid_codes(cells).tolist()
    # The fast check may leave a valid code to the row check (full-width, spaces); it never passes a bad one.
    assert all(check_credit_code(c)[0] == VALID for c, ok in zip(cells, fast) if ok)
    plain = [isinstance(c, str) and len(c) == 18 and c.isascii() and c.isalnum() for c in cells]
    assert [ok for ok, p in zip(fast, plain) if p] == [check_credit_code(c)[0] == VALID for c, p in zip(cells, plain) if p]
    assert sum(fast) > 300


def test_the_table_gives_back_every_field_of_its_rows():
    table = ResultTable.from_records(BUSINESSES)
    assert len(table) == len(BUSINESSES)
    for got, want in zip(table, BUSINESSES):
        assert [getattr(got, f) for f in ("plan_id", "seq", "business", "credit_code", "inspected", "departments",
                                          "kinds", "published", "deadline", "workdays_late", "is_example")] == \
            [getattr(want, f) for f in ("plan_id", "seq", "business", "credit_code", "inspected", "departments",
                                        "kinds", "published", "deadline", "workdays_late", "is_example")]
    both = ResultTable.concat([table, ResultTable.from_records(BUSINESSES[:3])])
    assert [r.business for r in both.rows([len(table), 0])] == [BUSINESSES[0].business, BUSINESSES[0].business]
    assert both[-1].inspected == BUSINESSES[2].inspected and isinstance(both[-1].inspected, date)


def test_codes_widen_with_the_count_of_values_and_read_back_the_same():
    from dataclasses import replace

    # 128 files fit int8 codes; the 129th needs int16; every row still reads back its own file
    parts = [ResultTable.from_records([replace(BUSINESSES[0], file=f"data/results/{n}.csv")]) for n in range(129)]
    assert ResultTable.concat(parts[:128]).columns["file"].dtype == np.int8
    joined = ResultTable.concat(parts)
    assert joined.columns["file"].dtype == np.int16
    assert [r.file for r in joined] == [f"data/results/{n}.csv" for n in range(129)]


def test_spilled_partitions_answer_as_the_in_memory_dictionary(tmp_path, monkeypatch):
    write_lookup(Results(BUSINESSES, KINDS), LOOKUP_PLANS, tmp_path / "memory")
    monkeypatch.setattr(dictionary, "SPILL_FROM", 0)
    monkeypatch.setattr(dictionary, "PARTITIONS", 4)
    write_lookup(Results(BUSINESSES, KINDS), LOOKUP_PLANS, tmp_path / "spilled")
    memory, spilled = (LookupIndex(tmp_path / name / "lookup" / "index") for name in ("memory", "spilled"))
    assert spilled.manifest["buckets"] >= 4 and not (tmp_path / "spilled" / "lookup" / "index" / "_spill").exists()
    for query, _ in QUERIES["table"]:
        assert spilled.search(query) == memory.search(query), query


def _written_alike_by_one_and_two_processes(tmp_path):
    for processes in (1, 2):
        write_lookup(Results(BUSINESSES, KINDS), LOOKUP_PLANS, tmp_path / str(processes), processes=processes)
    one, two = (tmp_path / name / "lookup" / "index" for name in ("1", "2"))
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file()) and len(files) > 3
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert not (two / "_spill").exists()


def test_the_lookup_written_by_two_processes_is_the_lookup_written_by_one(tmp_path):
    _written_alike_by_one_and_two_processes(tmp_path)


def test_terms_made_by_two_processes_are_the_terms_made_by_one(tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "SPILL_FROM", 0)  # spilled: the terms are made by two children
    monkeypatch.setattr(dictionary, "PARTITIONS", 4)
    _written_alike_by_one_and_two_processes(tmp_path)


def test_business_ids_are_equal_exactly_where_the_business_keys_are_and_have_no_gaps():
    from dataclasses import replace

    first = BUSINESSES[0]
    rows = [replace(first, credit_code=code(n), business=f"企业{n}") for n in range(40)]  # codes ending alike
    rows += [replace(first, credit_code=code(n), business="另一写法") for n in (3, 17)]  # the same businesses
    rows += [replace(first, credit_code="", business="城关 加油站", jurisdiction=place) for place in ("绛县", "高平市")]
    rows += [replace(first, credit_code="", business="城关加油站", jurisdiction="绛县")]  # spaces do not count
    table = ResultTable.from_records(rows)
    ids = table.business_keys().tolist()
    keys = [r.business_key for r in rows]
    assert sorted(set(ids)) == list(range(len(set(keys))))
    assert all((ids[i] == ids[j]) == (keys[i] == keys[j]) for i in range(len(rows)) for j in range(len(rows)))


def test_a_business_written_two_ways_keeps_both_names_whatever_the_slices(monkeypatch):
    from dataclasses import replace

    from generator.publish.lookup import businesses as lookup_businesses

    first = BUSINESSES[0]
    rows = [replace(first, credit_code=code(n % 3), business=f"企业{n % 3}") for n in range(7)]
    rows[5] = replace(rows[5], business="企业2（分公司）")  # code(2) again, another spelling
    table = ResultTable.from_records(rows)
    whole = lookup_businesses.businesses(table)
    monkeypatch.setattr(lookup_businesses, "SLICE", 2)
    sliced = lookup_businesses.businesses(table)
    assert sliced.names(0, sliced.count) == whole.names(0, whole.count)
    assert sorted(sliced.names(0, sliced.count)) == [["企业0"], ["企业1"], ["企业2", "企业2（分公司）"]]
