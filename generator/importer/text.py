"""General text repair rules for text extracted from PDFs.

Each rule returns the repaired text and a list of Repair records, so that
every change the importer makes is visible on the task it was made to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A Han character, or full-width punctuation that sits between Han characters in
# running Chinese text. PDF extraction inserts spaces where a cell wrapped.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
_CJK_PUNCT = r"，。、；：？！“”‘’（）《》〈〉【】〔〕…—·"
_CJKISH = f"[{_HAN}{_CJK_PUNCT}]"
_STRAY_SPACE = re.compile(f"(?<={_CJKISH})\\s+(?={_CJKISH})")
_SPACE_RUN = re.compile(r"\s+")

# OCR confusions of a glyph with a look-alike, only where the context makes the
# intended word unambiguous (不低子 is never Chinese; 不低于 always is).
OCR_CONFUSIONS: dict[str, str] = {
    "不低子": "不低于",
    "不低干": "不低于",
    "不低千": "不低于",
    "不高子": "不高于",
    "不高干": "不高于",
    "不高千": "不高于",
}


@dataclass(frozen=True)
class Repair:
    """One automatic change: which rule, on which field, from what to what."""

    rule: str
    field: str
    before: str
    after: str

    def to_dict(self) -> dict:
        return {"rule": self.rule, "field": self.field, "as_printed": self.before, "repaired": self.after}


def to_halfwidth_digits(text: str) -> str:
    """Full-width digits and Latin letters (１０％) become ASCII; Chinese punctuation stays."""
    out = []
    for ch in text:
        if "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ" or ch in "％．":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def squeeze(text: str) -> str:
    """Remove spaces between Chinese characters and collapse the rest to one space."""
    text = _STRAY_SPACE.sub("", text)
    return _SPACE_RUN.sub(" ", text).strip()


def clean(text: str | None, field: str) -> tuple[str, list[Repair]]:
    """Apply the cell-level rules (stray spaces, OCR confusions) and record them."""
    if text is None:
        return "", []
    repairs: list[Repair] = []
    raw = _SPACE_RUN.sub(" ", text).strip()
    value = squeeze(to_halfwidth_digits(raw))
    if value != raw and _SPACE_RUN.sub("", value) != _SPACE_RUN.sub("", raw):
        repairs.append(Repair("halfwidth", field, raw, value))
    elif value != raw:
        # Only whitespace changed: wrapped cell. Recorded once, not per space.
        repairs.append(Repair("stray-spaces", field, raw, value))
    for wrong, right in OCR_CONFUSIONS.items():
        if wrong in value:
            fixed = value.replace(wrong, right)
            repairs.append(Repair("ocr-confusion", field, value, fixed))
            value = fixed
    return value, repairs
