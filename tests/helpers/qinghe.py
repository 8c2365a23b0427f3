"""Two made-up plans of one fictional county, 青禾县 2024 and 2025 (tests/compare/), imported with
the real importer into a copy of the project that publishes only them.

What changed between them, as written into the two texts (the comparison tests assert it):
- 出版物零售单位 (文旅局): ratio 不低于5% → 不低于10%;
- two 旅馆业 tasks led by 公安局 (one industry and lead: paired by their 抽查事项), printed in
  the other order in 2025: 治安管理 moves its months 4–10 → 3–9, 实名登记 is unchanged;
- 政策性粮食承储企业 (发改局): 1次/年 → 2次/年, 消防队 joins as a partner;
- 电影院 (文旅局) is removed, 互联网上网服务营业场所 (文旅局) added;
- 企业登记事项 (市场监管局, no industry) is removed and 广告发布 (市场监管局, no industry) added:
  one lead and no industry each, but nothing alike in their 抽查事项, so never paired.
Each text prints a 信息公开 box (索引号, 主题分类, 有效性) above its 文号 line, its date and
（此件主动公开）; 发布机构 is its signature's office, 公开范围 the site's default.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.pipeline import build, import_all
from tests.helpers import ROOT, copy_project
from tests.helpers.sites import BuiltSite

MADE_UP = ROOT / "tests" / "compare"
PLANS = ("qinghe-2024", "qinghe-2025")


def qinghe_project(target: Path) -> Path:
    """The project copied with the two made-up plans as its only plans, imported; its site_config.yml."""
    project = copy_project(target)
    for folder in ("plans", "errata"):
        for path in (project / "data" / folder).glob("*"):
            path.unlink()
    for plan_id in PLANS:
        shutil.copy(MADE_UP / f"{plan_id}-plan.txt", project / "data" / "raw" / f"{plan_id}-plan.txt")
    config_path = project / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plans"] = [{"id": plan_id, "source": f"data/raw/{plan_id}-plan.txt"} for plan_id in PLANS]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for plan_id, findings in import_all(config_path):
        assert not findings.errors, (plan_id, findings.errors)
    return config_path


def build_qinghe_site(target: Path) -> BuiltSite:
    config_path = qinghe_project(target)
    out = config_path.parent / "site"
    return BuiltSite(out, build(config_path, out))
