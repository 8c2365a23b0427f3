"""The 信息公开 box: its eight fields read from portal pages, plan and notice texts, site defaults,
and 未注明 where neither gives a value (generator/importer/metadata.py)."""

from __future__ import annotations

import pytest

from generator.core.config import DisclosureDefaults
from generator.core.findings import Findings
from generator.importer import import_plan
from generator.importer.metadata import (DISCLOSURE_FIELDS, disclosure_data, notice_disclosure, plan_disclosure,
                                         printed_facts)
from generator.importer.sources import read_document
from generator.reference.result_kinds import ResultKinds
from generator.results.notices import import_notice
from tests.builders import html_table, portal_page
from tests.helpers import ROOT
from tests.helpers.qinghe import MADE_UP

CORPUS = ROOT / "tests" / "corpus"
TABLE = [["序号", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查比例", "抽查时间"],
         ["1", "旅馆业治安管理情况的检查", "各类旅馆", "公安局", "消防队", "5%", "3月-10月"]]
# A box printed with the other spellings portals use.
ALIASES = [["信息索引号", "000014348/2024-05678", "发布单位", "某县市场监督管理局"],
           ["成文日期", "2024年3月5日", "发文字号", "某市监发〔2024〕7号"],
           ["组配分类", "双随机一公开", "公开类型", "主动公开"],
           ["公开范围", "面向社会", "时效性", "有效"]]


def box(values) -> dict:
    return {v.field.key: v.shown for v in values}


def test_eight_fields_defined_once_and_the_config_defaults_name_the_ones_a_site_may_state():
    assert [f.zh for f in DISCLOSURE_FIELDS] == ["索引号", "发布机构", "发文日期", "文号", "主题分类/组配分类", "公开方式",
                                                 "公开范围", "有效性"]
    assert list(DisclosureDefaults.model_fields) == [f.key for f in DISCLOSURE_FIELDS if f.site_default]


def test_a_portal_box_in_other_spellings_fills_every_field(tmp_path):
    page = tmp_path / "plan.html"
    page.write_bytes(portal_page("某县2024年度部门联合双随机抽查工作计划", ALIASES, html_table(TABLE), "2024-03-08"))
    document = read_document(page, Findings())
    assert document.metadata == {"index_number": "000014348/2024-05678", "publisher": "某县市场监督管理局",
                                 "issued": "2024-03-05", "doc_number": "某市监发〔2024〕7号", "category": "双随机一公开",
                                 "disclosure_mode": "主动公开", "disclosure_scope": "面向社会", "validity": "有效",
                                 "published": "2024-03-08"}
    values = plan_disclosure({"metadata": document.metadata})
    assert box(values) == {"index_number": "000014348/2024-05678", "publisher": "某县市场监督管理局",
                           "issued": "2024-03-05", "doc_number": "某市监发〔2024〕7号", "subject": "双随机一公开",
                           "disclosure_mode": "主动公开", "disclosure_scope": "面向社会", "validity": "有效"}
    assert {v.origin for v in values} == {"document"}


@pytest.mark.parametrize("name, expected", [
    ("xuancheng_2023-plan.txt", {"index_number": "11341700003244772R/202304-00011", "publisher": "宣城市住房和城乡建设局",
                                 "issued": "2023-04-06", "subject": "城乡建设、环境保护 / 双随机一公开"}),
    ("yiyuan_2023-plan.txt", {"index_number": "11370323MB2859070U/2023-None", "publisher": "沂源县卫生健康局",
                              "issued": "2023-02-17"}),
    ("wuwei_2023-plan.txt", {"issued": "2023-08-01"}),  # 发布时间 only; 信息来源 is not the 发布机构
    ("changzhi_2024-plan.txt", {}),
])
def test_corpus_pages_copied_as_text_give_what_their_box_prints_and_nothing_else(reference, name, expected):
    plan = import_plan(CORPUS / name, "corpus", reference, jurisdiction="某县", year=2023).plan["plan"]
    values = plan_disclosure(plan)
    assert {v.field.key: v.value for v in values if v.value} == expected
    # 宣城 prints "文号:" with nothing after it: shown as not stated, never made up.
    assert all(v.shown == "未注明" and v.origin is None for v in values if v.field.key not in expected)


def test_a_plan_text_gives_its_wenhao_date_issuer_and_disclosure_line_where_its_box_is_silent(reference):
    plan = import_plan(MADE_UP / "qinghe-2025-plan.txt", "qinghe-2025", reference).plan["plan"]
    defaults = {"publisher": "某某办公室", "disclosure_mode": "依申请公开", "disclosure_scope": "面向社会"}
    values = plan_disclosure(plan, defaults)
    assert box(values) == {"index_number": "11140000QH0001/2025-002",
                           "publisher": "青禾县市场监管领域“双随机、一公开”监管工作领导小组办公室", "issued": "2025-02-26", "doc_number": "青双随机办〔2025〕2号", "subject": "市场监管、安全生产监管",
                           "disclosure_mode": "主动公开", "disclosure_scope": "面向社会", "validity": "有效"}
    # The document's own words win over the site's; only 公开范围, which it does not print, is the site's.
    assert [v.field.key for v in values if v.origin == "site_config"] == ["disclosure_scope"]
    assert disclosure_data(values)["disclosure_scope"] == {"value": "面向社会", "from": "site_config"}


def test_defaults_never_give_a_document_its_number_or_date_and_missing_is_not_stated():
    defaults = {"index_number": "1", "doc_number": "某发〔2024〕1号", "issued": "2024-01-01", "validity": "有效"}
    values = plan_disclosure({"metadata": {}}, defaults)
    assert box(values) == {"index_number": "未注明", "publisher": "未注明", "issued": "未注明", "doc_number": "未注明",
                           "subject": "未注明", "disclosure_mode": "未注明", "disclosure_scope": "未注明", "validity": "有效"}
    assert disclosure_data(values)["doc_number"] == {"value": None, "from": None}


def test_a_notice_text_gives_its_wenhao_line_and_disclosure_line(reference, tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text("高市监发〔2023〕12号\n关于2023年度食品经营者双随机抽查结果的公示\n"
                      "序号 | 企业名称 | 抽查结果 |\n1 | 高平市某某超市 | 未发现问题 |\n"
                      "高平市市场监督管理局\n2023年11月2日\n（此件主动公开）\n", encoding="utf-8")
    kinds = ResultKinds.load(ROOT / "data" / "reference" / "result_kinds.yml")
    imported = import_notice(notice, "gaoping-scjgj-2023", reference, kinds).data["notice"]
    assert imported["metadata"] == {"doc_number": "高市监发〔2023〕12号", "disclosure_mode": "主动公开"}
    assert box(notice_disclosure(imported, {"disclosure_scope": "面向社会"})) == {
        "index_number": "未注明", "publisher": "高平市市场监督管理局", "issued": "2023-11-02",
        "doc_number": "高市监发〔2023〕12号", "subject": "未注明", "disclosure_mode": "主动公开",
        "disclosure_scope": "面向社会", "validity": "未注明"}


def test_a_wenhao_inside_a_sentence_is_not_read_as_the_notices_own():
    lines = [(1, "根据《区联办关于做好2023年工作的通知》（区联办〔2023〕3号）要求，现公示如下："), (2, "（此件依申请公开）")]
    assert printed_facts(lines) == {"disclosure_mode": "依申请公开"}
