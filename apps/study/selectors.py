"""Reads of 学法: a person's year (hours, sessions, laws), the bureau's yearly summary,
`hours_by_person` for the random-inspection app, and the dashboard's seams."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure
from apps.documents.models import Law

from .choices import AttendanceStatus, SessionKind
from .models import Attendance, StudySession

ZERO = Decimal("0")


def sessions_for(user: Any, *, write: bool = False) -> QuerySet[StudySession]:
    return StudySession.objects.for_user(user, write=write)


def attendance_for(user: Any, *, write: bool = False) -> QuerySet[Attendance]:
    return Attendance.objects.for_user(user, write=write)


def hours_by_person(person_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """Registry Person id → that year's study hours (sessions attended, 出席), every id
    asked for present (0 when none). The caller has scoped the ids: the inspections app
    asks for the inspectors it may draw. One grouped query on (person, date)."""

    ids = [int(pk) for pk in person_ids]
    hours = dict.fromkeys(ids, ZERO)
    rows = (
        Attendance.objects.filter(person_id__in=ids, status=AttendanceStatus.PRESENT, date__year=year)
        .values("person_id")
        .annotate(total=Sum("session__hours"))
        .order_by()
    )
    for row in rows:
        hours[row["person_id"]] = row["total"] or ZERO
    return hours


@dataclass(frozen=True)
class PersonYear:
    """A person's study in one year: what the per-person page and the 述职 extract show."""

    attendances: list[Attendance]
    hours: Decimal
    present: int
    leave: int
    absent: int
    laws: list[Law]


def person_year(person: Any, year: int, user: Any) -> PersonYear:
    """A person's sessions of `year` (as `user` may see them), hours attended and the laws
    studied at the sessions attended: three queries whatever the number of sessions."""

    rows = list(
        attendance_for(user)
        .filter(person=person, date__year=year)
        .select_related("session", "session__organiser")
        .order_by("date", "id")
    )
    present = [a for a in rows if a.status == AttendanceStatus.PRESENT]
    laws = list(
        Law.objects.filter(study_sessions__in=[a.session_id for a in present]).distinct().order_by("name", "id")
        if present
        else []
    )
    return PersonYear(
        attendances=rows,
        hours=sum((a.session.hours for a in present), ZERO),
        present=len(present),
        leave=sum(1 for a in rows if a.status == AttendanceStatus.LEAVE),
        absent=sum(1 for a in rows if a.status == AttendanceStatus.ABSENT),
        laws=laws,
    )


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    sessions: int
    hours: Decimal
    attendances: int


@dataclass(frozen=True)
class LawRow:
    law: Law
    sessions: int


@dataclass(frozen=True)
class YearSummary:
    year: int
    kinds: list[KindRow]
    sessions: int
    hours: Decimal
    attendances: int
    enforcement: list[StudySession]
    laws: list[LawRow]


def year_summary(user: Any, year: int, bureau_id: int | None = None) -> YearSummary:
    """The bureau's year: sessions and hours by kind, person-attendances, enforcement
    trainings and the laws studied (with how many sessions), as aggregates."""

    sessions = sessions_for(user).filter(date__year=year)
    if bureau_id:
        sessions = sessions.filter(bureau_id=bureau_id)
    by_kind = {row["kind"]: row for row in sessions.values("kind").annotate(n=Count("pk"), hours=Sum("hours")).order_by()}
    present = Attendance.objects.filter(session__in=sessions, status=AttendanceStatus.PRESENT)
    attended = dict(present.values_list("session__kind").annotate(n=Count("pk")).order_by())
    kinds = [
        KindRow(
            kind.value,
            str(kind.label),
            by_kind.get(kind.value, {}).get("n", 0),
            by_kind.get(kind.value, {}).get("hours") or ZERO,
            attended.get(kind.value, 0),
        )
        for kind in SessionKind
    ]
    laws = [
        LawRow(law, law.n)
        for law in Law.objects.filter(study_sessions__in=sessions)
        # filter() before annotate(): the count is of this year's sessions only
        .annotate(n=Count("study_sessions", distinct=True))
        .order_by("-n", "name", "id")
    ]
    return YearSummary(
        year=year,
        kinds=kinds,
        sessions=sum(k.sessions for k in kinds),
        hours=sum((k.hours for k in kinds), ZERO),
        attendances=sum(k.attendances for k in kinds),
        enforcement=list(sessions.filter(enforcement_training=True).order_by("date", "id")),
        laws=laws,
    )


def sessions_without_attendance(user: Any) -> QuerySet[StudySession]:
    has_any = Attendance.objects.filter(session=OuterRef("pk"))
    return sessions_for(user, write=True).filter(~Exists(has_any), date__lte=timezone.localdate())


def attention(user: Any) -> list[AttentionItem]:
    """Sessions held without anyone recorded as attending: their hours count for nobody."""

    if not user.has_perm("study.change_attendance") or user.school_id:
        return []
    return [
        AttentionItem(
            "未登记出席情况的学法活动",
            sessions_without_attendance(user).count(),
            reverse("study:studysession_list") + "?attendance=none",
        )
    ]


def key_figures(user: Any) -> list[KeyFigure]:
    if not user.has_perm("study.view_studysession") or user.school_id:
        return []
    year = timezone.localdate().year
    count = sessions_for(user).filter(date__year=year).count()
    return [KeyFigure("今年学法活动", count, "次", reverse("study:studysession_list") + f"?year={year}")]
