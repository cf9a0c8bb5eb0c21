"""Security properties of SECURITY.md checked with Django's test client and the real
database: headers, production settings, CSRF, no state change on GET, mass assignment,
logging of denied attempts, password rules and upload checks."""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import string
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.accounts.validators import ComplexityValidator
from apps.core import uploads
from apps.core.uploads import check_xlsx
from apps.registry.models import Person
from tests import factories
from tests.conftest import verify_second_factor

BASE_DIR = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


# --- Headers ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_security_headers_on_a_normal_page(client_for):
    response = client_for("bureau_admin").get("/registry/entities/")
    assert response.status_code == 200

    csp = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'self'" in directives["default-src"]
    script_src = directives["script-src"]
    nonces = [s for s in script_src if re.fullmatch(r"'nonce-[A-Za-z0-9+/_=-]{16,}'", s)]
    assert len(nonces) == 1, script_src
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    # The page's own <script> tags carry that nonce or come from our origin.
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    for tag in scripts:
        assert f'nonce="{nonce}"' in tag or re.search(r'src="/static/', tag), tag

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_nonce_changes_on_every_response(client):
    first = client.get("/accounts/login/")["Content-Security-Policy"]
    second = client.get("/accounts/login/")["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first) and first != second


@pytest.mark.django_db
def test_hsts_over_https(client):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite(users):
    client = Client()
    response = client.post("/accounts/login/", {"username": "t_admin", "password": factories.PASSWORD})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    login_page = Client().get("/accounts/login/")
    csrf = login_page.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax"


# --- Production settings, in a process without pytest ----------------------------------

SETTINGS_ENV_KEYS = (
    "PYTEST_VERSION",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SILENCED_SYSTEM_CHECKS",
    "CONN_MAX_AGE",
    "SESSION_IDLE_SECONDS",
    "SESSION_MAX_HOURS",
    "AUDIT_RETENTION_DAYS",
    "BENCHMARK_ANCHOR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV_KEYS}
    env["DJANGO_SETTINGS_MODULE"] = "gaoping_edu.settings"
    env["DATABASE_URL"] = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    env["DEBUG"] = "0"
    env["ALLOWED_HOSTS"] = "example.gov.cn"
    env["SECRET_KEY"] = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(60))
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


PRINT_SETTINGS = """
import json
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": s.SESSION_COOKIE_SAMESITE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_EXPIRE_AT_BROWSER_CLOSE": s.SESSION_EXPIRE_AT_BROWSER_CLOSE,
    "AUDIT_RETENTION_DAYS": s.AUDIT_RETENTION_DAYS,
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def test_production_settings_values():
    result = manage("shell", "--no-imports", "-c", PRINT_SETTINGS, env=production_env(AUDIT_RETENTION_DAYS="30"))
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["CONN_MAX_AGE"] > 0
    assert values["CONN_HEALTH_CHECKS"] is True
    assert values["SESSION_COOKIE_AGE"] == 1800
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["AUDIT_RETENTION_DAYS"] >= 180  # the env asked for 30
    assert "Manifest" in values["STATICFILES"]


# --- CSRF and GET ----------------------------------------------------------------------


def person_data(employer, **overrides) -> dict[str, str]:
    data = {
        "name": "安全测试",
        "gender": "male",
        "id_number": factories.make_resident_id(birth="19880808"),
        "employer": str(employer.pk),
        "category": "teacher",
        "position": "",
        "phone": "",
        "employment_status": "employed",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(users, school):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["bureau_admin"])
    verify_second_factor(client, users["bureau_admin"])
    before = Person.objects.count()
    response = client.post("/registry/people/add/", person_data(school))
    assert response.status_code == 403
    assert Person.objects.count() == before
    assert not Person.objects.filter(name="安全测试").exists()


@pytest.mark.django_db
def test_post_with_csrf_token_is_accepted(users, school):
    """The control for the test above: the same POST with the token saves."""

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["bureau_admin"])
    verify_second_factor(client, users["bureau_admin"])
    client.get("/registry/people/add/")
    token = client.cookies["csrftoken"].value
    response = client.post("/registry/people/add/", {**person_data(school), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Person.objects.filter(name="安全测试").count() == 1


@pytest.mark.django_db
def test_logout_by_get_changes_nothing(users):
    client = Client()
    client.force_login(users["bureau_admin"])
    verify_second_factor(client, users["bureau_admin"])
    client.get("/accounts/logout/")
    assert "_auth_user_id" in client.session
    assert client.get("/dashboard/").status_code == 200
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).exists()

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


# --- Mass assignment -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("whose", ["other_school", "other_bureau_school"])
def test_school_user_cannot_place_a_person_elsewhere(users, client_for, other_school, other_bureau, whose):
    target = other_school if whose == "other_school" else factories.make_school(other_bureau, name="阳城一中", kind="high")
    client = client_for("school_user")
    response = client.post("/registry/people/add/", person_data(target, bureau=str(other_bureau.pk)))
    assert response.status_code == 200
    assert "employer" in response.context["form"].errors
    assert not Person.objects.filter(name="安全测试").exists()


@pytest.mark.django_db
def test_school_user_person_gets_the_schools_bureau(users, client_for, school, other_bureau):
    client = client_for("school_user")
    response = client.post("/registry/people/add/", person_data(school, bureau=str(other_bureau.pk)))
    assert response.status_code == 302
    person = Person.objects.get(name="安全测试")
    assert person.employer == school
    assert person.bureau == school.bureau != other_bureau


# --- Denied attempts are logged --------------------------------------------------------


@pytest.mark.django_db
def test_denied_attempt_is_logged_with_path_and_address(users, client_for):
    client = client_for("school_user")
    response = client.get("/registry/entities/add/", REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 403
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DENIED)
    assert event.path == "/registry/entities/add/"
    assert event.ip_address == "10.20.30.40"
    assert event.user == users["school_user"]
    assert event.bureau == users["school_user"].bureau


# --- Password rules --------------------------------------------------------------------


@pytest.mark.parametrize("password", ["abcdefgh", "12345678", "abcd1234"])
def test_complexity_validator_refuses_passwords_without_letters_digits_and_symbols(password):
    with pytest.raises(ValidationError) as error:
        ComplexityValidator().validate(password)
    assert error.value.messages == ["密码必须同时包含字母、数字和符号。"]


@pytest.mark.parametrize("password", ["abcdefgh", "12345678", "abcd1234", "Ab1!"])
def test_settings_validators_refuse_weak_passwords_in_chinese(password):
    with pytest.raises(ValidationError) as error:
        password_validation.validate_password(password)
    assert error.value.messages
    for message in error.value.messages:
        assert CHINESE.search(message), message


def test_short_password_is_refused_for_its_length():
    with pytest.raises(ValidationError) as error:
        password_validation.validate_password("Ab1!")
    assert any("8" in m and CHINESE.search(m) for m in error.value.messages), error.value.messages


def test_good_password_is_accepted():
    ComplexityValidator().validate("Gaoping@2024x")
    password_validation.validate_password("Gaoping@2024x")


# --- Uploads ---------------------------------------------------------------------------


def xlsx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_check_xlsx_accepts_a_small_workbook():
    check_xlsx(SimpleUploadedFile("名单.xlsx", xlsx_bytes()))


def test_check_xlsx_refuses_a_text_file_named_xlsx():
    with pytest.raises(ValidationError) as error:
        check_xlsx(SimpleUploadedFile("名单.xlsx", "姓名,身份证号\n张三,1\n".encode()))
    assert "不是有效的 Excel" in error.value.messages[0]


def test_check_xlsx_refuses_a_zip_bomb():
    unpacked = uploads.XLSX_MAX_UNPACKED + 20 * 1024 * 1024  # 120 MB of zeros
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        chunk = bytes(1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 2 * 1024 * 1024  # small on the wire, huge unpacked

    with pytest.raises(ValidationError) as error:
        check_xlsx(SimpleUploadedFile("名单.xlsx", data))
    assert error.value.messages == ["文件解压后过大或包含的文件过多，已拒绝。"]


def test_check_xlsx_refuses_too_many_members():
    members = {f"xl/media/image{i}.png": b"x" for i in range(uploads.XLSX_MAX_MEMBERS + 1)}
    with pytest.raises(ValidationError) as error:
        check_xlsx(SimpleUploadedFile("名单.xlsx", xlsx_bytes(members)))
    assert error.value.messages == ["文件解压后过大或包含的文件过多，已拒绝。"]


# --- The admin site signs in through the portal (issue 5, hole 5) ----------------------


@pytest.mark.django_db
def test_the_admin_login_is_the_portal_login(users, settings):
    settings.OTP_REQUIRED = True
    admin = factories.make_user(None, users["bureau_admin"].bureau, username="t_root", is_superuser=True, is_staff=True)
    client = Client()
    response = client.get("/django-admin/")
    assert response["Location"] == "/django-admin/login/?next=/django-admin/"
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response["Location"] == "/accounts/login/?next=/django-admin/"
    # A password posted to the admin's own form signs nobody in.
    response = client.post("/django-admin/login/", {"username": "t_root", "password": factories.PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/login/?next=/django-admin/", {"username": "t_root", "password": factories.PASSWORD})
    assert response["Location"] == "/django-admin/"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user=admin).count() == 1
    assert admin.sessions.count() == 1
    # The second factor holds for the admin site too.
    assert client.get("/django-admin/")["Location"] == "/accounts/otp/setup/?next=/django-admin/"
    verify_second_factor(client, admin)
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_site_refuses_an_unverified_session_even_past_the_middleware(users, settings, rf):
    from django.contrib import admin as django_admin
    from django.contrib.auth.models import AnonymousUser

    settings.OTP_REQUIRED = True
    root = factories.make_user(None, users["bureau_admin"].bureau, username="t_root2", is_superuser=True, is_staff=True)
    request = rf.get("/django-admin/")
    request.user = root
    root.is_verified = lambda: False
    assert django_admin.site.has_permission(request) is False
    root.is_verified = lambda: True
    assert django_admin.site.has_permission(request) is True
    request.user = AnonymousUser()
    assert django_admin.site.has_permission(request) is False


# --- Cache-Control: no-store on personal data (issue 5, hole 7) -------------------------


@pytest.mark.django_db
def test_signed_in_pages_and_exports_are_not_stored(client_for, school):
    factories.make_person(school, name="不缓存")
    client = client_for("bureau_admin")
    for url in ("/dashboard/", "/registry/people/", "/registry/people/?export=csv", "/registry/people/?export=xlsx"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"], url


@pytest.mark.django_db
def test_the_authenticator_setup_page_is_not_stored(users, settings):
    settings.OTP_REQUIRED = True
    client = Client()
    client.post("/accounts/login/", {"username": "t_fagui", "password": factories.PASSWORD})
    response = client.get("/accounts/otp/setup/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_may_be_cached(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


# --- Error pages (issue 6, item 13) ---------------------------------------------------


def test_a_session_that_cannot_be_saved_is_not_blamed_on_the_user(rf):
    from django.contrib.sessions.exceptions import SessionInterrupted

    from apps.core.errors import BUSY, bad_request

    response = bad_request(rf.get("/"), SessionInterrupted("The request's session was deleted before the request completed."))
    html = response.content.decode()
    assert response.status_code == 400
    assert BUSY in html and "Bad Request" not in html


@pytest.mark.django_db
def test_the_400_page_is_the_portals(client):
    from apps.core.errors import MALFORMED

    response = client.get("/registry/people/", {"q": "\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert MALFORMED in html and "教育法治平台" in html and 'lang="zh-CN"' in html


def test_each_500_is_logged_once():
    from django.conf import settings

    django_logger = settings.LOGGING.get("loggers", {}).get("django", {})
    # Django's own handler (mail_admins/console) plus the root's would print each traceback twice.
    assert django_logger["propagate"] is False and django_logger["handlers"] == ["console"]


def test_the_400_handler_is_the_portals():
    from django.urls import get_resolver

    from apps.core.errors import bad_request

    assert get_resolver().resolve_error_handler(400) is bad_request
