"""The normalized ratio and time of a task, said back in Chinese for pages and downloads.

One place turns the schema's structured values (ranges, levels, credit classes,
counts, year-crossing months) into the short phrase a reader expects, so the task
page, the plan table and the CSV download never disagree.
"""

from __future__ import annotations

from generator.importer.fields import RATIO_WORDS

NOT_STATED = "未注明"


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def _rate(op: str | None, value: float | None) -> str:
    return f"{RATIO_WORDS.get(op or '=', '')}{_percent(value)}" if value is not None else ""


def _count(count: dict) -> str:
    unit = count.get("unit") or ""
    if count.get("min") is not None and count.get("max") is not None:
        return f"{count['min']}–{count['max']}{unit}"
    if count.get("value") is None:
        return ""
    word = {">=": "不少于", "<=": "不多于"}.get(count.get("op") or "", "")
    return f"{word}{count['value']}{unit}"


def ratio_text(ratio: dict | None) -> str:
    """不低于5%; 10%–20%; 市级不低于30%，县(区)级不低于50%; A类3%; 抽查3户 … or the cell as printed."""
    if not ratio:
        return NOT_STATED
    parts: list[str] = []
    if ratio.get("value") is not None:
        parts.append(_rate(ratio.get("op"), ratio["value"]))
    elif ratio.get("min") is not None and ratio.get("max") is not None:
        parts.append(f"{_percent(ratio['min'])}–{_percent(ratio['max'])}")
    parts.extend(f"{level['level']}{_rate(level.get('op'), level.get('value'))}"
                 for level in ratio.get("levels") or [] if level.get("value") is not None)
    parts.extend(f"{c['class']}类{_rate(c.get('op'), c.get('value'))}"
                 for c in ratio.get("classes") or [] if c.get("value") is not None)
    if ratio.get("count"):
        parts.append(_count(ratio["count"]))
    return "，".join(p for p in parts if p) or ratio.get("as_written") or NOT_STATED


def ratio_word(ratio: dict | None) -> str:
    """The operator word of a single ratio (不低于/不高于/""), empty where no single number applies."""
    if not ratio or ratio.get("value") is None:
        return ""
    return RATIO_WORDS.get(ratio.get("op") or "=", "")


def crosses_year(task: dict) -> bool:
    return bool((task.get("time") or {}).get("crosses_year"))


def months_text(task: dict) -> str:
    """3–12月; 9月; 10月–次年3月; or the deadline/text as printed when no months were read."""
    months = task.get("months")
    if not months:
        written = task.get("months_as_written")
        return written if written else NOT_STATED
    start, end = months
    if crosses_year(task):
        return f"{start}月–次年{end}月"
    return f"{start}月" if start == end else f"{start}–{end}月"


def in_months(task: dict, month: int) -> bool:
    """Whether `month` lies within the task's months (a year-crossing span wraps round December)."""
    start, end = task["months"]
    return start <= month or month <= end if crosses_year(task) else start <= month <= end
