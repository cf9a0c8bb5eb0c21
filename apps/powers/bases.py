"""Legal bases written as text, one a line: `《中华人民共和国教育法》第七十五条：条文`.

The same form in the item form, the XLSX import and the export, so an exported
catalogue imports back unchanged. The law is found by its full name or short name in
the catalogue the user may cite; an unknown law is an error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

LINE = re.compile(r"^《(?P<law>[^》]+)》(?P<article>[^：:]*)(?:[：:](?P<text>.*))?$")
MISSING = "请填写至少一项法律依据，格式如：《中华人民共和国教育法》第七十五条：条文内容。"


@dataclass(frozen=True)
class Basis:
    law: Any  # documents.Law
    article: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"law_id": self.law.pk, "law": self.law.name, "article": self.article, "text": self.text}


def split_lines(text: str) -> list[tuple[str, str, str]]:
    """(law name, article, text) of each non-empty line; a line not in the form is an error."""

    out = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = LINE.match(line)
        if not match:
            raise ValidationError(
                f"第{number}条法律依据格式不对：应以《法律法规名称》开头，如《中华人民共和国教育法》第七十五条：条文内容。"
            )
        out.append((match["law"].strip(), match["article"].strip(), (match["text"] or "").strip()))
    return out


def law_names(text: str) -> set[str]:
    try:
        return {name for name, _, _ in split_lines(text)}
    except ValidationError:
        return set()


def parse_bases(text: str, laws: dict[str, Any]) -> list[Basis]:
    """The bases of `text` against `laws` ({full or short name: Law}); at least one."""

    lines = split_lines(text)
    if not lines:
        raise ValidationError(MISSING)
    unknown = [name for name, _, _ in lines if name not in laws]
    if unknown:
        raise ValidationError(
            "法律法规库中没有" + "、".join(f"《{n}》" for n in dict.fromkeys(unknown)) + "，请先在法律法规库中添加，或检查名称。"
        )
    return [Basis(laws[name], article, body) for name, article, body in lines]


def format_bases(bases: Iterable[dict[str, Any]]) -> str:
    return "\n".join(f"《{b['law']}》{b.get('article', '')}" + (f"：{b['text']}" if b.get("text") else "") for b in bases)
