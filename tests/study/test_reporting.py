"""学法's report facts on a made-up bureau and year (figures unlike the demo's), each
count's URL listing exactly its records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.core.reporting import facts_for
from apps.study import reporting
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import law, make_item, make_offices, make_session

YEAR = 2021


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    offices = make_offices(bureau, "虚构县教育局机关")
    a, b = (factories.make_person(offices, name=n) for n in ("甲", "乙"))
    gang, peace = make_item(bureau, "扫黑除恶"), make_item(bureau, "平安建设")
    xi, crime, code = law("习近平法治思想学习纲要"), law("中华人民共和国反有组织犯罪法"), law("中华人民共和国民法典")
    # Two Friday 中心组 sessions and one on a Tuesday.
    for day in (datetime.date(YEAR, 3, 5), datetime.date(YEAR, 3, 12), datetime.date(YEAR, 3, 16)):
        make_session(admin, date=day, laws=[xi], hours=Decimal("1"), attendees={a: "present", b: "absent"})
    make_session(admin, kind="party_day", title="党日：民法典", date=datetime.date(YEAR, 4, 2), laws=[code], topics=[peace],
                 attendees={a: "present", b: "present"})  # fmt: skip
    make_session(admin, kind="lecture", title="大讲堂：反有组织犯罪法", date=datetime.date(YEAR, 5, 7), laws=[crime],
                 topics=[gang], hours=Decimal("3"), attendees={b: "present"})  # fmt: skip
    make_session(admin, kind="training", title="执法证年度培训", date=datetime.date(YEAR, 9, 9), enforcement_training=True,
                 hours=Decimal("6"), mode="onsite", attendees={b: "present"})  # fmt: skip
    # Another year, and another bureau: neither counts.
    make_session(admin, kind="lecture", title="次年大讲堂", date=datetime.date(YEAR + 1, 1, 7), topics=[gang], laws=[crime])
    gaoping_admin = factories.make_user("bureau_admin")
    make_session(gaoping_admin, date=datetime.date(YEAR, 3, 5), laws=[xi])
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert {key: fact.value for key, fact in facts.items()} == {
        "study.sessions": 6,
        "study.hours": Decimal("14.0"),
        "study.sessions.central_group": 3,
        "study.sessions.party_day": 1,
        "study.sessions.lecture": 1,
        "study.sessions.pre_meeting": 0,
        "study.sessions.training": 1,
        "study.sessions.online": 0,
        "study.sessions.exam": 0,
        "study.central_group.friday": 2,
        "study.central_group.laws": ["《习近平法治思想学习纲要》"],
        "study.laws.party_day": ["《中华人民共和国民法典》"],
        "study.laws.lecture": ["《中华人民共和国反有组织犯罪法》"],
        "study.laws.party_day_lecture": ["《中华人民共和国民法典》", "《中华人民共和国反有组织犯罪法》"],
        "study.laws": ["《习近平法治思想学习纲要》", "《中华人民共和国民法典》", "《中华人民共和国反有组织犯罪法》"],
        "study.enforcement": 1,
        "study.enforcement.titles": ["“执法证年度培训”"],
        "study.anti_gang": 1,
        "study.anti_gang.laws": ["《中华人民共和国反有组织犯罪法》"],
        "study.attendances": 7,
    }
    assert facts["study.hours"].unit == "学时"
    assert_fact_urls(login(admin), facts.values())


def test_the_collector_includes_the_study_facts(made_up):
    bureau, _ = made_up
    assert "study.anti_gang" in {fact.key for fact in facts_for(bureau, YEAR)}
