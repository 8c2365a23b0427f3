"""The 信息公开 box and the year-over-year comparison in Chromium, with axe on the new pages.

The box is checked against the source texts themselves (read here with plain patterns, not the
importer); the comparison on the two made-up plans of tests/helpers/qinghe.py.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import ROOT
from tests.helpers.notices import CORPUS
from tests.helpers.qinghe import MADE_UP, build_qinghe_site

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = """async () => (await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
    .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)"""


@pytest.fixture(scope="module")
def qinghe(tmp_path_factory):
    return build_qinghe_site(tmp_path_factory.mktemp("qinghe-browser") / "project")


def axe_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(SERIOUS)


def box_in(page) -> dict:
    labels = page.locator("#disclosure dl.gk-disclosure dt").all_inner_texts()
    values = page.locator("#disclosure dl.gk-disclosure dd").all_inner_texts()
    return dict(zip(labels, values))


def day(text: str) -> str:
    year, month, date = re.search(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", text, re.M).groups()
    return f"{year}年{int(month)}月{int(date)}日"


def test_in_chromium_the_box_shows_what_each_source_prints(qinghe, notice_site, static_server, chromium):
    plan_text = (MADE_UP / "qinghe-2025-plan.txt").read_text(encoding="utf-8")
    lines = [line for line in plan_text.splitlines() if line.strip()]
    signature = lines[lines.index(next(line for line in lines if re.fullmatch(r"\d{4}年\d+月\d+日", line))) - 1]
    expected_plan = {
        "索引号": re.search(r"索引号：(\S+)", plan_text).group(1),
        "发布机构": signature,
        "发文日期": day(plan_text),
        "文号": re.search(r"^(\S+〔\d{4}〕\d+号)$", plan_text, re.M).group(1),
        "主题分类/组配分类": re.search(r"主题分类：(\S+)", plan_text).group(1),
        "公开方式": re.search(r"^（此件(\S+)）$", plan_text, re.M).group(1),
        "公开范围": "面向社会（本站设定）",  # the text prints none: site_config.yml's
        "有效性": re.search(r"有效性：(\S+)", plan_text).group(1),
    }
    notice_text = CORPUS.read_text(encoding="utf-8").splitlines()
    expected_notice = {"索引号": "未注明", "发布机构": notice_text[-2], "发文日期": day(notice_text[-1]), "文号": "未注明",
                       "主题分类/组配分类": "未注明", "公开方式": "主动公开（本站设定）", "公开范围": "面向社会（本站设定）",
                       "有效性": "未注明"}
    page = chromium.new_page(bypass_csp=True)  # axe goes in as an inline script
    try:
        page.goto(static_server(qinghe.path) + "plans/qinghe-2025/")
        assert box_in(page) == expected_plan
        assert page.get_by_role("region", name="信息公开").count() == 1
        assert axe_violations(page) == []
        page.goto(static_server(notice_site.path) + "notices/dongxihu-qxj-2023/")
        assert box_in(page) == expected_notice
        assert axe_violations(page) == []
    finally:
        page.close()


def test_in_chromium_the_comparison_of_two_made_up_plans(qinghe, static_server, chromium):
    page = chromium.new_page(bypass_csp=True)
    try:
        page.goto(static_server(qinghe.path) + "plans/qinghe-2024/")
        page.get_by_role("link", name="2024年与2025年对比").click()
        page.wait_for_url("**/plans/qinghe-2025/compare/qinghe-2024/")
        assert page.locator("h1").inner_text() == "青禾县2024年与2025年抽查计划对比"
        changes = page.locator("table.gk-compare-changed tbody tr").all_inner_texts()
        assert len(changes) == 3
        assert "抽查比例：不低于5% → 不低于10%" in changes[0] and "行业和发起部门相同" in changes[0]
        assert "抽查时间：4–10月 → 3–9月" in changes[1] and "按抽查事项相近程度配对" in changes[1]
        assert "抽查频次：1次/年 → 2次/年" in changes[2] and "配合部门：市场监督管理局 → 市场监督管理局、消防救援机构" in changes[2]
        assert page.locator("#added tbody tr").all_inner_texts()[0].startswith("5\t互联网上网服务营业场所联合抽查")
        assert page.locator("#removed tbody tr").all_inner_texts()[0].startswith("4\t电影院联合抽查")
        assert axe_violations(page) == []
        page.locator("#removed tbody a").first.click()
        page.wait_for_url("**/plans/qinghe-2024/tasks/4/")
    finally:
        page.close()
