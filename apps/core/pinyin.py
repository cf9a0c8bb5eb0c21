"""Pinyin initials for search: `gpez` finds 高平二中.

pypinyin reads some surnames wrongly at the start of a name (曾 as ceng, 单 as dan);
a person's name starts with the surname, so those are read from an override table.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "查": "zha",
    "区": "ou",
    "乐": "yue",
    "覃": "qin",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "盖": "ge",
    "翟": "zhai",
    "缪": "miao",
    "种": "chong",
    "秘": "bi",
    "召": "shao",
    "员": "yun",
    "粘": "nian",
}


_SURNAMES_LONGEST_FIRST = sorted(SURNAME_READINGS, key=len, reverse=True)


# A name's reading is asked for twice on every save (search_key and sort_key) and
# pypinyin's phrase segmentation is the slow part of an import's row (~40 µs): cache
# whole texts (a reading depends on the neighbouring characters, so not per character).
@lru_cache(maxsize=65536)
def _reading(text: str, is_person: bool) -> tuple[str, ...]:
    if is_person:
        for surname in _SURNAMES_LONGEST_FIRST:
            if text.startswith(surname):
                rest = text[len(surname) :]
                return (SURNAME_READINGS[surname], *lazy_pinyin(rest, style=Style.NORMAL))
    return tuple(lazy_pinyin(text, style=Style.NORMAL))


def _syllables(text: str, *, is_person: bool) -> list[str]:
    return list(_reading(text, is_person))


def search_key(*texts: str, is_person: bool = False) -> str:
    """Lower-case text, full pinyin and initials, joined for one `icontains` search."""

    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        syllables = _syllables(text, is_person=is_person)
        parts += [text.lower(), "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()]
    return " ".join(parts)


# Chinese numerals as people read them: 高平二中 before 高平十中, 第九 before 第十一.
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL_RE = re.compile(r"[0-9]+|[零〇一二两三四五六七八九十百千]+")


def chinese_numeral_value(text: str) -> int:
    """一 → 1, 十一 → 11, 二十 → 20, 一百零五 → 105; a run of digits only (二〇二四) → 2024."""

    if text.isdigit():
        return int(text)
    if not any(ch in _CN_UNITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            digit = _CN_DIGITS[ch]
    return total + (digit or 0)


def sort_key(text: str, *, is_person: bool = False) -> str:
    """A key that sorts names as people read them, in byte order (the column's collation
    is "C"): numerals by value, zero-padded, before any letter; the rest by pinyin, one
    syllable a word; the name itself last, so homophones stay together.
    People's names are read as names: 王一博 is not a number."""

    text = (text or "").strip()
    words: list[str] = []
    position = 0
    runs = [] if is_person else list(_NUMERAL_RE.finditer(text))
    for match in runs:
        if match.group() in ("百", "千"):  # 千佛寺小学 is a name, not a thousand
            continue
        if match.start() > position:
            words += _syllables(text[position : match.start()], is_person=False)
        words.append(f"{chinese_numeral_value(match.group()):09d}")
        position = match.end()
    if position < len(text):
        words += _syllables(text[position:], is_person=is_person and position == 0)
    # A tab sorts before the space between syllables: 高 before 高平.
    return " ".join(w.lower() for w in words if w.strip()) + "\t" + text
