"""Identifiers found in inspection data: credit codes (public) and personal numbers (never public).

- 统一社会信用代码 (GB 32100-2015) identifies the inspected business and is published.
- 居民身份证号码 (GB 11643-1999) and mobile numbers are personal data: a page that carries one
  must not be published, and no message may print one in full (see `mask`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from generator.core.findings import ERROR, WARNING, Finding

# --- normalisation -------------------------------------------------------------------------

# Codes are often typed with an IME left in full-width mode (９１３５…), with spaces between
# groups, or in lower case; none of that changes the code. The mapping is one character to one
# character, so offsets in a normalised text are offsets in the original.
_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL_TO_HALF[0x3000] = 0x20  # ideographic space


def _half_width(s: str) -> str:
    return s.translate(_FULL_TO_HALF)


def normalize_code(s: str) -> str:
    """Full-width → half-width, drop all whitespace, upper-case."""
    return "".join(_half_width(s).split()).upper()


# --- 统一社会信用代码 ------------------------------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_VALUE = {ch: i for i, ch in enumerate(CREDIT_ALPHABET)}
_CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28

VALID = "valid"
BAD_CHECK = "bad_check"
MALFORMED = "malformed"


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are given."""
    body = normalize_code(first17)
    if len(body) != 17 or any(ch not in _CREDIT_VALUE for ch in body):
        raise ValueError(f"expected 17 credit-code characters, got {first17!r}")
    total = sum(_CREDIT_VALUE[ch] * w for ch, w in zip(body, _CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]  # c = 31 means 0


def make_credit_code(first17: str) -> str:
    """Complete a credit code with its check character (for demo data)."""
    return normalize_code(first17) + credit_code_check_char(first17)


def check_credit_code(code: str) -> tuple[str, str | None]:
    """Return (status, message): status is "valid", "bad_check" or "malformed".

    A failed check is its own status, not "malformed": some codes issued in the early
    years genuinely fail it, so callers treat it as a warning and a malformed code as an error.
    """
    c = normalize_code(code)
    if not c:
        return MALFORMED, "credit code is empty"
    bad = sorted({ch for ch in c if ch not in _CREDIT_VALUE})
    if bad:
        return MALFORMED, (
            f"credit code {c} contains {', '.join(bad)}, not in the credit-code alphabet (no I, O, S, V, Z)"
        )
    if len(c) != 18:
        return MALFORMED, f"credit code {c} has {len(c)} characters, expected 18"
    expected = credit_code_check_char(c[:17])
    if c[17] != expected:
        return BAD_CHECK, f"credit code {c} has check character {c[17]}, expected {expected}"
    return VALID, None


def credit_code_finding(code: str, **where) -> Finding | None:
    """check_credit_code as a Finding (None when valid); `where` is file/row/column."""
    status, message = check_credit_code(code)
    if status == VALID:
        return None
    if status == BAD_CHECK:
        return Finding("credit-code-bad-check", message, WARNING, **where)
    return Finding("credit-code-malformed", message, ERROR, **where)


# --- 居民身份证号码 -------------------------------------------------------------------------

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    """The 18th character of a resident ID number whose first 17 digits are given."""
    body = normalize_code(first17)
    if len(body) != 17 or not body.isascii() or not body.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    return _ID_CHECK[sum(int(ch) * w for ch, w in zip(body, _ID_WEIGHTS)) % 11]


def _plausible_birth_date(yyyymmdd: str) -> bool:
    """A real calendar date in 1900–2099. Deliberately wide: the scanner errs towards reporting."""
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8])
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def is_valid_id_number(s: str) -> bool:
    """18 characters with a plausible birth date and a correct check character,
    or the pre-1999 15-digit form (birth date 19YYMMDD at positions 7–12, no check character)."""
    n = normalize_code(s)
    if not n.isascii():
        return False
    if len(n) == 18:
        return (
            n[:17].isdigit()
            and _plausible_birth_date(n[6:14])
            and n[17] == id_check_char(n[:17])
        )
    if len(n) == 15:
        return n.isdigit() and _plausible_birth_date("19" + n[6:12])
    return False


# --- personal data in free text ------------------------------------------------------------

# Ways a clerk (or a contributor hiding one) writes a number that do not change it. Zero-width
# characters are dropped; every kind of space becomes " " and every dash "-", so a number split by
# NBSP, double spaces or a full-width hyphen reads as one written with ASCII separators.
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
_NORMAL = dict(_FULL_TO_HALF)
_NORMAL.update(dict.fromkeys([0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F], 0x20))
_NORMAL.update(dict.fromkeys([*range(0x2010, 0x2016), 0x2212, 0xFE63], 0x2D))
_HAS_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """(flat text, offset map); the map is None when offsets did not move (no zero-width chars)."""
    if not _HAS_ZERO_WIDTH.search(text):
        return text.translate(_NORMAL), None
    kept = [i for i, ch in enumerate(text) if ord(ch) not in _ZERO_WIDTH]
    return "".join(text[i] for i in kept).translate(_NORMAL), kept


# Maximal runs of ASCII letters and digits: a credit code is one such run, so it can be
# recognised (and skipped) as a whole before anything inside it is read as a personal number.
_RUN = re.compile(r"[0-9A-Za-z]+")
# A chunk is a run of digits, ending in the ID check character X when nothing alphanumeric follows,
# or that X alone, written apart (140581 19800101 123 X).
_CHUNK = re.compile(r"\d+(?:[Xx](?![0-9A-Za-z]))?|(?<![0-9A-Za-z])[Xx](?![0-9A-Za-z])")
# Between two chunks of one written number: one to three spaces, hyphens, dots, slashes or
# parentheses (138-1234 5678, (138)1234-5678, 140581 19800101 1231). Never a line break or a comma.
_SEPARATOR = re.compile(r"[ \t\-./()]{1,3}")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
# First two digits of an ID number: a province-level division (GB/T 2260), 81-83 for the
# residence permits of Hong Kong, Macao and Taiwan residents.
_PROVINCES = {*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
              *range(61, 66), 71, 81, 82, 83}
# Every personal number has 11 digits or more, with only separators (any width) and zero-width
# characters between two, never a letter: a credit code with letters is no candidate. The two
# classes are disjoint, so the search is linear.
_GAP = "[ \t\\-./()\u00a0\u2000-\u200d\u2010-\u2015\u202f\u205f\u2060\u2212\u3000\ufe63\ufeff\uff08\uff09\uff0d-\uff0f]"
_ELEVEN_DIGITS = re.compile(f"[0-9０-９](?:{_GAP}{{0,9}}[0-9０-９]){{10}}")
_LONGEST = 22  # 0086 + an 18-digit number: no window of chunks needs more digits


def _looks_like_credit_code(run: str) -> bool:
    """An 18-character run that is a credit code rather than an ID number.

    Shape: every character in the credit-code alphabet, positions 3–8 digits (the division
    code). With a letter anywhere before the last place it cannot be an ID number. An all-digit run
    (some credit codes are) counts as a credit code only if its credit-code check holds and its
    ID check fails; when both hold we cannot tell, and report it as an ID to be safe.
    """
    if len(run) != 18:
        return False
    r = run.upper()
    if any(ch not in _CREDIT_VALUE for ch in r) or not r[2:8].isdigit():
        return False
    if not r[:17].isdigit() or r[17] not in "0123456789X":
        return True
    return credit_code_check_char(r[:17]) == r[17] and id_check_char(r[:17]) != r[17]


@dataclass(frozen=True)
class PersonalMatch:
    kind: str  # "id_number" or "mobile"
    start: int  # span in the text as given
    end: int
    text: str  # as written, separators and zero-width characters included


def _is_id(digits: str, alone: bool) -> bool:
    """An ID number of 18 or 15 digits.

    `alone`: the whole of one chunk as written (140581199001011236). Such a run counts with a
    plausible birth date only, whatever its check character: a mistyped ID number is still
    someone's ID number. A number assembled from groups, or cut from a longer run, must also
    start with a province code and (18 digits) pass the check, or dates and amounts in a row
    would read as ID numbers.
    """
    if len(digits) == 18:
        if not (digits[:17].isdigit() and digits[17] in "0123456789Xx" and _plausible_birth_date(digits[6:14])):
            return False
        return alone or (int(digits[:2]) in _PROVINCES and id_check_char(digits[:17]) == digits[17].upper())
    if len(digits) == 15 and digits.isdigit():
        return int(digits[:2]) in _PROVINCES and _plausible_birth_date("19" + digits[6:12])
    return False


# How mobile numbers and old 15-digit ID numbers are grouped when written with separators.
# Only these: any split of 11 digits would read a list of small numbers (1998-1-5 1998-1-15)
# as a mobile. An 18-digit ID number may be split anywhere: its check character guards it.
_MOBILE_GROUPS = {(11,), (3, 8), (3, 4, 4), (7, 4), (4, 3, 4), (4, 4, 3), (3, 3, 5)}
_OLD_ID_GROUPS = {(15,), (6, 9), (6, 6, 3)}


def _window_kind(digits: str, sizes: list[int]) -> tuple[int, str] | None:
    """(characters to skip, kind) when the digits of a window of chunks read as a personal number."""
    mobile = _MOBILE.fullmatch(digits)
    if mobile:
        skip = mobile.start(1)  # +86 / 0086 written apart from the number is left out of the match
        grouped = (sizes[0] - skip, *sizes[1:])
        return (skip, "mobile") if skip < sizes[0] and grouped in _MOBILE_GROUPS else None
    if len(digits) == 15 and tuple(sizes) not in _OLD_ID_GROUPS:
        return None
    return (0, "id_number") if _is_id(digits, alone=len(sizes) == 1) else None


def _candidates(flat: str, chunks: list[re.Match]) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every window of consecutive chunks that reads as a personal number."""
    found = []
    for i, first in enumerate(chunks):
        digits, sizes = "", []
        for j in range(i, len(chunks)):
            chunk = chunks[j]
            if j > i and not _SEPARATOR.fullmatch(flat, chunks[j - 1].end(), chunk.start()):
                break
            if digits and not digits[-1].isdigit():
                break  # an X ends a number
            digits += chunk.group()
            sizes.append(len(chunk.group()))
            if len(digits) > _LONGEST:
                break
            kind = _window_kind(digits, sizes)
            if kind:
                found.append((first.start() + kind[0], chunk.end(), kind[1]))
        run = first.group()
        for k in range(1, len(run) - 17):  # an ID number inside a longer run of digits
            if _is_id(run[k:k + 18], alone=False):
                found.append((first.start() + k, first.start() + k + 18, "id_number"))
    return found


def find_personal_spans(text: str) -> list[PersonalMatch]:
    """Every ID number (18 or 15 digits) and mainland mobile number in `text`, in text order.

    Matching runs on a normalised copy (half-width, spaces and dashes unified, zero-width
    characters dropped); spans are in `text` as given. Credit codes are recognised first and
    skipped. Where matches overlap, the longest wins (+86 138 1234 5678 is one number).
    """
    if not _ELEVEN_DIGITS.search(text):
        return []  # nearly every cell and line: the full scan is the costliest check per result row
    flat, offsets = _normalise(text)
    codes = [r.span() for r in _RUN.finditer(flat) if _looks_like_credit_code(r.group())]
    chunks = [c for c in _CHUNK.finditer(flat) if not any(a <= c.start() < b for a, b in codes)]
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(_candidates(flat, chunks), key=lambda c: c[0] - c[1]):
        if all(end <= a or start >= b for a, b, _ in taken):
            taken.append((start, end, kind))
    matches = []
    for start, end, kind in sorted(taken):
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        matches.append(PersonalMatch(kind, start, end, text[start:end]))
    return matches


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, matched) pairs of find_personal_spans, kinds "id_number" and "mobile"."""
    return [(m.kind, m.text) for m in find_personal_spans(text)]


REDACTION = "＊"


def redact(text: str) -> tuple[str, list[PersonalMatch]]:
    """`text` with every personal number replaced by as many ＊ as it had characters.

    Same length, so line and column numbers of everything else stay true, and the reader sees
    that something was removed and where.
    """
    matches = find_personal_spans(text)
    for m in reversed(matches):
        text = text[: m.start] + REDACTION * (m.end - m.start) + text[m.end :]
    return text, matches


def mask(s: str) -> str:
    """First 3 and last 2 characters, the rest as *; too short a string is masked whole."""
    if len(s) <= 5:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 5) + s[-2:]


_KIND_NAMES = {"id_number": "resident ID number", "mobile": "mobile number"}
_FINDING_KINDS = {"id_number": "personal-id-number", "mobile": "personal-mobile"}


def personal_data_findings(text: str, **where) -> list[Finding]:
    """One error per personal number in `text`, masked so the log doesn't leak it either."""
    return [
        Finding(
            _FINDING_KINDS[kind],
            f"{_KIND_NAMES[kind]} {mask(matched)} must not be published",
            ERROR,
            **where,
        )
        for kind, matched in find_personal_data(text)
    ]
