"""A hostile copy of the project: configured markup with <script>, a content page with raw scripts,
javascript:/data: links and attr_list handlers, result cells and an erratum that are formulas.

Built once per session by the ``hostile`` fixture (tests/conftest.py); the built-site checks are in
tests/site/test_security_site.py, the ones in Chromium in tests/browser/test_security_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from generator.pipeline import build
from tests.helpers import copy_project

TITLE = "站点<script>alert(1)</script>"
HOSTILE_CONTENT = """
## 标题 <script>alert(4)</script> {: onclick="alert(5)" }

段落
{: onmouseover="alert(6)" }

[x](javascript:alert(7)) [y](data:text/html,<script>alert(8)</script>) <img src=x onerror=alert(9)>
[合法链接](https://www.gov.cn/) 和 [站内](../guide/)

<script>alert(10)</script>
<div onclick="alert(11)" style="position:fixed">覆盖</div>

## 标题 &lt;img src=x onerror=alert(12)&gt;

| 列一 | 列二 |
|------|------|
| 1    | 2    |

- 第一条
- 第二条
"""


def build_hostile(target: Path) -> Path:
    """The hostile copy of the project built into target/site; returns that folder."""
    root = copy_project(target)
    config = (root / "site_config.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^title: .*$", f"title: {TITLE}", config)
    config = re.sub(r"(?m)^description: ", 'description: 说明"><script>alert(2)</script>', config)
    config = re.sub(r"(?m)^licence: .*$", "licence: CC<script>alert(3)</script>", config)
    (root / "site_config.yml").write_text(config, encoding="utf-8")
    about = root / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + HOSTILE_CONTENT, encoding="utf-8")
    _add_formula_data(root)
    out = root / "site"
    build(root / "site_config.yml", out)
    return out


FORMULAS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
RESULT_HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]


def _add_formula_data(root):
    """Result rows whose cells are formulas, published late (so they are in late.csv too), and an
    erratum that renames task 1 to a formula."""
    rows = [RESULT_HEADER]
    for i, formula in enumerate(FORMULAS[:4], start=1):
        rows.append(["gaoping-2023", "1", f"{formula}{i}", "", "2023-05-10", "市场监管局", "未发现问题", formula,
                     "2023-08-30"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (root / "data" / "results" / "inject.csv").write_text(buffer.getvalue(), encoding="utf-8")
    name = json.loads((root / "data" / "plans" / "gaoping-2023.json").read_text(encoding="utf-8"))["tasks"][0]["name"]
    with open(root / "data" / "errata" / "gaoping-2023.yml", "a", encoding="utf-8") as fh:
        fh.write(f"\n- task: 1\n  field: name\n  as_printed: {name}\n  corrected: '{FORMULAS[0]}'\n"
                 "  why: a contributor's formula\n")
