"""Departments' own result notices in Chromium: their pages pass axe, the lookup shows an unlinked result.

The notice site is tests/helpers/notices.py's (the ``notice_site`` fixture); the same pages are read
as HTML in tests/site/test_result_notices.py.
"""

from __future__ import annotations

from tests.helpers import ROOT


def test_in_chromium_the_notice_pages_pass_axe_and_the_lookup_shows_an_unlinked_result(notice_site, static_server,
                                                                                     chromium):
    axe = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    origin = static_server(notice_site.path)
    page = chromium.new_page(bypass_csp=True)  # axe goes in as an inline script
    try:
        for url in ("departments/qi-xiang-ju/", "plans/gaoping-2023/tasks/48/"):
            page.goto(origin + url)
            page.add_script_tag(content=axe)
            violations = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
                .filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)""")
            assert violations == [], url
        page.goto(origin + "lookup/?q=" + "和乐加油站")
        page.wait_for_function("() => document.getElementById('lookup-app').dataset.state === 'done'")
        rows = page.locator(".lookup-inspections tbody tr").all_inner_texts()
    finally:
        page.close()
    assert len(rows) == 2
    unlinked = next(r for r in rows if "其他抽查结果" in r)
    assert "其他抽查结果（未对应计划任务）" in unlinked and "未注明" in unlinked and "公示原文：正常；检查时间：截止8月份" in unlinked
