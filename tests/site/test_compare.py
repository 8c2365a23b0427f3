"""Plans compared year over year: the model (generator/site/compare.py) and the page, on two made-up
plans of one fictional county (tests/helpers/qinghe.py); the real site, two places, has no such page."""

from __future__ import annotations

import pytest

from generator.pipeline import gather, model_site
from generator.site.compare import CLOSEST_ITEMS, SAME_INDUSTRY_AND_LEAD, compare_plans, similarity, site_comparisons
from tests.helpers import ROOT
from tests.helpers.html import clean_text
from tests.helpers.qinghe import build_qinghe_site, qinghe_project

COMPARE = "plans/qinghe-2025/compare/qinghe-2024/"


@pytest.fixture(scope="module")
def qinghe(tmp_path_factory):
    return build_qinghe_site(tmp_path_factory.mktemp("qinghe") / "project")


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    context = gather(qinghe_project(tmp_path_factory.mktemp("qinghe-model") / "project"))
    model_site(context)
    return context.site


def test_tasks_are_matched_by_industry_and_lead_then_by_their_items(model):
    earlier, later = model.plans
    comparison = compare_plans(earlier, later)
    # 企业登记事项 and 广告发布: one lead, no industry, nothing alike in their 抽查事项: never one task.
    assert [(t.seq, t.name) for t in comparison.added] == [(5, "互联网上网服务营业场所联合抽查"), (6, "广告发布联合抽查")]
    assert [(t.seq, t.name) for t in comparison.removed] == [(4, "电影院联合抽查"), (6, "企业登记事项联合抽查")]
    changed = {(p.earlier.seq, p.later.seq): (p.rule, [(c.field, c.before, c.after) for c in p.changes])
               for p in comparison.changed}
    assert changed == {
        (1, 1): (SAME_INDUSTRY_AND_LEAD, [("ratio", "不低于5%", "不低于10%")]),
        # Two 旅馆业 tasks led by 公安局, printed in the other order: paired by their 抽查事项.
        (2, 3): (CLOSEST_ITEMS, [("months", "4–10月", "3–9月")]),
        (5, 4): (SAME_INDUSTRY_AND_LEAD, [("frequency", "1次/年", "2次/年"),
                                          ("partners", "市场监督管理局", "市场监督管理局、消防救援机构")]),
    }
    (same,) = comparison.unchanged
    assert (same.earlier.seq, same.later.seq, same.rule, same.similarity) == (3, 2, CLOSEST_ITEMS, 1.0)


def test_only_consecutive_years_of_one_place_are_compared(model):
    assert [(c.earlier.id, c.later.id, c.url) for c in site_comparisons(model.plans)] == [
        ("qinghe-2024", "qinghe-2025", COMPARE)]
    real = gather(ROOT / "site_config.yml")
    model_site(real)
    assert site_comparisons(real.site.plans) == []  # 高平市 2023 and 绛县 2024


def test_the_comparison_page_lists_what_changed_and_says_which_rule_matched(qinghe):
    page = qinghe.page(COMPARE)
    assert clean_text(page.find("h1")) == "青禾县2024年与2025年抽查计划对比"
    counts = {dd["data-count"]: dd.text for dd in page.select("dl.gk-compare-summary dd[data-count]")}
    assert counts == {"added": "2项", "removed": "2项", "changed": "3项", "unchanged": "1项"}
    rows = page.select("table.gk-compare-changed tbody tr")
    assert [(r["data-earlier"], r["data-later"]) for r in rows] == [("1", "1"), ("2", "3"), ("5", "4")]
    assert [clean_text(li) for li in rows[2].select("li")] == ["抽查频次：1次/年 → 2次/年",
                                                               "配合部门：市场监督管理局 → 市场监督管理局、消防救援机构"]
    assert clean_text(rows[1].select_one(".gk-match-rule")) == "行业和发起部门相同，按抽查事项相近程度配对（抽查事项相近程度100%）"
    assert clean_text(rows[0].select_one(".gk-match-rule")) == "行业和发起部门相同"
    assert rows[0].find("a")["href"] == "../../../../plans/qinghe-2025/tasks/1/"
    added = page.find("section", id="added")
    assert [clean_text(a) for a in added.select("tbody a[href*='/tasks/']")] == ["互联网上网服务营业场所联合抽查",
                                                                                 "广告发布联合抽查"]
    removed = page.find("section", id="removed")
    assert removed.select_one("tbody a")["href"] == "../../../../plans/qinghe-2024/tasks/4/"


def test_both_plan_pages_and_the_plans_list_link_the_comparison(qinghe):
    for url, href in (("plans/qinghe-2024/", "../../plans/qinghe-2025/compare/qinghe-2024/"),
                      ("plans/qinghe-2025/", "../../plans/qinghe-2025/compare/qinghe-2024/")):
        links = qinghe.page(url).select(".gk-compare-links a")
        assert [(a["href"], a.text) for a in links] == [(href, "2024年与2025年对比")]
    listed = qinghe.page("plans/").select("ul.gk-compare-links li")
    assert [clean_text(li) for li in listed] == ["青禾县2024年与2025年抽查计划对比（新增2项，取消2项，调整3项）"]


def test_the_real_site_has_no_comparison(site):
    assert not list(site.path.glob("plans/*/compare"))
    for url in ("plans/", "plans/gaoping-2023/", "plans/jiangxian-2024/"):
        assert site.page(url).select(".gk-compare-links") == []


def test_the_words_every_task_carries_do_not_make_two_tasks_alike(model):
    earlier, later = model.plans
    by_name = {t.name: t for t in [*earlier.tasks, *later.tasks]}
    assert similarity(by_name["企业登记事项联合抽查"], by_name["广告发布联合抽查"]) == 0.0
    # Two tasks of one industry and lead, different 抽查事项: well under half alike.
    assert similarity(by_name["旅馆业治安管理联合抽查"], by_name["旅馆业实名登记联合抽查"]) < 0.4
