"""A site built with departments' own result notices: the real one of tests/corpus/ (linked to no
task) and a made-up one given task gaoping-2023/48. Built once by the ``notice_site`` fixture."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.core.config import load_config
from generator.pipeline import build
from generator.reference.lists import Reference
from generator.results.notices.publish import import_all
from tests.helpers import ROOT, copy_project
from tests.helpers.sites import BuiltSite

CORPUS = ROOT / "tests" / "corpus" / "dongxihu-2023-results.txt"
NAMES = ["武汉和乐福德事业有限公司和乐加油站", "中国石油天然气股份有限公司湖北武汉销售分公司新沟加油站"]
# The third name is also in the corpus notice, inspected in another place: two businesses, not one.
LINKED_CSV = ("序号,企业名称,抽查结果\n1,高平市东岭煤业有限公司,正常\n2,晋城市城关加油站,合格\n"
              f"3,{NAMES[0]},正常\n高平市气象局\n2023年11月2日\n")


def build_notice_site(target: Path) -> BuiltSite:
    """The project with the corpus notice (unlinked) and a notice given task gaoping-2023/48; demo left on."""
    project = copy_project(target)
    shutil.copy(CORPUS, project / "data" / "raw" / CORPUS.name)
    (project / "data" / "raw" / "gaoping-qxj-2023-results.csv").write_text(LINKED_CSV, encoding="utf-8")
    config_path = project / "site_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["results"]["notices"] = [
        {"file": f"data/raw/{CORPUS.name}", "id": "dongxihu-qxj-2023"},
        {"file": "data/raw/gaoping-qxj-2023-results.csv", "id": "gaoping-qxj-2023", "plan": "gaoping-2023", "task": 48}]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_config(config_path)
    import_all(loaded, Reference.load(project / "data" / "reference"))
    out = project / "site"
    return BuiltSite(out, build(config_path, out))
