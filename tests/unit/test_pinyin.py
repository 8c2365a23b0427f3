"""The one romaniser (generator/text/pinyin.py): its syllable table, and that nothing else romanises."""

from __future__ import annotations

import re

from pypinyin import Style
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert

from generator.publish.lookup.terms import parse_query
from generator.publish.search.tokenizer import segment_pinyin, tokenizer_config
from generator.text.pinyin import QUERY_SYLLABLES, SYLLABLES, U_SPELLINGS, browser_rules, normalize
from tests.helpers import ROOT


def test_the_table_is_every_syllable_pypinyin_writes_but_interjections_and_rarities():
    written = {convert(r, Style.NORMAL, strict=True) for readings in pinyin_dict.values() for r in readings.split(",")}
    assert sorted(written - set(SYLLABLES)) == ["biang", "bong", "cei", "din", "hm", "hng", "m", "n", "ng", "wong", "ê"]
    assert set(SYLLABLES) <= written and len(SYLLABLES) == len(set(SYLLABLES)) == 415
    assert U_SPELLINGS == {"lue": "lve", "nue": "nve"}  # lu and nu are syllables of their own
    assert len(QUERY_SYLLABLES) == 417


def test_search_and_lookup_read_u_for_umlaut_alike():
    assert segment_pinyin("lue")[0] == ["lue"]  # the index holds lue beside lve
    assert parse_query("lue")["pieces"] == [["lve", True]]  # the lookup index holds lve only
    assert parse_query("Lǚguǎn")["pieces"] == [["lv", True], ["guan", True]]
    assert normalize("ＬǙ①") == "lv1"


def test_both_indexes_carry_the_table_and_rules_for_the_browser():
    assert browser_rules().items() <= tokenizer_config().items()
    assert browser_rules()["syllables"] == " ".join(SYLLABLES)


def test_only_generator_pinyin_calls_pypinyin():
    callers = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "generator").rglob("*.py"))
               if re.search(r"^\s*(from|import) pypinyin", p.read_text(encoding="utf-8"), re.M)]
    assert callers == ["generator/text/pinyin.py"]
