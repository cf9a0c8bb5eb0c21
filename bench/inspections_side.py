"""The inspections part of `make bench`, run inside bench.django_side's child process:
seed every bureau's 双随机 visits (`seed`) and pick the pages and the school user
(`plan`). Measured: the busiest staff list (every visit, with its deadline state), a
school's main page of the app (its own published results) and the public results
search, at county and province scale (bench/__main__.py, `--only inspections`)."""

from __future__ import annotations

import datetime
import random

SCHOOL_USERNAME = "bench_school_insp"
YEARS = range(2020, 2025)
SHARE_PER_YEAR = 0.25  # a quarter of a bureau's schools visited each year, at least 20
STAFF_LIST, SCHOOL_LIST, PUBLIC_SEARCH, PUBLIC_LIST = (
    "inspections staff results",
    "inspections school results",
    "inspections public ?q=",
    "inspections public ?year=",
)


def seed() -> dict:
    """For every bureau: one approved plan and task a year, and visits to random schools
    with random results, 95% published. Triggers are skipped (replica role) as seed.py does."""

    from django.db import connection, transaction

    from apps.inspections.models import Inspection, InspectionItem, Plan, Task
    from apps.registry.models import Bureau, Entity
    from apps.registry.selectors import SCHOOL_KINDS

    if Inspection.objects.exists():
        return {"visits": Inspection.objects.count(), "reused": True}
    rng = random.Random(20240515)
    results = ["no_problem"] * 17 + ["rectify", "transferred", "other"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for bureau in Bureau.objects.all():
            schools = list(Entity.objects.filter(bureau=bureau, kind__in=SCHOOL_KINDS, status="open").values_list("pk", "name"))
            if not schools:
                continue
            item = InspectionItem.objects.create(
                bureau=bureau, code="BENCH-001", name="基准测试抽查事项", inspecting_unit=bureau.name, content="检查内容",
                entity_kinds=["high", "middle", "primary"],
            )  # fmt: skip
            visits, links = [], []
            for year in YEARS:
                plan = Plan.objects.create(
                    bureau=bureau, year=year, title=f"{year}年抽查计划", status="approved",
                    approved_at=datetime.datetime(year, 3, 1, tzinfo=datetime.UTC),
                )  # fmt: skip
                task = Task.objects.create(
                    bureau=bureau, plan=plan, name=f"{year}年教育装备抽查", entity_kinds=["high", "middle", "primary"],
                    draw_on=datetime.date(year, 5, 6), inspect_from=datetime.date(year, 5, 8),
                    inspect_to=datetime.date(year, 10, 31),
                )  # fmt: skip
                task.items.add(item)
                n = min(len(schools), max(20, int(len(schools) * SHARE_PER_YEAR)))
                for pk, name in rng.sample(schools, n):
                    day = datetime.date(year, rng.choice([5, 10]), rng.randint(8, 28))
                    published = rng.random() < 0.95
                    visits.append(
                        Inspection(
                            bureau=bureau,
                            entity_id=pk,
                            entity_name=name,
                            year=year,
                            status="published" if published else "recorded",
                            inspected_on=day,
                            contents="检查",
                            result=rng.choice(results),
                            publish_due=day + datetime.timedelta(days=28),
                            published_on=day + datetime.timedelta(days=rng.randint(3, 35)) if published else None,
                            search_text=name,
                        )  # fmt: skip
                    )
                    links.append(task.pk)
            created = Inspection.objects.bulk_create(visits, batch_size=5000)
            Inspection.tasks.through.objects.bulk_create(
                [Inspection.tasks.through(inspection_id=v.pk, task_id=t) for v, t in zip(created, links, strict=True)],
                batch_size=5000,
            )
    cursor = connection.cursor()
    for table in ("inspections_inspection", "inspections_inspection_tasks"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"visits": Inspection.objects.count(), "reused": False}


def plan(admin, sessions: int) -> dict:
    """The pages, a school user of a school with published results (with sessions for the
    load connections) and the SQL per request of the school's page."""

    from urllib.parse import urlencode

    from django.contrib.auth.models import Group
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.inspections.models import Inspection
    from bench.django_side import count_queries, make_sessions

    visit = Inspection.objects.filter(bureau=admin.bureau, status="published").order_by("id").first()
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first() or User(username=SCHOOL_USERNAME)
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, visit.entity_id, True
    school_user.full_name = "基准测试学校用户（双随机）"
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    mine = reverse("inspections:inspection_list")
    public = reverse("public:inspections:result_list")
    # A two-character piece of a school's name, as a visitor types it (二中, 中心).
    term = visit.entity_name[-2:]
    return {
        "staff": mine,
        "school": mine,
        # percent-encoded: the load client sends the request line as ASCII
        "public_search": f"{public}?{urlencode({'q': term})}",
        "public_year": f"{public}?year=2024",
        "school_sessions": make_sessions(school_user, sessions),
        "school_queries": count_queries(school_user, {SCHOOL_LIST: mine}, 15),
    }
