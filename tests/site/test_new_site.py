"""Another office starts its own site from the wheel (#14): `gongkai new`, one plan imported, an override.

The wheel is built from this checkout and installed into a fresh venv. Its dependencies are not
downloaded again: the venv sees the base interpreter's site-packages and, through a .pth line, .venv's,
whose editable `generator` is never imported (a path in a .pth is not itself scanned for .pth files,
so the editable finder does not run). Every command runs with the cwd outside the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from generator.core import resources
from generator.newsite import gongkai_version
from generator.reference.lists import Departments
from tests.helpers import ROOT

PLAN = ROOT / "tests" / "corpus" / "huangshi_2023-plan.txt"
OFFICE = "黄石市市场监管领域部门联合“双随机、一公开”监管工作联席会议办公室"
MARKER = "P14-footer-override-marker"


class Installed:
    def __init__(self, venv: Path):
        self.venv = venv
        self.bin = venv / "bin"
        self.env = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}"}
        self.env.pop("PYTHONPATH", None)  # pytest's pythonpath must not put the checkout on sys.path

    def run(self, command: str | list, cwd: Path, shell: bool = False) -> subprocess.CompletedProcess:
        args = command if shell else ([str(self.bin / command[0]), *command[1:]])
        return subprocess.run(args, cwd=cwd, env=self.env, shell=shell, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp, timeout=300)
    wheel = next((tmp / "dist").glob("gongkai-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=120)
    site_packages = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site_packages / "dot-venv.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=300)
    return Installed(venv)


@pytest.fixture(scope="module")
def new_site(installed, tmp_path_factory) -> Path:
    """A site made by `gongkai new`, the Huangshi plan listed and imported, one partial overridden."""
    site = tmp_path_factory.mktemp("office") / "huangshi"
    made = installed.run(["gongkai", "new", str(site), "--jurisdiction", "黄石市", "--office", OFFICE], cwd=site.parent)
    assert made.returncode == 0, made.stderr
    shutil.copy(PLAN, site / "data" / "raw" / PLAN.name)
    config = site / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nplans: []\n" in text
    config.write_text(text.replace("\nplans: []\n", f"\nplans:\n  - id: huangshi-2023\n    source: data/raw/{PLAN.name}\n"),
                      encoding="utf-8")
    imported = installed.run(["gongkai", "import", "--all"], cwd=site)
    assert imported.returncode == 0 and "huangshi-2023: 0 error(s)" in imported.stdout, imported.stdout + imported.stderr
    override = installed.run(["gongkai", "override", "layout/footer.html.j2"], cwd=site)
    assert override.returncode == 0, override.stderr
    footer = site / "templates" / "layout" / "footer.html.j2"
    footer.write_text(footer.read_text(encoding="utf-8").replace("</footer>", f"<p>{MARKER}</p></footer>"),
                      encoding="utf-8")
    return site


def test_gongkai_runs_from_the_wheel_not_the_checkout(installed, tmp_path):
    where = installed.run(["python", "-c", "import generator, sys; print(generator.__file__)"], cwd=tmp_path)
    assert where.stdout.strip().startswith(str(installed.venv)), where.stdout + where.stderr
    package = Path(where.stdout.strip()).parent
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
    assert modules == {p.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("*.py")}
    version = installed.run(["gongkai", "--version"], cwd=tmp_path)
    assert version.returncode == 0 and gongkai_version() in version.stdout
    defaults = installed.run(["python", "-c", "from generator.core.resources import defaults_root; print(defaults_root())"],
                             cwd=tmp_path).stdout.strip()
    assert defaults.startswith(str(installed.venv)) and defaults.endswith("generator/_defaults")
    carried = {p.relative_to(defaults).as_posix() for p in Path(defaults).rglob("*") if p.is_file()}
    source = {p.relative_to(ROOT).as_posix() for folder in ("templates", "data/reference")
              for p in (ROOT / folder).rglob("*") if p.is_file()}
    assert source <= carried
    assert {"node_modules/lunr/lunr.min.js", "node_modules/lunr/LICENSE"} <= carried
    assert not any("axe" in name for name in carried)  # axe-core is for the tests only


def test_the_new_site_holds_nothing_of_ours(new_site):
    files = {p.relative_to(new_site).as_posix() for p in new_site.rglob("*") if p.is_file()}
    assert {"site_config.yml", "README.md", ".gitignore", ".github/workflows/publish.yml", ".gitlab-ci.yml",
            "content/guide.md", "content/about.md", "content/licence.md", "data/raw/README.md",
            "data/results/README.md"} <= files
    assert not any(name.startswith(("data/errata", "data/reference")) for name in files)
    assert not any("gaoping" in name or "jiangxian" in name for name in files)
    guide = (new_site / "content" / "guide.md").read_text(encoding="utf-8")
    assert OFFICE in guide and "黄石市" in guide and "绛县" not in guide
    readme = (new_site / "README.md").read_text(encoding="utf-8")
    assert f'pip install "gongkai=={gongkai_version()}"' in readme and "gongkai build" in readme


def test_every_config_key_is_written_under_its_description(new_site):
    from generator.core.config import keys

    text = (new_site / "site_config.yml").read_text(encoding="utf-8")
    for key in keys():
        assert f"{key.path.split('.')[-1].removesuffix('[]')}" in text
    assert "# Rows per page in a task's results table.\n  page_size: 50\n" in text
    assert yaml.safe_load(text)["contact"]["office"] == OFFICE


def test_a_folder_that_is_not_empty_is_refused(installed, new_site):
    again = installed.run(["gongkai", "new", str(new_site), "--jurisdiction", "黄石市", "--office", OFFICE],
                          cwd=new_site.parent)
    assert again.returncode == 1
    assert again.stderr.strip() == f"Error: {new_site} is not an empty folder; give a new one (nothing was written)"


def test_the_workflows_steps_pass_there_and_the_site_has_the_plan_and_the_override(installed, new_site):
    workflow = yaml.safe_load((new_site / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [s["run"] for s in workflow["jobs"]["build"]["steps"] if "run" in s]
    gitlab = yaml.safe_load((new_site / ".gitlab-ci.yml").read_text(encoding="utf-8"))["build"]["script"]
    install = f'pip install "gongkai=={gongkai_version()}"'
    assert steps[0] == install and gitlab[0] == install  # installed above from the wheel instead
    commands = [s for s in steps if s.startswith("gongkai ")]
    assert commands == ["gongkai check --strict", "gongkai build"] == [s for s in gitlab if s.startswith("gongkai ")]
    for command in commands:
        done = installed.run(command, cwd=new_site, shell=True)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    plan = (new_site / "site" / "plans" / "huangshi-2023" / "index.html").read_text(encoding="utf-8")
    assert "plans/huangshi-2023/tasks/1/" in plan and "plans/huangshi-2023/tasks/2/" in plan
    assert "plans/huangshi-2023/tasks/3/" not in plan
    assert "测绘成果质量监督抽查" in plan
    pages = list((new_site / "site").rglob("*.html"))
    assert len(pages) > 20 and [p for p in pages if MARKER not in p.read_text(encoding="utf-8")] == []
    assert (new_site / "site" / "assets" / "lunr.min.js").is_file()


@pytest.mark.parametrize("path, schema", [(".github/workflows/publish.yml", "vendor.github-workflows"),
                                          (".gitlab-ci.yml", "vendor.gitlab-ci")])
def test_the_new_sites_workflows_are_valid(new_site, path, schema):
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(new_site / path)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_says_which_override_an_upgrade_made_stale(installed, new_site):
    record = yaml.safe_load((new_site / "templates" / ".overrides.yml").read_text(encoding="utf-8"))
    packaged = Path(installed.run(["python", "-c", "from generator.core.resources import defaults_root; "
                                   "print(defaults_root())"], cwd=new_site).stdout.strip())
    footer = packaged / "templates" / "layout" / "footer.html.j2"
    assert record == {"layout/footer.html.j2": resources.file_digest(footer)}
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- the next release's footer -->\n", encoding="utf-8")
    done = installed.run(["gongkai", "check", "--strict"], cwd=new_site)
    assert done.returncode == 1
    assert (f"templates/layout/footer.html.j2: warning: was copied from a packaged "
            f"templates/layout/footer.html.j2 that this gongkai changed: compare it with {footer}, carry the "
            f"changes over, then record the new hash ({resources.file_digest(footer)}) in templates/.overrides.yml "
            "[override-stale]") in done.stderr


def test_a_sites_reference_list_adds_entries_and_spellings_to_the_packaged_one(tmp_path):
    packaged = Departments.load(ROOT / "data" / "reference" / "departments.yml")
    own = tmp_path / "data" / "reference" / "departments.yml"
    own.parent.mkdir(parents=True)
    own.write_text("- name: 市场监督管理局\n  en: Administration for Market Regulation\n  aliases: [市场局]\n"
                   "- name: 地方志办公室\n  en: Local Chronicles Office\n  aliases: [方志办]\n", encoding="utf-8")
    layered = Departments.load(own)
    assert len(layered.all) == len(packaged.all) + 1
    assert layered.resolve("黄石市市场局").name == "市场监督管理局"  # the site's spelling
    assert layered.resolve("市监局").name == "市场监督管理局"  # the packaged spellings stay
    assert layered.resolve("方志办").name == "地方志办公室"
    assert layered.by_name["档案局"] == packaged.by_name["档案局"]
