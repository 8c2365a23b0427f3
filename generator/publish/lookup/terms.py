"""What the lookup index is made of, and how a query becomes index terms and a match test.

templates/assets/lookup.js implements the query side of this file line for line; the Python
reader (reader.py) uses it to check the index in tests. Change one, change the other:
tests/js/lookup.test.mjs checks they agree. Romanisation and folding: generator/text/pinyin.py.

Terms (a one-letter family prefix keeps them apart in one hash space):
  c<CODE>        the full credit code
  h<a>, h<ab>    each normalised character and each pair of neighbours (any Han text, 1–2 chars)
  s<syl>, s<x y> each toneless syllable and each pair (full pinyin); every reading of a polyphone
  i<ab>…i<abcd> first letters of 2 to 4 neighbouring syllables (initials: hycs)
A query's terms are necessary conditions: a business lacking one cannot match, so candidates
are the intersection of posting lists, and the match test (verification) removes the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.text.identifiers import normalize_code
from generator.text.pinyin import (SYLLABLE_MAX, HAN, U_SPELLINGS, common_readings, is_syllable, normalize,
                                   starts_syllable)

MAX_READINGS = 3  # pypinyin lists rare readings last; three cover real polyphones (行 xing/hang/heng)
MAX_TERMS = 6  # terms a query looks up at most: each may cost a shard fetch

# Jurisdiction prefixes (山西省运城市绛县…) as the index orders businesses and as a name query skips
# them when it chooses its terms; lookup.js reads it from the manifest (RE2, re and JavaScript alike).
LEVEL = "[^省市县区旗]{1,7}[省市县区旗]"  # one level: 山西省, 运城市, 绛县
JURISDICTION = rf"^(?:{LEVEL})+"
CODE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}")


def norm_chars(text: str) -> list[str]:
    """The characters a name is searched by: Han, a-z and 0-9, folded as generator/text/pinyin.py folds
    all typed text. Brackets, spaces and punctuation go: （示例） and (示例) are the same to a searcher."""
    return [c for c in normalize(text) if _searched(c)]


@lru_cache(maxsize=None)
def _searched(c: str) -> bool:
    return ("a" <= c <= "z") or ("0" <= c <= "9") or bool(HAN.match(c))


def readings(char: str) -> tuple[str, ...]:
    """Toneless readings of one normalised character (generator/text/pinyin.py common_readings)."""
    return common_readings(char, MAX_READINGS)


def name_readings(chars: list[str]) -> list[tuple[str, ...]]:
    return [readings(c) for c in chars]


def reading_text(chars: list[str]) -> str:
    """Readings as the browser receives them: per character, polyphones joined by /, _ for none."""
    return " ".join("/".join(readings(c)) or "_" for c in chars)


def name_terms(chars: list[str], terms: set[str]) -> None:
    """Add one name's index terms to `terms`: those each character adds with the (up to) three after it.
    Names share most of those windows (县名, 有限公司), so each window's terms are worked out once."""
    for k in range(len(chars)):
        terms.update(_window_terms(tuple(chars[k:k + 4])))


@lru_cache(maxsize=200_000)  # ~100 MB at most; a province's names repeat far fewer windows than that
def _window_terms(window: tuple[str, ...]) -> tuple[str, ...]:
    """The terms of window[0] within its window: the character and its readings; with the next, the pair,
    the syllable pairs and the initials of 2 (to 4, with the further ones) characters."""
    terms: set[str] = set()
    rs = name_readings(list(window))
    firsts = [sorted({r[0] for r in rd}) for rd in rs]
    n = len(window)
    terms.add("h" + window[0])
    for r in rs[0]:
        terms.add("s" + r)
    if n > 1:
        terms.add("h" + window[0] + window[1])
        for x in rs[0]:
            for y in rs[1]:
                terms.add(f"s{x} {y}")
        for a in firsts[0]:
            for b in firsts[1]:
                terms.add("i" + a + b)
                for c in firsts[2] if n > 2 else ():
                    terms.add("i" + a + b + c)
                    for d in firsts[3] if n > 3 else ():
                        terms.add("i" + a + b + c + d)
    return tuple(terms)


# --- queries --------------------------------------------------------------------------------

def segment(groups: list[str]) -> list[tuple[str, bool]] | None:
    """Split letter groups into syllables: fewest pieces, longer first piece on a tie; only the
    very last piece may be an unfinished syllable (complete=False). None if impossible."""
    pieces: list[tuple[str, bool]] = []
    for gi, group in enumerate(groups):
        last = gi == len(groups) - 1
        n = len(group)
        best: list[list[tuple[str, bool]] | None] = [None] * (n + 1)
        best[n] = []
        for i in range(n - 1, -1, -1):
            for length in range(min(SYLLABLE_MAX, n - i), 0, -1):
                piece = group[i:i + length]
                complete = is_syllable(piece)  # lue and nue (ü typed as u) read as lve and nve
                if not complete and not (last and i + length == n and starts_syllable(piece)):
                    continue
                rest = best[i + length]
                if rest is not None and (best[i] is None or len(rest) + 1 < len(best[i])):
                    best[i] = [(U_SPELLINGS.get(piece, piece) if complete else piece, complete), *rest]
        if best[0] is None:
            return None
        pieces.extend(best[0])
    return pieces


def _spread(items: list[str], limit: int = MAX_TERMS) -> list[str]:
    """At most `limit` items, evenly spaced, first and last kept: long queries look up fewer shards."""
    items = list(dict.fromkeys(items))
    if len(items) <= limit:
        return items
    return [items[round(i * (len(items) - 1) / (limit - 1))] for i in range(limit)]


def _trade_first(chars: list[str], limit: int = MAX_TERMS) -> list[str]:
    """The pair terms of a name query, those after its jurisdiction first (阳高县 and 有限公司 are shared
    by millions of names; the trade name's pairs are the rare ones), at most `limit`. Every pair is a
    necessary condition and the match test checks the whole text: this only chooses which to look up
    (10 million results: five of six whole names were not found with six pairs spread to both ends)."""
    text, start, level = "".join(chars), 0, re.compile(LEVEL)
    # The levels are read one by one, and one is skipped only while `limit` characters remain after it:
    # 恒源超市 looks like a level too (…市), and 有限公司 alone is no business.
    while (found := level.match(text, start)) and len(text) - found.end() >= limit:
        start = found.end()
    return list(dict.fromkeys(text[k:k + 2] for k in range(start, len(text) - 1)))[:limit]


def parse_query(query: str) -> dict:
    """{mode, terms, whole, ...}: mode is code, name, pinyin, initials, short or empty; whole when
    the one term is the whole match condition, so its document count is the number of answers."""
    raw = (query or "").strip()
    compact = normalize_code(raw)
    if CODE.fullmatch(compact):
        return {"mode": "code", "code": compact, "terms": ["c" + compact], "whole": True}
    chars = norm_chars(raw)
    if not chars:
        return {"mode": "empty", "terms": []}
    if any(not ("a" <= c <= "z") for c in chars):  # Han or digits: match the characters themselves
        text = "".join(chars)
        terms = ["h" + text] if len(chars) == 1 else ["h" + pair for pair in _trade_first(chars)]
        return {"mode": "name", "text": text, "terms": terms, "whole": len(chars) <= 2}
    groups = re.findall(r"[a-z]+", normalize(raw))
    pieces = segment(groups)
    if pieces and any(complete for _, complete in pieces):
        letters = [p[0] for p, _ in pieces]
        syllable_terms = [f"s{pieces[k][0]} {pieces[k + 1][0]}" for k in range(len(pieces) - 1)
                          if pieces[k][1] and pieces[k + 1][1]]
        if not syllable_terms:
            syllable_terms = ["s" + p for p, complete in pieces if complete]
        whole = len(pieces) == 1 and pieces[0][1]
        return {"mode": "pinyin", "pieces": [list(p) for p in pieces], "whole": whole,
                "terms": syllable_terms if whole else _spread(syllable_terms, 4) + _spread(_initial_terms(letters), 2)}
    letters = list("".join(groups))
    if len(letters) < 2:
        return {"mode": "short", "terms": []}
    return {"mode": "initials", "letters": letters, "terms": _spread(_initial_terms(letters)), "whole": len(letters) <= 4}


def _initial_terms(letters: list[str]) -> list[str]:
    """i-terms of up to 4 letters: 2–4 letters are one term (the whole condition), more overlap."""
    if len(letters) < 2:
        return []
    if len(letters) <= 4:
        return ["i" + "".join(letters)]
    return ["i" + "".join(letters[k:k + 4]) for k in range(len(letters) - 3)]


def matches(query: dict, names: list[str], code: str, reading_texts: list[str]) -> bool:
    """The exact test a candidate business must pass (reading_texts as in reading_text())."""
    mode = query["mode"]
    if mode == "code":
        return code == query["code"]
    if mode == "name":
        return any(query["text"] in "".join(norm_chars(name)) for name in names)
    for text in reading_texts:
        rs = [[] if r == "_" else r.split("/") for r in text.split(" ")] if text else []
        if mode == "pinyin":
            tests = [(lambda rd, p=p: p in rd) if complete else (lambda rd, p=p: any(r.startswith(p) for r in rd))
                     for p, complete in query["pieces"]]
        else:
            tests = [lambda rd, a=a: any(r[0] == a for r in rd) for a in query["letters"]]
        for start in range(len(rs) - len(tests) + 1):
            if all(test(rs[start + k]) for k, test in enumerate(tests)):
                return True
    return False
