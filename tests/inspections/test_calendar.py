"""Working days on the official calendar and the 20-working-day publication deadline."""

from __future__ import annotations

import datetime

import pytest

from apps.inspections import services
from apps.inspections.calendar import add_working_days, due_soon_limit, publish_due
from apps.inspections.choices import Deadline, InspectionStatus
from apps.inspections.models import CalendarDay, Inspection
from apps.inspections.selectors import deadline_q, deadline_state

pytestmark = pytest.mark.django_db

D = datetime.date


def test_twenty_working_days_across_national_day_and_its_make_up_saturday():
    # Inspected Wednesday 2024-09-25. Counted by hand: 26, 27, Sun 29 (调休上班), 30,
    # [1-7 国庆], 8, 9, 10, 11, Sat 12 (调休上班), 14-18, 21-25, 28 → the 20th is 10-28.
    assert publish_due(D(2024, 9, 25)) == D(2024, 10, 28)
    # Without the two make-up days it would be two working days later.
    CalendarDay.objects.filter(date__in=[D(2024, 9, 29), D(2024, 10, 12)]).delete()
    assert publish_due(D(2024, 9, 25)) == D(2024, 10, 30)


def test_a_holiday_the_bureau_adds_moves_the_deadline():
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 4)  # Friday → Monday
    CalendarDay.objects.create(date=D(2030, 3, 4), kind="holiday", name="测试假日")
    assert add_working_days(D(2030, 3, 1), 1) == D(2030, 3, 5)


def test_spring_festival_2025():
    # 2025-01-24 Fri; 26 Sun is a working day; 28 Jan - 4 Feb off; 8 Feb Sat works.
    assert add_working_days(D(2025, 1, 24), 3) == D(2025, 2, 5)


def _visit(bureau, school, **values) -> Inspection:
    return Inspection.objects.create(bureau=bureau, entity=school, entity_name=school.name, year=2024, **values)


@pytest.fixture
def today():
    return D(2024, 10, 21)  # a Monday


def test_the_deadline_states(bureau, school, today):
    soon = due_soon_limit(today)
    assert soon == D(2024, 10, 28)
    recorded = {"status": InspectionStatus.RECORDED, "inspected_on": D(2024, 9, 1), "result": "no_problem"}
    rows = {
        Deadline.NOT_STARTED: _visit(bureau, school),
        Deadline.OVERDUE: _visit(bureau, school, publish_due=D(2024, 10, 18), **recorded),
        Deadline.DUE_SOON: _visit(bureau, school, publish_due=D(2024, 10, 28), **recorded),
        Deadline.DUE: _visit(bureau, school, publish_due=D(2024, 10, 29), **recorded),
        Deadline.ON_TIME: _visit(
            bureau, school, publish_due=D(2024, 10, 1), **{**recorded, "status": "published"}, published_on=D(2024, 10, 1)
        ),
        Deadline.LATE: _visit(
            bureau, school, publish_due=D(2024, 10, 1), **{**recorded, "status": "published"}, published_on=D(2024, 10, 8)
        ),
    }
    for state, visit in rows.items():
        assert deadline_state(visit, today) == state, state
        matched = set(Inspection.objects.filter(deadline_q(state, today)).values_list("pk", flat=True))
        assert matched == {visit.pk}, state


def test_recording_a_result_sets_the_deadline(users, revealed_visit):
    admin = users["bureau_admin"]
    visit = services.inspection_record(
        inspection=revealed_visit,
        by=admin,
        values={"inspected_on": D(2024, 9, 25), "contents": "查看台账", "result": "no_problem"},
        version=revealed_visit.version,
    )
    assert visit.publish_due == D(2024, 10, 28)


@pytest.fixture
def revealed_visit(revealed):
    return Inspection.objects.filter(draws=revealed).order_by("id").first()
