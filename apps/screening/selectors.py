"""Reads of the screening app: each school's coverage, who is due for the yearly
re-check, the staff list with authorisation and last check, and the dashboard's seams.
Every read starts from `for_user`; counts are subqueries of one statement, so a list
costs the same number of queries at 10 schools or 10,000."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import batched
from typing import Any

from django.db import connection
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


# Each school's counts in one grouped statement over the given schools' staff: a person
# counts for the unit that employs them and for that unit's parent (a school's canteen,
# its branch), as `_staff_of_school` reads it. Per-school correlated subqueries cost
# 11.6x the anchor on the county's 50-school page (docs/benchmark.md).
_COUNTS_SQL = f"""
WITH employers AS (
    -- from the page's ids by index (registry_entity.parent_id), never a scan of entities
    SELECT ids.id AS employer_id, ids.id AS school_id FROM unnest(%(ids)s::bigint[]) AS ids(id)
    UNION ALL
    SELECT e.id, e.parent_id
    FROM unnest(%(ids)s::bigint[]) AS ids(id) JOIN {Entity._meta.db_table} e ON e.parent_id = ids.id
), staff AS (
    SELECT em.school_id, p.id, p.hired_on
    FROM employers em JOIN {Person._meta.db_table} p ON p.employer_id = em.employer_id
    WHERE p.employment_status = ANY(%(active)s)
), last AS (
    SELECT ids.id AS school_id, l.checked_on
    FROM unnest(%(ids)s::bigint[]) AS ids(id)
    LEFT JOIN LATERAL (
        SELECT c.checked_on FROM {Check._meta.db_table} c
        WHERE c.school_id = ids.id AND c.status = %(checked)s AND c.checked_on IS NOT NULL
        ORDER BY c.checked_on DESC LIMIT 1
    ) l ON true
), counts AS (
    SELECT s.school_id,
           count(*) FILTER (WHERE s.hired_on IS NULL OR s.hired_on <= %(year_end)s) AS staff_total,
           count(y.one) FILTER (WHERE s.hired_on IS NULL OR s.hired_on <= %(year_end)s) AS checked,
           count(*) FILTER (WHERE s.hired_on > COALESCE(l.checked_on, %(epoch)s)) AS hired_since
    FROM staff s
    JOIN last l ON l.school_id = s.school_id
    -- one index probe per person (screening_check_person), not a scan of every check
    LEFT JOIN LATERAL (
        SELECT 1 AS one FROM {Check._meta.db_table} c
        WHERE c.person_id = s.id AND c.status = %(checked)s AND c.checked_on BETWEEN %(year_start)s AND %(year_end)s
        LIMIT 1
    ) y ON true
    GROUP BY s.school_id
)
SELECT l.school_id, COALESCE(n.staff_total, 0), COALESCE(n.checked, 0), COALESCE(n.hired_since, 0), l.checked_on
FROM last l LEFT JOIN counts n ON n.school_id = l.school_id
"""


def coverage_counts(school_ids: Iterable[int], year: int) -> dict[int, tuple[int, int, int, datetime.date | None]]:
    """(staff total, checked in `year`, hired since the school's last check, that check's
    date) per school id: one statement, whatever the number of schools."""

    ids = list(school_ids)
    if not ids:
        return {}
    params = {
        "ids": ids,
        "active": list(ACTIVE),
        "checked": CheckStatus.CHECKED,
        "year_start": datetime.date(year, 1, 1),
        "year_end": datetime.date(year, 12, 31),
        "epoch": EPOCH,
    }
    with connection.cursor() as cursor:
        cursor.execute(_COUNTS_SQL, params)
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _attach(schools: list[Entity], year: int) -> None:
    counts = coverage_counts((s.pk for s in schools), year)
    for school in schools:
        school.staff_total, school.checked, school.hired_since, school.last_checked_on = counts.get(school.pk, (0, 0, 0, None))


class _CoverageRows:
    """Mixed into a school queryset: the rows it fetches (a page, an export's chunk)
    arrive with their year's counts, read for those rows only in one statement."""

    coverage_year: int

    def _clone(self):
        clone = super()._clone()  # type: ignore[misc]
        clone.coverage_year = self.coverage_year
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None  # type: ignore[attr-defined]
        super()._fetch_all()  # type: ignore[misc]
        rows = self._result_cache  # type: ignore[attr-defined]
        if fresh and rows and isinstance(rows[0], Entity):
            _attach(rows, self.coverage_year)

    def iterator(self, chunk_size: int | None = None):
        size = chunk_size or 2000
        for chunk in batched(super().iterator(chunk_size=size), size):  # type: ignore[misc]
            rows = list(chunk)
            _attach(rows, self.coverage_year)
            yield from rows


_COVERAGE_CLASSES: dict[type, type] = {}


def coverage(user: Any, year: int) -> QuerySet[Entity]:
    """Open schools, each fetched row with: staff total, checked in `year`, hired since
    the school's last check and that check's date (not yet checked and the per cent are
    the table's arithmetic). Filters that need the counts in SQL: `fully_checked`."""

    qs = schools_for(user)
    base = type(qs)
    cls = _COVERAGE_CLASSES.setdefault(base, type(f"Coverage{base.__name__}", (_CoverageRows, base), {}))
    qs = qs._chain()
    qs.__class__ = cls
    qs.coverage_year = year
    return qs


def fully_checked(year: int) -> Q:
    """Schools (outer rows) with staff, every one of whom was checked in `year`."""

    staff = _staff_of_school(year)
    return Q(Exists(staff)) & ~Q(Exists(staff.exclude(checked_in_year(year))))


def coverage_totals(schools: list[Entity], count: int, capped: bool = False) -> dict[str, Any]:
    """The totals of the schools shown (their counts are fetched with them): a figure
    over the whole bureau would read every staff member of a province-sized bureau on
    every page (2-3 s at 69,000 staff, docs/benchmark.md); the annual report's facts
    give the bureau's own. `count` is the list's (capped) number of schools."""

    staff = sum(s.staff_total for s in schools)
    checked = sum(s.checked for s in schools)
    return {
        "schools": len(schools),
        "all_schools": f"{count}+" if capped else count,
        "whole_list": len(schools) >= count and not capped,
        "staff": staff,
        "checked": checked,
        "percent": f"{checked * 100 / staff:.1f}%" if staff else "—",
    }


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
    qs = Person.objects.for_user(user).filter(employment_status__in=ACTIVE)
    if user.school_id:
        # The scope's `employer = school OR employer.parent = school` is an OR across a
        # join that reads every person of the bureau (3.3 s at province scale); the same
        # people named by their employers' ids go by the employer index. The scope stays.
        employers = Entity.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values("pk")
        qs = qs.filter(employer_id__in=employers)
    return with_screening(qs)


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
