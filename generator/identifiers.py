"""Identifiers found in inspection data: credit codes (public) and personal numbers (never public).

- 统一社会信用代码 (GB 32100-2015) identifies the inspected business and is published.
- 居民身份证号码 (GB 11643-1999) and mobile numbers are personal data: a page that carries one
  must not be published, and no message may print one in full (see `mask`).
"""

from __future__ import annotations

import re
from datetime import date

from generator.findings import ERROR, WARNING, Finding

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
    severity = WARNING if status == BAD_CHECK else ERROR
    return Finding(f"credit_code_{status}", message, severity, **where)


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

# Maximal runs of ASCII letters and digits: a credit code is one such run, so it can be
# recognised (and skipped) as a whole before anything inside it is read as a phone number.
_RUN = re.compile(r"[0-9A-Za-z]+")
_ID_18 = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
# Mobiles: 11 digits, alone or grouped 3-4-4 with one space or hyphen. Digit boundaries, so
# a longer number (bank card, 注册号) never yields one, except right after "+86"; landlines
# (0356-8881234) start with 0 and never match.
_MOBILE = re.compile(r"(?:(?<=\+86)|(?<!\d))1[3-9]\d(?P<sep>[ -]?)\d{4}(?P=sep)\d{4}(?!\d)")


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


def find_personal_data(text: str) -> list[tuple[str, str]]:
    """(kind, matched) pairs, in text order, kinds "id_number" and "mobile".

    An 18-character run of digits (last may be X) is reported as an ID number when positions
    7–14 are a plausible birth date, whether or not the check character is right: a mistyped ID
    number is still someone's ID number, and refusing to publish it is cheaper than leaking it.
    15-digit old-form numbers are not reported: old 15-digit 注册号 in the same documents would
    flood the report. `matched` is the text as written (full-width digits stay full-width).
    """
    flat = _half_width(text)  # same length as text, so spans map back
    found: list[tuple[int, str, str]] = []
    for run in _RUN.finditer(flat):
        if _looks_like_credit_code(run.group()):
            continue
        for m in _ID_18.finditer(run.group()):
            if _plausible_birth_date(m.group()[6:14]):
                start = run.start() + m.start()
                found.append((start, "id_number", text[start : run.start() + m.end()]))
    # Mobiles may span runs (138 1234 5678), so they are searched in the whole text, then any
    # inside a skipped credit code is dropped.
    codes = [r.span() for r in _RUN.finditer(flat) if _looks_like_credit_code(r.group())]
    for m in _MOBILE.finditer(flat):
        if not any(a <= m.start() < b for a, b in codes):
            found.append((m.start(), "mobile", text[m.start() : m.end()]))
    found.sort(key=lambda f: f[0])
    return [(kind, matched) for _, kind, matched in found]


def mask(s: str) -> str:
    """First 3 and last 2 characters, the rest as *; too short a string is masked whole."""
    if len(s) <= 5:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 5) + s[-2:]


_KIND_NAMES = {"id_number": "resident ID number", "mobile": "mobile number"}


def personal_data_findings(text: str, **where) -> list[Finding]:
    """One error per personal number in `text`, masked so the log doesn't leak it either."""
    return [
        Finding(
            f"personal_{kind}",
            f"{_KIND_NAMES[kind]} {mask(matched)} must not be published",
            ERROR,
            **where,
        )
        for kind, matched in find_personal_data(text)
    ]
