"""One inspection result per business per task (a row of a result file, validated)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The nine columns of a result file, in order: field -> header as offices write it.
HEADERS = {
    "plan_id": "计划编号",
    "seq": "任务序号",
    "business": "企业名称",
    "credit_code": "统一社会信用代码",
    "inspected": "检查日期",
    "departments": "检查部门",
    "kinds": "检查结果",
    "note": "结果说明",
    "published": "公示日期",
}


@dataclass(slots=True, eq=False)
class Result:
    """One row of a result file, validated. Slots: a province's volume is a million of these."""

    plan_id: str
    seq: int
    business: str  # 企业名称 as written, trimmed
    credit_code: str  # normalised (half-width, upper case); "" when the row had none
    inspected: date | None  # None: a notice printed no day (截止8月份), never made up
    departments: tuple[str, ...]  # canonical names where known, else as written
    kinds: tuple[str, ...]  # canonical result kind names, in cell order
    note: str = ""
    published: date | None = None
    deadline: date | None = None  # last day to publish: 20 working days, or the year's deadline if earlier
    workdays_late: int = 0  # working days after the deadline; 0 when on time or unknown
    is_example: bool = False  # generated demo data, never a real business
    file: str = ""
    row: int = 0
    # From a department's result notice (generator.results.notices): the result as printed (its
    # kind may be unknown, kinds then empty), the place the office is in, the notice, its section.
    kind_as_written: str = ""
    jurisdiction: str = ""
    notice: str = ""
    category: str = ""
    items: str = ""  # 抽查事项 as the notice printed it
    inspected_as_written: str = ""  # 截止8月份: the notice's period when it printed no day

    @property
    def late(self) -> bool:
        return self.workdays_late > 0

    @property
    def business_key(self) -> str:
        """What makes two rows the same business: the code, else the name (many notices list names only)."""
        # One name in two places is two businesses: notices print names only, 城关加油站 in every county.
        place = f"@{self.jurisdiction}" if self.jurisdiction else ""
        return self.credit_code or "名称:" + "".join(self.business.split()) + place
