"""Reads of the screening app: each school's coverage, who is due for the yearly
re-check, the staff list with authorisation and last check, and the dashboard's seams.
Every read starts from `for_user`; counts are subqueries of one statement, so a list
costs the same number of queries at 10 schools or 10,000."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure
from apps.registry.models import Entity, Person
from apps.registry.selectors import SCHOOL_KINDS, schools_for

from .choices import CaseStatus, CheckStatus
from .models import Authorisation, Check, RestrictedCase
from .services import ACTIVE, EPOCH

# A person is due when the last completed check is older than this (at least once a year).
RECHECK_DAYS = 365


def due_before(today: datetime.date | None = None) -> datetime.date:
    """A check on or before this date no longer counts for the yearly re-check."""

    return (today or timezone.localdate()) - datetime.timedelta(days=RECHECK_DAYS)


def year_of(value: Any) -> int:
    """A year from a query string; anything else (junk, -1, 10**20) is this year."""

    this = timezone.localdate().year
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return this
    return year if 2000 <= year <= this + 1 else this


def _count(qs: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(qs.order_by().values("bureau_id").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def _staff_of_school(year: int | None = None) -> QuerySet[Person]:
    """The active staff of the outer school (and its units), hired by the end of `year`."""

    # The school itself or one of its units, both on indexes (employer; entity parent):
    # an OR across the join to the employer read every person of the bureau per school.
    units = Entity.objects.filter(parent_id=OuterRef(OuterRef("pk"))).values("pk")
    qs = Person.objects.filter(employment_status__in=ACTIVE).filter(Q(employer_id=OuterRef("pk")) | Q(employer_id__in=units))
    if year is not None:
        qs = qs.filter(Q(hired_on__isnull=True) | Q(hired_on__lte=datetime.date(year, 12, 31)))
    return qs


def checked_in_year(year: int, *, outer: str = "pk") -> Exists:
    return Exists(Check.objects.filter(person_id=OuterRef(outer), status=CheckStatus.CHECKED, checked_on__year=year))


def coverage(user: Any, year: int) -> QuerySet[Entity]:
    """Open schools with: staff total, checked in `year`, not yet checked, hired since
    the school's last check, and the coverage in per cent (a school without staff: 0)."""

    last_check = (
        Check.objects.filter(school_id=OuterRef(OuterRef("pk")), status=CheckStatus.CHECKED)
        .order_by("-checked_on")
        .values("checked_on")[:1]
    )
    staff = _staff_of_school(year)
    qs = schools_for(user).annotate(
        staff_total=_count(staff),
        checked=_count(staff.filter(checked_in_year(year))),
        last_checked_on=Subquery(
            Check.objects.filter(school_id=OuterRef("pk"), status=CheckStatus.CHECKED)
            .order_by("-checked_on")
            .values("checked_on")[:1]
        ),
        hired_since=_count(_staff_of_school().filter(hired_on__isnull=False, hired_on__gt=Coalesce(Subquery(last_check), EPOCH))),
    )
    return qs


def coverage_totals(schools: QuerySet[Entity], year: int) -> dict[str, Any]:
    """The year's totals over `schools` (the list as filtered): one aggregate over their
    staff, not the per-school subqueries summed (those would run for every school)."""

    ids = schools.values("pk")
    employers = Entity.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
    staff = Person.objects.filter(employment_status__in=ACTIVE, employer_id__in=employers).filter(
        Q(hired_on__isnull=True) | Q(hired_on__lte=datetime.date(year, 12, 31))
    )
    totals = staff.aggregate(staff=Count("pk"), checked=Count("pk", filter=checked_in_year(year)))
    totals["schools"] = schools.order_by().count()
    totals["percent"] = f"{totals['checked'] * 100 / totals['staff']:.1f}%" if totals["staff"] else "—"
    return totals


def overdue(user: Any, today: datetime.date | None = None) -> QuerySet[Person]:
    """Active staff of open schools whose last completed check is more than a year old,
    or who were never checked: the yearly re-check's list."""

    recent = Check.objects.filter(person_id=OuterRef("pk"), status=CheckStatus.CHECKED, checked_on__gt=due_before(today))
    return (
        Person.objects.for_user(user)
        .filter(employment_status__in=ACTIVE)
        .filter(Q(employer__kind__in=SCHOOL_KINDS) | Q(employer__parent__kind__in=SCHOOL_KINDS))
        .filter(employer__status="open")
        .exclude(Exists(recent))
    )


def with_screening(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Each person's latest authorisation and latest completed check (dates only)."""

    return qs.annotate(
        authorised_on=Subquery(
            Authorisation.objects.filter(person_id=OuterRef("pk")).order_by("-signed_on").values("signed_on")[:1]
        ),
        last_checked_on=Subquery(
            Check.objects.filter(person_id=OuterRef("pk"), status=CheckStatus.CHECKED)
            .order_by("-checked_on")
            .values("checked_on")[:1]
        ),
    )


def staff_for(user: Any) -> QuerySet[Person]:
    return with_screening(Person.objects.for_user(user).filter(employment_status__in=ACTIVE))


def attention(user: Any) -> list[AttentionItem]:
    """The bureau: staff due for the yearly re-check, open cases (result holders only).
    A school: its active staff without an authorisation on file."""

    items: list[AttentionItem] = []
    if user.school_id:
        if user.has_perm("screening.add_authorisation"):
            count = (
                Person.objects.for_user(user, write=True)
                .filter(employment_status__in=ACTIVE)
                .exclude(Exists(Authorisation.objects.filter(person_id=OuterRef("pk"))))
                .count()
            )
            items.append(AttentionItem("未登记授权书的教职员工", count, reverse("screening:staff_list") + "?authorised=no"))
        return items
    if user.has_perm("screening.view_querybatch"):
        items.append(AttentionItem("到期未复查的教职员工", overdue(user).count(), reverse("screening:overdue_list")))
    if user.has_perm("screening.view_result_check") and user.has_perm("screening.view_restrictedcase"):
        count = RestrictedCase.objects.for_user(user).filter(status=CaseStatus.OPEN).count()
        items.append(
            AttentionItem("未结案的受限处置", count, reverse("screening:restrictedcase_list") + "?status=open", "danger")
        )
    return items


def key_figures(user: Any) -> list[KeyFigure]:
    if user.school_id or not user.has_perm("screening.view_querybatch"):
        return []
    year = timezone.localdate().year
    count = Check.objects.for_user(user).filter(status=CheckStatus.CHECKED, checked_on__year=year).count()
    return [KeyFigure("今年准入查询", count, "人", reverse("screening:check_list") + f"?year={year}&status=checked")]


def last_check_of(person: Person) -> datetime.date | None:
    return person.screening_checks.filter(status=CheckStatus.CHECKED).aggregate(last=Max("checked_on"))["last"]
