"""Django side of bench.notices: seed notices (`seed`) and time the pages (`measure`)."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoping_edu.settings")
    import django

    django.setup()


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


def _client(user):
    from django.test import Client

    from bench.django_side import BACKEND, second_factor

    client = Client()
    client.force_login(user, backend=BACKEND)
    if not user.school_id:
        from django_otp import DEVICE_ID_SESSION_KEY

        session = client.session
        session[DEVICE_ID_SESSION_KEY] = second_factor(user)[0]
        session.save()
    return client


def _time(client, url: str, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000


def measure(rounds: int = 5, repeats: int = 8) -> dict:
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.db.models import Count
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.notices.models import Notice, NoticeAddressee
    from bench.django_side import ensure_user

    admin = ensure_user("140581")
    notice = Notice.objects.filter(bureau=admin.bureau).annotate(n=Count("addressees")).order_by("-n", "-id").first()
    school_id = NoticeAddressee.objects.filter(notice=notice).order_by("id").values_list("school_id", flat=True)[0]
    school_user = User.objects.filter(username="bench_school").first() or User(username="bench_school")
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, school_id, True
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    staff, school = _client(admin), _client(school_user)
    pages = {
        "receipt table (one notice)": (staff, reverse("notices:notice_receipts", args=[notice.pk])),
        "school inbox": (school, reverse("notices:inbox")),
        "notice list": (staff, reverse("notices:notice_list")),
    }
    anchor = "/bench/anchor/"
    result = {}
    for label, (client, url) in pages.items():
        client.get(url), staff.get(anchor)  # warm caches
        executed: list[tuple[float, str]] = []

        def timed(execute, sql, *args, executed=executed):
            started = time.perf_counter()
            try:
                return execute(sql, *args)
            finally:
                executed.append(((time.perf_counter() - started) * 1000, sql))

        with connection.execute_wrapper(timed):
            client.get(url)
        slowest = max(executed)
        pairs = [(_time(client, url, repeats), _time(staff, anchor, repeats)) for _ in range(rounds)]
        page_ms = statistics.median(p for p, _ in pairs)
        anchor_ms = statistics.median(a for _, a in pairs)
        result[label] = {
            "url": url,
            "p50_ms": round(page_ms, 2),
            "anchor_ms": round(anchor_ms, 2),
            "ratio": round(page_ms / anchor_ms, 2),
            "queries": len(executed),
            "sql_ms": round(sum(t for t, _ in executed), 2),
            "slowest_ms": round(slowest[0], 2),
            "slowest_sql": slowest[1][:400],
        }
    return {"pages": result, "schools_in_notice": NoticeAddressee.objects.filter(notice=notice).count()}


def main() -> None:
    command, per_bureau = sys.argv[1], int(sys.argv[2])
    _setup()
    result = seed(per_bureau) if command == "seed" else measure()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
