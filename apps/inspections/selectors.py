"""Reads of 双随机、一公开: the publication deadline states, training hours, the public
querysets, and the dashboard's seams. Every staff read is scoped by `for_user`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure
from apps.core.context_processors import site_bureau

from .calendar import due_soon_limit
from .choices import Deadline, DrawStatus, InspectionStatus, PlanStatus, Result
from .models import Draw, Inspection, InspectionSetting, Plan


def deadline_q(state: str, today: datetime.date | None = None) -> Q:
    """The condition of a deadline state on Inspection rows (filters and the dashboard
    share it, so a count and its list agree)."""

    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    unpublished = Q(status=InspectionStatus.RECORDED)
    if state == Deadline.NOT_STARTED:
        return Q(status=InspectionStatus.ASSIGNED)
    if state == Deadline.OVERDUE:
        return unpublished & Q(publish_due__lt=today)
    if state == Deadline.DUE_SOON:
        return unpublished & Q(publish_due__gte=today, publish_due__lte=soon)
    if state == Deadline.DUE:
        return unpublished & Q(publish_due__gt=soon)
    if state == Deadline.ON_TIME:
        return Q(status=InspectionStatus.PUBLISHED, published_on__lte=F("publish_due"))
    if state == Deadline.LATE:
        return Q(status=InspectionStatus.PUBLISHED, published_on__gt=F("publish_due"))
    raise ValueError(state)


def deadline_state(inspection: Inspection, today: datetime.date | None = None, soon: datetime.date | None = None) -> str:
    """The Python twin of `deadline_q` for a loaded row (the list's column)."""

    today = today or timezone.localdate()
    if inspection.status == InspectionStatus.ASSIGNED or inspection.publish_due is None:
        return Deadline.NOT_STARTED
    if inspection.status == InspectionStatus.PUBLISHED:
        return Deadline.ON_TIME if inspection.published_on <= inspection.publish_due else Deadline.LATE
    if inspection.publish_due < today:
        return Deadline.OVERDUE
    soon = soon or due_soon_limit(today)
    return Deadline.DUE_SOON if inspection.publish_due <= soon else Deadline.DUE


def study_installed() -> bool:
    return apps.is_installed("apps.study")


def training_hours(person_ids: list[int], year: int) -> dict[int, Decimal]:
    """This year's study hours per registry person, from the study app when it is
    installed (apps.study.selectors.hours_by_person), else nothing."""

    if not apps.is_installed("apps.study"):
        return {}
    from apps.study.selectors import hours_by_person  # lazily: study may land later

    return hours_by_person(person_ids, year)


def setting_for(bureau_id: int) -> InspectionSetting:
    return InspectionSetting.objects.filter(bureau_id=bureau_id).first() or InspectionSetting(bureau_id=bureau_id)


# -- public --------------------------------------------------------------------------


def public_bureau_ids() -> list[int]:
    """The public site's bureau and those under it."""

    bureau = site_bureau(None)
    if bureau is None:
        return []
    Bureau = apps.get_model("registry", "Bureau")
    return list(Bureau.objects.filter(path__startswith=bureau.path).values_list("pk", flat=True))


def public_results() -> QuerySet[Inspection]:
    return Inspection.objects.filter(bureau_id__in=public_bureau_ids(), status=InspectionStatus.PUBLISHED)


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(bureau_id__in=public_bureau_ids(), status=PlanStatus.APPROVED)


def public_draws() -> QuerySet[Draw]:
    """Draws of approved plans, from their commitment on (the server seed stays out of
    every page until the reveal: Draw.public_json)."""

    return Draw.objects.filter(bureau_id__in=public_bureau_ids(), task__plan__status=PlanStatus.APPROVED)


# -- dashboard -----------------------------------------------------------------------


def attention(user: Any) -> list[AttentionItem]:
    """Staff: results due for publication, due within 5 working days, overdue; open
    整改. An inspector: visits still to record."""

    if not user.has_perm("inspections.view_inspection") or user.school_id:
        return []
    today = timezone.localdate()
    mine = Inspection.objects.for_user(user, write=True)
    counts = mine.aggregate(
        due=Count("pk", filter=deadline_q(Deadline.DUE, today)),
        soon=Count("pk", filter=deadline_q(Deadline.DUE_SOON, today)),
        overdue=Count("pk", filter=deadline_q(Deadline.OVERDUE, today)),
        todo=Count("pk", filter=Q(status=InspectionStatus.ASSIGNED)),
        rectify=Count("pk", filter=Q(result=Result.RECTIFY, rectified_on__isnull=True)),
    )
    url = reverse("inspections:inspection_list")
    return [
        AttentionItem("检查结果待公示（未到期）", counts["due"], f"{url}?deadline=due", "info"),
        AttentionItem("检查结果5个工作日内到公示期限", counts["soon"], f"{url}?deadline=due_soon"),
        AttentionItem("检查结果逾期未公示", counts["overdue"], f"{url}?deadline=overdue", "danger"),
        AttentionItem("待检查、待录入结果", counts["todo"], f"{url}?status=assigned"),
        AttentionItem("整改未销号", counts["rectify"], f"{url}?rectification=open", "danger"),
    ]


def key_figures(user: Any) -> list[KeyFigure]:
    if not user.has_perm("inspections.view_inspection"):
        return []
    year = timezone.localdate().year
    count = Inspection.objects.for_user(user).filter(year=year, status=InspectionStatus.PUBLISHED).count()
    label = "本校今年公示的检查结果" if user.school_id else "今年公示的检查结果"
    return [KeyFigure(label, count, "条", reverse("inspections:inspection_list") + f"?year={year}&status=published")]


def live_draw(task_id: int) -> Draw | None:
    return Draw.objects.filter(task_id=task_id).exclude(status=DrawStatus.VOID).first()
