"""The site's two languages: Chinese, as the templates and modules write it, and English from a catalogue.

In: the page's language; Chinese interface strings (the msgids) marked `{% trans %}` / `_()` in
templates/pages/*.j2 and templates/layout/, `_()` / `N_()` here and in the modules that make page
text, `t()` in templates/assets/*.js. Out: the English of each, from the one catalogue
generator/locale/en/LC_MESSAGES/messages.po (kept by `make i18n`: Babel extracts, then updates
the .po). The .po is compiled in memory once per process, so no compiled .mo is kept beside it.

Text made before a page is rendered (a results table's captions and cells, a dashboard's title) is
a `Text`: it takes the language of the page that shows it, and the JSON chunks of a paged table are
written once per language. Names we hold in English (departments, industries, result kinds, modes,
months) read "English (中文)" on English pages; the Chinese name, and every other Chinese value
from the data, sits in a lang="zh-CN" span so a screen reader and a browser's font choice know it.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import io
import re
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

SOURCE = "zh-CN"  # the templates' language: the msgids
ENGLISH = "en"
LANGUAGES = (SOURCE, ENGLISH)
LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "messages.po"
NAMES = {SOURCE: "中文", ENGLISH: "English"}  # the language switch says each in its own language

_active: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=SOURCE)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def N_(msgid: str) -> str:
    """Marks a msgid for extraction where it is defined; it is translated where it is shown."""
    return msgid


@functools.cache
def catalogue():
    """The English catalogue as Babel reads it (messages, their locations)."""
    with open(CATALOGUE, "rb") as fh:
        return read_po(fh, locale="en")


@functools.cache
def translations(lang: str) -> NullTranslations:
    if lang != ENGLISH:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    compiled.seek(0)
    return Translations(compiled)


def language() -> str:
    return _active.get()


@contextlib.contextmanager
def activate(lang: str):
    """Text made or shown inside this block is in `lang`."""
    token = _active.set(lang)
    try:
        yield
    finally:
        _active.reset(token)


def _(msgid: str) -> str:
    return translations(language()).gettext(msgid)


def english() -> bool:
    return language() == ENGLISH


# --- text made before its page is rendered ----------------------------------------------------

class Text:
    """A msgid with %(name)s values, translated when it is shown: str() as plain text (chunks,
    attributes, titles), escaped HTML with Chinese values in lang spans when a template prints it."""

    def __init__(self, msgid: str, **values):
        self.msgid = msgid
        self.values = values

    def __str__(self) -> str:
        return _(self.msgid) % {k: str(v) for k, v in self.values.items()}

    def __html__(self) -> str:
        return Markup(escape(_(self.msgid))) % {k: html(v) for k, v in self.values.items()}


class Named:
    """A name we hold in both languages: 市场监督管理局, or on English pages
    'Administration for Market Regulation (市场监督管理局)'."""

    def __init__(self, zh: str, en: str | None):
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return f"{self.en} ({self.zh})" if english() and self.en else self.zh

    def __html__(self) -> str:
        if english() and self.en:
            return Markup(f"{escape(self.en)} ({zh_span(self.zh)})")
        return escape(self.zh)

    @property
    def short(self) -> str:
        """Only the name in the page's language (a chart's label, an option): the other is beside it elsewhere."""
        return self.en if english() and self.en else self.zh


class Joined:
    """Values joined by the page's list separator (、 in Chinese, a comma in English)."""

    def __init__(self, parts, separator: str = "、"):
        self.parts = list(parts)
        self.separator = separator

    def _sep(self) -> str:
        return {"、": ", ", "；": "; "}.get(self.separator, self.separator) if english() else self.separator

    def __str__(self) -> str:
        return self._sep().join(str(p) for p in self.parts)

    def __html__(self) -> str:
        return Markup(escape(self._sep())).join(html(p) for p in self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)


class Later:
    """A value worked out in the language of the page that shows it: `function(*args)` when printed
    (a task's months, a day), for cells made before any page is rendered."""

    def __init__(self, function, *args):
        self.function = function
        self.args = args

    def __str__(self) -> str:
        return str(self.function(*self.args))

    def __html__(self) -> str:
        return html(self.function(*self.args))


def html(value) -> Markup:
    """A value printed on a page: our text as it renders itself, Chinese data in a lang span on English pages."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    return zh_span(value) if isinstance(value, str) else escape(value)


def zh_span(value) -> Markup:
    """Chinese from the data on an English page, marked as Chinese; our text objects render themselves."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    text = "" if value is None else str(value)
    if english() and _HAN.search(text):
        return Markup(f'<span lang="zh-CN">{escape(text)}</span>')  # not Markup.format: string.Formatter is slow
    return escape(text)


def plain(value) -> str:
    """Our text as a table cell's JSON holds it: a plain string in the active language. It is json's
    default= for cells (tables.py): the C encoder walks the rows and dicts, and asks only for these."""
    if isinstance(value, (Text, Named, Joined, Later)):
        return str(value)
    raise TypeError(f"a table cell cannot hold a {type(value).__name__}")


# --- fields we hold in English ----------------------------------------------------------------

MONTHS = [N_("1月"), N_("2月"), N_("3月"), N_("4月"), N_("5月"), N_("6月"), N_("7月"), N_("8月"), N_("9月"),
          N_("10月"), N_("11月"), N_("12月")]
LEVELS = {"省": N_("省"), "市": N_("市"), "县": N_("县"), "区": N_("区")}
_MODE = re.compile(r"^([省市县区])抽([省市县区])查$")
_JOINT = re.compile(r"^([省市县区])([省市县区])联查$")


def month(number: int) -> str:
    return _(MONTHS[number - 1])


def day_text(value) -> str:
    """A day as the page's language writes it: 2023年3月1日, 1 March 2023."""
    if not value:
        return _("未注明")
    if english():
        return f"{value.day} {month(value.month)} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def months_text(task) -> Named | str:
    """A task's months (model.Task) in the page's language: 3–12月, or March–December (3–12月)."""
    if not english() or not task.months:
        return task.months_text
    start, end = task.months
    if task.crosses_year:
        words = _("%(start)s–次年%(end)s") % {"start": month(start), "end": month(end)}
    else:
        words = month(start) if start == end else f"{month(start)}–{month(end)}"
    return Named(task.months_text, words)


def mode_name(mode: str | None) -> Named | None:
    """An inspection mode (抽查模式): 市抽县查 is 'City draws, county inspects (市抽县查)' in English."""
    if not mode:
        return None
    drawn = _MODE.match(mode)
    joint = _JOINT.match(mode)
    if drawn:
        en = _("%(draws)s抽%(inspects)s查") % {"draws": _(LEVELS[drawn.group(1)]), "inspects": _(LEVELS[drawn.group(2)])}
    elif joint:
        en = _("%(first)s%(second)s联查") % {"first": _(LEVELS[joint.group(1)]), "second": _(LEVELS[joint.group(2)])}
    else:
        return Named(mode, None)
    return Named(mode, en[:1].upper() + en[1:] if english() else en)


def plan_label(plan) -> Text:
    """高平市 2023年; Gaoping's plan in English keeps its place's Chinese name: 高平市 2023."""
    return Text("%(place)s %(year)s年", place=plan.meta["jurisdiction"], year=plan.meta["year"])


# --- what the browser is handed ----------------------------------------------------------------

# The msgids each script shows, by where they are written: the script itself, and for search.js the
# group names its index carries (generator/publish/search/documents.py).
BROWSER_SOURCES = {
    "search.js": ("templates/assets/search.js", "generator/site/labels.py"),
    "lookup.js": ("templates/assets/lookup.js",),
    "results-table.js": ("templates/assets/results-table.js",),
    "plan-filter.js": ("templates/assets/plan-filter.js",),
}


@functools.cache
def _browser_messages(script: str, lang: str) -> str:
    import json

    if lang != ENGLISH:
        return "{}"
    sources = BROWSER_SOURCES[script]
    found = {m.id: m.string for m in catalogue() if m.id and m.string
             and any(path in sources for path, _line in m.locations)}
    return json.dumps(dict(sorted(found.items())), ensure_ascii=False, separators=(",", ":"))


def browser_messages(script: str) -> str:
    """JSON {msgid: English} of what `script` shows, for its root element's data-i18n ({} in Chinese)."""
    return _browser_messages(script, language())


def extract_labels(fileobj, keywords, comment_tags, options):
    """Babel extractor for generator/site/labels.py (babel.cfg): its marked strings, and the labels the
    site shows from earlier stages' plain data: the importer's column labels and the search index's
    group and filter names (stages above the site cannot mark them)."""
    from babel.messages.extract import extract_python

    for found in extract_python(fileobj, keywords, comment_tags, options):
        yield found
    for label in other_stage_labels():
        yield 0, "_", label, []


def other_stage_labels() -> list[str]:
    from generator.importer.columns import FIELD_LABELS
    from generator.publish.search.documents import FACETS, KIND_LABELS

    return list(dict.fromkeys([*FIELD_LABELS.values(), *KIND_LABELS.values(), *FACETS.values()]))
