"""The campus report facts on a made-up bureau and year (figures unlike the demo's),
every count followed to the list it links to."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.campus import reporting
from apps.campus.models import Appointment, AppointmentBatch
from apps.core.reporting import facts_for
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import campaign_item, make_appointment, make_entry, make_event, make_item, make_review, theme_item

YEAR = 2022


@pytest.fixture
def made_up(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构学校{i}", kind=k)
               for i, k in enumerate(["high", "middle", "primary", "kindergarten", "primary"])]  # fmt: skip
    batch = AppointmentBatch.objects.create(bureau=bureau, name="2022年春季聘任", led_by="县委政法委",
                                            appointed_on=datetime.date(YEAR, 3, 1))  # fmt: skip
    term = {"term_start": datetime.date(YEAR, 3, 1), "term_end": datetime.date(YEAR + 3, 2, 28), "batch": batch}
    vp = make_appointment(admin, schools[:2], name="甲", **term)
    make_appointment(admin, schools[2:4], name="乙", **term)
    make_appointment(admin, schools[:1], name="丙", role="traffic", unit="交警大队", **term)
    make_appointment(admin, schools[4:], name="丁", term_start=datetime.date(YEAR + 1, 1, 1),
                     term_end=datetime.date(YEAR + 4, 1, 1))  # another year, no batch  # fmt: skip
    week, month = campaign_item(bureau), campaign_item(bureau, "民法典宣传月")
    bullying = theme_item(bureau)
    on = datetime.date(YEAR, 12, 4)
    make_event(admin, schools[0], campaign=week, start_on=on, students=100, teachers=10, themes=[bullying])
    make_event(admin, schools[1], campaign=week, start_on=on, kind="education", students=50, teachers=5)
    make_event(admin, schools[1], campaign=week, start_on=on, kind="base_visit", students=30, teachers=3)
    make_event(admin, schools[2], campaign=month, start_on=datetime.date(YEAR, 5, 10), kind="civil_code", students=7,
               teachers=1)  # fmt: skip
    make_event(admin, schools[0], kind="lecture", speaker=vp, start_on=datetime.date(YEAR, 9, 9), class_hours="2")
    make_event(admin, schools[0], campaign=week, start_on=datetime.date(YEAR + 1, 12, 4))  # another year
    make_entry(bureau, schools[0], student_name="甲同学", rank=1, prize="first")
    make_entry(bureau, schools[1], student_name="乙同学", group="middle", rank=None, prize="none")
    from apps.campus.models import Competition, Entry

    Competition.objects.filter(bureau=bureau).update(held_on=datetime.date(YEAR, 10, 1))
    other = Competition.objects.create(bureau=bureau, name="往年竞赛", level="city", stage="semifinal",
                                       held_on=datetime.date(YEAR - 1, 5, 1))  # fmt: skip
    Entry.objects.create(bureau=bureau, competition=other, student_name="丙同学", school=schools[2], group="primary")
    from apps.campus.models import CreationCampaign

    CreationCampaign.objects.create(bureau=bureau, school=schools[2], start_year=YEAR - 1)
    CreationCampaign.objects.create(bureau=bureau, school=schools[3], start_year=YEAR + 1)  # not yet
    review = make_review(bureau, schools[2], reviewed_on=datetime.date(YEAR, 6, 1), body="市关工委")
    make_item(review)
    make_review(bureau, schools[2], reviewed_on=datetime.date(YEAR - 1, 6, 1))
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    values = {key: fact.value for key, fact in facts.items()}
    assert values["campus.events"] == 5
    assert values["campus.events.students"] == Decimal("487")  # 100+50+30+7+300
    assert values["campus.events.reading"] == 1 and values["campus.events.lecture"] == 1
    assert values["campus.events.themes"] == ["防校园欺凌"]
    assert values["campus.campaign.宪法宣传周.events"] == 3
    assert values["campus.campaign.宪法宣传周.schools"] == 2
    assert values["campus.campaign.宪法宣传周.kinds"] == ["参观法治教育基地", "宪法主题教育", "宪法晨读"]
    assert values["campus.campaign.民法典宣传月.schools"] == 1
    assert values["campus.entries"] == 2 and values["campus.awards"] == 1
    assert values["campus.awards.list"] == ["虚构学校0甲同学：高中组第1名，一等奖"]
    assert values["campus.creation.schools"] == 1 and values["campus.creation.reviews"] == 1
    assert values["campus.creation.review_occasions"] == [f"{YEAR}年6月1日 市关工委"]
    assert values["campus.appointments"] == 3
    assert values["campus.appointments.vice_principal"] == 2 and values["campus.appointments.traffic"] == 1
    assert values["campus.appointments.schools_covered"] == 4
    assert values["campus.appointments.all_covered"] == "否"  # 虚构学校4 only from the next year
    assert values["campus.appointments.batches"] == [f"2022年春季聘任（县委政法委牵头，{YEAR}年3月1日）"]
    assert Appointment.objects.filter(bureau=bureau).count() == 4
    assert_fact_urls(login(admin), facts.values())


def test_the_collector_includes_the_campus_facts(made_up):
    bureau, _ = made_up
    assert "campus.appointments.schools_covered" in {fact.key for fact in facts_for(bureau, YEAR)}
