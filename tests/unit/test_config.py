"""site_config.yml declared once: `gongkai config`, the README's table and the editors' JSON schema are
what generator/core/config.py declares; the loader and the schema agree on what a valid file is."""

import json
from pathlib import Path

import jsonschema
import material
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.core.config import json_schema, keys, load_config
from generator.core.findings import DataError
from generator.core.io import dumps
from generator.readme import rewrite
from tests.helpers import ROOT

SCHEMA = ROOT / "site_config.schema.json"


def gongkai(*args) -> str:
    result = CliRunner().invoke(main, ["config", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_gongkai_config_lists_every_key_with_type_default_and_doc():
    lines = gongkai().splitlines()
    assert len(lines) == len(keys()) == 39
    assert lines[0] == "title (str, required): Site title (Chinese), shown in the header and the feed."
    assert "results.page_size (int, default 50): Rows per page in a task's results table." in lines
    assert "results.notices[].task (int, default None): Task (序号) of that plan to link its results to." in lines


def test_the_readme_table_is_the_generated_one_and_agrees_with_gongkai_config():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rewrite(readme) == readme, "README.md is out of date: run `make readme`"
    table = readme.split("<!-- config-table:start -->\n")[1].split("\n<!-- config-table:end -->")[0]
    assert table + "\n" == gongkai("--markdown")
    rows = [row.split(" | ") for row in table.splitlines()[2:]]
    listed = [line.split(" (")[0] for line in gongkai().splitlines()]
    assert [row[0].strip("| `") for row in rows] == listed
    assert "| `results.demo` | bool | `true` | Generate fictional example results" in table


def test_the_committed_schema_is_the_generated_one():
    assert SCHEMA.read_text(encoding="utf-8") == dumps(json_schema()) == gongkai("--json-schema")
    jsonschema.Draft7Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_site_config_names_the_schema_and_validates_against_it():
    text = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./site_config.schema.json"
    jsonschema.validate(yaml.safe_load(text), json.loads(SCHEMA.read_text(encoding="utf-8")),
                        cls=jsonschema.Draft7Validator)


@pytest.mark.parametrize("change, loader_says", [
    ({"colour": "red"}, "colour: unknown key, ignored"),
    ({"results": {"page_size": 0}}, "results.page_size: must be at least 1, got 0"),
    ({"results": {"year_deadline": "20 Dec"}}, "results.year_deadline: expected MM-DD"),
    ({"url": "gongkai.example.org"}, "url: must be an http(s) URL ending in /"),
    ({"plans": [{"id": "Gaoping 2023", "source": "data/raw/gaoping-2023-plan.txt"}]},
     "plans[0].id: use lower-case letters, digits, hyphens and underscores"),
    ({"strict": "yes"}, "strict: expected bool, got str"),
])
def test_the_schema_refuses_what_the_loader_reports(tmp_path, change, loader_says):
    data = {**yaml.safe_load((ROOT / "site_config.yml").read_text(encoding="utf-8")), **change}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft7Validator)
    path = tmp_path / "site_config.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        findings = load_config(path).findings
    except DataError as refused:
        findings = refused.findings
    assert [f.message for f in findings] == [loader_says]


CONFIG = """title: 站点
url: https://example.org/
contact:
  office: 办公室
plans: []
"""


def test_a_null_value_means_the_default_and_a_null_required_key_says_null(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text(CONFIG.replace("  office: 办公室\n", "  office: 办公室\n  address:\n") + "results:\n",
                    encoding="utf-8")
    config = load_config(path)
    assert config["contact"]["address"] == "" and config.results.page_size == 50
    path.write_text(CONFIG.replace("  office: 办公室\n", "  office:\n"), encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_config(path)
    assert [f.message for f in refused.value.findings] == ["contact.office: expected str, got null (nothing)"]


def test_a_path_out_of_the_repository_is_reported_with_the_other_mistakes(tmp_path):
    path = tmp_path / "site_config.yml"
    path.write_text(CONFIG + "results:\n  files: [1, ../outside/*.csv]\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        load_config(path)
    assert [f.message for f in refused.value.findings] == [
        "results.files[0]: expected str, got int",
        "results.files[1]: ../outside/*.csv leaves the repository (..); give a path inside it"]


