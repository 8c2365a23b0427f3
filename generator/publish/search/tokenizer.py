"""The search tokenizer: one set of rules for documents (here, at build time) and
queries (here for tests, and in templates/assets/search.js in the browser).

lunr's own pipeline is not used at all (see the domain notes: lunr.js's trimmer
deletes every Han character, its stop-word filter deletes pinyin syllables such
as an/he/you, and lunr.py and lunr.js stem differently). Documents are tokenized
here into plain terms, one list per field, and indexed with an empty pipeline;
queries are turned into terms by the same rules and sent with the query pipeline
off. The index file therefore names no pipeline function, and lunr.js loads it
as it is.

Fields and their terms (all lower-case):

    t, b, a   Han terms of the title, the body and the aliases/synonyms: every
              character bigram; in t and a also every character and jieba's search
              words of three or more characters (a one-character query finds names
              and titles, not every body that uses the character).
    yt, y     pinyin of the title / of names, aliases and synonyms: every syllable
              (lv) and every pair of neighbouring syllables within a run of Han text
              (lv_guan). ü is written v; a syllable with v is also indexed with u
              (lu, lu_guan) because visitors type both.
    i         pinyin initials of the title, names and aliases: from the start of each
              jieba word, the initials of the rest of its run, cut to INITIALS_MAX
              letters (市场监督管理局 → scjdglj, jdglj, glj).
    e         English words (folded, crude plural removed) and any Latin letters
              or digits written in the Chinese text (2024, a级 → a).

A query becomes "levels" of "alternatives", each a list of clauses (term, fields,
required or optional, trailing wildcard or not); see plan_query. The browser
builds the same plan from the same rules (the syllable table and folding rules come from
generator/text/pinyin.py, shipped in the index file): tests/js/search.test.mjs (Node) and
tests/browser/test_search_browser.py (Chromium) check that both sides plan every query of the test
table (tests/queries/search.json) identically.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

from generator.text.pinyin import (HAN_CLASS, browser_rules, context_reading, every_reading, known_phrase,
                                   letter_readings, normalize, syllable_variants)

jieba.setLogLevel(logging.WARNING)

SEGMENT = re.compile(f"([{HAN_CLASS}]+)|([a-z0-9]+)")
_LETTERS = re.compile("[a-z]+")

INITIALS_MAX = 8        # initials terms are cut to this many letters; so are initials queries
PINYIN_QUERY_MAX = 40   # longer joined pinyin is not segmented (a pasted sentence)
SEGMENTATIONS_MAX = 8   # at most this many readings of an ambiguous pinyin query
FMM_MAX = 8             # longest word tried when splitting a Han run into known words
READINGS_MAX = 4        # readings of one run of Han text (polyphones in unknown words)
ALIAS_VARIANTS_MAX = 4  # combinations of department spellings tried for one query
TRANSLIT_MAX = 6        # Han texts a pinyin/initials query is also tried as

HAN_FIELDS = ("t", "b", "a")
PINYIN_FIELDS = ("yt", "y")
INITIALS_FIELDS = ("i",)
ENGLISH_FIELDS = ("e",)
INDEX_FIELDS = (*HAN_FIELDS, *PINYIN_FIELDS, *INITIALS_FIELDS, *ENGLISH_FIELDS)
BOOSTS = {"t": 6, "b": 1, "a": 3, "yt": 4, "y": 1, "i": 2, "e": 2}

# English words that do not have to be present (they are still used to rank).
STOP_WORDS = ("a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with")


# --- shared rules (search.js does the same; table and folding: generator/text/pinyin.py) ------

def segments(text: str) -> list[tuple[str, str]]:
    """('han', run) and ('latin', word) pieces of normalized text, in order; the rest separates."""
    return [("han", m.group(1)) if m.group(1) else ("latin", m.group(2)) for m in SEGMENT.finditer(normalize(text))]


def chars(run: str) -> list[str]:
    return list(run)  # code points; search.js uses Array.from for the same


def bigrams(run: str) -> list[str]:
    cs = chars(run)
    return [cs[i] + cs[i + 1] for i in range(len(cs) - 1)]


def han_query_terms(run: str) -> list[str]:
    """What a Han run must match: its bigrams, or the character itself if it is alone (deduplicated)."""
    return _dedupe(bigrams(run)) if len(chars(run)) > 1 else [run]


def english_word(word: str) -> str:
    """A crude plural fold, the same on both sides: agencies → agency, hotels → hotel."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def segment_pinyin(joined: str) -> list[list[str]]:
    """Every way to read letters as syllables; the last piece may be a syllable's start (typing).

    Fewest pieces first, at most SEGMENTATIONS_MAX readings: "xian" → [[xian], [xi, an]].
    """
    if not joined or len(joined) > PINYIN_QUERY_MAX or not _LETTERS.fullmatch(joined):
        return []
    # Whole syllables first; a last piece that is only a syllable's start ("shichangj") is
    # tried only when whole syllables cannot read the letters: the last term's wildcard
    # already covers a word still being typed.
    return (letter_readings(joined, SEGMENTATIONS_MAX, partial=False)
            or letter_readings(joined, SEGMENTATIONS_MAX, partial=True))


def fmm_split(run: str, vocabulary) -> list[str]:
    """Forward maximum matching of a Han run against known terms (index terms of 2+ characters)."""
    cs = chars(run)
    pieces, i = [], 0
    while i < len(cs):
        for size in range(min(FMM_MAX, len(cs) - i), 0, -1):
            piece = "".join(cs[i:i + size])
            if size == 1 or piece in vocabulary:
                pieces.append(piece)
                i += size
                break
    return pieces


# --- query plan ---------------------------------------------------------------------------

def _clause(term: str, fields, required: bool = True, wildcard: bool = False, boost: float = 1) -> dict:
    return {"term": term, "fields": list(fields), "required": required, "wildcard": wildcard, "boost": boost}


def _han_clauses(run: str) -> list[dict]:
    clauses = [_clause(term, HAN_FIELDS) for term in han_query_terms(run)]
    if len(chars(run)) > 2:  # the whole run, where jieba made it a word, ranks first
        clauses.append(_clause(run, HAN_FIELDS, required=False, boost=2))
    return clauses


def _latin_alternatives(words: list[str]) -> list[dict]:
    """Readings of the Latin words: pinyin (every segmentation), initials, English."""
    alternatives = []
    joined = "".join(words)
    for reading in segment_pinyin(joined):
        if len(reading) == 1:
            terms = [reading[0]]
        else:
            terms = [a + "_" + b for a, b in zip(reading, reading[1:])]
        clauses = [_clause(term, PINYIN_FIELDS, wildcard=(k == len(terms) - 1)) for k, term in enumerate(terms)]
        alternatives.append({"kind": "pinyin", "syllables": reading, "clauses": clauses})
    if _LETTERS.fullmatch(joined):
        alternatives.append({"kind": "initials", "letters": joined[:INITIALS_MAX],
                             "clauses": [_clause(joined[:INITIALS_MAX], INITIALS_FIELDS, wildcard=True)]})
    english = [english_word(w) for w in words]
    all_stop = all(w in STOP_WORDS for w in english)
    clauses = [_clause(w, ENGLISH_FIELDS, required=all_stop or w not in STOP_WORDS, wildcard=True) for w in english]
    alternatives.append({"kind": "english", "words": english, "clauses": clauses})
    return alternatives


def _run_variants(runs: list[str], aliases) -> list[list[str]]:
    """The runs as typed, then with a department's other spelling (or its start) replaced by
    the canonical name: 市监局, 市场监管 → 市场监督管理局. At most ALIAS_VARIANTS_MAX."""
    variants: list[list[str]] = [[]]
    for run in runs:
        options = [run]
        if len(chars(run)) > 1:
            for spelling, canonical in aliases or ():
                if spelling.startswith(run) and canonical != run and canonical not in options:
                    options.append(canonical)
        variants = [v + [o] for v in variants for o in options]
    return variants[:ALIAS_VARIANTS_MAX]


def _syllable_matches(typed: str, syllable: str, last: bool) -> bool:
    return any(v.startswith(typed) if last else v == typed for v in syllable_variants(syllable))


def transliterate(words: list[str], names) -> list[str]:
    """Han text that the Latin words spell, found in the names table (department, industry
    and place names, aliases, synonyms, words of task titles): gaoping → 高平, scjg → 市场监管.

    Pinyin of two or more syllables (the last may be incomplete) or initials of three or more
    letters, matched anywhere in a name; at most TRANSLIT_MAX texts, in the table's order."""
    joined = "".join(words)
    found: list[str] = []
    readings = [r for r in segment_pinyin(joined) if len(r) > 1]
    for reading in readings:
        size = len(reading)
        for han, syllables in names:
            cs = chars(han)
            for start in range(len(syllables) - size + 1):
                if all(_syllable_matches(q, syllables[start + j], j == size - 1) for j, q in enumerate(reading)):
                    found.append("".join(cs[start:start + size]))
    if _LETTERS.fullmatch(joined) and 3 <= len(joined) <= INITIALS_MAX:
        size = len(joined)
        for han, syllables in names:
            cs = chars(han)
            letters = "".join(s[0] for s in syllables)
            for start in range(len(letters) - size + 1):
                if letters[start:start + size] == joined:
                    found.append("".join(cs[start:start + size]))
    return _dedupe(found)[:TRANSLIT_MAX]


class QueryContext:
    """What a query plan needs from the index file (search.js builds the same from it):
    the Han terms of the index (to split runs into words), department spellings, names."""

    def __init__(self, vocabulary=(), aliases=(), names=()):
        self.vocabulary = set(vocabulary)
        self.aliases = [tuple(a) for a in aliases]
        self.names = [(han, syllables.split() if isinstance(syllables, str) else list(syllables))
                      for han, syllables, *_ in names]


def plan_query(query: str, context: QueryContext | None = None) -> dict:
    """The query as levels of alternatives; the first level that finds anything is the answer.

    An alternative is a list of clauses that must all hold (its required clauses); the results
    of a level are the union of its alternatives' results.

    Level 1 ("exact"): every Han run's bigrams (or its one character) required, combined
    with each reading of the Latin words: pinyin (each segmentation into syllables: syllable
    pairs required, the last one as a prefix), initials (a prefix), English words (prefixes).
    Han runs that are a department's other spelling, or its start, are also tried as the
    canonical name (市监局 → 市场监督管理局); Latin words that spell a known name are also
    tried as that Han text (gaoping → 高平), so pinyin finds what Chinese finds.
    Level 2 ("words"), only when a Han run of three or more characters splits into known
    words (leaving out at most one character): each word's bigrams required: 高平旅馆 finds
    高平 … 旅馆 though no page writes them together.
    """
    context = context or QueryContext()
    segs = segments(query)
    runs = [text for kind, text in segs if kind == "han"]
    words = [text for kind, text in segs if kind == "latin"]
    plan = {"runs": runs, "words": words, "levels": []}
    if not runs and not words:
        return plan
    latin = _latin_alternatives(words) if words else []
    spelled = transliterate(words, context.names) if words else []

    def level(han_runs: list[str]) -> list[dict]:
        alternatives = []
        for variant in _run_variants(han_runs, context.aliases):
            han = [c for run in variant for c in _han_clauses(run)]
            if not words:
                alternatives.append({"kind": "han", "runs": variant, "clauses": han})
            for alt in latin:
                alternatives.append({**alt, "runs": variant, "clauses": han + alt["clauses"]})
        for text in spelled:
            for variant in _run_variants([*han_runs, text], context.aliases):
                alternatives.append({"kind": "spelled", "runs": variant,
                                     "clauses": [c for run in variant for c in _han_clauses(run)]})
        return alternatives

    plan["levels"].append({"kind": "exact", "alternatives": level(runs)})
    if context.vocabulary:
        split = []
        for run in runs:
            pieces = fmm_split(run, context.vocabulary) if len(chars(run)) > 2 else [run]
            long_pieces = [p for p in pieces if len(chars(p)) > 1]
            # One character no word covers may be left out (高平的旅馆), not more: 市场监官局 is not 市场.
            if long_pieces and len(pieces) - len(long_pieces) <= 1:
                split.extend(long_pieces)
            else:
                split.append(run)
        if split != runs:
            plan["levels"].append({"kind": "words", "alternatives": level(split)})
    return plan


# --- document side ------------------------------------------------------------------------

def _dedupe(items):
    return list(dict.fromkeys(items))


@lru_cache(maxsize=None)
def _search_words(run: str) -> tuple[str, ...]:
    return tuple(w for w in jieba.cut_for_search(run) if len(w) > 2)


def han_terms(text: str, characters: bool = True, words: bool = True) -> list[str]:
    """Han document terms: characters, bigrams, and jieba words of three or more characters."""
    terms = []
    for kind, run in segments(text):
        if kind == "han":
            if characters:
                terms.extend(chars(run))
            terms.extend(bigrams(run))
            if words:
                terms.extend(_search_words(run))
    return terms


@lru_cache(maxsize=None)
def run_readings(run: str) -> tuple[tuple[str, ...], ...]:
    """Readings of a Han run, one syllable per character: pypinyin's reading in context first,
    then, for words neither pypinyin nor jieba knows (names: 宇晟 is read yu cheng, but may be
    yu sheng), the other readings of their polyphones; at most READINGS_MAX readings."""
    base = context_reading(run)
    readings = [base]
    position = 0
    for word in jieba_words(run):
        size = len(word)
        if size > 1 and not known_phrase(word) and not jieba.dt.FREQ.get(word):
            options = every_reading(word)
            combos = [[]]
            for opts in options:
                combos = [c + [o] for c in combos for o in opts][:READINGS_MAX]
            for combo in combos:
                alt = base[:position] + tuple(combo) + base[position + size:]
                if len(alt) == len(base) and alt not in readings:
                    readings.append(alt)
        position += size
    return tuple(readings[:READINGS_MAX])


@lru_cache(maxsize=None)
def jieba_words(run: str) -> tuple[str, ...]:
    jieba.initialize()
    return tuple(jieba.cut(run))


def pinyin_terms(text: str) -> list[str]:
    """Syllables and neighbouring pairs (a_b) of every Han run, in every reading, with ü as v and u."""
    terms = []
    for kind, run in segments(text):
        if kind != "han":
            continue
        for reading in run_readings(run):
            for k, syl in enumerate(reading):
                terms.extend(syllable_variants(syl))
                if k + 1 < len(reading):
                    pair = syl + "_" + reading[k + 1]
                    terms.extend(syllable_variants(pair))
    return [t for t in terms if "?" not in t]


def initials_terms(text: str) -> list[str]:
    """From the start of each word (jieba), the initials of the rest of its run, cut to
    INITIALS_MAX letters: 市场监督管理局 → scjdglj, jdglj, glj. A query of initials is a prefix."""
    terms = []
    for kind, run in segments(text):
        if kind != "han":
            continue
        starts, position = [], 0
        for word in jieba_words(run):
            starts.append(position)
            position += len(word)
        for reading in run_readings(run):
            letters = "".join(s[0] if s and s[0].isalpha() else "?" for s in reading)
            for k in starts:
                tail = letters[k:k + INITIALS_MAX].split("?")[0]
                if tail:
                    terms.append(tail)
    return terms


def english_terms(text: str) -> list[str]:
    """Latin words of any text (English names, digits and letters inside Chinese)."""
    return [english_word(w) for kind, w in segments(text) if kind == "latin"]


def readings_of_chars(text: str) -> dict[str, set[str]]:
    """Character → syllables it was indexed with: search.js uses it to highlight pinyin matches."""
    out: dict[str, set[str]] = {}
    for kind, run in segments(text):
        if kind != "han":
            continue
        for reading in run_readings(run):
            for ch, syl in zip(chars(run), reading):
                if "?" not in syl:
                    out.setdefault(ch, set()).update(syllable_variants(syl))
    return out


def tokenizer_config() -> dict:
    """The constants search.js needs, shipped in the index file so both sides share them."""
    return {
        "fields": {"han": list(HAN_FIELDS), "pinyin": list(PINYIN_FIELDS), "initials": list(INITIALS_FIELDS),
                   "english": list(ENGLISH_FIELDS)},
        "initials_max": INITIALS_MAX,
        "pinyin_query_max": PINYIN_QUERY_MAX,
        "segmentations_max": SEGMENTATIONS_MAX,
        "fmm_max": FMM_MAX,
        "alias_variants_max": ALIAS_VARIANTS_MAX,
        "translit_max": TRANSLIT_MAX,
        "stop_words": list(STOP_WORDS),
        **browser_rules(),  # the syllable table and the folding rules: search.js has no copy
    }
