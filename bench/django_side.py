"""The parts of the benchmark that need Django, run as `python -m bench.django_side`
in a child process whose DATABASE_URL is the bench database (see db.django_env).

It prints one JSON object: the bench user, the URLs to load (entities to open, the
cursor 50 pages deep), fallback session keys, and for every URL the number of SQL
queries a request makes (Django's test Client under CaptureQueriesContext).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time

BACKEND = "django.contrib.auth.backends.ModelBackend"
USERNAME = "bench_admin"
PASSWORD = "Bench@2024-pass"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoping_edu.settings")
    import django

    django.setup()


def ensure_user(region_code: str):
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.registry.models import Bureau

    bureau = Bureau.objects.get(region_code=region_code)
    user = User.objects.filter(username=USERNAME).first() or User(username=USERNAME)
    user.bureau = bureau
    user.full_name = "基准测试管理员"
    user.is_active = True
    user.set_password(PASSWORD)
    user.password_changed_at = timezone.now()
    user.save()
    user.groups.set([Group.objects.get(name="bureau_admin")])
    return user


def second_factor(user, recovery_codes: int = 0) -> tuple[str, list[str]]:
    """A bureau account signs in with a second factor: a confirmed authenticator (whose
    id marks a session as verified) and fresh one-time recovery codes for the form login
    of each load connection (a TOTP code is good only once per 30 s)."""

    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="基准测试", defaults={"confirmed": True})
    codes = [StaticToken.random_token() for _ in range(recovery_codes)]
    if codes:
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name="基准测试恢复码")
        StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return device.persistent_id, codes


def make_sessions(user, n: int) -> list[str]:
    """Signed-in sessions as the login view would leave them, one per load connection."""

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    device_id = second_factor(user)[0]
    keys = []
    for _ in range(n):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["started_at"] = timezone.now().isoformat()
        session[DEVICE_ID_SESSION_KEY] = device_id
        session.create()
        keys.append(session.session_key)
    return keys


def deep_cursor(user, rows_in: int) -> str | None:
    """The `after` cursor of pagination.py for the row `rows_in` deep in list order: the
    id of that row (pagination.py reads its sort values back by primary key)."""

    from apps.registry.models import Person

    row = Person.objects.for_user(user).values_list("id", flat=True)[rows_in - 1 : rows_in].first()
    return None if row is None else str(row)


def entity_sample(user, n: int, seed: int) -> list[int]:
    """Schools (not canteens) of the user's own bureau, at random."""

    from apps.registry.models import Entity

    ids = list(
        Entity.objects.for_user(user, write=True)
        .filter(parent__isnull=True, status="open")
        .exclude(kind__in=["canteen", "training", "other"])
        .order_by("id")
        .values_list("id", flat=True)
    )
    return sorted(random.Random(seed).sample(ids, min(n, len(ids))))


def count_queries(user, urls: dict[str, str], repeat: int) -> dict[str, dict]:
    """SQL per request, and the median time of `repeat` requests one at a time, in-process
    (no HTTP, no concurrency: a cross-check that little background load disturbs)."""

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client(raise_request_exception=False)
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor(user)[0]
    session.save()
    found = {}
    for label, url in urls.items():
        client.get(url)  # once to fill per-process caches (content types, permissions)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        queries = [(float(q["time"]), q["sql"]) for q in captured.captured_queries]
        slowest = max(queries, default=(0.0, ""))
        alone = []
        for _ in range(repeat if response.status_code == 200 else 0):
            started = time.perf_counter()
            client.get(url)
            alone.append(time.perf_counter() - started)
        entry = {
            "status": response.status_code,
            "alone_ms": round(statistics.median(alone) * 1000, 2) if alone else None,
            "queries": len(queries),
            "sql_ms": round(sum(t for t, _ in queries) * 1000, 2),
            "request_ms": round(elapsed * 1000, 2),
            "bytes": len(response.content),
            "slowest_ms": round(slowest[0] * 1000, 2),
            "slowest_sql": slowest[1][:2000],
            "sql": [f"{t * 1000:.2f} ms  {s[:300]}" for t, s in queries],
        }
        if response.status_code in (301, 302):
            entry["location"] = response.get("Location", "")
        exc_info = getattr(response, "exc_info", None)
        if exc_info:
            entry["exception"] = f"{exc_info[0].__name__}: {exc_info[1]}"
        if slowest[1].lstrip().upper().startswith("SELECT"):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest[1])
                    entry["slowest_plan"] = [r[0] for r in cursor.fetchall()]
            except Exception as exc:  # the plan is a diagnostic, never a failure
                entry["slowest_plan"] = [f"EXPLAIN failed: {exc}"]
        found[label] = entry
    return found


def collectstatic() -> dict:
    """collectstatic as a deployment runs it; if the manifest storage refuses (a
    sourceMappingURL to a file that is not there), again without following
    sourceMappingURL comments, so the pages still render with a manifest."""

    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.test.utils import override_settings

    try:
        call_command("collectstatic", interactive=False, verbosity=0)
        return {"collectstatic": "ok"}
    except (CommandError, ValueError) as exc:
        problem = " ".join(str(exc).split())[:500]
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "bench.django_side.NoSourceMapStorage"}}
    with override_settings(STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return {"collectstatic": "failed; ran without sourceMappingURL processing", "problem": problem}


def _no_source_map_storage():
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
    from whitenoise.storage import CompressedManifestStaticFilesStorage

    class NoSourceMapStorage(CompressedManifestStaticFilesStorage):
        patterns = tuple(
            (glob, tuple(p for p in found if "sourceMappingURL" not in str(p)))
            for glob, found in ManifestStaticFilesStorage.patterns
        )

    return NoSourceMapStorage


def __getattr__(name: str):
    if name == "NoSourceMapStorage":  # imported by Django only after setup()
        return _no_source_map_storage()
    raise AttributeError(name)


def import_rate(user, rows: int) -> dict:
    """Rows per second of a staff import of `rows` new people (read, validated, saved in
    one transaction), rolled back afterwards so the bench database stays as seeded."""

    import io

    from django.db import transaction
    from openpyxl import Workbook

    from apps.core.imports import run_import
    from apps.core.validators import resident_id_check_digit
    from apps.registry.imports import PersonImporter
    from apps.registry.models import Entity

    names = list(Entity.objects.for_user(user, write=True).order_by("id").values_list("name", flat=True)[:50])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("教职员工")
    sheet.append(["姓名", "性别", "身份证号", "工作单位", "人员类别", "职务/岗位", "联系电话", "在岗状态"])
    for i in range(rows):
        first17 = f"140581{1960 + i % 40}{1 + i % 12:02d}{1 + i % 28:02d}{i % 1000:03d}"[:14] + f"{i % 1000:03d}"
        number = first17 + resident_id_check_digit(first17)
        sheet.append([f"导入{i}", "男" if i % 2 else "女", number, names[i % len(names)], "专任教师", "", "", "在职"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.perf_counter()
    with transaction.atomic():
        try:
            result = run_import(PersonImporter(user), io.BytesIO(buffer.getvalue()))
        except Exception as exc:  # a clash with the seeded numbers: report, do not hide
            return {"rows": rows, "error": str(exc)[:300]}
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"rows": rows, "created": result.created, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def main() -> None:
    request = json.loads(sys.argv[1])
    _setup()
    if request["command"] == "collectstatic":
        print(json.dumps(collectstatic(), ensure_ascii=False))
        return
    user = ensure_user(request["region_code"])
    if request["command"] == "plan":
        result = {
            "user_id": user.pk,
            "username": USERNAME,
            "password": PASSWORD,
            "entities": entity_sample(user, request["entity_sample"], request["seed"]),
            "deep_cursor": deep_cursor(user, request["deep_rows"]),
            "sessions": make_sessions(user, request["sessions"]),
            "recovery_codes": second_factor(user, request["sessions"])[1],
        }
    elif request["command"] == "import":
        result = import_rate(user, request["rows"])
    elif request["command"] == "notices_seed":
        from .notices_side import seed

        result = seed(request["per_bureau"])
    elif request["command"] == "notices_plan":
        from .notices_side import plan

        result = plan(user, request["sessions"])
    elif request["command"] == "pledges_seed":
        from .pledges_side import seed as pledges_seed

        result = pledges_seed()
    elif request["command"] == "pledges_plan":
        from .pledges_side import plan as pledges_plan

        result = pledges_plan(user)
    elif request["command"] == "study_seed":
        from .study_side import seed as study_seed

        result = study_seed(request["per_bureau"])
    elif request["command"] == "study_plan":
        from .study_side import plan as study_plan

        result = study_plan(user)
    elif request["command"] == "campus_seed":
        from .campus_side import seed

        result = seed(request["per_school"])
    elif request["command"] == "campus_plan":
        from .campus_side import plan

        result = plan(user, request["sessions"])
    elif request["command"] == "bullying_seed":
        from .bullying_side import seed as bullying_seed

        result = bullying_seed()
    elif request["command"] == "bullying_plan":
        from .bullying_side import plan as bullying_plan

        result = bullying_plan(user, request["sessions"])
    elif request["command"] == "inspections_seed":
        from .inspections_side import seed

        result = seed()
    elif request["command"] == "inspections_plan":
        from .inspections_side import plan

        result = plan(user, request["sessions"])
    elif request["command"] == "powers_seed":
        from .powers_side import seed

        result = seed(request["items_per_bureau"], request["documents_per_bureau"])
    elif request["command"] == "screening_seed":
        from .screening_side import seed

        result = seed(request["region_code"])
    elif request["command"] == "screening_plan":
        from .screening_side import plan

        result = plan(user, request["sessions"])
    elif request["command"] == "screening_import":
        from .screening_side import import_rate as screening_import_rate

        result = screening_import_rate(user, request["rows"])
    elif request["command"] == "reports_build":
        from .reports_side import build as reports_build

        result = reports_build(user, request["rounds"])
    elif request["command"] == "reports_plan":
        from .reports_side import plan as reports_plan

        result = reports_plan(user)
    elif request["command"] == "queries":
        result = {"queries": count_queries(user, request["urls"], request.get("repeat", 15))}
    else:
        raise SystemExit(f"unknown command {request['command']}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
