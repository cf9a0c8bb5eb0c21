"""Reads of the 权责清单: the catalogue as it stood on a day, two days compared, the
counts by type; and the dashboard's seams. Every staff read is scoped by `for_user`;
the public pages read the public bureau's catalogue (it is published)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from .choices import ChangeAction, PowerKind
from .models import CreditGrade, ItemChange, PowerItem


def latest_changes(bureau_ids: Iterable[int], day: datetime.date) -> QuerySet[ItemChange]:
    """Each item's last change on or before `day` (DISTINCT ON, on the as-of index)."""

    return (
        ItemChange.objects.filter(bureau_id__in=list(bureau_ids), adjusted_on__lte=day)
        .order_by("bureau_id", "code", "-adjusted_on", "-id")
        .distinct("bureau_id", "code")
    )


def changes_as_of(bureau_ids: Iterable[int], day: datetime.date) -> QuerySet[ItemChange]:
    """The catalogue as it stood on `day`: each code's last change, unless it cancelled."""

    latest = latest_changes(bureau_ids, day).values("id")
    return ItemChange.objects.filter(id__in=latest).exclude(action=ChangeAction.CANCEL).order_by("kind_rank", "code", "id")


def items_as_of(queryset: QuerySet[PowerItem], day: datetime.date, kind: str | None = None) -> QuerySet[PowerItem]:
    """The items of `queryset` that were in the catalogue on `day` (of `kind` then)."""

    bureau_ids = queryset.values("bureau_id").distinct()
    stood = ItemChange.objects.filter(
        id__in=latest_changes(bureau_ids.values_list("bureau_id", flat=True), day).values("id"),
        item_id=OuterRef("pk"),
    ).exclude(action=ChangeAction.CANCEL)
    if kind:
        stood = stood.filter(kind=kind)
    return queryset.filter(Exists(stood))


@dataclass(frozen=True)
class Comparison:
    start: datetime.date
    end: datetime.date
    added: list[ItemChange]
    changed: list[tuple[ItemChange, ItemChange]]
    cancelled: list[ItemChange]


def compare(bureau_id: int, start: datetime.date, end: datetime.date) -> Comparison:
    """What differs between the catalogue on `start` and on `end` (start ≤ end)."""

    before = {c.code: c for c in changes_as_of([bureau_id], start)}
    after = {c.code: c for c in changes_as_of([bureau_id], end)}
    return Comparison(
        start=start,
        end=end,
        added=[after[code] for code in after if code not in before],
        changed=[(before[code], after[code]) for code in after if code in before and before[code].pk != after[code].pk],
        cancelled=[before[code] for code in before if code not in after],
    )


def kind_counts(changes: QuerySet[ItemChange]) -> list[tuple[str, str, int]]:
    """(kind, label, count) in the catalogue's order, every kind, zero included."""

    counts = dict(changes.order_by().values_list("kind").annotate(n=Count("id")))
    return [(kind.value, kind.label, counts.get(kind.value, 0)) for kind in PowerKind]


def current_kind_counts(items: QuerySet[PowerItem]) -> list[tuple[str, str, int]]:
    counts = dict(items.order_by().values_list("kind").annotate(n=Count("id")))
    return [(kind.value, kind.label, counts.get(kind.value, 0)) for kind in PowerKind]


def grades_of(entity: Any, user: Any) -> QuerySet[CreditGrade]:
    """An institution's grade history, newest first, as the user may see it."""

    return CreditGrade.objects.for_user(user).filter(entity=entity).select_related("basis").order_by("-year", "-id")


def entity_sections(entity: Any, user: Any) -> list[dict[str, Any]]:
    """The registry's entity page asks each app for what it knows of an entity."""

    if not user.has_perm("powers.view_creditgrade"):
        return []
    grades = list(grades_of(entity, user))
    if not grades and entity.kind != "training":
        return []
    headers = ["评定年度", "信用等级", "评定依据", "评定日期"]
    return [
        {
            "title": "信用等级评定记录",
            "headers": headers,
            "rows": [
                (
                    g.get_absolute_url(),
                    list(zip(headers, [f"{g.year}年度", g.get_grade_display(), g.basis.title, g.graded_on], strict=True)),
                )
                for g in grades
            ],
            "empty": "尚未评定信用等级。",
        }
    ]
