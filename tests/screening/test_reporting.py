"""The screening facts, on a made-up bureau and year (figures unlike the demo's), and
every count's url lists exactly its rows."""

from __future__ import annotations

import datetime

import pytest

from apps.core.reporting import facts_for
from apps.screening import reporting, services
from apps.screening.models import RestrictedCase
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import authorise, make_batch, record_results

YEAR = 2022


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构学校{i}") for i in range(4)]
    factories.make_school(bureau, name="虚构食堂", kind="canteen", parent=schools[0])
    categories = ["teacher", "teacher", "teacher", "support", "security", "admin"]
    people = {
        s.pk: [factories.make_person(s, category=c, hired_on=datetime.date(2015, 9, 1)) for c in categories] for s in schools
    }
    school_user = factories.make_user("school_user", school=schools[0])
    for s in schools:
        authorise(factories.make_user("school_user", school=s), people[s.pk], day=datetime.date(YEAR, 3, 1))
    # 3 of the 4 schools checked in YEAR: 18 people, one 查询失败, two hits.
    batch = make_batch(admin, schools[:3], day=datetime.date(YEAR, 4, 1), title="虚构批次")
    rows = []
    for s in schools[:3]:
        rows += [(p, "无记录") for p in people[s.pk]]
    rows[0] = (rows[0][0], "有记录")
    rows[7] = (rows[7][0], "有记录")
    rows[4] = (rows[4][0], "查询失败")
    record_results(admin, batch, rows)
    first, second = RestrictedCase.objects.filter(bureau=bureau).order_by("id")
    services.case_save(
        case=first, by=admin, values={"action": "dismissed", "decided_on": datetime.date(2024, 5, 1)}, version=first.version
    )
    first.refresh_from_db()
    services.case_close(case=first, by=admin, closed_on=datetime.date(2024, 6, 1), note="已解除聘用", version=first.version)
    # The next year's check of the 4th school does not count.
    later = make_batch(admin, schools[3:], day=datetime.date(YEAR + 1, 4, 1), title="次年批次")
    record_results(admin, later, [(p, "无记录") for p in people[schools[3].pk]])
    del school_user
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert {key: fact.value for key, fact in facts.items()} == {
        "screening.schools": 4,
        "screening.schools_covered": 3,
        "screening.checked": 17,
        "screening.checked.teacher": 9,
        "screening.checked.admin": 3,
        "screening.checked.support": 3,
        "screening.checked.security": 2,
        "screening.checked.other": 0,
        "screening.filed": 17,
        "screening.hits": 2,
        "screening.hits.not_hired": 0,
        "screening.hits.stopped": 0,
        "screening.hits.dismissed": 1,
        "screening.hits.other": 0,
        "screening.hits.closed": 1,
    }
    assert_fact_urls(login(admin), facts.values())


def test_the_collector_includes_the_screening_facts(made_up):
    bureau, _ = made_up
    assert "screening.schools_covered" in {fact.key for fact in facts_for(bureau, YEAR)}
