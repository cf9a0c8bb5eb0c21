"""The 欺凌防治 part of `make bench`, run inside bench.django_side's child process: seed
every bureau's checklist and self-inspection rounds (`seed`), and pick the pages and the
school user (`plan`): the round page (the app's busiest staff list: every school of a
round, laggards first, with the counts by kind) and a school's form (its main page)."""

from __future__ import annotations

import random

SCHOOL_USERNAME = "bench_bullying_school"
ROUNDS_PER_BUREAU = 6
ROUND_PAGE, SCHOOL_FORM = "bullying round page", "bullying school form"
PAGES = (ROUND_PAGE, SCHOOL_FORM)
ITEMS = 12


def seed() -> dict:
    """Per bureau: a published 12-item checklist and ROUNDS_PER_BUREAU rounds of all its
    open schools, progress random (a tenth of the forms answered). Triggers are skipped
    (replica role) as seed.py does; the checklist's frozen-item trigger with them."""

    from django.db import connection, transaction
    from django.utils import timezone

    from apps.bullying.models import Answer, Checklist, ChecklistItem, ChecklistVersion, Round, SelfInspection
    from apps.registry.models import Bureau, Entity
    from apps.registry.selectors import SCHOOL_KINDS

    if Round.objects.exists():
        return {"rounds": Round.objects.count(), "forms": SelfInspection.objects.count(), "reused": True}
    rng = random.Random(20240420)
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            schools = list(
                Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status="open")
                .order_by("sort_key", "id")
                .values_list("pk", flat=True)
            )
            if not schools:
                continue
            checklist = Checklist.objects.create(bureau=bureau, title="基准测试检查清单")
            version = ChecklistVersion.objects.create(
                bureau=bureau, checklist=checklist, number=1, status="published", published_at=now
            )
            items = ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    bureau=bureau,
                    version=version,
                    position=n,
                    section=f"第{n // 4 + 1}部分",
                    text=f"检查内容{n}",
                    answer_type=rng.choice(["compliance", "compliance", "number", "text"]),
                    evidence_required=n % 3 == 0,
                )  # fmt: skip
                for n in range(1, ITEMS + 1)
            )
            for r in range(ROUNDS_PER_BUREAU):
                round_ = Round.objects.create(
                    bureau=bureau, title=f"基准测试自查{r}", version=version, period=f"第{r}学期", year=2020 + r // 2,
                    kinds=list(SCHOOL_KINDS), deadline=(now + timezone.timedelta(days=rng.randint(-60, 30))).date(),
                )  # fmt: skip
                forms = SelfInspection.objects.bulk_create(
                    (
                        SelfInspection(
                            bureau=bureau, round=round_, school_id=school, progress=rng.choice([0, 1, 1, 2, 3, 4, 4, 4])
                        )
                        for school in schools
                    ),
                    batch_size=5000,
                )
                answered = [f for f in forms if f.progress and rng.random() < 0.1]
                Answer.objects.bulk_create(
                    (Answer(bureau=bureau, inspection=f, item=item, value="符合") for f in answered for item in items),
                    batch_size=5000,
                )
    cursor = connection.cursor()
    for table in ("bullying_selfinspection", "bullying_answer", "bullying_round"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"rounds": Round.objects.count(), "forms": SelfInspection.objects.count(), "reused": False}


def plan(admin, sessions: int) -> dict:
    """The newest round of the user's bureau, a school user of one of its schools (a form
    in draft, half answered) with signed-in sessions, and the SQL per request of its form."""

    from django.contrib.auth.models import Group

    from apps.accounts.models import User
    from apps.bullying.models import Answer, Round, SelfInspection
    from bench.django_side import count_queries, make_sessions

    round_ = Round.objects.filter(bureau=admin.bureau).order_by("-id").first()
    form = SelfInspection.objects.filter(round=round_).order_by("id").first()
    items = list(round_.version.items.all())
    SelfInspection.objects.filter(pk=form.pk).update(progress=1)
    Answer.objects.filter(inspection=form).delete()
    Answer.objects.bulk_create(
        Answer(bureau=admin.bureau, inspection=form, item=i, value="符合") for i in items[: len(items) // 2]
    )
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first() or User(username=SCHOOL_USERNAME)
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, form.school_id, True
    school_user.full_name = "基准测试学校用户（欺凌防治）"
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    return {
        "round": round_.pk,
        "schools_in_round": SelfInspection.objects.filter(round=round_).count(),
        "round_page": round_.get_absolute_url(),
        "school_form": form.get_absolute_url(),
        "school_sessions": make_sessions(school_user, sessions),
        "school_queries": count_queries(school_user, {SCHOOL_FORM: form.get_absolute_url()}, 15),
    }
