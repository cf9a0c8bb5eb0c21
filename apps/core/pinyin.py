"""Pinyin initials for search: `gpez` finds 高平二中.

pypinyin reads some surnames wrongly at the start of a name (曾 as ceng, 单 as dan);
a person's name starts with the surname, so those are read from an override table.
"""

from __future__ import annotations

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


def _syllables(text: str, *, is_person: bool) -> list[str]:
    if is_person:
        for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
            if text.startswith(surname):
                rest = text[len(surname) :]
                return [SURNAME_READINGS[surname], *lazy_pinyin(rest, style=Style.NORMAL)]
    return lazy_pinyin(text, style=Style.NORMAL)


def search_key(*texts: str, is_person: bool = False) -> str:
    """Lower-case text, full pinyin and initials, joined for one `icontains` search."""

    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        syllables = _syllables(text, is_person=is_person)
        parts += [text.lower(), "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()]
    return " ".join(parts)
