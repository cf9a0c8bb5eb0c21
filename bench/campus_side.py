"""The campus part of `make bench`, run inside bench.django_side's child process: seed
every bureau's 法治进校园 year (`seed`) and pick the pages and the school user (`plan`).
The pages are then loaded through gunicorn with the rest (bench/__main__.py)."""

from __future__ import annotations

import datetime
import random

SCHOOL_USERNAME = "bench_campus_school"
EVENTS_PER_SCHOOL = 6
EVENT_LIST, SCHOOL_PAGE = "campus event list", "campus school page"


def seed(per_school: int) -> dict:
    """Every open school: a 法治副校长 shared with its neighbour, `per_school` events over
    two years (random kind, campaign, size, date; a third given by the 法治副校长), a
    theme on each. Triggers are skipped (replica role) as seed.py does."""

    from django.db import connection, transaction

    from apps.campus.choices import EventKind
    from apps.campus.dictionary import CAMPAIGN, EVENT_THEME
    from apps.campus.models import Appointment, Event
    from apps.core.models import DictionaryItem
    from apps.registry.models import Bureau, Entity
    from apps.registry.selectors import SCHOOL_KINDS

    if Event.objects.exists():
        return {"events": Event.objects.count(), "appointments": Appointment.objects.count(), "reused": True}
    rng = random.Random(20241204)
    kinds = [k.value for k in EventKind]
    start = datetime.date(2024, 1, 1)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            schools = list(
                Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status="open").values_list("pk", flat=True)
            )
            if not schools:
                continue
            campaigns = [
                DictionaryItem.objects.get_or_create(bureau=bureau, kind=CAMPAIGN, label=label)[0]
                for label in ("宪法宣传周", "民法典宣传月", "六一儿童节", "教师节")
            ]
            theme = DictionaryItem.objects.get_or_create(bureau=bureau, kind=EVENT_THEME, label="防校园欺凌")[0]
            appointments = Appointment.objects.bulk_create(
                Appointment(
                    bureau=bureau,
                    name=f"基准{i}",
                    role="vice_principal",
                    body="police",
                    unit=f"派出所{i % 40}",
                    term_start=datetime.date(2024, 9, 1),
                    term_end=datetime.date(2027, 8, 31),
                    search_text=f"基准{i}",
                )  # fmt: skip
                for i in range(0, len(schools), 2)
            )
            links = Appointment.schools.through
            links.objects.bulk_create(
                [links(appointment_id=appointments[i // 2].pk, entity_id=school) for i, school in enumerate(schools)],
                batch_size=5000,
            )
            events = Event.objects.bulk_create(
                (
                    Event(
                        bureau=bureau,
                        school_id=school,
                        kind=rng.choice(kinds),
                        start_on=start + datetime.timedelta(days=rng.randint(0, 700)),
                        campaign=rng.choice([None, *campaigns]),
                        speaker_id=appointments[i // 2].pk if rng.random() < 0.33 else None,
                        students=rng.randint(0, 2000),
                        teachers=rng.randint(0, 120),
                        summary="基准测试活动",
                    )
                    for i, school in enumerate(schools)
                    for _ in range(per_school)
                ),
                batch_size=5000,
            )
            themes = Event.themes.through
            themes.objects.bulk_create((themes(event_id=e.pk, dictionaryitem_id=theme.pk) for e in events), batch_size=5000)
    cursor = connection.cursor()
    for table in ("campus_event", "campus_appointment", "campus_appointment_schools", "campus_event_themes"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"events": Event.objects.count(), "appointments": Appointment.objects.count(), "reused": False}


def plan(admin, sessions: int) -> dict:
    """The bureau's event list, and the campus page of one of 高平's schools as a school
    user of it, with signed-in sessions for the load connections and its SQL per request."""

    from django.contrib.auth.models import Group
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.campus.models import Event
    from bench.django_side import count_queries, make_sessions

    school_id = (
        Event.objects.filter(bureau=admin.bureau, speaker__isnull=False).order_by("id").values_list("school_id", flat=True)[0]
    )
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first() or User(username=SCHOOL_USERNAME)
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, school_id, True
    school_user.full_name = "基准测试学校用户（法治进校园）"
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    page = reverse("campus:school", args=[school_id])
    return {
        "list": reverse("campus:event_list"),
        "school_page": page,
        "events_in_bureau": Event.objects.filter(bureau=admin.bureau).count(),
        "school_sessions": make_sessions(school_user, sessions),
        "school_queries": count_queries(school_user, {SCHOOL_PAGE: page}, 15),
    }
