"""The annual report's seam: each domain app's `reporting.facts(bureau, year)` returns
`Fact`s; the report composes them and links every figure to the list behind it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .seams import app_modules

FactValue = int | Decimal | float | str | datetime.date | list[str]


@dataclass(frozen=True)
class Fact:
    """One figure: `key` stable and dotted (`notices.sent.issue`), `label` in Chinese,
    `value`, `unit`, and `url`, the filtered list that shows exactly the records behind
    it (for a count, as many rows as `value`, as the bureau's staff see it)."""

    key: str
    label: str
    value: FactValue
    unit: str = ""
    url: str = ""
    # False for a whole number that is not a count of the url's rows (4,420 pupils
    # admitted, summed over the schools the list shows): the shared test then only
    # opens the url.
    counts_rows: bool = True

    @property
    def is_count(self) -> bool:
        return self.counts_rows and isinstance(self.value, int) and not isinstance(self.value, bool)


def facts_for(bureau: Any, year: int) -> list[Fact]:
    """Every app's facts for one bureau and year, in app order."""

    facts: list[Fact] = []
    for _, module in app_modules("reporting"):
        collect = getattr(module, "facts", None)
        if collect is not None:
            facts.extend(collect(bureau, year))
    return facts


@dataclass(frozen=True)
class Series:
    """A small chart of the report: `points` are (label, value) in order (the months of
    the year, the kinds of school), `url` the list behind it. An app offers them with
    `reporting.series(bureau, year)`."""

    key: str
    label: str
    points: list[tuple[str, int]]
    unit: str = ""
    url: str = ""


def series_for(bureau: Any, year: int) -> list[Series]:
    found: list[Series] = []
    for _, module in app_modules("reporting"):
        collect = getattr(module, "series", None)
        if collect is not None:
            found.extend(collect(bureau, year))
    return found


def by_month(rows: dict[int, int]) -> list[tuple[str, int]]:
    """Twelve (月, count) points from {month: count}, the missing months as 0."""

    return [(f"{month}月", rows.get(month, 0)) for month in range(1, 13)]
