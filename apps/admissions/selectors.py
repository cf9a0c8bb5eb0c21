"""Reads of admissions: the yearly figures (total, online, online share to one decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from .choices import Stage
from .models import Admission


def online_share(online: int, total: int) -> Decimal:
    """Per cent admitted online, to one decimal, half up (1 of 8 → 12.5, 2 of 3 → 66.7)."""

    if not total:
        return Decimal("0.0")
    return (Decimal(online) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class YearFigures:
    year: int
    stage: str
    schools: int
    admitted: int
    online: int

    @property
    def offline(self) -> int:
        return self.admitted - self.online

    @property
    def share(self) -> Decimal:
        return online_share(self.online, self.admitted)

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label if self.stage else "合计"


def yearly_figures(admissions: QuerySet[Admission]) -> list[YearFigures]:
    """Per year and stage, then the year's total (stage ""), newest year first: one query."""

    rows = (
        admissions.order_by()
        .values("year", "stage")
        .annotate(schools=Count("school", distinct=True), admitted=Sum("admitted"), online=Sum("admitted_online"))
        .order_by("-year", "stage")
    )
    out: list[YearFigures] = []
    by_year: dict[int, list[YearFigures]] = {}
    for row in rows:
        by_year.setdefault(row["year"], []).append(
            YearFigures(row["year"], row["stage"], row["schools"], row["admitted"] or 0, row["online"] or 0)
        )
    for year, stages in by_year.items():
        out.extend(stages)
        out.append(
            YearFigures(year, "", sum(s.schools for s in stages), sum(s.admitted for s in stages), sum(s.online for s in stages))
        )
    return out


def admissions_for(user: Any) -> QuerySet[Admission]:
    return Admission.objects.for_user(user)
