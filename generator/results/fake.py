"""Fictional result files at a province's volume, for the benches (bench/) and the tests; never published.

Businesses get names shaped like real ones (county, trade name, trade, form) so the lookup
index sees realistic character and pinyin statistics; every name still ends in （示例） and every
credit code is invented (valid check character, random organisation part).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from generator.results.model import HEADERS
from generator.text.identifiers import CREDIT_ALPHABET, make_credit_code

# Shanxi's prefectures and counties (GB/T 2260), for realistic name prefixes and division codes.
COUNTIES = [
    ("太原市", "140100"), ("小店区", "140105"), ("迎泽区", "140106"), ("清徐县", "140121"), ("阳曲县", "140122"),
    ("古交市", "140181"), ("大同市", "140200"), ("阳高县", "140221"), ("天镇县", "140222"), ("广灵县", "140223"),
    ("灵丘县", "140224"), ("浑源县", "140225"), ("左云县", "140226"), ("阳泉市", "140300"), ("平定县", "140321"),
    ("盂县", "140322"), ("长治市", "140400"), ("襄垣县", "140423"), ("屯留区", "140405"), ("平顺县", "140425"),
    ("黎城县", "140426"), ("壶关县", "140427"), ("长子县", "140428"), ("武乡县", "140429"), ("沁县", "140430"),
    ("沁源县", "140431"), ("晋城市", "140500"), ("沁水县", "140521"), ("阳城县", "140522"), ("陵川县", "140524"),
    ("泽州县", "140525"), ("高平市", "140581"), ("朔州市", "140600"), ("山阴县", "140621"), ("应县", "140622"),
    ("右玉县", "140623"), ("怀仁市", "140681"), ("晋中市", "140700"), ("榆社县", "140721"), ("左权县", "140722"),
    ("和顺县", "140723"), ("昔阳县", "140724"), ("寿阳县", "140725"), ("祁县", "140727"), ("平遥县", "140728"),
    ("灵石县", "140729"), ("介休市", "140781"), ("运城市", "140800"), ("临猗县", "140821"), ("万荣县", "140822"),
    ("闻喜县", "140823"), ("稷山县", "140824"), ("新绛县", "140825"), ("绛县", "140826"), ("垣曲县", "140827"),
    ("夏县", "140828"), ("平陆县", "140829"), ("芮城县", "140830"), ("永济市", "140881"), ("河津市", "140882"),
    ("忻州市", "140900"), ("定襄县", "140921"), ("五台县", "140922"), ("代县", "140923"), ("繁峙县", "140924"),
    ("宁武县", "140925"), ("静乐县", "140926"), ("神池县", "140927"), ("五寨县", "140928"), ("原平市", "140981"),
    ("临汾市", "141000"), ("曲沃县", "141021"), ("翼城县", "141022"), ("襄汾县", "141023"), ("洪洞县", "141024"),
    ("古县", "141025"), ("安泽县", "141026"), ("浮山县", "141027"), ("吉县", "141028"), ("乡宁县", "141029"),
    ("侯马市", "141081"), ("霍州市", "141082"), ("吕梁市", "141100"), ("文水县", "141121"), ("交城县", "141122"),
    ("兴县", "141123"), ("临县", "141124"), ("柳林县", "141125"), ("石楼县", "141126"), ("岚县", "141127"),
    ("方山县", "141128"), ("中阳县", "141129"), ("交口县", "141130"), ("孝义市", "141181"), ("汾阳市", "141182"),
]
TRADE_CHARS = ("恒鑫瑞宏盛兴隆福顺德嘉利丰祥泰安康永宝晋汇通宇博新源达昌旺发诚信和晟远辉明华成航润峰茂"
               "金鼎聚鸿锦泽天正大中星辰佳美益众合凯强森林海川山河春秋晨曦光耀荣升腾飞龙凤鹏程"
               "万家乐喜庆吉祥如意广厦宁静雅致精工匠心百草堂仁济民生惠农兴旺开元太和长青松柏竹梅兰菊")
TRADES = ("印刷有限公司", "书店", "粮油购销有限公司", "网吧", "歌舞娱乐有限公司", "旅行社有限公司", "养老服务中心",
          "宾馆", "保安服务有限公司", "种业有限公司", "农资经销部", "铸造有限公司", "化工有限公司",
          "房地产开发有限公司", "燃气有限公司", "煤业有限公司", "超市", "大药房", "培训学校", "健身有限公司",
          "加油站", "美容美发店", "运输有限公司", "物业管理有限公司", "矿业有限公司", "便利店", "建筑工程有限公司",
          "汽车修理厂", "检测有限公司", "汽车销售有限公司", "快递有限公司", "饭店", "餐饮管理有限公司",
          "商贸有限公司", "食品有限公司", "科技有限公司", "文化传媒有限公司", "农业专业合作社", "五金建材经营部")
KINDS = [("未发现问题", 70), ("发现问题已责令改正", 8), ("未发现开展本次抽查涉及的经营活动", 6),
         ("通过登记的住所(经营场所)无法联系", 4), ("发现问题待后续处理", 3), ("未按规定公示应当公示的信息", 3),
         ("已关闭停业或正在组织清算", 2), ("已注销", 1), ("不配合检查情节严重", 1), ("已迁出", 1), ("已吊销营业执照", 1)]
ROWS_PER_FILE = 200_000


def _businesses(rng: random.Random, n: int) -> list[tuple[str, str]]:
    used: set[str] = set()
    out = []
    for _ in range(n):
        county, division = rng.choice(COUNTIES)
        trade_name = "".join(rng.choice(TRADE_CHARS) for _ in range(rng.choice((2, 2, 2, 3))))
        trade = rng.choice(TRADES)
        name = f"{county}{trade_name}{trade}（示例）"
        if rng.random() < 0.03:
            out.append((name, ""))  # names only, as some notices list them
            continue
        prefix = "92" if trade.endswith(("店", "部", "厂", "网吧", "宾馆", "超市", "饭店", "加油站")) else "91"
        while True:
            code = make_credit_code(prefix + division + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9)))
            if code not in used:
                used.add(code)
                break
        out.append((name, code))
    return out


def fake_businesses(size: int, seed: int = 1) -> list[tuple[str, str]]:
    """The businesses write_fake_results(…, size, …, seed) writes, without writing anything."""
    return _businesses(random.Random(seed), int(size / 1.6 * 1.05) + 10)


def write_fake_results(plans: list[dict], size: int, directory: Path, seed: int = 1,
                       rows_per_file: int = ROWS_PER_FILE) -> list[tuple[str, str]]:
    """Write `size` result rows as CSV files of `rows_per_file` rows under `directory`; return the
    businesses (name, code).

    Each business is inspected in 1–3 distinct tasks (1.6 on average), never twice in one task,
    so the data validates with warnings only (late publications, missing codes), as real data would.
    """
    rng = random.Random(seed)
    tasks = [(p["plan"]["id"], p["plan"]["year"], t) for p in plans for t in p["tasks"] if t.get("months")]
    businesses = _businesses(rng, int(size / 1.6 * 1.05) + 10)  # a few spare: the 1–3 draw varies
    # (fake_businesses repeats exactly this first use of the seed)
    kinds, weights = [k for k, _ in KINDS], [w for _, w in KINDS]
    directory.mkdir(parents=True, exist_ok=True)
    written, part, fh, writer = 0, 0, None, None
    for name, code in businesses:
        for plan_id, year, task in rng.sample(tasks, rng.choices((1, 2, 3), (55, 30, 15))[0]):
            if written == size:
                break
            if written % rows_per_file == 0:
                if fh:
                    fh.close()
                fh = open(directory / f"results-{part:03d}.csv", "w", encoding="utf-8-sig", newline="")
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(list(HEADERS.values()))
                part += 1
            first, last = task["months"]
            inspected = date(year, rng.randint(first, min(last, 11)), rng.randint(1, 28))
            late = rng.random() < 0.04
            published = inspected + timedelta(days=rng.randint(30, 45) if late else rng.randint(3, 24))
            lead = task["lead"]["department"] or task["lead"]["as_written"]
            writer.writerow([plan_id, task["seq"], name, code, inspected.isoformat(), lead,
                             rng.choices(kinds, weights)[0], "", published.isoformat()])
            written += 1
    if fh:
        fh.close()
    return businesses


def change_one_row(path: Path) -> None:
    """Flip the result of the first row of a file written above: what one office's correction changes."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    row = lines[1].split(",")
    row[6] = "发现问题已责令改正" if row[6] != "发现问题已责令改正" else "未发现问题"
    lines[1] = ",".join(row)
    path.write_text("\ufeff" + "".join(lines), encoding="utf-8")
