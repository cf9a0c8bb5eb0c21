"""The pledges' report facts, on a made-up bureau and year (figures unlike the demo's),
each count followed to its list by the shared helper."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.reporting import facts_for
from apps.pledges import reporting, services
from apps.pledges.choices import PledgeStatus
from apps.pledges.models import Decision, Pledge
from tests import factories
from tests.conftest import login
from tests.documents.conftest import make_document
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_campaign, make_meeting, meeting_kind, sign

YEAR = 2022


@pytest.fixture
def made_up(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149902")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构学校{i}", kind="primary" if i % 2 else "middle") for i in range(7)]
    guidance = [
        make_document(bureau, title="虚构县学校安全工作要点", issued_on=datetime.date(YEAR, 2, 20)),
        make_document(bureau, title="虚构县第一责任人清单", issued_on=datetime.date(YEAR, 4, 2)),
    ]
    text = make_document(bureau, title="虚构县目标责任书", issued_on=datetime.date(YEAR, 2, 20))
    campaign = make_campaign(admin, schools, year=YEAR, pledge_document=text, documents=guidance)
    # The next year's campaign is not this year's.
    make_campaign(admin, schools[:2], year=YEAR + 1, pledge_document=text, documents=[])
    for pledge in campaign.pledges.order_by("id")[:4]:
        sign(pledge, admin)
    returned = campaign.pledges.filter(status=PledgeStatus.SIGNED).first()
    services.pledge_return(pledge=returned, by=admin, reason="不清晰", version=returned.version)
    regular, special = meeting_kind(bureau), meeting_kind(bureau, "专题会议")
    for month in (1, 4, 4, 9):
        make_meeting(admin, held_on=datetime.date(YEAR, month, 10), kind=regular, decisions=1)
    make_meeting(admin, held_on=datetime.date(YEAR, 6, 1), kind=special, decisions=2)
    make_meeting(admin, held_on=datetime.date(YEAR + 1, 1, 5), kind=regular, decisions=1)
    for decision in Decision.objects.filter(meeting__held_on__year=YEAR).order_by("id")[:3]:
        services.decision_done(decision=decision, by=admin)
    # Another bureau's figures stay out.
    other = factories.make_user("bureau_admin", factories.make_bureau(name="别县教育局", region_code="149903"))
    make_campaign(other, [factories.make_school(other.bureau)], year=YEAR)
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert {key: fact.value for key, fact in facts.items()} == {
        "pledges.guidance.documents": ["《虚构县学校安全工作要点》", "《虚构县第一责任人清单》"],
        "pledges.guidance.months": [f"{YEAR}年2月", f"{YEAR}年4月"],
        "pledges.texts": ["《虚构县目标责任书》"],
        "pledges.total": 7,
        "pledges.signed": 3,
        "pledges.unsigned": 4,
        "pledges.signed_rate": Decimal("42.9"),
        "pledges.meetings": 5,
        "pledges.meetings.安全法治工作例会": 4,
        "pledges.meetings.专题会议": 1,
        "pledges.meeting_months": "4个月",
        "pledges.decisions": 6,
        "pledges.decisions.done": 3,
    }
    assert Pledge.objects.filter(bureau=bureau, year=YEAR, status=PledgeStatus.RETURNED).count() == 1
    assert_fact_urls(login(admin), facts.values())


def test_the_collector_includes_the_pledges_facts(made_up):
    bureau, _ = made_up
    assert "pledges.signed" in {fact.key for fact in facts_for(bureau, YEAR)}


def test_facts_of_a_year_without_records_are_zero(made_up):
    bureau, _ = made_up
    facts = {fact.key: fact.value for fact in reporting.facts(bureau, YEAR - 1)}
    assert facts["pledges.total"] == 0 and facts["pledges.meetings"] == 0
    assert facts["pledges.guidance.documents"] == [] and facts["pledges.signed_rate"] == Decimal("0")
    assert timezone.localdate().year > YEAR
