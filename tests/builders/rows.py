"""Real plan rows, cell by cell, for the binary fixtures: the seed text's tables and rows of the corpus.

The corpus rows are copied verbatim from tests/corpus/*.txt (whose README says what a
careful reader finds in them); UP and LEFT mark the cells an office would merge.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.builders import LEFT, UP
from generator.core.findings import Findings
from generator.importer.sources import read_document
from generator.importer.tasks import _is_subheader

ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "data" / "raw" / "gaoping-2023-plan.txt"

# 长治市 2024 (tests/corpus/changzhi_2024-plan.txt), its two complete tasks, cell by cell.
CHANGZHI_TITLE = ["长治市2024年度部门联合双随机抽查工作计划", "(“一业一查”部门联合双随机抽查工作计划)-市直"]
CHANGZHI_TASKS = [
    ["1", "涉烟经营活动检查", "对物流、寄递企业运输烟草制品情况的双随机抽查", "本辖区物流、寄递企业", "3%;2次/年",
     "根据企业信用风险分类结果,对低风险、一般风险、较高风险、高风险企业分别递加抽查比例", "3月—12月", "市烟草专卖局",
     "市邮政管理局、\n市公安局", "市抽市查"],
    ["2", "对全市医疗保障经办机构执行全省统一的医疗保障经办政务服务事项清单和办事指南,并根据实际情况调整和更新检查",
     "对全市医疗保障经办机构执行全省统一的医疗保障经办政务服务事项清单和办事指南,并根据实际情况调整和更新检查",
     "医疗保障经办部门", "市级医疗保障部门每年对市级及以下经办机构抽查比例之和≥20%;1次/年", "不涉及信用风险分类",
     "3月—12月", "市医保局", "市审批服务管理局", "市抽市查、市抽县(区)查"],
]
# Its header as a two-level header: 抽查项目 spans 抽查任务名称 and 抽查事项; the rest span both rows.
CHANGZHI_HEADER = [
    ["序号", "抽查项目", LEFT, "抽查对象范围", "抽查比例及频次", "智慧监管(信用风险分类)要求", "抽查检查起止时间",
     "发起部门", "配合部门", "抽查检查模式"],
    [UP, "抽查任务名称", "抽查事项", UP, UP, UP, UP, UP, UP, UP],
]
CHANGZHI_FOLDED = ["序号", "抽查任务名称", "抽查事项", "抽查对象范围", "抽查比例及频次", "智慧监管(信用风险分类)要求",
                   "抽查检查起止时间", "发起部门", "配合部门", "抽查检查模式"]

# 黄石市 2023 (huangshi_2023-plan.txt): task 2's four 抽查事项 on rows of their own, the rest merged.
HUANGSHI_TITLE = "黄石市部门联合“双随机、一公开”监管工作抽查计划表"
HUANGSHI_HEADER = ["序号", "抽查领域", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查比例", "抽查频次",
                   "计划任务实施时段"]
HUANGSHI_ROWS = [
    ["1", "测绘成果质量监督抽查", "1、测绘成果质量抽查", "全市乙级测绘资质单位", "黄石市自然资源和规划局",
     "黄石市市场监督管理局", "20%", "1次/年", "2023年6-12月"],
    ["2", "测绘资质巡查", "1、测绘资质条件的真实性", "全市乙级测绘资质单位", "黄石市自然资源和规划局",
     "黄石市市场监督管理局", "20%", "1次/年", "2023年6-12月"],
    [UP, UP, "2、测绘管理制度执行情况", UP, UP, UP, UP, UP, UP],
    [UP, UP, "3、测绘资质年度报告公示内容真实性", UP, UP, UP, UP, UP, UP],
    [UP, UP, "4、测绘项目登记汇交情况", UP, UP, UP, UP, UP, UP],
]

# 汾阳市 2021 (fenyang_2021-plan.txt): task 2 shares task 1's offices (merged down), task 5 has a
# continuation row whose 序号, 领域 and offices are merged from above.
FENYANG_ROWS = [
    ["序号", "抽查领域", "抽查事项", "检查对象", "发起部门", "配合部门", "抽查层级"],
    ["1", "包装装潢、其他印刷品印刷单位抽查", "对包装装潢、其他印刷品印刷单位经营情况的检查", "包装装潢、其他印刷品印刷单位",
     "宣传部门", "文化和旅游部门", "市县(区)级"],
    ["2", "出版物零售单位抽查", "对出版物零售单位经营情况的检查", "出版物零售单位", UP, UP, UP],
    ["5", "游泳场(馆)、商场(超市)抽查", "游泳场(馆)取得许可证及卫生管理情况等的检查", "游泳场(馆)", "卫生健康部门",
     "市场监管部门", "市县(区)级"],
    [UP, UP, "商场(超市)取得许可证及卫生管理情况等的检查", "商场(超市)", UP, UP, UP],
    ["6", "经营性互联网文化单位的检查", "经营性互联网文化单位经营情况的检查", "经营性互联网文化单位", "文化和旅游部门",
     "公安、税务部门", "市县(区)级"],
]

# 沂源县 2023 (yiyuan_2023-plan.txt): the portal's 信息公开 box and its one task.
YIYUAN_BOX = [
    ["标题:", "沂源县卫生健康局2023年度部门联合“双随机、一公开”随机抽查事项清单", LEFT, LEFT],
    ["索引号:", "11370323MB2859070U/2023-None", "文号:", ""],
    ["发文日期:", "2023-02-17", "发布机构:", "沂源县卫生健康局"],
]
YIYUAN_TABLE = [
    ["序号", "抽查类别", "抽查事项", "抽查内容", "检查对象", "事项类别", "检查方式", "抽查比例及频次", "检查时间", "检查主体",
     "参检单位"],
    ["1", "餐具饮具集中消毒服务单位的检查", "对餐具、饮具集中消毒服务单位的监督检查",
     "作业场所、清洗消毒设备或者设施、生产用水和使用的洗涤剂、消毒剂、餐具、饮具的出厂检验、餐具、饮具的包装标识",
     "餐具饮具集中消毒服务单位", "一般检查事项", "现场检查", "全年抽查比例不低于5%,抽查频次根据监管需要确定", "1-12月",
     "沂源县卫生健康局", "沂源县市场监督管理局"],
]



def seed_tables() -> tuple[list[str], list[list[list[str]]], list[str]]:
    """The seed's notice, tables (second header rows left out, as a typist would) and trailing lines."""
    document = read_document(SEED, Findings())
    tables = [[t.header] + [r.cells for r in t.rows if not _is_subheader(r)] for t in document.tables]
    return [t for _, t in document.notice], tables, [t for _, t in document.trailing]


def without_source(tasks: list[dict]) -> list[dict]:
    return [{k: v for k, v in t.items() if k != "source"} for t in tasks]


def spaceless(value):
    """Values with whitespace (and the repairs made of it) removed: a PDF keeps no space where a
    line wrapped at one, and a cell's own line breaks are spaces in text."""
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, dict):
        return {k: spaceless(v) for k, v in value.items() if k not in ("repairs", "source")}
    if isinstance(value, list):
        return [spaceless(v) for v in value]
    return value


def plan_fields(plan: dict) -> dict:
    return {k: v for k, v in plan["plan"].items() if k not in ("source", "format", "metadata")}


def by_scope(result, scope: str) -> dict:
    """A task by its 检查对象: a column every format and vocabulary reads alike."""
    return next(t for t in result.plan["tasks"] if t["scope"] == scope)
