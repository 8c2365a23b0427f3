"""Issue #10, items 1–3 and 7–9: personal data, paths and YAML, tried on copies of the project.

Each case breaks a copy the way a careless clerk or a malicious contributor would, builds it
with the real pipeline, and checks the exact finding, that nothing was written outside the
project, and that nothing unsafe reached the built site (every built file is searched for the
digits).
"""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers import copy_project
from generator.cli import main
from generator.core.config import load_config
from generator.core.findings import DataError
from generator.pipeline import build
from generator.pipeline import run_check
from generator.plans.store import import_configured
from generator.reference.lists import Reference

MOBILE, ID_NUMBER = "13812345678", "140581198001011231"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(project: Path) -> list[str]:
    """The findings of a refused build; the build must not have written a site."""
    with pytest.raises(DataError) as info:
        build(project / "site_config.yml", project / "site", use_cache=False)
    assert not (project / "site").exists()
    return [str(f) for f in info.value.findings]


def published_text(site: Path) -> str:
    from generator.core.packs import published_bytes  # the lookup index's entries are compressed

    return "\n".join(published_bytes(p).decode("utf-8", "replace") for p in site.rglob("*") if p.is_file())


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


# --- item 1: configuration, content and reference lists ---------------------------------

CONFIG_AND_CONTENT = [
    ("site_config.yml", 'phone: ""', f'phone: "{MOBILE}"',
     "site_config.yml, row 10, column contact.phone: error: mobile number 138******78 must not be published "
     "[personal-mobile]"),
    ("site_config.yml", 'address: ""', f'address: "某某路1号 {ID_NUMBER}"',
     "site_config.yml, row 9, column contact.address: error: resident ID number 140*************31 must not be "
     "published [personal-id-number]"),
    ("site_config.yml", "description: 县（市）", f"description: 咨询{MOBILE} 县（市）",
     "site_config.yml, row 4, column description: error: mobile number 138******78 must not be published "
     "[personal-mobile]"),
    ("content/about.md", "\n", f"\n联系人 138-1234-5678\n",
     "content/about.md, row 2: error: mobile number 138********78 must not be published [personal-mobile]"),
    ("templates/layout/base.html.j2", "\n", "\n<!-- 值班手机 138 1234 5678 -->\n",
     "templates/layout/base.html.j2, row 2: error: mobile number 138********78 must not be published "
     "[personal-mobile]"),
    ("data/reference/departments.yml", "  note: 新闻出版局 is", f"  note: 联系{MOBILE}，新闻出版局 is",
     "data/reference/departments.yml, row 18, column [1].note: error: mobile number 138******78 must not be "
     "published [personal-mobile]"),
    ("data/reference/departments.yml", "  en: Administration for Market Regulation",
     f"  en: Administration for Market Regulation {MOBILE}",
     "data/reference/departments.yml, row 12, column [0].en: error: mobile number 138******78 must not be "
     "published [personal-mobile]"),
]


@pytest.mark.parametrize("file, old, new, expected", CONFIG_AND_CONTENT,
                         ids=["phone", "address", "description", "content", "template", "note", "en"])
def test_personal_data_in_config_content_and_reference_lists_is_refused(project, file, old, new, expected):
    edit(project / file, old, new)
    assert expected in refused(project)
    assert expected in [str(f) for f in run_check(project / "site_config.yml")]  # check refuses it too


# --- item 2: the written forms, in result files and errata ------------------------------

FORMS = ["1405 8119 8001 0112 31", "140581 19800101 1231", "140581-19800101-1231", "140581800101123",
         "单号99140581198001011231888", "138-12345678", "138-1234 5678", "008613812345678", "(138)1234-5678",
         "138.1234.5678", "138\u00a01234\u00a05678", "138  1234  5678", "138\u200b1234\u200d5678",
         "14058119800101\u20601231", "+86 138 1234 5678", "１３８－１２３４－５６７８"]
HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]


def test_every_written_form_in_a_result_file_is_refused_and_never_published(project):
    rows = []
    for i, form in enumerate(FORMS):
        column = ("企业名称", "结果说明", "检查部门")[i % 3]
        cells = {"计划编号": "jiangxian-2024", "任务序号": "1", "企业名称": f"绛县示例商店{i}", "统一社会信用代码": "",
                 "检查日期": "2024-05-10", "检查部门": "县市场监管局", "检查结果": "未发现问题", "结果说明": "",
                 "公示日期": "2024-05-20"}
        cells[column] = f"{cells[column]} {form}"
        rows.append([cells[h] for h in HEADER])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    (project / "data" / "results" / "r.csv").write_text(buffer.getvalue(), encoding="utf-8")
    findings = [f for f in refused(project) if "personal-" in f]
    assert [f.split(":")[0] for f in findings] == [
        f"data/results/r.csv, row {i + 2}, column {('企业名称', '结果说明', '检查部门')[i % 3]}" for i in range(len(FORMS))]
    assert not any(digits_of(form) in "".join(findings) for form in FORMS)  # masked in every message


def test_personal_data_in_a_file_name_is_refused(project):
    (project / "data" / "results" / "张三138 1234 5678.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    assert ("data/results/张三138 1234 5678.csv, column file name: error: mobile number 138********78 must not be "
            "published [personal-mobile]") in refused(project)


def test_personal_data_in_an_erratum_is_reported_against_the_errata_file_and_line(project):
    (project / "data" / "errata" / "jiangxian-2024.yml").write_text(
        "# a reviewed correction\n- task: 8\n  field: scope\n  as_printed: 本辖区各类旅馆\n"
        "  corrected: 本辖区各类旅馆（联系人140581 19800101 1231）\n  why: test\n", encoding="utf-8")
    assert [f for f in refused(project) if "personal-" in f] == [
        "data/errata/jiangxian-2024.yml, row 5, column [0].corrected: error: resident ID number "
        "140***************31 must not be published [personal-id-number]"]


# --- item 3: the raw document ---------------------------------------------------------------

def test_a_raw_line_the_importer_never_reads_is_published_redacted(project):
    raw = project / "data" / "raw" / "gaoping-2023-plan.txt"
    lines = raw.read_text(encoding="utf-8").splitlines(keepends=True)
    line = 104  # a caption between two pages of the table: the importer keeps nothing of it
    assert lines[line - 1].startswith("（“一业一查”“市抽县查”部门联合双随机抽查工作计划）")
    lines[line - 1] = lines[line - 1].rstrip("\n") + " 联系人13912345678\n"
    raw.write_text("".join(lines), encoding="utf-8")
    import_configured(load_config(project / "site_config.yml"), Reference.load(project / "data" / "reference"))
    report = build(project / "site_config.yml", project / "site", use_cache=False)
    expected = ("data/raw/gaoping-2023-plan.txt, row 104: warning: mobile number 139******78 is replaced by ＊＊＊ in "
                "the published copy of data/raw/gaoping-2023-plan.txt: personal data is never published; remove it "
                "from the document [raw-redacted]")
    assert [str(f) for f in report.findings if f.kind == "raw-redacted"] == [expected]
    published = (project / "site" / "data" / "raw" / "gaoping-2023-plan.txt").read_text(encoding="utf-8")
    assert published.splitlines(keepends=True)[line - 1] == lines[line - 1].replace("13912345678", "＊" * 11)
    assert published.splitlines(keepends=True)[:line - 1] + published.splitlines(keepends=True)[line:] == \
        lines[:line - 1] + lines[line:]  # every other line as the office wrote it
    assert "13912345678" not in published_text(project / "site")
    plan_json = (project / "site" / "data" / "plans" / "gaoping-2023.json").read_text(encoding="utf-8")
    assert '"redacted": true' in plan_json
    strict = run_check(project / "site_config.yml")
    assert strict.failed(strict=True) and expected in [str(f) for f in strict]


# --- item 7: slugs and ids that would become paths ------------------------------------------

@pytest.mark.parametrize("file, old, new, expected", [
    ("data/reference/departments.yml", "  aliases: [市场监管局, 市监局,", '  slug: "../../../../tmp/x"\n  aliases: [市场监管局, 市监局,',
     "data/reference/departments.yml, row 1, column slug: error: slug: '../../../../tmp/x' is not a valid id: use "
     "lower-case letters, digits, hyphens and underscores [reference]"),
    ("data/reference/departments.yml", "  aliases: [市场监管局, 市监局,", '  slug: "../../evil"\n  aliases: [市场监管局, 市监局,',
     "data/reference/departments.yml, row 1, column slug: error: slug: '../../evil' is not a valid id: use "
     "lower-case letters, digits, hyphens and underscores [reference]"),
    ("data/reference/industries.yml", "  - {tag: 农作物种子,", '  - {slug: "../../../../tmp/x", tag: 农作物种子,',
     "data/reference/industries.yml, row 1, column slug: error: slug: '../../../../tmp/x' is not a valid id: use "
     "lower-case letters, digits, hyphens and underscores [reference]"),
], ids=["department", "department-vanish", "industry"])
def test_a_slug_that_leaves_the_site_is_refused(project, tmp_path, file, old, new, expected):
    edit(project / file, old, new)
    before = set(tmp_path.rglob("*"))
    assert expected in refused(project)
    assert set(tmp_path.rglob("*")) == before  # nothing written anywhere


def test_import_refuses_a_plan_id_that_leaves_the_output_folder(project, tmp_path):
    out = tmp_path / "out" / "a" / "b"
    result = CliRunner().invoke(main, ["import", str(project / "data" / "raw" / "jiangxian-2024-plan.txt"),
                                       "--plan-id", "../../evil", "--out", str(out),
                                       "--config", str(project / "site_config.yml")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: --plan-id '../../evil' is not a valid id: use lower-case letters, digits, hyphens and underscores"]
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.json").exists()


# --- item 8: symlinks and paths out of the repository ----------------------------------------

SECRET = "/etc/hostname"


@pytest.mark.parametrize("link, expected", [
    ("data/results/link.csv", "data/results/link.csv: error: data/results/link.csv is a symlink leading outside the "
                              "repository; it is not published [path-outside]"),
    ("content/secret.md", "content/secret.md: error: content/secret.md is a symlink leading outside the repository; "
                          "it is not published [path-outside]"),
    ("templates/assets/hostname.txt", "templates/assets/hostname.txt: error: templates/assets/hostname.txt is a "
                                      "symlink leading outside the repository; it is not published [path-outside]"),
])
def test_a_symlink_out_of_the_repository_is_refused(project, link, expected):
    os.symlink(SECRET, project / link)
    assert expected in refused(project)
    assert expected in [str(f) for f in run_check(project / "site_config.yml")]


@pytest.mark.parametrize("old, new, expected", [
    ("  demo: true", "  files: ['../outside/*.csv']\n  demo: true",
     "column results.files[0]: error: results.files[0]: ../outside/*.csv leaves the repository (..); give a path "
     "inside it [config]"),
    ("  demo: true", "  files: ['/etc/*.csv']\n  demo: true",
     "column results.files[0]: error: results.files[0]: /etc/*.csv is an absolute path; give a path inside the "
     "repository [config]"),
    ("    source: data/raw/gaoping-2023-plan.txt", "    source: ../outside/plan.txt",
     "column plans[0].source: error: plans[0].source: ../outside/plan.txt leaves the repository (..); give a path "
     "inside it [config]"),
    ("    source: data/raw/gaoping-2023-plan.txt", "    source: /etc/hostname",
     "column plans[0].source: error: plans[0].source: /etc/hostname is an absolute path; give a path inside the "
     "repository [config]"),
    ("    source: data/raw/gaoping-2023-plan.txt", "    source: data/raw/link.txt",
     "column plans[0].source: error: plans[0].source: data/raw/link.txt is a symlink leading outside the "
     "repository [config]"),
])
def test_a_configured_path_out_of_the_repository_is_refused(project, old, new, expected):
    (project.parent / "outside").mkdir()
    (project.parent / "outside" / "plan.txt").write_text("外部文件\n", encoding="utf-8")
    os.symlink(project.parent / "outside" / "plan.txt", project / "data" / "raw" / "link.txt")
    edit(project / "site_config.yml", old, new)
    assert f"{project / 'site_config.yml'}, {expected}" in refused(project)


# --- item 9 (and 13): YAML faults ----------------------------------------------------------

def test_an_alias_bomb_in_an_erratum_is_refused_at_once(project):
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: &c [*b, *b]\n' + "".join(
        f"{chr(100 + i)}: &{chr(100 + i)} [*{chr(99 + i)}, *{chr(99 + i)}]\n" for i in range(20))
    (project / "data" / "errata" / "jiangxian-2024.yml").write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    assert ("data/errata/jiangxian-2024.yml, row 1: error: anchor &a: YAML anchors and aliases are not allowed at "
            "line 1, column 4 [yaml]") in refused(project)
    assert time.perf_counter() - started < 30


def test_a_duplicate_key_is_refused_not_silently_replaced(project):
    with open(project / "site_config.yml", "a", encoding="utf-8") as fh:
        fh.write("plans:\n  - id: jiangxian-2024\n    source: data/raw/jiangxian-2024-plan.txt\n")
    lines = (project / "site_config.yml").read_text(encoding="utf-8").splitlines()
    first, second = [i for i, text in enumerate(lines, start=1) if text == "plans:"]
    assert refused(project) == [f"{project / 'site_config.yml'}, row {second}: error: duplicate key 'plans' (first "
                                f"given at line {first}) at line {second}, column 1 [yaml]"]


def test_a_tab_in_yaml_says_so(project):
    edit(project / "data" / "reference" / "departments.yml", "  en: Administration", "\ten: Administration")
    assert refused(project) == ["data/reference/departments.yml, row 12: error: tab character at line 12, column 1: "
                                "YAML indentation must use spaces [yaml]"]
