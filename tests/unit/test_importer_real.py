"""The importer on the two real documents: counts, notice, and every field of a
sample row from each page of each document, as a careful reader reads them."""

import pytest

from generator.importer import import_plan
from generator.reference.lists import Reference

GAOPING = "data/raw/gaoping-2023-plan.txt"
JIANGXIAN = "data/raw/jiangxian-2024-plan.txt"


@pytest.fixture(scope="module")
def gaoping(reference):
    return import_plan(GAOPING, "gaoping-2023", reference)


@pytest.fixture(scope="module")
def jiangxian(reference):
    return import_plan(JIANGXIAN, "jiangxian-2024", reference)


def task(result, seq):
    return next(t for t in result.plan["tasks"] if t["seq"] == seq)


def test_counts_and_gaps(gaoping, jiangxian):
    assert [t["seq"] for t in gaoping.plan["tasks"]] == list(range(1, 54))
    assert gaoping.plan["gaps"] == []
    seqs = [t["seq"] for t in jiangxian.plan["tasks"]]
    assert len(seqs) == 58
    assert seqs == list(range(1, 15)) + list(range(21, 65))
    assert [(g["from"], g["to"]) for g in jiangxian.plan["gaps"]] == [(15, 20)]
    assert not gaoping.findings.errors and not jiangxian.findings.errors


def test_gaoping_notice(gaoping):
    plan = gaoping.plan["plan"]
    assert plan["jurisdiction"] == "高平市"
    assert plan["year"] == 2023
    assert plan["doc_number"] == "高市双随机办〔2023〕6号"
    assert plan["title"] == "关于调整《高平市2023年度市场监管领域部门联合双随机抽查工作计划》的通知"
    assert plan["issuer"] == "高平市市场监管领域双随机、一公开监管工作领导小组办公室"
    assert plan["issued"] == "2023-08-11"
    assert plan["disclosure"] == "主动公开"
    assert plan["addressees"] == "市领导小组各成员单位"
    assert plan["attachment"].startswith("高平市 2023 年度部门联合双随机抽查工作计划 (修订版)")
    body = gaoping.plan["notice"]["body"]
    assert body[0]["type"] == "paragraph" and body[0]["text"].startswith("为进一步深化“双随机、一公开”监管")


def test_jiangxian_notice(jiangxian):
    plan = jiangxian.plan["plan"]
    assert (plan["jurisdiction"], plan["year"]) == ("绛县", 2024)
    assert plan["doc_number"] == "绛双随机办〔2024〕2号"
    assert plan["title"] == "关于印发《绛县2024年度部门联合双随机抽查工作计划（“一业一查”计划）》的通知"
    assert plan["issued"] == "2024-03-19"
    assert plan["disclosure"] is None  # not printed on this notice: reported, not invented
    assert plan["addressees"] == "县直各成员单位、各有关部门"
    headings = [b["text"] for b in jiangxian.plan["notice"]["body"] if b["type"] == "heading"]
    assert headings == ["一、持续完善“一单、两库”", "二、严格执行抽查计划", "三、规范开展抽查检查",
                        "四、推进信用分类监管", "五、及时公开抽查结果", "六、加强业务指导通报"]
    # A paragraph broken by a page break is joined again.
    first = jiangxian.plan["notice"]["body"][0]["text"]
    assert "（以下简称年度抽查工作计划)" in first
    messages = [f.message for f in jiangxian.findings]
    assert "the notice has no disclosure attribute (此件主动公开)" in messages


def dept(ref):
    return (ref["as_written"], ref["department"], ref["items"])


# One sample row from each page of 高平市's table: (seq, expected fields).
GAOPING_ROWS = {
    1: dict(name="对数字、出版物、包装装潢和其他印刷品印刷单位的双随机抽查",
            lead=("市新闻出版局", "宣传部", ["对数字、出版物、包装装潢和其他印刷品印刷单位的检查"]),
            partners=[("市文旅局", "文化和旅游局", ["印制企业(含复制单位)检查"])],
            scope="数字、出版物、包装装潢和其他印刷品印刷单位", ratio=(">=", 0.1), freq=1, months=[3, 12],
            mode="市抽县查", credit="根据企业信用风险分类结果", industry=("印刷业", "C")),
    7: dict(name="对养老机构双随机抽查", lead=("市民政局", "民政局", ["对养老机构进行抽查检查"]),
            partners=[("市市场监管局", "市场监督管理局", ["餐饮服务监督抽查"]),
                      ("市消防救援支队", "消防救援机构", ["单位履行法定消防安全职责情况的监督抽查"])],
            scope="全市养老服务机构", ratio=(">=", 0.2), freq=1, months=[3, 10], mode="市抽县查", credit=None,
            industry=("养老机构", "Q")),
    12: dict(name="对农药经营企业的双随机抽查", lead=("市农业农村局", "农业农村局", ["农药监督抽查"]),
             partners=[("市市场监管局", "市场监督管理局", ["市场主体登记和公示信息检查"])],
             scope="全市农药生产者、农药经营者试验单位", ratio=(">=", 0.1), freq=1, months=[3, 11],
             mode="市抽县查", credit=None, industry=("农药", "F")),
    18: dict(name="对房地产市场的双随机抽查", lead=("市住建局", "住房和城乡建设局", []),
             partners=[("市市场监管局", "市场监督管理局", [])], scope="全市和重点房地产开发企业",
             ratio=("=", 0.1), freq=1, months=[5, 12], mode="市抽县查", credit=None, industry=("房地产业", "K")),
    24: dict(name="对电影院单位检查",
             lead=("市委宣传部", "宣传部", ["是否取得电影放映经营许可证，证件是否接时年检放映影片本数是否合法合规等情况。的检查"]),
             partners=[("文化和旅游部门", "文化和旅游局", ["娱乐经营场所经营活动的检查"]),
                       ("市消防救援支队", "消防救援机构", ["单位履行法定消防安全职责情况的监督抽查"])],
             scope="全市电影放映单位", ratio=(">=", 0.2), freq=1, months=[7, 11], mode="市县联查",
             credit="根据企业信用风险分类结果", industry=("电影放映", "R")),
    30: dict(name="对企业年度报告的双随机抽查",
             lead=("高平市市场监督管理局", "市场监督管理局", ["市场主体登记事项和公示信息检查"]),
             partners=[("高平市人社局", "人力资源和社会保障局", ["对企业遵守劳动保障法律法规的检查"])],
             scope="全市各类企业年报信息", ratio=("=", 0.005), freq=1, months=[7, 11], mode="县抽县查",
             credit="根据企业信用风险分类结果", industry=("企业年度报告", None)),
    36: dict(name="对单用预付卡备案企业抽查",
             lead=("高平市工信局", "工业和信息化局", ["单用预付卡备案情况的检查", "章程或协议公示情况以及退卡服务情况的检查",
                                              "实名制、限制制、非现金制、资金管理制度的执行情况检查", "填报单用预付卡业务等情况的检查",
                                              "规模发卡企业登录商务部“单用通商业预付卡业务信息系统”填报情况的检查"]),
             partners=[("高平市市场监督管理局", "市场监督管理局", ["市场主体登记事项和公示信息检查"])],
             scope="本辖区已发行单用预付卡企业", ratio=("=", 0.05), freq=1, months=[4, 11], mode="县抽县查",
             credit="根据企业信用风险分类结果", industry=("单用途预付卡", "F")),
    43: dict(name="对采矿业工业报表统计调查",
             lead=("高平市统计局", "统计局", ["对调查对象依法提供统计资料情况、对调查记录和统计台账情况的检查、对调查对象建立并执行统计资料管理制度情况的检查"]),
             partners=[("高平市市场监督管理局", "市场监督管理局", ["市场主体登记事项和公示信息市场检查"])],
             scope="全区采选业", ratio=("=", 0.01), freq=1, months=[3, 12], mode="县抽县查",
             credit="根据企业信用风险分类结果", industry=("矿产资源开采", "B")),
    53: dict(name="对矿业权人勘查信息公示的抽查",
             lead=("高平市自然资源局", "自然资源局", ["对辖区内发证的矿山企业年度报告公示信息等项检查"]),
             partners=[("高平市市场监督管理局", "市场监督管理局", ["市场主体登记事项和公示信息检查"])],
             scope="全市范围内有效期内的矿业权人", ratio=("=", 0.05), freq=1, months=[1, 3], mode="县抽县查",
             credit="根据企业信用风险分类结果", industry=("矿产资源开采", "B")),
}

JIANGXIAN_ROWS = {
    1: dict(name="2024年度对出版物零售单位的双随机抽查", lead=("宣传部", "宣传部", ["对出版物零售单位经营情况的检查"]),
            partners=[("文旅局", "文化和旅游局", [])], scope="本辖区出版业经营单位", ratio=(">=", 0.05), freq=1,
            months=[3, 11], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("出版物发行", "F")),
    8: dict(name="2024年度对旅馆业从业单位的双随机抽查", lead=("公安局", "公安局", ["旅馆业从业单位取得许可证及其他情况的检查"]),
            partners=[("市场监管局", "市场监督管理局", []), ("卫生监督所", "卫生监督所", []), ("消防队", "消防救援机构", [])],
            scope="本辖区各类旅馆", ratio=(">=", 0.3), freq=1, months=[3, 11], mode="县抽县查",
            credit="根据企业信用风险分类结果", industry=("旅馆业", "H")),
    21: dict(name="2024年度对园林绿化工程建设的市场监管的双随机抽查", lead=("住建局", "住房和城乡建设局", ["园林绿化工程建设的市场监管"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="本辖区园林绿化相关企业从业人员", ratio=("=", 1.0),
             freq=1, months=[4, 11], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("建筑业", "E")),
    28: dict(name="2024年度对机动车维修经营单位抽查", lead=("交通运输局", "交通运输局", ["机动车维修经营单位监督检查"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="本辖区机动车维修经营单位", ratio=(">=", 0.3), freq=1,
             months=[3, 11], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("机动车维修", "O")),
    36: dict(name="2024年度对中小学教育装备产品的双随机抽查",
             lead=("教育局", "教育局", ["中小学教育装备产品（含文具、教学仪器、器材、校服、音体美器材、课桌椅、课桌等）检查"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="本辖区中小学", ratio=("=", 0.3), freq=1,
             months=[3, 11], mode="县抽县查", credit=None, industry=("教育", "P")),
    46: dict(name="2024年度对滑雪场双随机抽查", lead=("卫体局", "卫生健康和体育局", ["对取得高危经营许可证、安全生产、设施设备等安全检查"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="本辖区滑雪场", ratio=("=", 1.0), freq=1,
             months=[1, 3], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("体育场所", "R")),
    55: dict(name="2024年度对档案服务企业的双随机抽查", lead=("档案局", "档案局", ["档案服务工作情况的检查"]),
             partners=[("市场监管局", "市场监督管理局", []), ("保密局", "保密局", [])], scope="本辖区档案服务企业",
             ratio=("=", 1.0), freq=1, months=[3, 11], mode="县抽县查", credit="根据企业信用风险分类结果",
             industry=("档案服务", "L")),
    56: dict(name="2024年度对劳务派遣用工单位的双随机抽查",
             lead=("人社局", "人力资源和社会保障局", ["劳务派遣单位和用工单位遵守劳务派遣法律法规的监督检查"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="本辖区劳务派遣单位", ratio=("=", 1.0), freq=1,
             months=[4, 9], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("人力资源服务", "L")),
    64: dict(name="2024年度对能源企业(煤矿除外)建立重大危险源管理制度行政检查",
             lead=("能源局", "能源局", ["对能源企业(煤矿除外)建立重大危险源管理制度的行政检查"]),
             partners=[("市场监管局", "市场监督管理局", [])], scope="电力企业(含自备电厂)、新能源企业", ratio=("=", 1.0),
             freq=1, months=[3, 11], mode="县抽县查", credit="根据企业信用风险分类结果", industry=("电力和新能源", "D")),
}


def check_row(t, expected):
    assert t["name"] == expected["name"]
    assert dept(t["lead"]) == expected["lead"]
    assert [dept(p) for p in t["partners"]] == expected["partners"]
    assert t["scope"] == expected["scope"]
    assert (t["ratio"]["op"], t["ratio"]["value"]) == expected["ratio"]
    assert t["frequency_per_year"] == expected["freq"]
    assert t["months"] == expected["months"]
    assert t["mode"] == expected["mode"]
    if expected["credit"] is None:
        assert t["credit_risk_rule"] is None
    else:
        assert t["credit_risk_rule"].startswith(expected["credit"])
    assert (t["industry"]["tag"], t["industry"]["section"]) == expected["industry"]


@pytest.mark.parametrize("seq", sorted(GAOPING_ROWS))
def test_gaoping_rows(gaoping, seq):
    check_row(task(gaoping, seq), GAOPING_ROWS[seq])


@pytest.mark.parametrize("seq", sorted(JIANGXIAN_ROWS))
def test_jiangxian_rows(jiangxian, seq):
    check_row(task(jiangxian, seq), JIANGXIAN_ROWS[seq])


def test_repairs_are_recorded_on_the_task(gaoping, jiangxian):
    rules = lambda t: [r["rule"] for r in t["repairs"]]  # noqa: E731
    assert "seq-restart" in rules(task(gaoping, 24))  # printed 21
    assert task(gaoping, 40)["seq_as_printed"] == "10"
    assert "ocr-confusion" in rules(task(gaoping, 12))  # 不低子10%
    assert task(gaoping, 9)["ratio"]["as_written"] == "抽查比例不低干20%; 1次/年"  # as printed
    assert "column-by-content" in rules(task(gaoping, 12))  # mode printed under 信用风险
    assert "shifted-departments" in rules(task(gaoping, 36))
    assert "mode-spelling" in rules(task(jiangxian, 1))  # 县抽查 县抽查
    assert task(jiangxian, 1)["mode_as_written"] == "县抽查 县抽查"


def test_every_department_resolves_after_errata():
    from generator.core.config import load_config
    from generator.core.findings import Findings
    from generator.plans.store import load_plans

    findings = Findings()
    config = load_config("site_config.yml")
    plans = load_plans(config, Reference.load("data/reference"), findings)
    assert not findings.errors and not findings.warnings, [str(f) for f in findings]
    for plan in plans:
        for t in plan["tasks"]:
            assert t["lead"]["department"], (plan["plan"]["id"], t["seq"])
            assert all(p["department"] for p in t["partners"]), (plan["plan"]["id"], t["seq"])
            assert t["industry"] is not None
    gaoping = {t["seq"]: t for t in plans[0]["tasks"]}
    assert gaoping[26]["partners"][1] == {"department": "卫生健康和体育局", "as_written": "高校卫生健康体育局",
                                          "items": ["学校卫生管理情况检查"]}
    assert gaoping[52]["scope"] == "全市范围内测绘质量单位"
    assert gaoping[52]["corrections"][0]["as_printed"] == "全市范围内有效期内的矿业权人"
