"""The 信息公开 box on plan and result notice pages, and the same fields in their open data."""

from __future__ import annotations

import csv
import json

from generator.importer.metadata import DISCLOSURE_FIELDS, plan_disclosure
from tests.helpers import ROOT
from tests.helpers.html import clean_text

LABELS = [f.zh for f in DISCLOSURE_FIELDS]


def shown(page) -> dict:
    """{key: (text, where from)} of the page's box."""
    box = page.select_one("#disclosure dl.gk-disclosure")
    assert [clean_text(dt) for dt in box.find_all("dt")] == LABELS
    return {dd["data-field"]: (clean_text(dd), dd["data-from"]) for dd in box.find_all("dd")}


def test_every_plan_page_shows_the_box_from_its_document_and_the_site_defaults(site):
    assert shown(site.page("plans/gaoping-2023/")) == {
        "index_number": ("未注明", "none"),
        "publisher": ("高平市市场监管领域双随机、一公开监管工作领导小组办公室", "document"),
        "issued": ("2023年8月11日", "document"), "doc_number": ("高市双随机办〔2023〕6号", "document"),
        "subject": ("未注明", "none"), "disclosure_mode": ("主动公开", "document"),  # （此件主动公开）
        "disclosure_scope": ("面向社会（本站设定）", "site_config"), "validity": ("未注明", "none")}
    page = site.page("plans/jiangxian-2024/")
    jiangxian = shown(page)
    assert jiangxian["doc_number"] == ("绛双随机办〔2024〕2号", "document")
    assert jiangxian["disclosure_mode"] == ("主动公开（本站设定）", "site_config")  # the document prints none
    assert page.select_one("#disclosure time")["datetime"] == "2024-03-19"
    assert clean_text(page.select_one(".gk-disclosure-note")) == \
        "标注“本站设定”的项目原文未载明，按本站公开设置填写；“未注明”表示原文和本站设置均未载明。"


def test_the_plan_open_data_adds_the_box_and_changes_nothing_else(site, gathered):
    defaults = gathered.config["disclosure_defaults"]
    for plan in gathered.plans:
        plan_id = plan["plan"]["id"]
        published = json.loads((site.path / "data" / "plans" / f"{plan_id}.json").read_text(encoding="utf-8"))
        box = published["plan"].pop("disclosure_fields")
        assert published == json.loads(json.dumps(plan, ensure_ascii=False))  # the import as it was, key for key
        assert box == {v.field.key: {"value": v.value, "from": v.origin} for v in plan_disclosure(plan["plan"], defaults)}
        with open(site.path / "data" / "plans" / f"{plan_id}.csv", encoding="utf-8-sig", newline="") as file:
            header, *rows = list(csv.reader(file))
        assert header[-8:] == [f"信息公开：{label}" for label in LABELS]
        assert {tuple(row[-8:]) for row in rows} == {tuple(v["value"] or "" for v in box.values())}


def test_the_committed_plans_carry_no_box_of_their_own():
    """The box is the build's (it reads site_config.yml); data/plans/ID.json stays the importer's output."""
    for path in (ROOT / "data" / "plans").glob("*.json"):
        assert "disclosure_fields" not in json.loads(path.read_text(encoding="utf-8"))["plan"]


def test_every_result_notice_has_a_page_with_its_box_linked_from_where_its_results_are(notice_site):
    page = notice_site.page("notices/dongxihu-qxj-2023/")
    box = shown(page)
    assert box["publisher"] == ("武汉市东西湖区气象局", "document")  # its signature
    assert box["issued"] == ("2023年9月4日", "document")
    assert box["doc_number"] == ("未注明", "none") and box["index_number"] == ("未注明", "none")
    assert box["disclosure_mode"] == ("主动公开（本站设定）", "site_config")
    section = page.find("section", id="notice-results")
    assert "本站收录其中2条抽查结果（检查时间：截止8月份）" in clean_text(section)
    hrefs = [a["href"] for a in section.find_all("a")]
    assert "../../departments/qi-xiang-ju/#notice-dongxihu-qxj-2023" in hrefs
    assert "../../data/results/notices/dongxihu-qxj-2023.json" in hrefs
    assert "https://www.dxh.gov.cn/ZWGK/QZFXXGKML/qtzdgk/ssjygk/sjj_qqxj/202309/t20230915_2265119.shtml" in hrefs
    department = notice_site.page("departments/qi-xiang-ju/")
    assert "../../notices/dongxihu-qxj-2023/" in [a["href"] for a in department.select(".gk-notice-meta a")]
    linked = notice_site.page("notices/gaoping-qxj-2023/")
    assert [a["href"] for a in linked.select(".gk-notice-tasks a")] == ["../../plans/gaoping-2023/tasks/48/#results"]
    assert shown(linked)["publisher"] == ("高平市气象局", "document")
    task = notice_site.page("plans/gaoping-2023/tasks/48/")
    assert "../../../../notices/gaoping-qxj-2023/" in [a["href"] for a in task.select(".gk-results-sources a")]


def test_the_notice_open_data_carries_the_same_box(notice_site):
    data = json.loads((notice_site.path / "data" / "results" / "notices" / "dongxihu-qxj-2023.json")
                      .read_text(encoding="utf-8"))
    assert data["notice"]["disclosure_fields"] == {
        "index_number": {"value": None, "from": None}, "publisher": {"value": "武汉市东西湖区气象局", "from": "document"},
        "issued": {"value": "2023-09-04", "from": "document"}, "doc_number": {"value": None, "from": None},
        "subject": {"value": None, "from": None}, "disclosure_mode": {"value": "主动公开", "from": "site_config"},
        "disclosure_scope": {"value": "面向社会", "from": "site_config"}, "validity": {"value": None, "from": None}}
