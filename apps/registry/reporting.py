"""The registry's part of the annual report (五): the year's adjustments of the 名录库
(撤并, 法定代表人变更, 更名…), in which batches and months, and the kinds it is kept by."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.urls import reverse

from apps.core.reporting import Fact, Series

from .choices import ChangeKind, EntityKind, EntityStatus
from .models import Entity, EntityChange

# Changes that adjust the registry (a first registration is not an adjustment).
ADJUSTMENTS = (ChangeKind.RENAMED, ChangeKind.REPRESENTATIVE, ChangeKind.MERGED, ChangeKind.CLOSED, ChangeKind.REOPENED)
# The sub-registries the random inspections draw from: schools and canteens.
SUB_REGISTRIES = [k for k in EntityKind if k not in (EntityKind.TRAINING, EntityKind.OTHER)]


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    window = {"effective_from": first.isoformat(), "effective_to": last.isoformat()}
    changes = EntityChange.objects.filter(bureau=bureau, effective_on__range=(first, last), kind__in=ADJUSTMENTS)
    by_kind = dict(changes.values_list("kind").annotate(n=Count("pk")).order_by())
    out = []
    for kind in ADJUSTMENTS:
        out.append(
            Fact(
                f"registry.changes.{kind.value}",
                f"名录库{kind.label}",
                by_kind.get(kind.value, 0),
                "项",
                _url("registry:entitychange_list", kind=kind.value, **window),
            )
        )
    batches = list(changes.exclude(batch="").values_list("batch", flat=True).order_by("batch").distinct())
    months = list(
        changes.annotate(month=ExtractMonth("effective_on")).values_list("month", flat=True).order_by("month").distinct()
    )
    kinds = set(
        Entity.objects.filter(bureau=bureau, status=EntityStatus.OPEN, kind__in=SUB_REGISTRIES)
        .values_list("kind", flat=True)
        .distinct()
        .order_by()
    )
    out += [
        Fact("registry.batches", "名录库动态调整批次", batches, "", _url("registry:entitychange_list", **window)),
        Fact(
            "registry.months",
            "名录库调整月份",
            [f"{year}年{m}月" for m in months],
            "",
            _url("registry:entitychange_list", **window),
        ),
        Fact(
            "registry.sub_registries",
            "名录库分库",
            [k.label for k in SUB_REGISTRIES if k.value in kinds],
            "",
            reverse("registry:entity_list"),
        ),
    ]
    return out


def series(bureau, year: int) -> list[Series]:
    """The registry at the end of the year by kind: the sub-registries' sizes."""

    open_at_end = Entity.objects.filter(bureau=bureau, status=EntityStatus.OPEN, kind__in=SUB_REGISTRIES)
    by_kind = dict(open_at_end.values_list("kind").annotate(n=Count("pk")).order_by())
    points = [(kind.label, by_kind[kind.value]) for kind in SUB_REGISTRIES if by_kind.get(kind.value)]
    return [Series("registry.by_kind", "名录库在办单位（按类型）", points, "个", reverse("registry:entity_list"))]
