"""Hanyu Pinyin and typed-text folding: the one place that decides how Chinese is romanised.

In: Chinese text (names, titles) or what a visitor typed. Out: slugs, toneless syllables,
readings, and `browser_rules()`, the same table and rules as data for search.js and lookup.js
(shipped in their index files, so the browser never holds a hand copy).

Every pypinyin call of the project is here. Search (generator/publish/search/tokenizer.py) and the
lookup (generator/publish/lookup/terms.py) build their terms from these functions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin import __version__ as READINGS_VERSION  # noqa: F401  (a cache key of what the readings make)
from pypinyin.constants import PHRASES_DICT

# Characters treated as Han: CJK Unified Ideographs, Extension A, compatibility
# ideographs (NFKC maps most of them away) and the supplementary planes' extensions.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CLASS}]")
UMLAUTS = "üǖǘǚǜ"  # ü with and without tone marks: written v, as Chinese keyboards type it
MARKS = "\u0300-\u036f"  # combining accents and tone marks, dropped after NFKD
_UMLAUT = re.compile(f"[{UMLAUTS}]")
_MARKS = re.compile(f"[{MARKS}]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# Every toneless syllable pypinyin writes (ü as v), 㖸 nia included, so that every reading a
# name is indexed with can be typed. Left out: interjections without vowel (m, n, ng, hm, hng:
# they would make every n or m in a query a syllable) and readings of a handful of
# supplementary-plane characters (biang, bong, cei, din, wong) and ê, which no keyboard types.
SYLLABLES = tuple("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu
cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e
ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan
guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang
jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui
kun kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv
lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng
ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi
pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren
reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen
sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te
tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang
xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan
zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang
zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
SYLLABLE_SET = frozenset(SYLLABLES)

# Visitors who write ü as u type lue and nue (lu and nu are syllables of their own, so lv and
# nv cannot be spelt so): a query reads these spellings as the ü syllable they stand for.
U_SPELLINGS = {s.replace("v", "u"): s for s in SYLLABLES if "v" in s and s.replace("v", "u") not in SYLLABLE_SET}
# What a typed query is segmented into: the syllables and those spellings, in spelling order.
QUERY_SYLLABLES = tuple(sorted((*SYLLABLES, *U_SPELLINGS)))
_TYPED = frozenset(QUERY_SYLLABLES)
_TYPED_STARTS = frozenset(s[:i] for s in QUERY_SYLLABLES for i in range(1, len(s) + 1))
SYLLABLE_MAX = max(map(len, QUERY_SYLLABLES))


def is_syllable(letters: str) -> bool:
    """A whole syllable as a visitor may type it (lue and nue included)."""
    return letters in _TYPED


def starts_syllable(letters: str) -> bool:
    """The start of a syllable being typed (shichangj: j)."""
    return letters in _TYPED_STARTS


def letter_readings(joined: str, most: int, partial: bool) -> list[list[str]]:
    """The best `most` ways to read letters as syllables, fewest pieces first, then by the pieces'
    spelling: "xian" → [[xian], [xi, an]]. `partial`: the last piece may be a syllable's start."""

    @lru_cache(maxsize=None)
    def tails(start: int) -> tuple[tuple[str, ...], ...]:
        # Keeping only the best `most` at every position keeps the search small (a run like
        # "anananan…" has exponentially many readings) and loses none of the best.
        if start == len(joined):
            return ((),)
        out = []
        for end in range(start + 1, min(len(joined), start + SYLLABLE_MAX) + 1):
            piece = joined[start:end]
            if is_syllable(piece) or (partial and end == len(joined) and starts_syllable(piece)):
                out.extend((piece, *rest) for rest in tails(end))
        out.sort(key=lambda s: (len(s), s))
        return tuple(out[:most])

    return [list(t) for t in tails(0)]


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case, ü → v, accents and tone marks dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _UMLAUT.sub("v", text)
    return _MARKS.sub("", unicodedata.normalize("NFKD", text))


def syllable_variants(syllable: str) -> list[str]:
    """lv → [lv, lu]; nve → [nve, nue]; others unchanged: the spellings visitors type."""
    return [syllable, syllable.replace("v", "u")] if "v" in syllable else [syllable]


def browser_rules() -> dict:
    """The table and folding rules as search.js and lookup.js receive them (in their index files)."""
    return {"syllables": " ".join(SYLLABLES), "u_spellings": dict(U_SPELLINGS), "umlauts": UMLAUTS,
            "marks": MARKS, "han_class": HAN_CLASS}


# --- pypinyin -------------------------------------------------------------------------------

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


def tone_slug(text: str) -> str:
    """A slug with tone numbers, for homophones: 税务局 -> shui4-wu4-ju2, 水务局 -> shui3-wu4-ju2."""
    return "-".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)).lower()


def initials(text: str) -> str:
    return "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s and s[0].isalnum()).lower()


def _unknown(text: str) -> list[str]:
    return ["?"] * len(text)


def _syllable(s: str) -> str:
    return normalize(s).replace(" ", "")


def context_reading(run: str) -> tuple[str, ...]:
    """One syllable per character of a Han run, as pypinyin reads it in context; ? for none."""
    return tuple(_syllable(r[0]) for r in pinyin(run, style=Style.NORMAL, errors=_unknown))


def every_reading(word: str) -> list[list[str]]:
    """Per character, every reading pypinyin lists (its main one first), each once; ? for none."""
    return [list(dict.fromkeys(_syllable(s) for s in r))
            for r in pinyin(word, style=Style.NORMAL, heteronym=True, errors=_unknown)]


def known_phrase(word: str) -> bool:
    """pypinyin reads this word as a phrase (its polyphones are settled)."""
    return word in PHRASES_DICT


@lru_cache(maxsize=1)
def _phrase_readings() -> dict[str, set[str]]:
    """Readings each character has in pypinyin's phrase list: the ones people actually use."""
    from pypinyin.style import convert

    used: dict[str, set[str]] = {}
    for phrase, options in PHRASES_DICT.items():
        for char, listed in zip(phrase, options):
            used.setdefault(char, set()).add(convert(listed[0], Style.NORMAL, strict=True))
    return used


@lru_cache(maxsize=None)
def common_readings(char: str, most: int) -> tuple[str, ...]:
    """Toneless readings of one character; a letter or digit reads as itself.

    The dictionary lists archaic readings too (有 wei, 司 ci); indexing them would only add noise
    and index size. So: the main reading, plus those a common phrase uses (银行 hang, 长 zhang);
    a character in no phrase keeps its first two (宇晟: pypinyin says cheng, people say sheng).
    At most `most`."""
    if char.isascii():
        return (char,)
    listed = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore") if HAN.match(char) else []
    found = [r for r in dict.fromkeys(listed[0] if listed else []) if r in SYLLABLE_SET]
    used = _phrase_readings().get(char)
    keep = found[:2] if not used else [r for i, r in enumerate(found) if i == 0 or r in used]
    return tuple(keep)[:most]
