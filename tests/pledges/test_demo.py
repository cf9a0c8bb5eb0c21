"""The pledges demo makes part 一 of the 2024 report true: the March 2024 guidance
documents, the pledge signed with every school, the regular 例会; and it is idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from apps.notices.choices import Progress
from apps.notices.models import NoticeAddressee
from apps.pledges import demo, reporting
from apps.pledges.choices import PledgeStatus
from apps.pledges.models import Campaign, Decision, Meeting, Pledge
from apps.registry.models import Bureau
from tests.conftest import login
from tests.reporting_helpers import assert_fact_urls

pytestmark = pytest.mark.django_db


def test_demo_makes_the_2024_report_true_and_runs_again_adding_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loaded = StringIO()
    call_command("load_demo", stdout=loaded)
    assert "承诺书签订：新增 2 次（2024年度已签订 125/125 所）；例会：新增 15 次。" in loaded.getvalue()
    bureau = Bureau.objects.get(region_code="140581")
    facts = {f.key: f for f in reporting.facts(bureau, 2024)}
    values = {key: fact.value for key, fact in facts.items()}
    assert values["pledges.guidance.documents"] == [
        "《2024年全市学校安全稳定法治工作要点》",
        "《高平市教育局2023年度党政主要负责人履行推进法治建设第一责任人职责清单》",
    ]
    assert values["pledges.guidance.months"] == ["2024年3月"]
    assert values["pledges.texts"] == ["《2024年度学校安全综治法治工作目标责任承诺书》"]
    assert values["pledges.total"] == values["pledges.signed"] == 125
    assert values["pledges.meetings.安全法治工作例会"] == 12 and values["pledges.meeting_months"] == "12个月"
    assert values["pledges.decisions"] == values["pledges.decisions.done"]
    from apps.accounts.models import User

    assert_fact_urls(login(User.objects.get(username="admin")), facts.values())
    # Every school signed for the 2024 campaign's notice too.
    campaign = Campaign.objects.get(bureau=bureau, year=2024)
    copies = NoticeAddressee.objects.filter(notice=campaign.notice)
    assert copies.count() == 125 and not copies.filter(progress__lt=Progress.ACKNOWLEDGED).exists()
    # The open 2026 campaign: 高平二中 has its pledge to sign, one school's was returned.
    erzhong = Pledge.objects.get(year=2026, school__name="高平二中")
    assert erzhong.status == PledgeStatus.PENDING
    assert Pledge.objects.get(year=2026, school__name="高平三中").status == PledgeStatus.RETURNED
    assert Decision.objects.filter(done_on__isnull=True, meeting__held_on__year=2026).count() == 2

    counts = (Campaign.objects.count(), Pledge.objects.count(), Meeting.objects.count(), Decision.objects.count())
    again = StringIO()
    demo.load(again)
    assert "新增 0 次" in again.getvalue() and "例会：新增 0 次" in again.getvalue()
    assert (Campaign.objects.count(), Pledge.objects.count(), Meeting.objects.count(), Decision.objects.count()) == counts
