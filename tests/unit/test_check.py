"""gongkai check, errata, config: every message a user reads is checked word for word."""

import shutil

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.core.config import describe, load_config
from generator.core.findings import DataError, Findings
from generator.plans.errata import apply_errata
from tests.helpers import ROOT


@pytest.fixture
def project(tmp_path):
    """A copy of the real project's data and config, to break on purpose."""
    for name in ("data", "site_config.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("results"))
        else:
            shutil.copy(source, tmp_path / name)
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_check_passes_on_the_real_data():
    code, output = run("check", "--strict", "--config", str(ROOT / "site_config.yml"))
    assert code == 0, output
    assert output.strip().endswith("0 error(s), 0 warning(s), 0 note(s)")


def test_committed_plans_are_what_the_importer_makes(project):
    """data/plans/*.json is a golden output: `make data` regenerates it."""
    code, output = run("check", "--config", str(project / "site_config.yml"))
    assert code == 0
    raw = project / "data" / "raw" / "gaoping-2023-plan.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("不低子10%", "不低于20%", 1), encoding="utf-8")
    code, output = run("check", "--config", str(project / "site_config.yml"))
    assert code == 1
    assert ("data/plans/gaoping-2023.json: error: data/plans/gaoping-2023.json differs from what the importer makes of "
            "data/raw/gaoping-2023-plan.txt: run `gongkai import --all` (make data) and review the diff [plan-stale]") in output
    assert "Error: the data has errors" in output


def test_stale_erratum_is_an_error(project):
    path = project / "data" / "errata" / "gaoping-2023.yml"
    errata = yaml.safe_load(path.read_text(encoding="utf-8"))
    errata[6]["as_printed"] = "全区雷电易发区内的煤矿企业"
    path.write_text(yaml.safe_dump(errata, allow_unicode=True), encoding="utf-8")
    code, output = run("check", "--config", str(project / "site_config.yml"))
    assert code == 1
    assert ("data/errata/gaoping-2023.yml, row 7: error: task 48 scope is '金区雷电易发区内的的煤矿企业', not "
            "'全区雷电易发区内的煤矿企业' as the correction says: the source or the importer changed; review this "
            "correction [errata]") in output


def test_errata_are_applied_and_recorded():
    plan = {"tasks": [{"seq": 1, "scope": "金区", "corrections": []}]}
    fixed = apply_errata(plan, [{"task": 1, "field": "scope", "as_printed": "金区", "corrected": "全区",
                                 "why": "OCR", "_row": 1}], "e.yml", Findings())
    assert fixed["tasks"][0]["scope"] == "全区"
    assert fixed["tasks"][0]["corrections"] == [{"field": "scope", "as_printed": "金区", "corrected": "全区", "why": "OCR"}]
    assert plan["tasks"][0]["scope"] == "金区"  # the normalized data itself is not modified


def test_personal_data_in_a_plan_is_refused(project):
    path = project / "data" / "errata" / "jiangxian-2024.yml"
    path.write_text(yaml.safe_dump([{"task": 8, "field": "scope", "as_printed": "本辖区各类旅馆",
                                     "corrected": "本辖区各类旅馆，联系人电话13812345678", "why": "test"}],
                                   allow_unicode=True), encoding="utf-8")
    code, output = run("check", "--config", str(project / "site_config.yml"))
    assert code == 1
    # Reported against the erratum that brought it in (file, line, key path), not the raw document.
    assert ("data/errata/jiangxian-2024.yml, row 2, column [0].corrected: error: mobile number 138******78 must not "
            "be published [personal-mobile]") in output
    assert output.count("[personal-mobile]") == 1
    assert "13812345678" not in output


def test_unknown_department_is_a_finding_not_a_crash(project):
    # A site's own list adds to the packaged one and cannot drop 档案局 (core/resources.py), so the
    # document names a department no list knows.
    path = project / "data" / "raw" / "jiangxian-2024-plan.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("3月-11月\t档案局\t", "3月-11月\t方志局\t"), encoding="utf-8")
    code, output = run("check", "--config", str(project / "site_config.yml"))
    assert "differs from what the importer makes" in output  # the reference list shapes the import
    code, output = run("import", "--all", "--config", str(project / "site_config.yml"))
    assert code == 0 and "jiangxian-2024: 0 error(s), 4 warning(s), 0 note(s)" in output
    code, output = run("check", "--strict", "--config", str(project / "site_config.yml"))
    assert code == 1
    assert ("data/raw/jiangxian-2024-plan.txt, row 124: warning: task 55: department '方志局' is not in "
            "data/reference/departments.yml; add the spelling there or an erratum [unknown-department]") in output


def test_config_errors_are_reported_at_once_with_key_paths(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text(yaml.safe_dump({"title": 1, "url": "example.org", "colour": "red",
                                    "contact": {"office": "办公室", "fax": "1"},
                                    "plans": [{"id": "Gaoping 2023", "source": "x.txt"}, {"id": "a"}]},
                                   allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_config(path)
    messages = [f.message for f in caught.value.findings]
    assert messages == [
        "colour: unknown key, ignored",
        "title: expected str, got int",
        "url: must be an http(s) URL ending in /",
        "contact.fax: unknown key, ignored",
        "plans[0].id: use lower-case letters, digits, hyphens and underscores",
        "plans[1].source: required (The raw plan document under data/raw/ (text, CSV, XLSX/XLS, DOCX/DOC, HTML, PDF or a scan).)",
    ]


def test_cli_turns_data_errors_into_one_line(tmp_path):
    (tmp_path / "site_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    code, output = run("check", "--config", str(tmp_path / "site_config.yml"))
    assert code == 1
    assert output.splitlines()[-1] == (f"Error: {tmp_path / 'site_config.yml'}: invalid YAML: did not find expected "
                                       "',' or ']' at line 2, column 1")


def test_import_command_writes_json_and_reports(tmp_path):
    code, output = run("import", str(ROOT / "data/raw/jiangxian-2024-plan.txt"), "--plan-id", "jiangxian-2024",
                       "--out", str(tmp_path), "--config", str(ROOT / "site_config.yml"))
    assert code == 0
    assert f"Wrote {tmp_path / 'jiangxian-2024.json'}: 58 tasks, 1 gap(s); 0 error(s), 3 warning(s), 0 note(s)" in output
    assert (tmp_path / "jiangxian-2024.json").exists()


def test_import_needs_a_plan_id():
    code, output = run("import", str(ROOT / "data/raw/jiangxian-2024-plan.txt"))
    assert code == 2
    assert "Error: give SOURCE and --plan-id, or --all" in output


def test_every_config_key_is_documented():
    text = describe()
    assert "url (str, required): Public base URL of the published site, used in the sitemap and the feed." in text
    assert "plans[].source (str, required): The raw plan document under data/raw/ (text, CSV, XLSX/XLS, DOCX/DOC, HTML, PDF or a scan)." in text
