"""The notices part of `make bench`, run inside bench.django_side's child process:
seed every bureau's notices (`seed`) and pick the pages and the school user (`plan`).
The pages are then loaded through gunicorn with the rest (bench/__main__.py)."""

from __future__ import annotations

import random

SCHOOL_USERNAME = "bench_school"
NOTICES_PER_BUREAU = 40
RECEIPTS, INBOX, LIST = "notice receipts", "school inbox", "notice list"


def seed(per_bureau: int) -> dict:
    """Every bureau sends `per_bureau` notices to all its schools, a third needing a reply;
    the copies' progress is random. Triggers are skipped (replica role) as seed.py does."""

    from django.db import connection, transaction
    from django.utils import timezone

    from apps.notices.models import Notice, NoticeAddressee
    from apps.registry.models import Bureau, Entity
    from apps.registry.selectors import SCHOOL_KINDS

    if Notice.objects.exists():
        return {"notices": Notice.objects.count(), "copies": NoticeAddressee.objects.count(), "reused": True}
    rng = random.Random(20250310)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            schools = list(
                Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status="open").values_list("pk", flat=True)
            )
            if not schools:
                continue
            notices = Notice.objects.bulk_create(
                Notice(
                    bureau=bureau,
                    title=f"基准测试通知{i}",
                    body="正文",
                    kind=rng.choice(["issue", "forward", "notice"]),
                    status="sent",
                    reply_required=rng.random() < 0.3,
                    deadline=(now + timezone.timedelta(days=rng.randint(-30, 30))).date(),
                    sent_at=now - timezone.timedelta(days=per_bureau - i),
                    search_text=f"基准测试通知{i}",
                )
                for i in range(per_bureau)
            )
            copies = (
                NoticeAddressee(
                    bureau=bureau,
                    notice=notice,
                    school_id=school,
                    sent_at=notice.sent_at,
                    progress=rng.choice([0, 1, 2, 2, 2, 3]),
                )
                for notice in notices
                for school in schools
            )
            NoticeAddressee.objects.bulk_create(copies, batch_size=5000)
    cursor = connection.cursor()
    cursor.execute("VACUUM ANALYZE notices_noticeaddressee")
    cursor.execute("VACUUM ANALYZE notices_notice")
    return {"notices": Notice.objects.count(), "copies": NoticeAddressee.objects.count(), "reused": False}


def plan(admin, sessions: int) -> dict:
    """The measured notice (the newest of 高平's, sent to every open school), a school
    user of one of its schools with signed-in sessions for the load connections, and the
    SQL per request of the school's inbox (the bureau's pages are counted with the rest)."""

    from django.contrib.auth.models import Group
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.notices.models import Notice, NoticeAddressee
    from bench.django_side import count_queries, make_sessions

    notice = Notice.objects.filter(bureau=admin.bureau).order_by("-sent_at", "-id").first()
    school_id = NoticeAddressee.objects.filter(notice=notice).order_by("id").values_list("school_id", flat=True)[0]
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first() or User(username=SCHOOL_USERNAME)
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, school_id, True
    school_user.full_name = "基准测试学校用户"
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    inbox = reverse("notices:inbox")
    return {
        "notice": notice.pk,
        "schools_in_notice": NoticeAddressee.objects.filter(notice=notice).count(),
        "receipts": reverse("notices:notice_receipts", args=[notice.pk]),
        "list": reverse("notices:notice_list"),
        "inbox": inbox,
        "school_sessions": make_sessions(school_user, sessions),
        "school_queries": count_queries(school_user, {INBOX: inbox}, 15),
    }
