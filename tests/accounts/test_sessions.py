"""在线用户: who is signed in, from where, since when; an admin ends a session."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import services
from apps.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from apps.accounts.tables import browser_label
from tests import factories
from tests.conftest import verify_second_factor

from .helpers import csv_text, signed_in

pytestmark = pytest.mark.django_db

EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0"


def test_list_shows_the_bureaus_signed_in_users_with_address_browser_and_times(client_for, users):
    signed_in(users["inspector"], ip="10.20.30.40", agent=EDGE)
    signed_in(users["other_bureau_admin"], ip="10.99.99.99")
    session = UserSession.objects.get(user=users["inspector"])

    client = client_for("security_admin")
    html = client.get("/accounts/sessions/").content.decode()
    exported = csv_text(client.get("/accounts/sessions/?export=csv"))

    for text in (html, exported):
        assert "t_zhifa" in text
        assert "执法人员" in text
        assert "10.20.30.40" in text
        assert "Edge 126" in text
        assert "t_yangcheng" not in text
        assert "10.99.99.99" not in text
    assert "结束会话" in html
    assert exported.splitlines()[0] == "用户,角色,来源地址,浏览器,登录时间,最后活动"
    # Last activity is the session's expiry minus the idle timeout (its last request).
    expire = Session.objects.get(session_key=session.session_key).expire_date
    row = services.active_sessions(users["security_admin"]).get(pk=session.pk)
    assert row.last_activity == expire - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_expired_and_ended_sessions_are_not_listed(client_for, users):
    signed_in(users["inspector"])
    signed_in(users["legal_officer"])
    Session.objects.filter(session_key=UserSession.objects.get(user=users["inspector"]).session_key).update(
        expire_date=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    listed = services.active_sessions(users["security_admin"])
    assert [s.user.username for s in listed] == ["t_fagui"]


def test_session_list_is_one_query_for_the_rows_whatever_their_number(client_for, users, bureau):
    client = client_for("security_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/sessions/").status_code == 200
        return len(ctx.captured_queries)

    signed_in(users["inspector"])
    few = count()
    for _ in range(8):
        signed_in(factories.make_user("legal_officer", bureau))
    assert UserSession.objects.count() == 9
    assert count() == few


def test_ending_a_session_signs_that_user_out(client_for, users):
    victim = signed_in(users["inspector"])
    assert victim.get("/dashboard/").status_code == 200
    session = UserSession.objects.get(user=users["inspector"])

    response = client_for("security_admin").post(f"/accounts/sessions/{session.pk}/end/", follow=True)

    assert "已结束用户“t_zhifa”的会话，其需要重新登录。" in response.content.decode()
    response = victim.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    session.refresh_from_db()
    assert session.ended_at is not None
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_ENDED)
    assert event.user == users["security_admin"]
    assert event.detail == "结束 t_zhifa 的会话"
    assert event.ip_address == "127.0.0.1"


def test_ending_a_session_is_post_only_and_needs_csrf(users):
    signed_in(users["inspector"])
    session = UserSession.objects.get(user=users["inspector"])
    admin = Client(enforce_csrf_checks=True)
    admin.force_login(users["security_admin"])
    verify_second_factor(admin, users["security_admin"])

    assert admin.get(f"/accounts/sessions/{session.pk}/end/").status_code == 405
    assert admin.post(f"/accounts/sessions/{session.pk}/end/").status_code == 403
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_other_bureau_cannot_end_our_sessions(client_for, users):
    signed_in(users["inspector"])
    session = UserSession.objects.get(user=users["inspector"])

    assert client_for("other_security_admin").post(f"/accounts/sessions/{session.pk}/end/").status_code == 404
    assert client_for("legal_officer").post(f"/accounts/sessions/{session.pk}/end/").status_code == 403
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_admin_cannot_end_its_own_current_session(users):
    admin = signed_in(users["security_admin"])
    own = UserSession.objects.get(user=users["security_admin"])

    html = admin.get("/accounts/sessions/").content.decode()
    assert "当前会话" in html
    response = admin.post(f"/accounts/sessions/{own.pk}/end/", follow=True)
    assert "不能结束您自己当前的会话" in response.content.decode()
    assert admin.get("/dashboard/").status_code == 200


def test_logout_marks_the_session_ended(users):
    client = signed_in(users["inspector"])
    client.post("/accounts/logout/")
    assert UserSession.objects.get(user=users["inspector"]).ended_at is not None
    assert not services.active_sessions(users["security_admin"]).exists()


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (EDGE, "Edge 126"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128"),
        ("Mozilla/5.0 AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", "Safari 17"),
        ("curl/8.0", "curl/8.0"),
        ("", ""),
    ],
)
def test_browser_label(agent, label):
    assert browser_label(agent) == label
