"""The 权责清单's part of the annual report (五): the catalogue's items by type as it
stood after the year's adjustments (31 December), the year's adjustments, and the credit
grading of training institutions done that year."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from apps.core.reporting import Fact

from .choices import Grade, PowerKind
from .models import Adjustment, CreditGrade
from .selectors import changes_as_of


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    day = datetime.date(year, 12, 31)
    as_of = day.isoformat()
    by_kind = dict(changes_as_of([bureau.pk], day).order_by().values_list("kind").annotate(n=Count("id")))
    out = [
        Fact("powers.items", "权责清单事项", sum(by_kind.values()), "项", _url("powers:poweritem_list", as_of=as_of)),
    ]
    for kind in PowerKind:
        out.append(
            Fact(
                f"powers.items.{kind.label}",
                f"{kind.label}事项",
                by_kind.get(kind.value, 0),
                "项",
                _url("powers:poweritem_list", as_of=as_of, kind=kind.value),
            )
        )
    out.append(
        Fact(
            "powers.adjustments",
            "权责清单调整",
            Adjustment.objects.filter(bureau=bureau, adjusted_on__year=year).count(),
            "次",
            _url("powers:adjustment_list", year=year),
        )
    )
    grades = dict(CreditGrade.objects.filter(bureau=bureau, year=year).order_by().values_list("grade").annotate(n=Count("id")))
    out.append(
        Fact("powers.grades", "校外培训机构信用等级评定", sum(grades.values()), "家", _url("powers:creditgrade_list", year=year))
    )
    for grade in Grade:
        out.append(
            Fact(
                f"powers.grades.{grade.value}",
                grade.label,
                grades.get(grade.value, 0),
                "家",
                _url("powers:creditgrade_list", year=year, grade=grade.value),
            )
        )
    return out
