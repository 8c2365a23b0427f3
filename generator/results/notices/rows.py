"""One published result from one raw row: name, code, office, date, result, with findings.

What the notice printed once (the office in its signature, the period, one sentence for all
rows) fills what the row leaves empty; nothing else is filled in. The result's wording is kept
as written; its national kind only where data/reference/result_kinds.yml lists the wording.
"""

from __future__ import annotations

from generator.core.findings import ERROR, Findings
from generator.text.identifiers import credit_code_finding, find_personal_data, normalize_code, \
    personal_data_findings
from generator.reference.result_kinds import ResultKinds
from generator.results.notices.prose import NoticeProse, iso_date
from generator.results.notices.table import RawResult
from generator.results.validate import parse_date

LABELS = {"business": "企业名称", "credit_code": "统一社会信用代码", "inspected": "检查日期",
          "departments": "检查部门", "kinds": "抽查结果", "note": "结果说明", "items": "抽查事项",
          "address": "地址", "place": "所属区域", "number": "序号", "published": "公示日期"}


def place_of(as_written: str | None, departments) -> tuple[str | None, str | None]:
    """(canonical department, the place written before it): 武汉市东西湖区气象局 -> 气象局, 武汉市东西湖区."""
    text = "".join((as_written or "").split())
    found = departments.resolve(text) if text else None
    if found is None:
        return None, None
    for spelling in sorted((found.name, *found.aliases), key=len, reverse=True):
        if text.endswith(spelling):
            place = text[:-len(spelling)]
            return found.name, place if len(place) >= 2 else None
    return found.name, None


def personal_data(raw: RawResult, file: str, findings: Findings) -> bool:
    """Report every ID or mobile number in the row; True when there is one (the row is refused)."""
    cells = [*raw.values.items(), *raw.sub_results]
    if not any(find_personal_data(v) for _, v in cells):
        return False
    for name, value in cells:
        findings.extend(personal_data_findings(value, file=file, row=raw.line, column=LABELS.get(name, name)))
    return True


def credit_code(cell: str, at: dict, findings: Findings) -> str | None:
    if not cell:
        return None
    finding = credit_code_finding(cell, **at)
    findings.extend([finding] if finding else [])
    # A malformed code (an error) is not kept; one whose check character fails is (some early codes do).
    return None if finding is not None and finding.severity == ERROR else normalize_code(cell)


def result_of(raw: RawResult, prose: NoticeProse, kinds: ResultKinds, at: dict, findings: Findings) -> dict:
    """{kind, as_written}: the row's cell, its sub-columns (棉织品：合格；池水：合格), or the notice's sentence."""
    if raw.sub_results:
        written = "；".join(f"{sub.split('/')[-1]}：{cell}" for sub, cell in raw.sub_results)
        resolved = {_kind(cell, kinds) for _, cell in raw.sub_results}
        kind = resolved.pop() if len(resolved) == 1 else None
        pieces = [cell for _, cell in raw.sub_results]
    else:
        written = raw.values.get("kinds") or ""
        if not written and prose.all_rows:
            written = prose.all_rows[0]
        kind, pieces = _kind(written, kinds), [written]
    if not written:
        findings.warning("notice-no-result", "no 抽查结果 in the row and no sentence for every row: published "
                         "without a result", **at)
    elif kind is None:
        findings.warning("notice-result-kind", f"抽查结果 {'、'.join(dict.fromkeys(pieces))!r} is not a wording "
                         "data/reference/result_kinds.yml lists for a national result kind: published as written, "
                         "kind left empty", **at)
    return {"kind": kind, "as_written": written}


def _kind(text: str, kinds: ResultKinds) -> str | None:
    names, unknown = kinds.parse(text)
    return names[0] if len(names) == 1 and not unknown else None


def inspected_of(raw: RawResult, prose: NoticeProse, at: dict, findings: Findings) -> tuple[str | None, str | None]:
    """(ISO date or None, as printed): the row's date, else the notice's period (截止8月份), never a made-up day."""
    cell = raw.values.get("inspected") or ""
    if not cell:
        return None, prose.period
    try:
        day = parse_date(cell)
    except ValueError:
        day = None
    if day is None:
        findings.warning("notice-inspected", f"检查日期 {cell!r} is not a day: kept as printed", **at)
        return None, cell
    return day.isoformat(), cell


def published_of(raw: RawResult, prose: NoticeProse) -> str | None:
    return iso_date(raw.values.get("published") or "") or prose.published
