"""Names to pinyin for search: 张伟 → ("zhangwei", "zw").

pypinyin reads characters in context, which costs ~20 µs a name; a roster import of
100,000 rows would spend seconds there. A name's reading depends almost only on its
characters, so each character is converted once and cached. Surnames with a reading of
their own (单 Shàn, 曾 Zēng, 解 Xiè …) are taken from a table: pypinyin reads them as the
common word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "乐": "yue",
    "盖": "ge",
    "覃": "qin",
    "缪": "miao",
    "翟": "zhai",
    "秘": "bi",
    "召": "shao",
    "折": "she",
    "种": "chong",
    "华": "hua",
    "任": "ren",
    "沈": "shen",
    "尉": "yu",
    "长": "zhang",
    "燕": "yan",
    "黑": "he",
    "繁": "po",
    "员": "yun",
    "都": "du",
}


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    if ch.isascii():
        return ch.lower()
    reading = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return reading[0].lower() if reading else ""


# A run of Latin letters or digits is one "syllable" (a foreign name); any other
# character is one on its own.
_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]")


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, without spaces or separators.
    Characters with no reading (·, punctuation) are dropped."""
    syllables = []
    for i, token in enumerate(_TOKEN.findall(name)):
        syllable = SURNAME_READINGS.get(token) if i == 0 else None
        syllable = syllable or _char(token)
        if syllable:
            syllables.append(syllable)
    return "".join(syllables), "".join(s[0] for s in syllables)
