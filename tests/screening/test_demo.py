"""The demo makes the 2024 report's 三(三) true: all 123 schools and kindergartens
covered, every teacher, logistics member and guard checked in 2024, every result filed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.registry.models import Bureau, Person
from apps.screening import reporting, selectors
from apps.screening.choices import CheckStatus
from apps.screening.models import Authorisation, Check

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_2024_report_part_is_true_of_the_demo(demo):
    county = Bureau.objects.get(region_code="140581")
    facts = {f.key: f.value for f in reporting.facts(county, 2024)}
    assert facts["screening.schools"] == facts["screening.schools_covered"] == 123
    assert facts["screening.checked"] == facts["screening.filed"] > 2000
    for category in ("teacher", "support", "security"):
        assert facts[f"screening.checked.{category}"] > 0
    assert facts["screening.hits"] == 0
    assert "准入查询：2024年教职员工准入违法犯罪信息查询，123所学校" in demo


def test_every_active_member_of_the_123_schools_is_authorised_and_checked(demo):
    from apps.accounts.models import User

    admin = User.objects.get(username="admin")
    coverage = selectors.coverage(admin, 2024)
    assert coverage.count() == 123
    assert not [s.name for s in coverage if s.staff_total == 0 or s.checked != s.staff_total]
    staff = Person.objects.filter(screening_checks__isnull=False).distinct()
    assert Authorisation.objects.filter(person__in=staff).values("person").distinct().count() == staff.count()
    per_person = Check.objects.filter(status=CheckStatus.CHECKED).values("person").annotate(n=Count("pk"))
    assert {row["n"] for row in per_person} == {1}


def test_the_rosters_numbers_belong_to_no_one(demo):
    numbers = [p.id_number for p in Person.objects.filter(hired_on__isnull=False)[:200]]
    assert numbers and all(n.startswith("140599") for n in numbers)
