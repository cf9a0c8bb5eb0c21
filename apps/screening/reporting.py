"""The screening part of the annual report (三(三) 开展教职员工准入违法犯罪信息查询):
the schools covered, the people checked by category, the hits and what was done about
them, and that every result was filed into the 师德师风档案. Aggregates only."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from apps.core.reporting import Fact
from apps.registry.choices import EntityStatus, StaffCategory
from apps.registry.models import Entity
from apps.registry.selectors import SCHOOL_KINDS

from .choices import CaseAction, CaseStatus, CheckStatus
from .models import Check, RestrictedCase


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    checks = Check.objects.filter(bureau=bureau, status=CheckStatus.CHECKED, checked_on__year=year)
    schools = Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN)
    counted = schools.aggregate(
        total=Count("pk"),
        covered=Count("pk", filter=Q(pk__in=checks.values("school_id"))),
    )
    by_category = dict(checks.values_list("person__category").annotate(n=Count("pk")).order_by())
    totals = checks.aggregate(total=Count("pk"), filed=Count("pk", filter=Q(filed_on__isnull=False)))
    cases = RestrictedCase.objects.filter(bureau=bureau, check_record__in=checks)
    by_action = dict(cases.values_list("action").annotate(n=Count("pk")).order_by())
    out = [
        Fact("screening.schools", "在办中小学和幼儿园", counted["total"], "所", _url("screening:coverage", year=year)),
        Fact(
            "screening.schools_covered",
            "开展查询的学校",
            counted["covered"],
            "所",
            _url("screening:coverage", year=year, covered="yes"),
        ),
        Fact("screening.checked", "查询人数", totals["total"], "人", _url("screening:check_list", year=year, status="checked")),
    ]
    for category in StaffCategory:
        out.append(
            Fact(
                f"screening.checked.{category.value}",
                f"查询{category.label}",
                by_category.get(category.value, 0),
                "人",
                _url("screening:check_list", year=year, status="checked", category=category.value),
            )
        )
    out += [
        Fact(
            "screening.filed",
            "结果列入师德师风档案",
            totals["filed"],
            "人",
            _url("screening:check_list", year=year, status="checked", filed="yes"),
        ),
        Fact("screening.hits", "查询有记录", sum(by_action.values()), "人", _url("screening:restrictedcase_list", year=year)),
    ]
    for action in CaseAction:
        out.append(
            Fact(
                f"screening.hits.{action.value}",
                f"处置：{action.label}",
                by_action.get(action.value, 0),
                "人",
                _url("screening:restrictedcase_list", year=year, action=action.value),
            )
        )
    out.append(
        Fact(
            "screening.hits.closed",
            "已结案",
            cases.filter(status=CaseStatus.CLOSED).count(),
            "人",
            _url("screening:restrictedcase_list", year=year, status="closed"),
        )
    )
    return out
