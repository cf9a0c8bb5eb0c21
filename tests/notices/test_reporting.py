"""The notices' report facts, on a made-up bureau and year (figures unlike the demo's)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.core.reporting import facts_for
from apps.documents.choices import DocumentKind
from apps.documents.models import Document
from apps.notices import reporting, services
from apps.notices.models import Notice, NoticeAddressee
from tests import factories
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_notice

YEAR = 2022


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149901")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构学校{i}") for i in range(5)]
    doc = Document.objects.create(
        bureau=bureau, title="虚构工作要点", kind=DocumentKind.WORK_POINTS, issuer="虚构县教育局",
        issued_on=datetime.date(YEAR, 2, 1),
    )  # fmt: skip
    forwarded = Document.objects.create(
        bureau=bureau, title="上级专项行动要求", kind=DocumentKind.NOTICE, issuer="省教育厅",
        issued_on=datetime.date(YEAR, 3, 1),
    )  # fmt: skip
    sent = [
        make_notice(admin, schools[:3], kind="issue", documents=[doc], reply_required=False, deadline=None),
        make_notice(admin, schools, kind="forward", documents=[forwarded], reply_required=False, deadline=None),
        make_notice(admin, schools[:2], kind="notice", reply_required=False, deadline=None),
    ]
    make_notice(admin, schools, send=False, title="未下发的草稿")
    make_notice(admin, schools[:1], kind="issue", title="次年的通知")  # another year
    in_year = timezone.make_aware(datetime.datetime(YEAR, 6, 1, 9))
    Notice.objects.filter(pk__in=[n.pk for n in sent]).update(sent_at=in_year)
    NoticeAddressee.objects.filter(notice__in=sent).update(sent_at=in_year)
    # 7 of the 10 copies signed for
    for copy in NoticeAddressee.objects.filter(notice__in=sent).order_by("id")[:7]:
        user = factories.make_user("school_user", school=copy.school)
        services.addressee_acknowledge(addressee=copy, by=user)
    return bureau, admin


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact for fact in reporting.facts(bureau, YEAR)}
    assert {key: fact.value for key, fact in facts.items()} == {
        "notices.sent": 3,
        "notices.sent.issue": 1,
        "notices.sent.forward": 1,
        "notices.sent.notice": 1,
        "notices.documents.issue": ["《虚构工作要点》"],
        "notices.documents.forward": ["《上级专项行动要求》"],
        "notices.copies": 10,
        "notices.acknowledged": 7,
        "notices.receipt_rate": Decimal("70.0"),
    }
    assert facts["notices.receipt_rate"].unit == "%"
    assert_fact_urls(login(admin), facts.values())


def test_the_collector_includes_the_notices_facts(made_up):
    bureau, _ = made_up
    assert "notices.receipt_rate" in {fact.key for fact in facts_for(bureau, YEAR)}
