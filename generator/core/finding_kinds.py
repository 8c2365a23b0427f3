"""Every finding kind, declared once: its code, the severities it is raised at, what it means, what to do.

Codes are kebab-case and stable: they end every finding line (`… [plan-stale]`) and a CI may filter on
them. `Findings.error/warning/info` accept any code, so a slip in a new kind never stops a user's build;
tests/unit/test_finding_kinds.py reads the source instead and fails when a kind raised anywhere is not
declared here (or at a severity not declared), when a declared kind is raised nowhere, and when the
README's table (`make readme`, between the kinds-table markers) is not `markdown_table()`.
Declared in pipeline order: configuration and reference data, safety, plans, the plan importer and its
readers, result files, result notices, the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.findings import ERROR, INFO, WARNING


@dataclass(frozen=True)
class Kind:
    code: str
    severities: tuple[str, ...]  # every severity it is raised at, the usual one first
    meaning: str
    fix: str  # what to do about it


KINDS: dict[str, Kind] = {}


def _kind(code: str, severities: str | tuple[str, ...], meaning: str, fix: str) -> None:
    if code in KINDS:
        raise ValueError(f"finding kind {code} declared twice")
    KINDS[code] = Kind(code, severities if isinstance(severities, tuple) else (severities,), meaning, fix)


# --- configuration and reference data -----------------------------------------------------------------
_kind("config", (ERROR, WARNING),
      "`site_config.yml` key wrong, missing or unknown (`gongkai config` lists every key)", "correct the key named")
_kind("yaml", ERROR, "a YAML file is missing or cannot be parsed", "fix the file at the row named")
_kind("reference", ERROR,
      "an entry of `data/reference/` lacks a key, has an unknown one, or shares a spelling with another",
      "correct the entry named")
_kind("override-stale", WARNING,
      "a site's template override (`templates/.overrides.yml`) was copied from a packaged file an upgrade has "
      "changed or removed", "carry the packaged changes into the override, then record the new hash the message names")
_kind("calendar-bad-year", ERROR,
      "`data/reference/holidays.yml`: a key is not a year, or a year lacks its holidays: and workdays: lists",
      "write each year as `2027:` with `holidays:` and `workdays:` lists")
_kind("calendar-bad-key", ERROR, "a year in `holidays.yml` has a key other than holidays and workdays",
      "remove or rename the key")
_kind("calendar-bad-date", ERROR, "a date in `holidays.yml` is not a YYYY-MM-DD day", "write it as YYYY-MM-DD")
_kind("calendar-wrong-year", ERROR, "a date in `holidays.yml` is listed under another year",
      "move it under its own year")
_kind("calendar-conflict", ERROR, "a day in `holidays.yml` is both a holiday and a make-up working day",
      "keep it in the one list the State Council's notice puts it in")
_kind("calendar-empty-year", WARNING, "a year in `holidays.yml` lists no dates and is ignored",
      "add the year's holidays and make-up working days, or remove the year")
_kind("calendar-weekday-workday", WARNING, "a make-up working day (调休) in `holidays.yml` is a weekday anyway",
      "check the date against the State Council's notice")
_kind("calendar-unknown-year", (ERROR, WARNING),
      "neither chinesecalendar nor `holidays.yml` knows a year's holidays, so its working days cannot be "
      "counted (warning for a result's deadline: it counts weekends only)",
      "add the year's holidays and make-up working days to `data/reference/holidays.yml`")

# --- what never reaches the site -----------------------------------------------------------------------
_kind("personal-id-number", ERROR, "an individual's resident ID number (居民身份证号码) in the data",
      "remove it from the source file; it is never published")
_kind("personal-mobile", ERROR, "an individual's mobile number in the data",
      "remove it from the source file; it is never published")
_kind("raw-redacted", WARNING,
      "a personal number in a raw document, replaced by ＊ in the document's published copy",
      "remove it from the document")
_kind("path-outside", ERROR, "a configured path, or a symlink, leads outside the repository",
      "keep every input inside the repository; replace a symlink by the file")
_kind("content", ERROR, "a page in `content/` would replace a generated page", "rename the page")

# --- plans: the committed imports, their checks and corrections ----------------------------------------
_kind("plan-missing", ERROR, "a configured plan's `data/plans/ID.json` does not exist",
      "`make data`, review, commit")
_kind("plan-stale", ERROR, "`data/plans/ID.json` differs from what the importer makes of the raw document",
      "`make data`, review the diff, commit")
_kind("source-missing", ERROR, "a configured raw document or notice file does not exist",
      "restore the file, or correct its path in `site_config.yml`")
_kind("plan", ERROR, "a plan has no jurisdiction, year or title, or the importer cannot tell them",
      "give them in `site_config.yml`, or pass --jurisdiction / --year")
_kind("duplicate-seq", ERROR, "two tasks of a plan have one sequence number",
      "an erratum giving one of them its true number")
_kind("missing-field", WARNING, "a task has no ratio, months, mode or scope",
      "check the row against the document; an erratum corrects a misread")
_kind("unknown-department", WARNING, "a department spelling not in `data/reference/departments.yml`",
      "add the spelling as an alias, or an erratum if it is a misprint")
_kind("unclassified", WARNING, "no industry keyword matches the task",
      "add a keyword or an override in `data/reference/industries.yml`")
_kind("errata", (ERROR, WARNING),
      "a correction no longer matches the imported value, or lacks task/field/as_printed/corrected/why",
      "review the correction against the document")

# --- the plan importer: the table and its rows ---------------------------------------------------------
_kind("no-table", ERROR, "no row of the document names three known columns: no task table",
      "check that the file is a plan; a header the importer does not know is a new alias")
_kind("missing-column", (WARNING, INFO),
      "the table has no ratio or time column (warning: its tasks have none), or no 序号 (info: numbered "
      "in order)", "nothing when the document has none; else check the header's spelling")
_kind("gap", WARNING, "sequence numbers jump: rows missing from the document",
      "nothing to fix in the data; the gap is published as a gap")
_kind("seq-missing", WARNING, "a row prints no sequence number; it is numbered by its place",
      "check the row; an erratum corrects a wrong number")
_kind("seq-restart", INFO, "a sequence number out of order, renumbered by rule (e.g. 10 read as 40)",
      "nothing; the repair is shown on the task's page")
_kind("no-name", ERROR, "a task has no name", "check the row; an erratum gives the name")
_kind("no-lead", ERROR, "a row names no lead department", "check the row; an erratum gives the lead")
_kind("lead-alternatives", WARNING,
      "the lead cell names alternatives: the first is read as the lead, the others as partners",
      "check the task's departments against the document")
_kind("lead-from-publisher", INFO, "no lead column: the office publishing the plan leads every task",
      "nothing")
_kind("merged-cell", WARNING, "no lead printed in the row: read from the merged cell above",
      "check the task's lead against the document")
_kind("ratio", WARNING, "the 抽查比例 or 抽查户数 cell does not read as a ratio or a count",
      "check the cell; an erratum corrects a misprint")
_kind("frequency", WARNING, "the 抽查频次 does not read as a frequency", "check the cell; an erratum corrects it")
_kind("months", WARNING, "the 抽查起止时间 or 完成时限 does not read as months or a day",
      "check the cell; an erratum corrects it")
_kind("mode", WARNING, "the 抽查模式 does not read as an inspection mode", "check the cell; an erratum corrects it")
_kind("credit-risk", WARNING, "the credit-risk cell does not read as a rule by credit risk",
      "check the cell against the document")
_kind("unread-cell", WARNING, "a cell beyond the table's columns is not read", "check the row against the document")
_kind("unread-text", WARNING, "text before the lead or the first partner department is not read",
      "check the task's departments against the document")
_kind("cut-row", WARNING, "a row stops where the rows above go on: kept as printed, or not read as a task",
      "check the row against the document")
_kind("empty-row", WARNING, "a row with no task fields is not read", "nothing, unless the document has a task there")
_kind("subheader", INFO, "a second header row is skipped", "nothing")
_kind("row-before-header", WARNING, "a tab-separated row before any table header is not read",
      "check that the document's table starts where it should")
_kind("row-continuation", INFO, "a line is joined to the row above it", "nothing")
_kind("row-alignment", INFO, "a row prints no cell under some columns; its cells are placed by content",
      "check the row against the document")
_kind("mode-levels", INFO, "a table's mode column (抽查层级, 检查方式) names levels or ways of inspecting, not "
      "modes: kept as written, mode empty (said once a table)", "nothing")
_kind("indented-row", (WARNING, INFO), "a text row starts with spaces for empty cells: too few to place its cells "
      "by position, so they are placed by content (info: enough, placed by position)",
      "check the row's cells against the document")
_kind("glued-cells", WARNING, "cells printed with no separator: an empty one is read with the cell before it",
      "check the row against the document")
_kind("layout", INFO, "how a table in plain text was split (spaces, a cell a line, pipes)", "nothing")
_kind("notice", WARNING, "a plan's notice or page has no title, 文号, date or disclosure attribute",
      "nothing if the document has none; else check its first lines")

# --- the readers: files as offices publish them --------------------------------------------------------
_kind("format-by-content", INFO, "a file's name says one format, its content another: read as its content says",
      "rename the file to its format")
_kind("formula-no-value", WARNING, "a spreadsheet formula has no saved value", "open and save the file in "
      "Excel or LibreOffice")
_kind("two-level-header", INFO, "a second header row is folded into the first", "nothing")
_kind("page-break-row", INFO, "a row cut by a page break is joined to its first part", "nothing")
_kind("pdf-page-no-text", WARNING, "a PDF page is a scanned image with no text layer and is not read",
      "find a text version of the document")
_kind("ocr", WARNING, "the document has no text layer: every value is as OCR read it",
      "check the tasks against the original")

# --- result files: data/results/*.csv and .xlsx --------------------------------------------------------
_kind("result-file-type", ERROR, "a result file is neither .csv nor .xlsx", "save it as CSV or XLSX")
_kind("result-unreadable", ERROR, "a result file cannot be opened", "check the file; save it again")
_kind("result-encoding", ERROR, "a CSV's bytes are neither UTF-8 nor GB18030, or mix encodings",
      "save the file as UTF-8")
_kind("result-csv-malformed", ERROR, "a CSV cannot be split into rows (an unclosed quote, an overlong cell)",
      "correct the line named")
_kind("result-nul", WARNING, "a cell holds NUL characters; they are removed", "save the file again from its source")
_kind("result-formula-no-value", ERROR, "an XLSX cell holds a formula with no calculated value",
      "open and save the file in Excel or LibreOffice, or paste the values")
_kind("result-no-header", ERROR, "no header row: 企业名称 and at least two more result columns",
      "give the file the header of `data/results/README.md`")
_kind("result-header-twice", WARNING, "a result column appears twice; the first is read", "remove the other")
_kind("result-column-missing", ERROR, "a required result column is missing", "add it, under any of the names listed")
_kind("result-column-unknown", WARNING, "columns that are not result fields are not published",
      "nothing, or rename a column to its result field")
_kind("result-unknown-plan", ERROR, "计划编号 is not a configured plan", "correct the id, or configure the plan")
_kind("result-unknown-task", ERROR, "the plan has no task of that 任务序号", "correct the number")
_kind("result-no-business", ERROR, "企业名称 is empty", "fill it in")
_kind("result-no-kind", ERROR, "检查结果 is empty", "fill it in")
_kind("result-unknown-kind", ERROR, "a 检查结果 that `data/reference/result_kinds.yml` does not know",
      "use one of the closest kinds named, or add the wording as an alias")
_kind("credit-code-number", ERROR, "a 统一社会信用代码 stored as a number, which loses digits and letters",
      "format the column as text and enter the code again")
_kind("credit-code-missing", WARNING, "no 统一社会信用代码: the result is published and found by name only",
      "nothing when the notice prints none")
_kind("credit-code-malformed", ERROR, "a 统一社会信用代码 of the wrong length or alphabet",
      "correct the code against the source")
_kind("credit-code-bad-check", WARNING, "a 统一社会信用代码 whose check character fails (some early codes do)",
      "check the code against the source; it is published as printed")
_kind("result-bad-date", ERROR, "a 检查日期 or 公示日期 that is not a day", "write YYYY-MM-DD")
_kind("result-no-date", ERROR, "检查日期 is empty", "fill it in")
_kind("result-date-future", ERROR, "a 检查日期 or 公示日期 after today: the row is not published",
      "correct the date")
_kind("result-not-published", WARNING, "no 公示日期: whether it was published in time cannot be checked",
      "fill in the day the result was published")
_kind("result-published-before", ERROR, "公示日期 is before 检查日期", "correct one of the dates")
_kind("result-date-outside-year", WARNING, "检查日期 is outside the plan year", "check the date and the plan")
_kind("result-date-outside-months", WARNING, "检查日期 is outside the task's months", "check the date and the task")
_kind("result-late", WARNING, "a result published after its deadline (working days or the year's date)",
      "nothing to fix in the data: lateness is published")
_kind("result-duplicate", ERROR, "one business twice in a task with the same 检查日期", "remove one")
_kind("result-repeat", WARNING, "one business again in a task on another day",
      "check that it was inspected twice")

# --- result notices: data/results/ID.json imported from what departments publish -----------------------
_kind("notice-missing", ERROR, "a configured notice's `data/results/ID.json` does not exist",
      "`make data`, review, commit")
_kind("notice-stale", ERROR, "`data/results/ID.json` differs from what the importer makes of the raw notice",
      "`make data`, review the diff, commit")
_kind("notice-invalid", ERROR, "`data/results/ID.json` is not a notice as the importer writes it",
      "`make data`, review the diff, commit")
_kind("notice-unreadable", ERROR, "the notice's file cannot be read", "check the file; save it again")
_kind("notice-no-table", ERROR, "no result table: no row names 企业名称 and one more result column",
      "check that the file is a result notice")
_kind("notice-row-cells", WARNING, "a row of a text table has too few or too many cells and is not read",
      "check the row against the notice")
_kind("notice-row-without-business", WARNING, "a row without 企业名称 is not read", "check the row against the notice")
_kind("notice-printed-once", INFO,
      "an office or date printed once is read for the rows below that leave it empty", "nothing")
_kind("notice-signature", INFO, "text joined to the table's last cell is read as the notice's signature",
      "nothing")
_kind("notice-contact", INFO, "a contact line (联系人, phone) is not published", "nothing")
_kind("notice-no-issuer", WARNING, "the notice names no office", "nothing if it names none; else check its end")
_kind("notice-no-date", WARNING, "the notice prints no date", "nothing if it prints none; else check its end")
_kind("notice-names-only", INFO, "no 统一社会信用代码 printed: results found by name only", "nothing")
_kind("notice-inspected", WARNING, "a 检查日期 that is not a day is kept as printed", "nothing")
_kind("notice-no-result", WARNING, "a row with no 抽查结果 is published without a result",
      "check the row against the notice")
_kind("notice-result-kind", WARNING,
      "a 抽查结果 wording `data/reference/result_kinds.yml` does not list: published as written, kind empty",
      "add the wording as an alias with its why, if it means a national kind")
_kind("notice-unlinked", WARNING, "results that link to no plan task: published on the department's page",
      "give --plan/--task (or plan/task in `results.notices`) to link them")
_kind("notice-unknown-task", ERROR, "a notice is linked to a task no configured plan has",
      "correct the plan/task given")
_kind("notice-no-page", WARNING, "results that link to no task and name no known department: in the lookup only",
      "add the office's spelling to `data/reference/departments.yml`, or give the notice a plan and task")


def markdown_table() -> str:
    """The README's "What to do about each kind" table, one row a kind in declaration order."""
    rows = ["| kind | severity | meaning | what to do |", "| --- | --- | --- | --- |"]
    rows += [f"| `{k.code}` | {', '.join(k.severities)} | {k.meaning} | {k.fix} |" for k in KINDS.values()]
    return "\n".join(rows)
