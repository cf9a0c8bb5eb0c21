"""The report's figures: every app's facts for a bureau and year (apps.core.reporting),
held as plain JSON (for the draft's "figures changed" check and the published snapshot),
formatted in Chinese, and put into a section's text where it says `{{fact.key}}`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.reporting import Fact, facts_for

# A figure in a section's text: {{notices.sent}}. Keys are dotted and may hold Chinese
# (powers.items.行政许可); no braces or spaces.
MARKER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


@dataclass(frozen=True)
class Figure:
    """A fact as the report keeps it: JSON-safe, with last year's value beside it."""

    key: str
    label: str
    value: Any
    kind: str  # int, decimal, date, list, text
    unit: str = ""
    url: str = ""
    previous: Any = None
    # False for a sum of people (admitted pupils) rather than a count of listed rows.
    counts_rows: bool = True

    @property
    def text(self) -> str:
        return format_value(self.value, self.kind)

    @property
    def change(self) -> str:
        """同比: the difference from last year, for numbers both years have."""

        if self.kind not in ("int", "decimal") or self.previous is None:
            return ""
        delta = Decimal(str(self.value)) - Decimal(str(self.previous))
        if delta == 0:
            return "持平"
        sign = "增加" if delta > 0 else "减少"
        return f"{sign}{format_value(abs(delta), self.kind)}{self.unit}"

    @property
    def is_count(self) -> bool:
        """A count of the rows its url lists (the shared check follows it)."""

        return self.kind == "int" and self.counts_rows

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "value": self.value,
            "kind": self.kind,
            "unit": self.unit,
            "url": self.url,
            "previous": self.previous,
            "counts_rows": self.counts_rows,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figure:
        return cls(**data)


def _kind_and_value(value: Any) -> tuple[str, Any]:
    if isinstance(value, bool):
        return "text", "是" if value else "否"
    if isinstance(value, int):
        return "int", value
    if isinstance(value, Decimal | float):
        return "decimal", str(value)
    if isinstance(value, datetime.date):
        return "date", value.isoformat()
    if isinstance(value, list | tuple):
        return "list", [str(item) for item in value]
    return "text", str(value)


def figure_of(fact: Fact, previous: Fact | None = None) -> Figure:
    kind, value = _kind_and_value(fact.value)
    before = None
    if previous is not None:
        previous_kind, previous_value = _kind_and_value(previous.value)
        before = previous_value if previous_kind == kind else None
    counts_rows = getattr(fact, "counts_rows", True)
    return Figure(fact.key, fact.label, value, kind, fact.unit, fact.url, before, counts_rows)


def format_value(value: Any, kind: str) -> str:
    if kind == "date":
        day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
        return f"{day.year}年{day.month}月{day.day}日"
    if kind == "list":
        if not value:
            return "无"
        # Titles in book marks run together (《甲》《乙》), as Chinese documents write them.
        titles = all(item.startswith("《") and item.endswith("》") for item in value)
        return ("" if titles else "、").join(value)
    if kind == "decimal":
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def gather(bureau: Any, year: int) -> dict[str, Figure]:
    """This year's figures of every installed app, with last year's beside them."""

    previous = {fact.key: fact for fact in facts_for(bureau, year - 1)}
    return {fact.key: figure_of(fact, previous.get(fact.key)) for fact in facts_for(bureau, year)}


def matching(figures: dict[str, Figure], prefixes: Iterable[str]) -> list[Figure]:
    """The figures a section draws on: keys equal to, or under, one of its prefixes."""

    prefixes = [p.rstrip(".") for p in prefixes if p]
    return [f for key, f in figures.items() if any(key == p or key.startswith(p + ".") for p in prefixes)]


def markers_in(text: str) -> list[str]:
    return MARKER.findall(text)


def render_html(text: str, figures: dict[str, Figure], *, links: bool = True) -> SafeString:
    """The section's text as HTML paragraphs, each figure linked to its records. A
    marker naming no figure shows as a missing figure (the report cannot go to review)."""

    paragraphs = []
    for paragraph in filter(None, (p.strip() for p in text.splitlines())):
        parts, last = [], 0
        for match in MARKER.finditer(paragraph):
            parts.append(escape(paragraph[last : match.start()]))
            figure = figures.get(match.group(1))
            if figure is None:
                parts.append(format_html('<mark class="missing-figure">【缺少数据：{}】</mark>', match.group(1)))
            elif links and figure.url:
                parts.append(format_html('<a class="figure" href="{}" title="{}">{}</a>', figure.url, figure.label, figure.text))
            else:
                parts.append(format_html('<span class="figure">{}</span>', figure.text))
            last = match.end()
        parts.append(escape(paragraph[last:]))
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return mark_safe("\n".join(paragraphs))


def render_plain(text: str, figures: dict[str, Figure]) -> list[str]:
    """The section's paragraphs as plain text (the .docx), figures written out."""

    def value(match: re.Match) -> str:
        figure = figures.get(match.group(1))
        return figure.text if figure else f"【缺少数据：{match.group(1)}】"

    return [MARKER.sub(value, p.strip()) for p in text.splitlines() if p.strip()]
