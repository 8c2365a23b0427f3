"""One URL builder (generator/core/urls.py): no other module or template spells a site address."""

from __future__ import annotations

import re

from generator.core import urls
from tests.helpers import ROOT

# An f-string or a template href that starts a site address by hand: plans/…, data/…, t/{…}.
BY_HAND = re.compile(r"""f["'](plans|departments|industries|data|search|lookup|assets|[tpb])/|href\(['"]""")


def test_addresses_are_built_only_by_generator_urls():
    sources = [*(ROOT / "generator").rglob("*.py"), *(ROOT / "templates" / "pages").glob("*.j2"),
               ROOT / "templates" / "feed.xml.j2"]
    found = [f"{p.relative_to(ROOT)}:{n}" for p in sorted(sources) if p.name != "urls.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if BY_HAND.search(line)]
    assert found == []


def test_page_and_file_addresses():
    assert urls.task("gaoping-2023", 8) == "plans/gaoping-2023/tasks/8/"
    assert urls.task_results("gaoping-2023", 8) == "plans/gaoping-2023/tasks/8/#results"
    assert urls.dashboard(urls.department("gong-an-ju")) == "departments/gong-an-ju/dashboard/"
    assert urls.late_chunks(urls.dashboard_data("plan", "jx-2024")) + urls.table_pack(2) == \
        "data/dashboards/plans/jx-2024/late/pages-2.bin"
    assert (urls.table_pack("{n}"), urls.table_directory()) == ("pages-{n}.bin", "pages.idx")
    assert (urls.lookup_pack("t", 3), urls.lookup_directory("b")) == ("pack/t/3.bin", "b.idx")


def test_the_browser_gets_the_patterns_python_fills():
    patterns = urls.browser_patterns()
    assert patterns["task"].format(plan="jx-2024", seq=2) == urls.task("jx-2024", 2)
    assert patterns["pack"].format(part="b", n=2) == urls.lookup_pack("b", 2)
    assert patterns["directory"].format(part="t") == urls.lookup_directory("t")
