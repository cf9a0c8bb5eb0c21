"""Reads of the campus app: current appointees, class-hours, coverage, a campaign's
roll-up, and the dashboard's seams. Every read is scoped by `for_user`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure
from apps.core.models import DictionaryItem
from apps.registry.choices import EntityStatus
from apps.registry.selectors import SCHOOL_KINDS

from .choices import AppointmentRole
from .dictionary import CAMPAIGN
from .models import Appointment, CampusSchool, Evaluation, Event, RectificationItem

REQUIRED_HOURS = Decimal("4")
ENDING_DAYS = 60


def current(qs: QuerySet[Appointment], day: datetime.date | None = None) -> QuerySet[Appointment]:
    day = day or timezone.localdate()
    return qs.filter(term_start__lte=day, term_end__gte=day)


def _current_role_at_school(role: str, day: datetime.date) -> Exists:
    return Exists(
        Appointment.schools.through.objects.filter(
            entity_id=OuterRef("pk"),
            appointment__role=role,
            appointment__term_start__lte=day,
            appointment__term_end__gte=day,
        )
    )


def schools_with_cover(user: Any, day: datetime.date | None = None) -> QuerySet[CampusSchool]:
    """Open schools and kindergartens with whether each has a current 法治副校长 and
    交通安全辅导员 (two EXISTS per row, whatever the number of appointments)."""

    day = day or timezone.localdate()
    return (
        CampusSchool.objects.for_user(user)
        .filter(kind__in=SCHOOL_KINDS, status=EntityStatus.OPEN, parent__isnull=True)
        .annotate(
            has_vice_principal=_current_role_at_school(AppointmentRole.VICE_PRINCIPAL, day),
            has_traffic=_current_role_at_school(AppointmentRole.TRAFFIC, day),
        )
    )


def schools_without_vice_principal(user: Any) -> QuerySet[CampusSchool]:
    return schools_with_cover(user).filter(has_vice_principal=False)


def hours_in_year(year: int) -> Coalesce:
    """An appointment's class-hours in `year`, from the events where it spoke."""

    talks = (
        Event.objects.filter(speaker_id=OuterRef("pk"), start_on__year=year)
        .order_by()
        .values("speaker_id")
        .annotate(total=Sum("class_hours"))
        .values("total")
    )
    return Coalesce(Subquery(talks), Value(Decimal("0")), output_field=DecimalField(max_digits=6, decimal_places=1))


def appointments_ending(user: Any, days: int = ENDING_DAYS) -> QuerySet[Appointment]:
    today = timezone.localdate()
    return Appointment.objects.for_user(user).filter(term_end__gte=today, term_end__lte=today + datetime.timedelta(days=days))


def overdue_items(user: Any) -> QuerySet[RectificationItem]:
    return RectificationItem.objects.for_user(user).filter(done_on__isnull=True, due_on__lt=timezone.localdate())


def campaigns_for(user: Any) -> QuerySet[DictionaryItem]:
    return DictionaryItem.objects.for_user(user).filter(kind=CAMPAIGN, is_active=True).order_by("sort_order", "id")


def campaign_rollup(user: Any, *, year: int, campaign: DictionaryItem | None) -> dict[str, Any]:
    """A campaign's year across the schools the user sees: events by kind, participants,
    and per school kind how many schools took part (one aggregate each)."""

    events = Event.objects.for_user(user).filter(start_on__year=year)
    if campaign is not None:
        events = events.filter(campaign=campaign)
    totals = events.aggregate(events=Count("pk"), students=Sum("students"), teachers=Sum("teachers"))
    by_kind = list(events.values("kind").annotate(n=Count("pk")).order_by("-n", "kind"))
    took_part = events.filter(school_id=OuterRef("pk"))
    schools = schools_with_cover(user).annotate(took_part=Exists(took_part))
    per_kind = list(
        schools.values("kind").annotate(total=Count("pk"), part=Count("pk", filter=Q(took_part=True))).order_by("kind")
    )
    return {"totals": totals, "by_kind": by_kind, "per_school_kind": per_kind}


def unevaluated(user: Any, year: int) -> QuerySet[Appointment]:
    """The school's current appointees it has not evaluated this year."""

    done = Evaluation.objects.filter(appointment_id=OuterRef("pk"), school_id=user.school_id, year=year)
    return current(Appointment.objects.for_user(user)).filter(~Exists(done))


def attention(user: Any) -> list[AttentionItem]:
    """The bureau: schools without a current 法治副校长, terms ending within 60 days,
    overdue 整改 items. A school: its overdue 整改 items and appointees not yet evaluated."""

    items: list[AttentionItem] = []
    today = timezone.localdate()
    if user.has_perm("campus.change_appointment") and not user.school_id:
        items.append(
            AttentionItem(
                "没有在任法治副校长的学校",
                schools_without_vice_principal(user).count(),
                reverse("campus:coverage") + "?missing=true",
                "danger",
            )
        )
        items.append(
            AttentionItem(
                f"{ENDING_DAYS}天内任期届满的法治副校长/交通安全辅导员",
                appointments_ending(user).count(),
                reverse("campus:appointment_list") + f"?ending={ENDING_DAYS}",
            )
        )
    if user.has_perm("campus.change_rectificationitem"):
        items.append(
            AttentionItem(
                "逾期未完成的创建整改事项",
                overdue_items(user).count(),
                reverse("campus:rectificationitem_list") + "?state=overdue",
                "danger",
            )
        )
    if user.school_id and user.has_perm("campus.add_evaluation"):
        items.append(
            AttentionItem(
                f"{today.year}年尚未评价的法治副校长/交通安全辅导员",
                unevaluated(user, today.year).count(),
                reverse("campus:appointment_list") + f"?unevaluated={today.year}",
                "info",
            )
        )
    return items


def key_figures(user: Any) -> list[KeyFigure]:
    if not user.has_perm("campus.view_event"):
        return []
    year = timezone.localdate().year
    count = Event.objects.for_user(user).filter(start_on__year=year).count()
    label = "本校今年法治进校园活动" if user.school_id else "今年法治进校园活动"
    return [KeyFigure(label, count, "次", reverse("campus:event_list") + f"?year={year}")]
