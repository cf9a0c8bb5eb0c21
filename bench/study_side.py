"""The 学法 part of `make bench`, run inside bench.django_side's child process: seed
every bureau's study sessions with attendance (`seed`) and pick the pages (`plan`).

学法 is the bureau's own work: a school user has no page in it, so only staff pages
are measured (the busiest list, the attendance list, a person's year, the summary)."""

from __future__ import annotations

import datetime
import random

SESSIONS_PER_BUREAU = 300  # about two a week over three years
ATTENDEES = (5, 25)
SESSIONS, ATTENDANCE, PERSON_YEAR, SUMMARY = "study sessions", "study attendance", "study person year", "study summary"
YEAR = 2024


def seed(per_bureau: int) -> dict:
    """Sessions from 2022 to 2024 with random kinds, topics, laws and attendees drawn from
    the bureau's staff. Triggers are skipped (replica role) as seed.py does."""

    from decimal import Decimal

    from django.db import connection, transaction

    from apps.core.models import DictionaryItem
    from apps.documents.models import Law
    from apps.registry.models import Bureau, Person
    from apps.study.choices import AttendanceStatus, Mode, SessionKind
    from apps.study.dictionary import STUDY_TOPIC
    from apps.study.models import Attendance, StudySession

    if StudySession.objects.exists():
        return {"sessions": StudySession.objects.count(), "attendance": Attendance.objects.count(), "reused": True}
    rng = random.Random(20240517)
    laws = list(Law.objects.values_list("pk", flat=True))
    kinds = SessionKind.values
    statuses = [AttendanceStatus.PRESENT] * 8 + [AttendanceStatus.LEAVE, AttendanceStatus.ABSENT]
    start = datetime.date(2022, 1, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            people = list(Person.objects.filter(bureau=bureau).order_by("?").values_list("pk", flat=True)[:400])
            if not people:
                continue
            topics = DictionaryItem.objects.bulk_create(
                DictionaryItem(bureau=bureau, kind=STUDY_TOPIC, label=label, sort_order=i)
                for i, label in enumerate(["习近平法治思想", "扫黑除恶", "民法典", "平安建设", "行政执法"])
            )
            sessions = StudySession.objects.bulk_create(
                StudySession(
                    bureau=bureau,
                    date=start + datetime.timedelta(days=rng.randrange(3 * 365)),
                    kind=rng.choice(kinds),
                    title=f"基准测试学法{i}",
                    search_text=f"基准测试学法{i}",
                    hours=Decimal(rng.choice(["0.5", "1", "2", "4"])),
                    mode=rng.choice(Mode.values),
                    enforcement_training=rng.random() < 0.1,
                )
                for i in range(per_bureau)
            )
            Through = StudySession.topics.through
            Through.objects.bulk_create(Through(studysession_id=s.pk, dictionaryitem_id=rng.choice(topics).pk) for s in sessions)
            LawLink = StudySession.laws.through
            LawLink.objects.bulk_create(
                LawLink(studysession_id=s.pk, law_id=law) for s in sessions for law in rng.sample(laws, rng.randint(1, 3))
            )
            rows = (
                Attendance(bureau=bureau, session=s, person_id=pk, date=s.date, status=rng.choice(statuses))
                for s in sessions
                for pk in rng.sample(people, min(len(people), rng.randint(*ATTENDEES)))
            )
            Attendance.objects.bulk_create(rows, batch_size=5000)
    cursor = connection.cursor()
    for table in ("study_studysession", "study_attendance", "study_studysession_laws", "study_studysession_topics"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"sessions": StudySession.objects.count(), "attendance": Attendance.objects.count(), "reused": False}


def plan(admin) -> dict:
    """The measured pages, as the bench's bureau user sees them."""

    from django.urls import reverse

    from apps.study.models import Attendance

    person = (
        Attendance.objects.filter(bureau=admin.bureau, date__year=YEAR)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .first()
    )
    return {
        SESSIONS: reverse("study:studysession_list"),
        ATTENDANCE: reverse("study:attendance_list"),
        PERSON_YEAR: reverse("study:person_year", args=[person]) + f"?year={YEAR}",
        SUMMARY: reverse("study:summary") + f"?year={YEAR}",
    }
