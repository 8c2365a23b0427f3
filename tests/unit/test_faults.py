"""Faults and bad input become findings (file, row, column) or one `Error:` line, never a
traceback, and nothing is changed silently. Each case runs the real readers, the real
configuration loader or the real CLI on a file of its own; messages are checked word for word.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers import copy_project
from generator.cli import main
from generator.core.config import load_config
from generator.core.findings import DataError, Findings
from generator.reference.lists import Reference
from generator.results import load_results, reference_date
from generator.results.model import Result
from generator.text.identifiers import make_credit_code
from tests.helpers import ROOT

HEADER = ["计划编号", "任务序号", "企业名称", "统一社会信用代码", "检查日期", "检查部门", "检查结果", "结果说明", "公示日期"]
CODE = make_credit_code("91140826MA0K1234X")
CODE2 = make_credit_code("92140826MA0K5678Y")
PLANS = [{"plan": {"id": "jx-2024", "year": 2024, "jurisdiction": "绛县"},
          "tasks": [{"seq": 1, "name": "任务1", "months": [3, 11],
                     "lead": {"department": "市场监督管理局", "as_written": "市场监管局", "items": []}, "partners": []}]}]
CONFIG = "title: t\nurl: https://example.org/\ncontact:\n  office: 示例办公室\nplans: []\n"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "data" / "reference", tmp_path / "data" / "reference")
    (tmp_path / "data" / "results").mkdir()
    (tmp_path / "site_config.yml").write_text(CONFIG + "results:\n  demo: false\n", encoding="utf-8")
    return tmp_path


def cells(**changes):
    base = {"计划编号": "jx-2024", "任务序号": "1", "企业名称": "绛县恒源超市（示例）", "统一社会信用代码": CODE,
            "检查日期": "2024-05-10", "检查部门": "县市场监管局", "检查结果": "未发现问题", "结果说明": "",
            "公示日期": "2024-05-20"}
    base.update(changes)
    return [base[h] for h in HEADER]


def csv_text(rows, header=HEADER) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


def load(project):
    findings = Findings()
    results = load_results(load_config(project / "site_config.yml"), PLANS,
                           Reference.load(project / "data" / "reference"), findings)
    return results, [str(f) for f in findings]


def write(project, data: bytes | str, name="r.csv"):
    path = project / "data" / "results" / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


# --- result files -------------------------------------------------------------------------

def test_a_cell_over_the_csv_limit_is_a_finding_and_the_other_rows_are_read(project):
    write(project, csv_text([cells(), cells(结果说明="长" * 140_000), cells(企业名称="第二家超市（示例）", 统一社会信用代码=CODE2)]))
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 3: error: a cell is longer than 131,072 characters; the row is not "
                        "read (a result cell holds a few hundred characters) [result-csv-malformed]"]
    assert [r.business for r in results.records] == ["绛县恒源超市（示例）", "第二家超市（示例）"]


def test_an_unterminated_quote_is_reported_where_it_opens(project):
    text = csv_text([cells()]) + 'jx-2024,1,"没有结束的引号,' + CODE + ",2024-05-11\n" + csv_text([cells()])[len(",".join(HEADER)) + 1:]
    write(project, text)
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 3: error: unterminated quote: the quoted cell opened on line 3 runs "
                        "to the end of the file (line 4); close the quote [result-csv-malformed]"]
    assert len(results.records) == 1


def test_unknown_columns_are_named_not_dropped_silently(project):
    write(project, csv_text([cells() + ["x", "y"]], header=HEADER + ["联系人", "备用列"]))
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 1: warning: column(s) 联系人、备用列 are not result fields and are not "
                        "published (result fields: " + "、".join(HEADER) + ") [result-column-unknown]"]
    assert len(results.records) == 1


def test_nul_characters_are_a_finding_and_removed(project):
    write(project, csv_text([cells(企业名称="绛县\x00恒源超市（示例）")]))
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 2, column 企业名称: warning: 企业名称 holds NUL character(s); removed "
                        "[result-nul]"]
    assert results.records[0].business == "绛县恒源超市（示例）"


def test_a_stray_latin1_byte_in_a_utf8_file_names_its_line(project):
    data = csv_text([cells(), cells(结果说明="Caf")]).encode("utf-8").replace(b"Caf", b"Caf\xe9")
    write(project, data)
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 3: error: bytes that are not UTF-8 on line(s) 3 of a UTF-8 file (a "
                        "character typed in another encoding?): save the file as UTF-8 [result-encoding]"]
    assert results.records == []


def test_a_stray_latin1_byte_in_a_gb18030_file_is_not_read_as_chinese(project):
    data = csv_text([cells(), cells(结果说明="Cafxt")]).encode("gb18030").replace(b"Cafx", b"Caf\xe9")
    write(project, data)
    results, messages = load(project)
    assert messages == ["data/results/r.csv, row 3: error: a stray byte of another encoding on line(s) 3: read as "
                        "GB18030 it becomes 閠 (bytes E9 74), a letter swallowed into a rare character; save the "
                        "file as UTF-8 [result-encoding]"]
    assert not any("閠" in r.note for r in results.records)


@pytest.mark.parametrize("cell, what", [("2024-08-05 至 2024-08-30", "is a date range, not the day"),
                                        ("2024-08-05 我不是日期", "is not a date")])
def test_a_date_with_more_after_it_is_not_its_first_date(project, cell, what):
    write(project, csv_text([cells(检查日期=cell)]))
    results, messages = load(project)
    assert messages == [f"data/results/r.csv, row 2, column 检查日期: error: 检查日期 {cell!r} {what} (write "
                        "YYYY-MM-DD) [result-bad-date]"]
    assert results.records == []


def test_an_xlsx_formula_without_a_calculated_value_is_a_finding(project):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(cells(结果说明="=CONCAT(\"已\",\"整改\")"))  # openpyxl saves formulas, never their values
    workbook.save(project / "data" / "results" / "r.xlsx")
    results, messages = load(project)
    assert messages == ["data/results/r.xlsx, row 2, column H: error: cell H2 holds the formula =CONCAT(\"已\",\"整改\") "
                        "with no calculated value: open and save the file in Excel or LibreOffice, or paste the "
                        "values [result-formula-no-value]"]


def test_a_future_publication_date_is_an_error_and_does_not_move_the_as_of_date(project):
    write(project, csv_text([cells(), cells(企业名称="另一家超市（示例）", 统一社会信用代码=CODE2, 公示日期="2099-12-31")]))
    results, messages = load(project)
    assert messages == [f"data/results/r.csv, row 3, column 公示日期: error: 公示日期 2099-12-31 is after today "
                        f"({date.today()}): a date in the future cannot be right; the row is not published "
                        "[result-date-future]"]
    assert results.as_of == date(2024, 5, 20)
    # Other sources (notices) pass through reference_date, which never takes a date after today.
    future = Result("jx-2024", 1, "x", "", date(2024, 5, 1), ("x",), ("未发现问题",), "", date(2099, 12, 31))
    assert reference_date([*results.records, future]) == date(2024, 5, 20)


# --- configuration ------------------------------------------------------------------------

@pytest.mark.parametrize("results, message", [
    ("  files: [1, null]\n", ["results.files[0]: expected str, got int",
                              "results.files[1]: expected str, got null (nothing)"]),
    ("  deadline_workdays: -1\n", ["results.deadline_workdays: must be at least 1, got -1"]),
    ("  page_size: 0\n", ["results.page_size: must be at least 1, got 0"]),
    ("  page_size: -5\n", ["results.page_size: must be at least 1, got -5"]),
    ("  files: [/etc/*.csv]\n", ["results.files[0]: /etc/*.csv is an absolute path; give a path inside the repository"]),
])
def test_configuration_mistakes_name_the_key(project, results, message):
    (project / "site_config.yml").write_text(CONFIG + "results:\n" + results, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_config(project / "site_config.yml")
    assert [f.message for f in error.value.findings] == message


# --- the CLI ------------------------------------------------------------------------------

def _cli(project, *args):
    result = CliRunner().invoke(main, [*args, "--config", str(project / "site_config.yml")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.mark.parametrize("case", ["long cell", "unterminated quote", "future date", "page_size", "files"])
def test_the_cli_reports_each_fault_and_exits_1(project, case):
    if case == "long cell":
        write(project, csv_text([cells(结果说明="长" * 140_000)]))
    elif case == "unterminated quote":
        write(project, csv_text([cells()]) + 'jx-2024,1,"x\n')
    elif case == "future date":
        write(project, csv_text([cells(公示日期="2099-12-31")]))
    elif case == "page_size":
        (project / "site_config.yml").write_text(CONFIG + "results:\n  page_size: 0\n", encoding="utf-8")
    else:
        (project / "site_config.yml").write_text(CONFIG + "results:\n  files: [1, null]\n", encoding="utf-8")
    result = _cli(project, "check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    if case in ("page_size", "files"):
        assert re.search(r"data/results|site_config\.yml, column|site_config\.yml: error: results\.", result.output)
    else:
        assert "data/results/r.csv, row " in result.output


# --- the file system: full, read-only, a mount point, a build killed -----------------------

GONGKAI = f"{sys.executable} -m generator"


def _in_namespace(script: str, cwd: Path) -> subprocess.CompletedProcess:
    """A shell script in a private mount namespace (unshare -rm): its tmpfs mounts are real file
    systems, need no root, and vanish with the process."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def whole_project(tmp_path):
    return copy_project(tmp_path / "project")


def _one_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_a_full_disk_is_one_error_line_naming_the_path(whole_project, tmp_path):
    out = tmp_path / "full"
    out.mkdir()
    result = _in_namespace(f"mount -t tmpfs -o size=400k tmpfs {out} && exec {GONGKAI} build --no-cache "
                           f"-o {out}/site", whole_project)
    line = _one_error(result)
    assert re.fullmatch(rf"Error: cannot write the site to {out}/\S+: No space left on device; the previous site, "
                        "if any, is unchanged", line), line


def test_a_read_only_output_folder_is_one_error_line_naming_the_path(whole_project, tmp_path):
    out = tmp_path / "readonly"
    out.mkdir()
    out.chmod(0o555)
    command = f"{GONGKAI} build --no-cache -o {out}/site"
    if os.geteuid() == 0:  # chmod a-w stops no root: the folder is then a file system mounted read-only
        result, reason = _in_namespace(f"mount -t tmpfs -o ro tmpfs {out} && exec {command}", whole_project), \
            "Read-only file system"
    else:
        result = subprocess.run(command.split(), cwd=whole_project, capture_output=True, text=True, timeout=600,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        reason = "Permission denied"
    out.chmod(0o755)
    line = _one_error(result)
    assert re.fullmatch(rf"Error: cannot write the site to {out}/\S+: {reason}; the previous site, "
                        "if any, is unchanged", line), line


def test_an_output_folder_that_is_a_mount_point_is_filled_in_place(whole_project, tmp_path):
    out = tmp_path / "served"
    site = out / "site"
    site.mkdir(parents=True)
    script = (f"mount -t tmpfs tmpfs {site} && echo stale > {site}/stale.txt && mkdir {site}/old-folder && "
              f"{GONGKAI} build -o {site} && {GONGKAI} build -o {site} && mountpoint -q {site} && "
              f"echo files=$(find {site} -type f | wc -l) && ls -A {out} {site}")
    result = _in_namespace(script, whole_project)
    assert result.returncode == 0, result.stderr
    assert "stale.txt" not in result.stdout and "old-folder" not in result.stdout
    assert "index.html" in result.stdout and "404.html" in result.stdout
    assert re.search(r"files=(\d+)", result.stdout) and int(re.search(r"files=(\d+)", result.stdout)[1]) > 300
    assert [n for n in result.stdout.split() if n.startswith(".site")] == []  # no staging folder left


def _site_state(site: Path, reference: set[str]) -> str:
    """Which complete site `site` is: its title; fails unless every file of a full build is there."""
    assert site.is_dir() and not site.is_symlink()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert files == reference, sorted(files ^ reference)[:10]
    return re.search(r"<title>(.*?)</title>", (site / "index.html").read_text(encoding="utf-8"))[1]


def test_a_build_killed_at_any_moment_leaves_a_complete_site_and_the_next_build_cleans_up(whole_project):
    site = whole_project / "site"
    config = whole_project / "site_config.yml"
    subprocess.run([sys.executable, "-m", "generator", "build", "--config", str(config)], check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    reference = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    old_title = _site_state(site, reference)
    config.write_text(config.read_text(encoding="utf-8").replace("title: ", "title: 新版 ", 1), encoding="utf-8")
    killed = []
    for delay in sorted(random.Random(10).uniform(0.3, 6.0) for _ in range(5)):
        build = subprocess.Popen([sys.executable, "-m", "generator", "build", "--config", str(config)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        killed.append(build.pid)
        assert _site_state(site, reference) in (old_title, "新版 " + old_title), delay
    leftovers = [p.name for p in whole_project.glob(".site-*")]
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--config", str(config)],
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert _site_state(site, reference) == "新版 " + old_title
    assert list(whole_project.glob(".site-*")) == []
    temp = Path(tempfile.gettempdir())
    assert [p for pid in killed for p in temp.glob(f"gongkai-pages-{pid}-*")] == []
    if leftovers:
        assert "Removed what an interrupted build left: " in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(lines: list[str], text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(text in line for line in lines):
            return True
        time.sleep(0.2)
    return False


def test_serve_keeps_answering_after_a_rebuild_with_an_over_long_cell(whole_project):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--config",
                               str(whole_project / "site_config.yml"), "-p", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(server.stdout.readline, "")), daemon=True).start()
    try:
        assert _wait_for(lines, "Serving", 120), lines
        url = f"http://127.0.0.1:{port}/"
        page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        # The reload script mkdocs injects is inline: the served page allows exactly it, by its hash.
        script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"script-src 'self' 'sha256-{digest}'" in page
        long_cell = csv_text([["gaoping-2023", "1", "某超市（示例）", "", "2023-05-10", "", "未发现问题",
                               "长" * 140_000, "2023-05-20"]])
        (whole_project / "data" / "results" / "long.csv").write_text(long_cell, encoding="utf-8")
        assert _wait_for(lines, "Error:", 120), lines
        assert urllib.request.urlopen(url, timeout=10).status == 200
        assert not any("Traceback" in line for line in lines)
        assert any("data/results/long.csv, row 2: error: a cell is longer than 131,072 characters" in line
                   for line in lines)
    finally:
        server.terminate()
        server.wait(timeout=30)
