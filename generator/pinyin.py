"""Hanyu Pinyin for slugs and search: one place that decides how Chinese is romanised."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def syllables(text: str) -> list[str]:
    """Toneless syllables; ü is written v (lv), as Chinese keyboards type it."""
    return [s.lower() for s in lazy_pinyin(text, errors="default") if s.strip()]


def slugify(text: str) -> str:
    """A URL slug from Chinese text: 市场监督管理局 -> shi-chang-jian-du-guan-li-ju."""
    parts = []
    for syllable in syllables(text):
        part = _NON_SLUG.sub("-", syllable.lower()).strip("-")
        if part:
            parts.append(part)
    return "-".join(parts)


def initials(text: str) -> str:
    return "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s and s[0].isalnum()).lower()
