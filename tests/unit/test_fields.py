"""The value parsers of the plan importer: ratio, frequency, time and mode cells.

Inputs are cells as real plans print them (the corpus documents' cells verbatim where noted).
Each case asserts the whole value and the problems word for word.
"""

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importer import import_plan
from generator.importer.fields import parse_count, parse_frequency, parse_mode, parse_ratio, parse_time
from generator.reference.lists import Reference

CHANGZHI_2 = "市级医疗保障部门每年对市级及以下经办机构抽查比例之和≥20%;1次/年"
WUWEI_1 = "市级抽查市级储备粮比例不低于备查库点的30%,县(区)级抽查县级储备粮比例不低于备查库点的50%,不设上限。"
WUWEI_2 = "原则上一般检查事项抽查比例不高于10%,由各级粮食部门按实际情况自行确定比例。"
XUANCHENG = ("各市根据实际情况确定抽查基数和比例营利性民办学校数10所及以下的市,原则上按不少于2所学校随机抽取"
             "营利性民办学校数超过10所的市,抽查比例不低于50%。")
YIYUAN = "全年抽查比例不低于5%,抽查频次根据监管需要确定"


def ratio(as_written, **values):
    value = {"op": None, "value": None, "as_written": as_written, "min": None, "max": None, "levels": [],
             "classes": [], "count": None, "text_only": False}
    value.update(values)
    return value


def count(op, value, unit, low=None, high=None):
    return {"op": op, "value": value, "min": low, "max": high, "unit": unit}


def level(name, op, value):
    return {"level": name, "op": op, "value": value}


def credit(name, op, value):
    return {"class": name, "op": op, "value": value}


@pytest.mark.parametrize("text, expected", [
    ("不低于5%", ratio("不低于5%", op=">=", value=0.05)),
    ("≥5%", ratio("≥5%", op=">=", value=0.05)),
    (">=5%", ratio(">=5%", op=">=", value=0.05)),
    ("＞＝5％", ratio("＞＝5％", op=">=", value=0.05)),
    ("5%以上", ratio("5%以上", op=">=", value=0.05)),
    ("5%以下", ratio("5%以下", op="<=", value=0.05)),
    ("5‰", ratio("5‰", op="=", value=0.005)),
    ("0.5%", ratio("0.5%", op="=", value=0.005)),
    ("20%", ratio("20%", op="=", value=0.2)),
    ("100%；1次/年", ratio("100%；1次/年", op="=", value=1.0)),
    ("百分之五", ratio("百分之五", op="=", value=0.05)),
    ("抽查比例：不低于5%", ratio("抽查比例：不低于5%", op=">=", value=0.05)),
    ("随机抽取10%的企业", ratio("随机抽取10%的企业", op="=", value=0.1)),
    ("全年抽查比例不低于5%", ratio("全年抽查比例不低于5%", op=">=", value=0.05)),
    ("抽查比例不低于10%;抽查1次", ratio("抽查比例不低于10%;抽查1次", op=">=", value=0.1)),
    ("3%;2次/年", ratio("3%;2次/年", op="=", value=0.03)),           # 长治 task 1
    ("3%;1/", ratio("3%;1/", op="=", value=0.03)),                   # 山西, glued
    ("抽查比例  不低于 10%", ratio("抽查比例 不低于 10%", op=">=", value=0.1)),
    (CHANGZHI_2, ratio(CHANGZHI_2, op=">=", value=0.2)),
    (YIYUAN, ratio(YIYUAN, op=">=", value=0.05)),
    (WUWEI_2, ratio(WUWEI_2, op="<=", value=0.1)),
    ("10-20%", ratio("10-20%", min=0.1, max=0.2)),
    ("2%-5%", ratio("2%-5%", min=0.02, max=0.05)),
    ("5%～10%", ratio("5%～10%", min=0.05, max=0.1)),
    ("不低于5%（含5%）", ratio("不低于5%（含5%）", op=">=", value=0.05)),
    ("省级3%、市级5%、县级10%", ratio("省级3%、市级5%、县级10%",
                                levels=[level("省级", "=", 0.03), level("市级", "=", 0.05), level("县级", "=", 0.1)])),
    ("市级2% 区级10%", ratio("市级2% 区级10%", levels=[level("市级", "=", 0.02), level("区级", "=", 0.1)])),
    (WUWEI_1, ratio(WUWEI_1, levels=[level("市级", ">=", 0.3), level("县(区)级", ">=", 0.5)])),
    ("A:3% B:5%", ratio("A:3% B:5%", classes=[credit("A", "=", 0.03), credit("B", "=", 0.05)])),
    ("A类企业抽查比例不低于3%，D类100%",
     ratio("A类企业抽查比例不低于3%，D类100%", classes=[credit("A", ">=", 0.03), credit("D", "=", 1.0)])),
    ("抽查比例不低于5%,其中高风险企业20%",
     ratio("抽查比例不低于5%,其中高风险企业20%", op=">=", value=0.05, classes=[credit("高风险", "=", 0.2)])),
    ("抽查3户", ratio("抽查3户", count=count("=", 3, "户"))),
    ("60-70家", ratio("60-70家", count=count(None, None, "家", 60, 70))),
    ("3家以上", ratio("3家以上", count=count(">=", 3, "家"))),
    ("抽查两户", ratio("抽查两户", count=count("=", 2, "户"))),
    ("原则上按不少于2所学校随机抽取", ratio("原则上按不少于2所学校随机抽取", count=count(">=", 2, "所"))),
    ("不低于3%，且不少于5户", ratio("不低于3%，且不少于5户", op=">=", value=0.03, count=count(">=", 5, "户"))),
    # 宣城: the rate applies above 10 schools, the count at 10 or fewer; 10所…的市 are conditions.
    (XUANCHENG, ratio(XUANCHENG, op=">=", value=0.5, count=count(">=", 2, "所"))),
])
def test_parse_ratio(text, expected):
    assert parse_ratio(text) == (expected, [])


@pytest.mark.parametrize("text, expected, problems", [
    ("省级计划规定比例", ratio("省级计划规定比例", text_only=True), ["no rate or count in '省级计划规定比例'; kept as text"]),
    ("按需", ratio("按需", text_only=True), ["no rate or count in '按需'; kept as text"]),
    ("150%", ratio("150%", text_only=True),
     ["rate '150%' is more than 100%; not read", "no rate or count in '150%'; kept as text"]),
    ("10%;20%", ratio("10%;20%"), ["several rates in '10%;20%' and no level or class tells them apart; none is read"]),
    ("超过5%", ratio("超过5%", op=">=", value=0.05), ["'超过' (strictly more than) read as >= in '超过5%'"]),
    ("3 20%", ratio("3 20%", op="=", value=0.2), ["number 3 in '3 20%' is not read"]),
    ("", None, ["no sampling ratio"]),
    (None, None, ["no sampling ratio"]),
])
def test_parse_ratio_says_what_it_cannot_read(text, expected, problems):
    assert parse_ratio(text) == (expected, problems)


def test_parse_count_reads_a_column_of_its_own():
    assert parse_count("3") == (count("=", 3, None), [])
    assert parse_count("3户") == (count("=", 3, "户"), [])
    assert parse_count("若干") == (None, ["no count in '若干'"])


def frequency(op, per_year, as_written):
    return {"op": op, "per_year": per_year, "as_written": as_written}


@pytest.mark.parametrize("text, expected", [
    ("1次/年", frequency("=", 1, "1次/年")),
    ("2次/年", frequency("=", 2, "2次/年")),
    ("1次/ 年", frequency("=", 1, "1次/ 年")),
    ("1/", frequency("=", 1, "1/")),
    ("每年1次", frequency("=", 1, "每年1次")),
    ("每年抽查二次", frequency("=", 2, "每年抽查二次")),
    ("一年一次", frequency("=", 1, "一年一次")),
    ("至少2次", frequency(">=", 2, "至少2次")),
    ("每年至少一次", frequency(">=", 1, "每年至少一次")),
    ("2次以上", frequency(">=", 2, "2次以上")),
    ("每半年一次", frequency("=", 2, "每半年一次")),
    ("1次/半年", frequency("=", 2, "1次/半年")),
    ("每季度一次", frequency("=", 4, "每季度一次")),
    ("每月一次", frequency("=", 12, "每月一次")),
    ("本年度检查一次", frequency("=", 1, "本年度检查一次")),
    ("3%;2次/年", frequency("=", 2, "2次/年")),
    ("3%;1/", frequency("=", 1, "1/")),
    ("抽查比例不低于10%;抽查1次", frequency("=", 1, "抽查1次")),
    ("抽查比例不低于10%;抽查1", frequency("=", 1, "抽查1")),    # 山西, once 4—10 is split off
    ("不低于10% 1次/年", frequency("=", 1, "1次/年")),
    ("5‰；1次/ 年", frequency("=", 1, "1次/ 年")),
    ("抽查比例不低于40%；1次/年；", frequency("=", 1, "1次/年")),
    (CHANGZHI_2, frequency("=", 1, "1次/年")),
    ("10%（1次/年）", frequency("=", 1, "1次/年")),
    ("每年抽查一轮", frequency("=", 1, "每年抽查一轮")),
    ("每年不少于1次", frequency(">=", 1, "每年不少于1次")),
])
def test_parse_frequency(text, expected):
    assert parse_frequency(text) == (expected, [])


@pytest.mark.parametrize("text, expected, problems", [
    (YIYUAN, frequency(None, None, "抽查频次根据监管需要确定"),
     ["frequency '抽查频次根据监管需要确定' is not a number of inspections"]),
    ("根据监管需要确定", frequency(None, None, "根据监管需要确定"),
     ["frequency '根据监管需要确定' is not a number of inspections"]),
    ("两年一次", frequency(None, None, "两年一次"), ["'两年一次' is less than once a year"]),
    ("1-2次/年", frequency(None, None, "1-2次/年"), ["a range of frequencies in '1-2次/年'; not read"]),
    ("1次,2次/年", frequency("=", 1, "1次"), ["several frequencies in '1次,2次/年'; the first is read"]),
    ("20%", None, ["no frequency in '20%'"]),
    ("", None, ["no frequency"]),
])
def test_parse_frequency_says_what_it_cannot_read(text, expected, problems):
    assert parse_frequency(text) == (expected, problems)


def time(as_written, months=None, **values):
    value = {"as_written": as_written, "months": months, "year": None, "crosses_year": False, "dates": [],
             "deadlines": [], "text_only": False}
    value.update(values)
    return value


WUWEI_TIME = "分两批次;第一批2023720日前完成,第二批20231015日前完成。"


@pytest.mark.parametrize("text, expected", [
    ("3月-12月", time("3月-12月", [3, 12])),
    ("3月—12月", time("3月—12月", [3, 12])),
    ("1月～3月", time("1月～3月", [1, 3])),
    ("3—10月", time("3—10月", [3, 10])),
    ("4—10", time("4—10", [4, 10])),                  # 山西, glued: no 月
    ("1-12月", time("1-12月", [1, 12])),
    ("3月-11月份", time("3月-11月份", [3, 11])),
    ("三月至十二月", time("三月至十二月", [3, 12])),
    ("3月初至10月底", time("3月初至10月底", [3, 10])),
    ("2023年6-12月", time("2023年6-12月", [6, 12], year=2023)),   # 黄石
    ("全年", time("全年", [1, 12])),
    ("2023年全年", time("2023年全年", [1, 12], year=2023)),
    ("上半年", time("上半年", [1, 6])),
    ("第三季度", time("第三季度", [7, 9])),
    ("二、三季度", time("二、三季度", [4, 9])),
    ("4.1-11.30", time("4.1-11.30", [4, 11], dates=["--04-01", "--11-30"])),
    ("即日起-2023年11月30日", time("即日起-2023年11月30日", year=2023, deadlines=["2023-11-30"])),
    ("2021年9月", time("2021年9月", [9, 9], year=2021)),
    ("2020.4-2020.12", time("2020.4-2020.12", [4, 12], year=2020)),
    ("2023年3月至2023年11月", time("2023年3月至2023年11月", [3, 11], year=2023)),
    ("2021/5/20", time("2021/5/20", [5, 5], year=2021, dates=["2021-05-20"])),
    ("2023.04.01-2023.11.30", time("2023.04.01-2023.11.30", [4, 11], year=2023, dates=["2023-04-01", "2023-11-30"])),
    ("2023年3月1日至11月30日", time("2023年3月1日至11月30日", [3, 11], year=2023, dates=["2023-03-01", "2023-11-30"])),
    ("3月1日-11月30日", time("3月1日-11月30日", [3, 11], dates=["--03-01", "--11-30"])),
    ("10月底前", time("10月底前", deadlines=["--10"])),
    ("年底前", time("年底前", deadlines=["--12"])),
    ("年底", time("年底", deadlines=["--12"])),
    ("年内完成", time("年内完成", deadlines=["--12"])),
    ("12月20日前录入公示", time("12月20日前录入公示", deadlines=["--12-20"])),
    ("第一批6月底前,第二批11月底前", time("第一批6月底前,第二批11月底前", deadlines=["--06", "--11"])),
    ("10月-次年3月", time("10月-次年3月", [10, 3], crosses_year=True)),
    ("2023年10月-2024年3月", time("2023年10月-2024年3月", [10, 3], year=2023, crosses_year=True)),
    ("20234月至11", time("20234月至11", [4, 11], year=2023)),                 # 宣城, glued
    (WUWEI_TIME, time(WUWEI_TIME, year=2023, deadlines=["2023-07-20", "2023-10-15"])),   # 无为, glued
    ("2023年10月15日前完成", time("2023年10月15日前完成", year=2023, deadlines=["2023-10-15"])),
    ("20229", time("20229", [9, 9], year=2022)),                             # 宜宾, glued year+month
    ("202210", time("202210", [10, 10], year=2022)),
    ("20229 202210", time("20229 202210", [9, 10], year=2022)),              # 宜宾's two date cells joined
])
def test_parse_time(text, expected):
    assert parse_time(text) == (expected, [])


def test_the_plans_year_completes_deadlines_and_dates_but_is_not_printed():
    assert parse_time("10月底前", year=2023) == (time("10月底前", deadlines=["2023-10"]), [])
    assert parse_time("10月-次年3月31日前", year=2023) == (
        time("10月-次年3月31日前", [10, 3], crosses_year=True, dates=["2024-03-31"]), [])


def test_a_time_limit_column_gives_deadlines():
    assert parse_time("202211", deadline=True) == (time("202211", year=2022, deadlines=["2022-11"]), [])
    assert parse_time("3月-10月", deadline=True) == (time("3月-10月", [3, 10]), [])


@pytest.mark.parametrize("text, expected, problems", [
    ("春秋季开学", time("春秋季开学", text_only=True), ["no month or date in '春秋季开学'; kept as text"]),
    ("13月-2月", time("13月-2月", text_only=True), ["month 13 out of range in '13月-2月'"]),
    ("4—13", time("4—13", text_only=True), ["month 13 out of range in '4—13'"]),
    ("10月-3月", time("10月-3月", [10, 3]), ["months '10月-3月' run backwards"]),
    ("2023111日前", time("2023111日前", year=2023), ["'2023111日' reads as 2023-01-11 or 2023-11-01; not read"]),
    ("2023年2月29日", time("2023年2月29日", [2, 2], year=2023), ["'2023年2月29日' is not a calendar date"]),
    ("6月、9月", time("6月、9月", [6, 9]), ["several months in '6月、9月'; months span them all"]),
    ("4月-6月、9月-11月", time("4月-6月、9月-11月", [4, 11]),
     ["several periods in '4月-6月、9月-11月'; months span them all"]),
    ("4月1日起", time("4月1日起", dates=["--04-01"]), ["only a start in '4月1日起'; no end read"]),
    ("2023年度", time("2023年度", year=2023), ["no months in '2023年度'"]),
    ("", None, ["no months"]),
])
def test_parse_time_says_what_it_cannot_read(text, expected, problems):
    assert parse_time(text) == (expected, problems)


@pytest.mark.parametrize("text, mode, repaired", [
    ("市抽县(区)查", "市抽县查", False),
    ("市抽市查、市抽县(区)查", "市抽市查", False),      # 长治: the first of two modes
    ("市县(区)联查", "市县联查", False),
    ("市县联查", "市县联查", False),
    ("省抽市查", "省抽市查", False),
    ("县抽查 县抽查", "县抽县查", True),
])
def test_parse_mode(text, mode, repaired):
    got, _note, was_repaired = parse_mode(text)
    assert (got, was_repaired) == (mode, repaired)


def test_the_importer_puts_the_parsed_values_on_the_task(tmp_path):
    header = "序号\t抽查任务名称\t发起部门\t配合部门\t抽查对象范围\t抽查比例及频次\t抽查起止时间\t抽查模式"
    row = "1\t对旅馆业的抽查\t公安局\t市场监管局\t本县旅馆\t抽查比例不低于10%；每半年一次\t10月-次年3月\t市抽县(区)查"
    path = tmp_path / "plan.txt"
    path.write_text("测试县2025年度部门联合双随机抽查工作计划\n" + header + "\n" + row + "\n", encoding="utf-8")
    task = import_plan(path, "test-2025", Reference.load("data/reference")).plan["tasks"][0]
    assert (task["ratio"]["op"], task["ratio"]["value"], task["ratio"]["as_written"]) == (">=", 0.1, "抽查比例不低于10%；每半年一次")
    assert task["frequency"] == frequency("=", 2, "每半年一次") and task["frequency_per_year"] == 2
    assert task["time"] == time("10月-次年3月", [10, 3], crosses_year=True) and task["months"] == [10, 3]
    assert (task["mode"], task["mode_as_written"]) == ("市抽县查", "市抽县(区)查")


# --- properties: any text at all ---------------------------------------------------

PIECES = ["0", "1", "2", "3", "5", "9", "10", "12", "13", "20", "31", "99", "2023", "0.5", "%", "‰", "％", "月", "年", "日",
          "至", "-", "—", "~", "次", "/", "不低于", "不高于", "不少于", "超过", "≥", "≤", "以上", "以下", "每", "半年", "季度",
          "市级", "县(区)级", "A", "B类", ":", "户", "家", "所", ";", ",", "，", "。", " ", "次年", "底", "前", "第", "一",
          "两", "十", "十二", "全年", "上半年", "百分之", "千分之", ".", "的", "及以下", "抽查", "比例", "起", "完成", "频次"]
CELLS = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
ISO = re.compile(r"^(\d{4}|-)-(\d{2})(?:-(\d{2}))?$")


def fractions(ratio):
    yield from (ratio[k] for k in ("value", "min", "max"))
    yield from (entry["value"] for entry in ratio["levels"] + ratio["classes"])


@settings(max_examples=400, deadline=None)
@given(CELLS)
def test_any_ratio_cell_gives_fractions_within_0_and_1(text):
    ratio, problems = parse_ratio(text)
    assert all(isinstance(p, str) for p in problems)
    if ratio is None:
        return
    assert all(v is None or 0 <= v <= 1 for v in fractions(ratio))
    assert ratio["op"] in (">=", "<=", "=", None) and (ratio["op"] is None) == (ratio["value"] is None)
    if ratio["count"]:
        numbers = [ratio["count"][k] for k in ("value", "min", "max")]
        assert all(v is None or (isinstance(v, int) and v >= 0) for v in numbers)


@settings(max_examples=400, deadline=None)
@given(CELLS)
def test_any_frequency_cell_gives_a_positive_number_or_none(text):
    frequency, _ = parse_frequency(text)
    if frequency:
        assert frequency["per_year"] is None or (isinstance(frequency["per_year"], int) and frequency["per_year"] >= 1)
        assert frequency["op"] in ("=", ">=", "<=", None)


@settings(max_examples=400, deadline=None)
@given(CELLS, st.one_of(st.none(), st.integers(1990, 2100)))
def test_any_time_cell_gives_months_within_1_and_12_and_real_dates(text, year):
    value, _ = parse_time(text, year)
    parse_mode(text)
    if value is None:
        return
    assert value["months"] is None or (len(value["months"]) == 2 and all(1 <= m <= 12 for m in value["months"]))
    for iso in value["dates"] + value["deadlines"]:
        match = ISO.match(iso)
        assert match and 1 <= int(match.group(2)) <= 12
        if match.group(3):
            date(int(match.group(1)) if match.group(1) != "-" else 2000, int(match.group(2)), int(match.group(3)))
