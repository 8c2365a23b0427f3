"""The CI definitions stay valid: linted against the schemas GitHub and GitLab publish
(vendored in check-jsonschema, so the lint runs offline)."""

import subprocess
import sys

import pytest
import yaml
from tests.helpers import ROOT


@pytest.mark.parametrize("path, schema", [(".github/workflows/publish.yml", "vendor.github-workflows"),
                                          (".gitlab-ci.yml", "vendor.gitlab-ci")])
def test_ci_file_is_valid(path, schema):
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(ROOT / path)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_publish_runs_the_readme_commands_and_deploys_only_from_main():
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [s.get("run", "") for s in workflow["jobs"]["build"]["steps"]]
    assert "make test" in steps and "make site" in steps and ".venv/bin/gongkai check --strict" in steps
    assert workflow["jobs"]["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_ci_run_calls_make_test():
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
