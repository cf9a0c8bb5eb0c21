"""Reads of 欺凌防治: a round's summary by school kind, the dashboard's seams, and what
other apps may ask. Every read is scoped by `for_user`; a school never learns of a
planned 督查 (its visit is hidden until the findings are recorded)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure
from apps.registry.choices import EntityKind

from .choices import SCHOOLS_TURN, Progress, VersionStatus
from .models import Checklist, ChecklistVersion, Rectification, Round, SelfInspection, overdue_q


def latest_version(checklist: Checklist) -> ChecklistVersion | None:
    return checklist.versions.order_by("-number").first()


def published_versions(user: Any) -> QuerySet[ChecklistVersion]:
    return (
        ChecklistVersion.objects.for_user(user, write=True)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("checklist")
        .order_by("-published_at", "-id")
    )


def round_summary(round_: Round, user: Any) -> list[dict[str, Any]]:
    """Per school kind: how many schools not started, draft, submitted, 需整改, passed and
    overdue. One aggregate grouped by kind, whatever the number of schools."""

    today = timezone.localdate()
    late = round_.deadline < today
    rows = (
        SelfInspection.objects.for_user(user)
        .filter(round=round_)
        .values("school__kind")
        .annotate(
            total=Count("pk"),
            **{f"p{p.value}": Count("pk", filter=Q(progress=p.value)) for p in Progress},
            overdue=Count("pk", filter=Q(progress__in=SCHOOLS_TURN)),
        )
        .order_by("school__kind")
    )
    labels = dict(EntityKind.choices)
    out = []
    for row in rows:
        out.append(
            {
                "kind": row["school__kind"],
                "label": labels.get(row["school__kind"], row["school__kind"]),
                "total": row["total"],
                "counts": [row[f"p{p.value}"] for p in Progress],
                "overdue": row["overdue"] if late else 0,
            }
        )
    return out


def open_forms(user: Any) -> QuerySet[SelfInspection]:
    """A school's forms still to fill: not submitted, or returned for 整改."""

    return SelfInspection.objects.for_user(user, write=True).filter(progress__in=SCHOOLS_TURN)


def attention(user: Any) -> list[AttentionItem]:
    """The school: its open forms, its 整改 items and the overdue ones. The bureau: schools
    overdue in a round, forms waiting for review, overdue 督查 整改."""

    items: list[AttentionItem] = []
    today = timezone.localdate()
    forms_url = reverse("bullying:selfinspection_list")
    rect_url = reverse("bullying:rectification_list")
    if user.school_id and user.has_perm("bullying.change_selfinspection"):
        counts = SelfInspection.objects.for_user(user, write=True).aggregate(
            open=Count("pk", filter=Q(progress__in=(Progress.NOT_STARTED, Progress.DRAFT))),
            rectify=Count("pk", filter=Q(progress=Progress.RECTIFY)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        items += [
            AttentionItem("待填报的欺凌防治自查表", counts["open"], f"{forms_url}?progress=open", "warning"),
            AttentionItem("需整改的自查表", counts["rectify"], f"{forms_url}?progress={Progress.RECTIFY}", "danger"),
            AttentionItem("已逾期的自查表", counts["overdue"], f"{forms_url}?overdue=true", "danger"),
        ]
    if user.school_id and user.has_perm("bullying.change_rectification"):
        mine = Rectification.objects.for_user(user, write=True).filter(visit__isnull=False)
        counts = mine.aggregate(
            open=Count("pk", filter=Q(answered_at__isnull=True, closed_at__isnull=True)),
            overdue=Count("pk", filter=Q(due_on__lt=today, answered_at__isnull=True, closed_at__isnull=True)),
        )
        items += [
            AttentionItem("督查整改待答复", counts["open"], f"{rect_url}?state=open&source=visit", "warning"),
            AttentionItem("督查整改已逾期", counts["overdue"], f"{rect_url}?overdue=true", "danger"),
        ]
    if not user.school_id and user.has_perm("bullying.change_selfinspection"):
        ours = SelfInspection.objects.for_user(user, write=True)
        counts = ours.aggregate(
            overdue=Count("pk", filter=overdue_q(today)),
            waiting=Count("pk", filter=Q(progress=Progress.SUBMITTED)),
        )
        late = Rectification.objects.for_user(user, write=True).overdue(today).count()
        items += [
            AttentionItem("逾期未完成自查的学校", counts["overdue"], f"{forms_url}?overdue=true", "danger"),
            AttentionItem("待审核的学校自查", counts["waiting"], f"{forms_url}?progress={Progress.SUBMITTED}", "warning"),
            AttentionItem("督查整改已逾期", late, f"{rect_url}?overdue=true", "danger"),
        ]
    return items


def key_figures(user: Any) -> list[KeyFigure]:
    year = timezone.localdate().year
    if user.school_id:
        return []
    if user.has_perm("bullying.view_round"):
        count = Round.objects.for_user(user).filter(year=year).count()
        return [KeyFigure("今年欺凌防治自查轮次", count, "轮", reverse("bullying:round_list") + f"?year={year}")]
    return []
