"""The screening part of `make bench`, run inside bench.django_side's child process:
seed the user's bureau's authorisations and a 2024 batch of checks (`seed`), pick the
pages and a school user (`plan`), and time a results import (`import_rate`). The pages
are loaded through gunicorn with the rest (bench/__main__.py)."""

from __future__ import annotations

import datetime
import io
import time

SCHOOL_USERNAME = "bench_screening_school"
COVERAGE, STAFF, SCHOOL_STAFF = "screening coverage", "screening staff", "screening school staff"
PAGES = (COVERAGE, STAFF, SCHOOL_STAFF)
YEAR = 2024
CHECKED_SHARE = 0.9  # a tenth of the staff not yet checked: coverage below 100 %
IMPORT_ROWS = 5000


def seed(region_code: str) -> dict:
    """Every active member of the bureau authorised; 90 % (at random) checked in one
    completed 2024 batch. SQL `INSERT … SELECT` with the triggers skipped (replica role,
    as seed.py does): 80,000 people at province scale."""

    from django.db import connection, transaction

    from apps.core import crypto
    from apps.core.models import DictionaryItem
    from apps.registry.models import Bureau
    from apps.screening.dictionary import QUERY_PLATFORM
    from apps.screening.models import Check, QueryBatch

    bureau = Bureau.objects.get(region_code=region_code)
    if QueryBatch.objects.filter(bureau=bureau).exists():
        return {"checks": Check.objects.count(), "reused": True}
    started = time.perf_counter()
    platform, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=QUERY_PLATFORM, label="全国教职员工准入查询系统")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        batch = QueryBatch.objects.create(
            bureau=bureau, title="基准测试批次", query_date=f"{YEAR}-10-15", platform=platform, status="completed"
        )
        cursor.execute(
            """INSERT INTO screening_authorisation (created_at, updated_at, bureau_id, person_id, signed_on, scan)
               SELECT now(), now(), p.bureau_id, p.id, DATE '2024-09-01', '' FROM registry_person p
               WHERE p.bureau_id = %s AND p.employment_status IN ('employed', 'seconded')""",
            [bureau.pk],
        )
        cursor.execute(
            """INSERT INTO screening_check (created_at, updated_at, bureau_id, batch_id, person_id, school_id, status,
                                            checked_on, outcome_encrypted, reference, filed_on)
               SELECT now(), now(), p.bureau_id, %s, p.id, COALESCE(e.parent_id, e.id), 'checked', DATE '2024-10-15',
                      %s, '', DATE '2024-10-31'
               FROM registry_person p JOIN registry_entity e ON e.id = p.employer_id
               WHERE p.bureau_id = %s AND p.employment_status IN ('employed', 'seconded') AND random() < %s""",
            [batch.pk, crypto.encrypt("clear"), bureau.pk, CHECKED_SHARE],
        )
    cursor = connection.cursor()
    for table in ("screening_authorisation", "screening_check"):
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"checks": Check.objects.count(), "seconds": round(time.perf_counter() - started, 1), "reused": False}


def plan(admin, sessions: int) -> dict:
    """A school user of the school with the most staff, its sessions and query counts."""

    from django.contrib.auth.models import Group
    from django.db.models import Count
    from django.urls import reverse

    from apps.accounts.models import User
    from apps.registry.models import Person
    from bench.django_side import count_queries, make_sessions

    school_id = (
        Person.objects.filter(bureau=admin.bureau, employer__parent__isnull=True)
        .values("employer_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("employer_id", flat=True)[0]
    )
    school_user = User.objects.filter(username=SCHOOL_USERNAME).first() or User(username=SCHOOL_USERNAME)
    school_user.bureau, school_user.school_id, school_user.is_active = admin.bureau, school_id, True
    school_user.full_name = "基准测试学校用户（准入查询）"
    school_user.save()
    school_user.groups.set([Group.objects.get(name="school_user")])
    staff = reverse("screening:staff_list")
    return {
        "coverage": reverse("screening:coverage") + f"?year={YEAR}",
        "staff": staff,
        "school_staff": staff,
        "school_sessions": make_sessions(school_user, sessions),
        "school_queries": count_queries(school_user, {SCHOOL_STAFF: staff}, 15),
    }


def import_rate(admin, rows: int = IMPORT_ROWS) -> dict:
    """Rows per second of a results import of `rows` people (read, every number checked,
    matched by digest, saved in one transaction), and of the same sheet with one bad row
    last (refused, nothing saved); both rolled back."""

    from django.db import transaction
    from openpyxl import Workbook

    from apps.core.imports import ImportFailed, run_import
    from apps.core.models import DictionaryItem
    from apps.registry.models import Person
    from apps.screening.imports import ResultImporter
    from apps.screening.models import Check, QueryBatch

    people = list(
        Person.objects.filter(bureau=admin.bureau, employment_status="employed").select_related("employer").order_by("id")[:rows]
    )
    platform = DictionaryItem.objects.filter(bureau=admin.bureau, kind="screening_platform").first()
    out: dict = {"rows": len(people)}
    with transaction.atomic():
        batch = QueryBatch.objects.create(
            bureau=admin.bureau, title="基准测试导入", query_date=datetime.date(2025, 3, 1), platform=platform, status="exported"
        )
        Check.objects.bulk_create(
            Check(bureau=admin.bureau, batch=batch, person=p, school_id=p.employer.parent_id or p.employer_id) for p in people
        )
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("结果")
        sheet.append(["证件号码", "姓名", "查询结果"])
        for i, person in enumerate(people):
            sheet.append([person.id_number, person.name, "有记录" if i % 997 == 0 else "无记录"])
        good = io.BytesIO()
        workbook.save(good)
        # The same rows, then one number outside the batch: nothing may be saved.
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("结果")
        sheet.append(["证件号码", "姓名", "查询结果"])
        for person in people:
            sheet.append([person.id_number, person.name, "无记录"])
        sheet.append(["140581199001010011"[:17] + "X", "", "无记录"])
        bad = io.BytesIO()
        workbook.save(bad)

        started = time.perf_counter()
        try:
            run_import(ResultImporter(admin, batch), io.BytesIO(bad.getvalue()))
            out["refused"] = False
        except ImportFailed as failure:
            out["refused"] = True
            out["refused_errors"] = len(failure.errors)
        out["refused_seconds"] = round(time.perf_counter() - started, 2)
        out["saved_after_refusal"] = Check.objects.filter(batch=batch).exclude(status="pending").count()

        started = time.perf_counter()
        result = run_import(ResultImporter(admin, batch), io.BytesIO(good.getvalue()))
        seconds = time.perf_counter() - started
        out.update(
            updated=result.updated,
            seconds=round(seconds, 2),
            rows_per_s=round(len(people) / seconds),
            cases=batch.checks.filter(case__isnull=False).count(),
        )
        transaction.set_rollback(True)
    return out
