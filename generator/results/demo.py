"""Fictional example results for the real plans, so the default build shows the feature.

Every business is invented and marked in its name (…（示例）); every page that shows one
carries the example banner. Credit codes are well formed with valid check characters and the
plan's division code, but belong to no one we know of. Deterministic by seed: the same seed
gives the same rows, so the demo site builds byte for byte the same.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from generator.core.config import RESULT_DEFAULTS
from generator.reference.result_kinds import ResultKinds
from generator.results.model import Result
from generator.results.validate import Deadlines
from generator.text.identifiers import CREDIT_ALPHABET, make_credit_code

MARK = "（示例）"
DIVISIONS = {"高平市": "140581", "绛县": "140826"}  # GB/T 2260 codes of the two plans' jurisdictions
_ANY_DIVISION = "140000"  # 山西省, for a plan whose jurisdiction is not listed above

_FIRST = "恒鑫瑞宏盛兴隆福顺德嘉利丰祥泰安康永宝晋汇通宇博新源"
_SECOND = "源达昌泰丰盛旺发通诚信和晟远辉明华达成航润峰茂"

# What a business inspected under each industry tag is called (by tag; else by GB/T 4754 section).
_TRADE_BY_TAG = {
    "印刷业": "印刷有限公司", "出版物发行": "书店", "粮食购销": "粮油购销有限公司", "互联网上网服务": "网吧",
    "娱乐场所": "歌舞娱乐有限公司", "旅行社": "旅行社有限公司", "养老机构": "养老服务中心", "旅馆业": "宾馆",
    "保安服务": "保安服务有限公司", "爆破作业": "爆破工程有限公司", "农作物种子": "种业有限公司",
    "农药": "农资经销部", "肥料": "农资经销部", "饲料兽药": "饲料兽药经销部", "冶金工贸": "铸造有限公司",
    "非煤矿山": "石料有限公司", "危险化学品": "化工有限公司", "房地产业": "房地产开发有限公司",
    "燃气": "燃气有限公司", "煤矿": "煤业有限公司", "商场超市": "超市", "医药机构": "大药房",
    "电影放映": "影城有限公司", "教育": "培训学校", "体育场所": "健身有限公司", "旅游景区": "旅游开发有限公司",
    "固体废物和危险废物": "环保科技有限公司", "排污单位": "化工有限公司", "污水处理": "污水处理有限公司",
    "成品油零售": "加油站", "单用途预付卡": "美容美发店", "道路运输": "运输有限公司",
    "人员密集场所": "商贸城有限公司", "消防产品": "消防器材经销部", "物业管理": "物业管理有限公司",
    "人力资源服务": "人力资源服务有限公司", "矿产资源开采": "矿业有限公司", "林木种子": "苗木专业合作社",
    "野生动物人工繁育": "养殖专业合作社", "烟草制品零售": "便利店", "市容环境卫生": "环卫服务有限公司",
    "电力和新能源": "新能源有限公司", "测绘": "测绘有限公司", "营业性演出": "文化传媒有限公司",
    "艺术品经营": "艺术品有限公司", "建筑业": "建筑工程有限公司", "机动车维修": "汽车修理厂",
    "检验检测": "检测有限公司", "汽车销售": "汽车销售有限公司", "物流寄递": "快递有限公司",
    "代理记账": "财务咨询有限公司", "行业协会商会": "商会", "档案服务": "档案服务有限公司",
}
_TRADE_BY_SECTION = {"A": "农业专业合作社", "B": "矿业有限公司", "C": "制造有限公司", "F": "商贸有限公司",
                     "H": "饭店", "O": "便民服务部"}
_DEFAULT_TRADE = "商贸有限公司"
_SOLE_TRADER = ("店", "部", "厂", "网吧", "宾馆", "超市", "饭店", "加油站")  # often 个体工商户: code 92…

# A realistic spread: most inspections find nothing; a few find problems or a business gone.
_KIND_WEIGHTS = [
    ("未发现问题", 70), ("发现问题已责令改正", 8), ("未发现开展本次抽查涉及的经营活动", 6),
    ("通过登记的住所(经营场所)无法联系", 4), ("发现问题待后续处理", 3), ("未按规定公示应当公示的信息", 3),
    ("已关闭停业或正在组织清算", 2), ("已注销", 1), ("不配合检查情节严重", 1),
    ("公示信息隐瞒真实情况、弄虚作假", 1), ("已迁出", 1), ("已吊销营业执照", 1),
]
_NOTES = {
    "发现问题已责令改正": "示例：现场检查发现台账记录不全，已责令当场改正。",
    "发现问题待后续处理": "示例：发现问题线索，已移交有关部门处理。",
    "未按规定公示应当公示的信息": "示例：未按规定公示行政许可信息。",
    "通过登记的住所(经营场所)无法联系": "示例：实地核查两次均无法联系。",
}

TASK_SHARE = 0.75  # tasks with results; the rest show as "months ended, no results" on the dashboards
LATE_SHARE = 0.05
NO_CODE_SHARE = 0.04


def generate(plans: list[dict], kinds: ResultKinds, deadlines: Deadlines,
             seed: int = RESULT_DEFAULTS.demo_seed) -> list[Result]:
    rng = random.Random(seed)
    names = [k for k, _ in _KIND_WEIGHTS if k in kinds.by_name]
    weights = [w for k, w in _KIND_WEIGHTS if k in kinds.by_name]
    used_codes: set[str] = set()
    records: list[Result] = []
    for plan in plans:
        meta = plan["plan"]
        place = meta.get("jurisdiction") or ""
        division = DIVISIONS.get(place, _ANY_DIVISION)
        pools: dict[str, list[tuple[str, str]]] = {}  # trade -> businesses already invented for it
        for task in plan["tasks"]:
            if not task.get("months") or rng.random() > TASK_SHARE:
                continue
            trade = _trade(task)
            pool = pools.setdefault(trade, [])
            chosen: list[tuple[str, str]] = []
            for _ in range(rng.randint(2, 7)):
                reuse = [b for b in pool if b not in chosen]
                if reuse and rng.random() < 0.3:  # the same business in two tasks of one trade
                    business = rng.choice(reuse)
                else:
                    business = _invent(rng, place, trade, division, used_codes)
                    pool.append(business)
                chosen.append(business)
            for name, code in chosen:
                records.append(_result(rng, plan, task, name, code, names, weights, deadlines, len(records) + 1))
    return records


def _trade(task: dict) -> str:
    industry = task.get("industry") or {}
    return _TRADE_BY_TAG.get(industry.get("tag")) or _TRADE_BY_SECTION.get(industry.get("section")) or _DEFAULT_TRADE


def _invent(rng: random.Random, place: str, trade: str, division: str, used: set[str]) -> tuple[str, str]:
    name = f"{place}{rng.choice(_FIRST)}{rng.choice(_SECOND)}{trade}{MARK}"
    if rng.random() < NO_CODE_SHARE:
        return name, ""  # as in notices that list names only
    prefix = "92" if trade.endswith(_SOLE_TRADER) and rng.random() < 0.6 else "91"
    while True:
        code = make_credit_code(prefix + division + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9)))
        if code not in used:
            used.add(code)
            return name, code


def _result(rng, plan, task, name, code, kind_names, weights, deadlines: Deadlines, row: int) -> Result:
    year = plan["plan"]["year"]
    calendar = deadlines.calendar
    first, last = task["months"]
    last = min(last, 11)  # leave time to publish before the year's deadline (12月20日)
    month = rng.randint(min(first, last), last)
    day = date(year, month, rng.randint(1, 28))
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    kinds = [rng.choices(kind_names, weights)[0]]
    if kinds[0] == "发现问题已责令改正" and rng.random() < 0.3:
        kinds.append("未按规定公示应当公示的信息")  # one inspection, several results
    due, _, _ = deadlines.deadline(day, year)
    late = rng.random() < LATE_SHARE
    published = calendar.add_workdays(day, rng.randint(22, 30) if late else rng.randint(3, 18))
    if not late:
        published = min(published, due)
    departments = tuple(dict.fromkeys(r["department"] or r["as_written"] for r in [task["lead"], *task["partners"]]))
    record = Result(plan["plan"]["id"], task["seq"], name, code, day, departments, tuple(kinds),
                    _NOTES.get(kinds[0], ""), published, due, is_example=True, file="demo", row=row)
    record.workdays_late = deadlines.workdays_late(due, published)
    return record
