"""Interface text translated when a template compiles (generator/site/pages.py _Translate) prints what
jinja2's own gettext prints when the page renders, in both languages."""

import jinja2
import pytest

from generator.site import i18n
from generator.site.pages import environment

TEMPLATES = [
    '{{ _("搜索") }}',  # a constant
    '<a title="{{ _("搜索") }}">{{ _("%(count)s条", count=n) }}</a>',  # a value put in
    '{{ _("%(count)s条", count=hostile) }}',  # the value escaped, the translation not
    '{{ _(word) }}',  # a variable: left to gettext at render time
    '{{ _("不在目录里的 100%% 文字") }}',  # no entry in the catalogue: the msgid, with gettext's % applied
]
VALUES = {"n": 3, "hostile": "<script>", "word": "搜索"}


def gettext_at_render(lang: str) -> jinja2.Environment:
    """jinja2's i18n extension as it is documented: every _() asks the catalogue on every render."""
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)
    return env


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("source", TEMPLATES)
def test_compiled_translation_prints_what_gettext_prints(lang, source):
    expected = gettext_at_render(lang).from_string(source).render(**VALUES)
    with i18n.activate(lang):
        assert environment([], lang).from_string(source).render(**VALUES) == expected


def test_an_english_constant_is_template_data_not_a_call():
    code = environment([], i18n.ENGLISH).compile('{{ _("搜索") }}', raw=True)
    assert "Search" in code and "gettext" not in code and "'搜索'" not in code
