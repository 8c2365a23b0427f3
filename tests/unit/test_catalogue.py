"""The English catalogue (generator/locale/en/LC_MESSAGES/messages.po) against the strings the code marks.

Extraction runs here as `make i18n` runs it (babel.cfg, the same keywords), so a string added to a
template, a module or a script without its English, or an entry left behind by a removed string,
fails this test instead of showing Chinese on an English page.
"""

from __future__ import annotations

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

from generator.site import i18n
from tests.helpers import ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "Text": None, "t": None}


def extracted() -> dict[str, set[str]]:
    """msgid -> the files that mark it, as `make i18n` extracts them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, filename="babel.cfg")
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, set()).add(filename)
    return found


def test_every_marked_string_has_its_english_and_no_entry_is_stale():
    marked = extracted()
    catalogue = {m.id: m.string for m in i18n.catalogue() if m.id}
    assert len(marked) > 250
    assert sorted(set(marked) - set(catalogue)) == [], "marked but not in the catalogue: run make i18n"
    assert sorted(set(catalogue) - set(marked)) == [], "stale entries: run make i18n"
    assert sorted(msgid for msgid, english in catalogue.items() if not english) == [], "untranslated"


def test_translations_keep_every_placeholder():
    import re

    placeholder = re.compile(r"%\((\w+)\)s|%%")
    wrong = [m.id for m in i18n.catalogue() if m.id
             and sorted(placeholder.findall(m.id)) != sorted(placeholder.findall(m.string))]
    assert wrong == []


def test_the_english_catalogue_answers_and_chinese_is_the_source():
    with i18n.activate("en"):
        assert i18n._("抽查计划") == "Inspection plans"
        assert str(i18n.mode_name("市抽县查")) == "City draws, county inspects (市抽县查)"
        assert str(i18n.Named("市场监督管理局", "Administration for Market Regulation")) == \
            "Administration for Market Regulation (市场监督管理局)"
        assert i18n.month(3) == "March"
    with i18n.activate("zh-CN"):
        assert i18n._("抽查计划") == "抽查计划"
        assert str(i18n.mode_name("市抽县查")) == "市抽县查"


def test_labels_from_earlier_stages_are_in_the_catalogue():
    catalogue = {m.id for m in i18n.catalogue()}
    assert set(i18n.other_stage_labels()) <= catalogue


def test_each_script_is_handed_the_english_it_shows():
    import json

    with i18n.activate("en"):
        handed = json.loads(i18n.browser_messages("plan-filter.js"))
    with i18n.activate("zh-CN"):
        assert i18n.browser_messages("plan-filter.js") == "{}"
    marked = {msgid for msgid, files in extracted().items() if "templates/assets/plan-filter.js" in files}
    assert marked and set(handed) == marked
