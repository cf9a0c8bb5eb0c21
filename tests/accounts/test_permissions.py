"""Every accounts URL × anonymous, each role, another school, another bureau.

404 outside the user's scope, 403 in scope without the right, 200/302 with it.
"""

from __future__ import annotations

import pytest

from apps.accounts.models import SecurityEvent, SecurityEventKind, UserSession

from .helpers import signed_in

pytestmark = pytest.mark.django_db

ROLES = [
    "bureau_admin",
    "legal_officer",
    "inspector",
    "school_user",
    "other_school_user",
    "city_viewer",
    "other_bureau_admin",
]

ADMIN_ONLY = {
    "bureau_admin": 200,
    "legal_officer": 403,
    "inspector": 403,
    "school_user": 403,
    "other_school_user": 403,
    "city_viewer": 403,
    "other_bureau_admin": 200,
}


@pytest.mark.parametrize(
    "url", ["/accounts/users/", "/accounts/users/add/", "/accounts/sessions/", "/accounts/audit/", "/accounts/security-events/"]
)
@pytest.mark.parametrize("role", ROLES)
def test_lists_and_add_are_for_bureau_admins(client_for, users, url, role):
    assert client_for(role).get(url).status_code == ADMIN_ONLY[role]


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/users/",
        "/accounts/users/add/",
        "/accounts/users/1/edit/",
        "/accounts/users/1/password/",
        "/accounts/sessions/",
        "/accounts/audit/",
        "/accounts/security-events/",
        "/accounts/password/",
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_cannot_end_a_session(client, users):
    signed_in(users["inspector"])
    session = UserSession.objects.get()
    response = client.post(f"/accounts/sessions/{session.pk}/end/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert UserSession.objects.get().ended_at is None


# A 高平 legal officer's account: who may open its edit and password pages.
EDIT_EXPECTED = {
    "bureau_admin": 200,
    "legal_officer": 403,  # in its bureau, no right to manage users
    "inspector": 403,
    "school_user": 404,  # a school user's scope is its own school's accounts
    "other_school_user": 404,
    "city_viewer": 403,  # sees the county read-only, may not manage it
    "other_bureau_admin": 404,
}


@pytest.mark.parametrize("page", ["edit", "password"])
@pytest.mark.parametrize("role", ROLES)
def test_user_edit_and_password_pages(client_for, users, role, page):
    target = users["inspector"]
    assert client_for(role).get(f"/accounts/users/{target.pk}/{page}/").status_code == EDIT_EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_user_edit_post_changes_nothing_without_the_right(client_for, users, role):
    target = users["inspector"]
    data = {"full_name": "改名", "phone": "", "role": "bureau_admin", "school": "", "is_active": ""}
    response = client_for(role).post(f"/accounts/users/{target.pk}/edit/", data)
    target.refresh_from_db()
    if role == "bureau_admin":
        assert response.status_code == 302
        assert target.full_name == "改名"
    else:
        assert response.status_code == EDIT_EXPECTED[role]
        assert target.full_name == ""
        assert target.is_active


SESSION_END_EXPECTED = {
    "bureau_admin": 302,
    "legal_officer": 403,
    "inspector": 403,
    "school_user": 404,  # sessions are never in a school user's scope
    "other_school_user": 404,
    "city_viewer": 403,
    "other_bureau_admin": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_session_end(client_for, users, role):
    signed_in(users["legal_officer"])
    session = UserSession.objects.get(user=users["legal_officer"])
    response = client_for(role).post(f"/accounts/sessions/{session.pk}/end/")
    assert response.status_code == SESSION_END_EXPECTED[role]
    session.refresh_from_db()
    assert (session.ended_at is not None) == (role == "bureau_admin")


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_role_may_change_its_own_password(client_for, role):
    assert client_for(role).get("/accounts/password/").status_code == 200


def test_a_refusal_is_logged_with_its_address(client_for, users):
    client_for("school_user").get("/accounts/users/", REMOTE_ADDR="10.5.5.5")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DENIED)
    assert (event.user, event.ip_address, event.path) == (users["school_user"], "10.5.5.5", "/accounts/users/")
    assert event.detail == "缺少权限 accounts.view_user"


def test_other_bureaus_admin_sees_none_of_our_rows_in_any_list_or_export(client_for, users):
    signed_in(users["inspector"])
    signed_in(users["other_bureau_admin"], ip="10.99.0.1")
    client = client_for("other_bureau_admin")
    for url in ("/accounts/users/", "/accounts/sessions/", "/accounts/audit/", "/accounts/security-events/"):
        for suffix in ("", "?export=csv"):
            response = client.get(url + suffix)
            text = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
            for ours in ("t_zhifa", "t_fagui", "t_gp2z", "高平二中"):
                assert ours not in text, (url + suffix, ours)
    assert "t_yangcheng" in b"".join(client.get("/accounts/users/?export=csv").streaming_content).decode()
