"""The pledges part of `make bench`, run inside bench.django_side's child process:
seed every bureau's pledge campaign and meetings (`seed`), pick the pages (`plan`).

Pages: a campaign's page (its schools, unsigned first, with the by-kind summary), the
pledges' busiest staff list; and 本校承诺书 (the pledge list as a school user), the
school's main page of the app, as the notices bench's school user `bench_school`."""

from __future__ import annotations

import datetime
import random

CAMPAIGN, SCHOOL = "pledge campaign", "school pledges"
PAGES = (CAMPAIGN, SCHOOL)
MEETINGS_PER_BUREAU = 24


def seed() -> dict:
    """Every bureau: one campaign per year 2022-2024 to all its open schools, statuses at
    random (most signed), and two meetings a month with a decision each. Triggers are
    skipped (replica role) as seed.py does."""

    from django.db import connection, transaction
    from django.utils import timezone

    from apps.core.models import DictionaryItem
    from apps.documents.models import Document
    from apps.pledges.dictionary import MEETING_KIND
    from apps.pledges.models import Campaign, Decision, Meeting, Pledge
    from apps.registry.models import Bureau, Entity
    from apps.registry.selectors import SCHOOL_KINDS

    if Campaign.objects.exists():
        return {"campaigns": Campaign.objects.count(), "pledges": Pledge.objects.count(), "reused": True}
    rng = random.Random(20240312)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            schools = list(Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status="open").values_list("pk", "kind"))
            if not schools:
                continue
            text = Document.objects.create(
                bureau=bureau,
                title="目标责任承诺书（基准测试）",
                kind="other",
                issuer="教育局",
                issued_on=datetime.date(2022, 3, 1),
            )
            kind = DictionaryItem.objects.create(bureau=bureau, kind=MEETING_KIND, label="安全法治工作例会")
            for year in (2022, 2023, 2024):
                campaign = Campaign.objects.create(
                    bureau=bureau,
                    year=year,
                    title=f"{year}年度承诺书签订（基准测试）",
                    pledge_document=text,
                    deadline=datetime.date(year, 3, 31),
                    launched_at=now,
                )
                Pledge.objects.bulk_create(
                    (
                        Pledge(
                            bureau=bureau,
                            campaign=campaign,
                            school_id=pk,
                            school_kind=school_kind,
                            year=year,
                            **(
                                {"status": 2, "signer": "校长", "signed_on": datetime.date(year, 3, 20), "scan": "pledges/x.pdf"}
                                if rng.random() < 0.85
                                else {"status": rng.choice([0, 1])}
                            ),
                        )
                        for pk, school_kind in schools
                    ),
                    batch_size=5000,
                )
            meetings = Meeting.objects.bulk_create(
                Meeting(bureau=bureau, held_on=datetime.date(2024, 1 + i % 12, 1 + i % 27), kind=kind, topic=f"例会{i}")
                for i in range(MEETINGS_PER_BUREAU)
            )
            Decision.objects.bulk_create(
                Decision(
                    bureau=bureau,
                    meeting=m,
                    text="整改",
                    owner="安全股",
                    due_on=m.held_on + datetime.timedelta(days=14),
                    done_on=None if rng.random() < 0.2 else m.held_on,
                )
                for m in meetings
            )
    cursor = connection.cursor()
    for table in ("pledges_pledge", "pledges_campaign", "pledges_meeting", "pledges_decision"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"campaigns": Campaign.objects.count(), "pledges": Pledge.objects.count(), "reused": False}


def plan(admin) -> dict:
    """The measured campaign (高平's newest, to every open school) and the school page as
    `bench_school` (made by notices_side.plan, which runs first), with its SQL count."""

    from django.contrib.auth.models import Group
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.pledges.models import Campaign
    from bench.django_side import count_queries

    from .notices_side import SCHOOL_USERNAME

    campaign = Campaign.objects.filter(bureau=admin.bureau).order_by("-year", "-id").first()
    school_user = User.objects.get(username=SCHOOL_USERNAME)
    school_user.groups.set([Group.objects.get(name="school_user")])
    school_page = reverse("pledges:pledge_list")
    return {
        "campaign": campaign.pk,
        "schools_in_campaign": campaign.pledges.count(),
        "campaign_url": campaign.get_absolute_url(),
        "school_page": school_page,
        "school_queries": count_queries(school_user, {SCHOOL: school_page}, 15),
    }
