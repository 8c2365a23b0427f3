"""The search's query table (tests/queries/search.json) and the real pages its answers name.

Shared by the Python side (tests/unit/test_search.py) and the browser side
(tests/browser/test_search_browser.py); the Node test of search.js reads the same JSON.
"""

from __future__ import annotations

import json

from tests.helpers import ROOT

MARKET = "departments/shi-chang-jian-du-guan-li-ju/"
HOTEL_TASKS = ["plans/gaoping-2023/tasks/8/", "plans/jiangxian-2024/tasks/8/"]
HOTEL_INDUSTRY = "industries/lv-guan-ye/"
TRAVEL_AGENCY = "industries/lv-xing-she/"
CAFE = ["plans/gaoping-2023/tasks/4/", "plans/jiangxian-2024/tasks/11/", "industries/hu-lian-wang-shang-wang-fu-wu/"]
CINEMA = ["plans/gaoping-2023/tasks/24/", "plans/jiangxian-2024/tasks/3/", "industries/dian-ying-fang-ying/"]
POLICE = "departments/gong-an-ju/"
CULTURE = "departments/wen-hua-he-lv-you-ju/"
FIRE = "departments/xiao-fang-jiu-yuan-ji-gou/"
CHEMICALS = "industries/wei-xian-hua-xue-pin/"
ELDERLY = ["industries/yang-lao-ji-gou/", "plans/gaoping-2023/tasks/7/", "plans/jiangxian-2024/tasks/53/"]

# (query, what the visitor typed, URLs that must be among the results, URLs that must not): shared
# with the browser test and the Node test of search.js (tests/js/search.test.mjs).
QUERIES = json.loads((ROOT / "tests" / "queries" / "search.json").read_text(encoding="utf-8"))
QUERY_TABLE = [tuple(row) for row in QUERIES["table"]]
NOTHING = QUERIES["nothing"]
