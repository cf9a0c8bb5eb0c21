"""Every accounts URL × anonymous, each role, another school, another bureau (tests.kit).

404 outside the user's scope, 403 in scope without the right, 200/302 with it. The
three administrators split the work (等保 8.1.4.2): accounts are the system
administrator's, sessions, lockouts and authenticators the security administrator's,
the audit log the audit administrator's; the bureau admin has none of them.
"""

from __future__ import annotations

import pytest

from apps.accounts.models import SecurityEvent, SecurityEventKind, UserSession
from tests.kit import SUBJECTS, assert_statuses, statuses

from .helpers import signed_in

pytestmark = pytest.mark.django_db

LISTS = {
    "/accounts/users/": statuses(403, system_admin=200),
    "/accounts/security/": statuses(403, security_admin=200),
    "/accounts/users/add/": statuses(403, system_admin=200),
    "/accounts/sessions/": statuses(403, security_admin=200),
    "/accounts/audit/": statuses(403, audit_admin=200),
    "/accounts/security-events/": statuses(403, security_admin=200, audit_admin=200),
}

# One 高平 account (the inspector's): a school user's scope is its own school's accounts,
# another bureau's is its own bureau's (404); in scope without the right, 403.
ON_AN_ACCOUNT = statuses(403, school_user=404, other_school_user=404, other_bureau_admin=404)


@pytest.mark.parametrize("url", LISTS)
def test_account_lists_matrix(client_for, users, url):
    assert_statuses(client_for, url, LISTS[url])


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


@pytest.mark.parametrize("page", ["edit", "password"])
def test_user_edit_and_password_pages(client_for, users, page):
    url = f"/accounts/users/{users['inspector'].pk}/{page}/"
    assert_statuses(client_for, url, {**ON_AN_ACCOUNT, "system_admin": 200})


def test_user_edit_post_changes_nothing_without_the_right(client_for, users):
    target = users["inspector"]
    data = {"full_name": "改名", "phone": "", "role": "bureau_admin", "school": "", "is_active": ""}
    for subject in SUBJECTS:
        if subject != "system_admin":
            response = client_for(subject).post(f"/accounts/users/{target.pk}/edit/", data)
            assert (subject, response.status_code) == (subject, ON_AN_ACCOUNT[subject])
    target.refresh_from_db()
    assert (target.full_name, target.is_active) == ("", True)
    assert client_for("system_admin").post(f"/accounts/users/{target.pk}/edit/", data).status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.is_active) == ("改名", False)


def test_session_end(client_for, users):
    signed_in(users["legal_officer"])
    session = UserSession.objects.get(user=users["legal_officer"])
    # The security administrator's POST (302) ends it; the rest are refused first.
    expected = {**ON_AN_ACCOUNT, "security_admin": 302}
    order = [s for s in SUBJECTS if s != "security_admin"] + ["security_admin"]
    for subject in order:
        response = client_for(subject).post(f"/accounts/sessions/{session.pk}/end/")
        session.refresh_from_db()
        assert (subject, response.status_code, session.ended_at is not None) == (
            subject,
            expected[subject],
            subject == "security_admin",
        )


@pytest.mark.parametrize("action", ["otp-reset", "unlock"])
def test_unlock_and_authenticator_reset_are_the_security_administrators(client_for, users, action):
    url = f"/accounts/users/{users['inspector'].pk}/{action}/"
    assert_statuses(client_for, url, {**ON_AN_ACCOUNT, "security_admin": 302}, method="post")


@pytest.mark.parametrize("role", SUBJECTS)
def test_every_signed_in_role_may_change_its_own_password(client_for, role):
    assert client_for(role).get("/accounts/password/").status_code == 200


def test_a_refusal_is_logged_with_its_address(client_for, users):
    client_for("school_user").get("/accounts/users/", REMOTE_ADDR="10.5.5.5")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.DENIED)
    assert (event.user, event.ip_address, event.path) == (users["school_user"], "10.5.5.5", "/accounts/users/")
    assert event.detail == "缺少权限 accounts.change_user"


@pytest.mark.parametrize("admin", ["other_system_admin", "other_security_admin", "other_audit_admin"])
def test_other_bureaus_admins_see_none_of_our_rows_in_any_list_or_export(client_for, users, admin):
    signed_in(users["inspector"])
    signed_in(users[admin], ip="10.99.0.1")
    client = client_for(admin)
    for url, expected in LISTS.items():
        if url.endswith("/add/") or expected[admin.replace("other_", "")] != 200:
            continue
        for suffix in ("", "?export=csv"):
            response = client.get(url + suffix)
            assert response.status_code == 200
            text = b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()
            for ours in ("t_zhifa", "t_fagui", "t_gp2z", "高平二中"):
                assert ours not in text, (url + suffix, ours)
    for target in ("inspector", "legal_officer"):
        assert client.post(f"/accounts/users/{users[target].pk}/unlock/").status_code in (403, 404)


DUTIES_SEPARATED = "系统管理员、安全管理员和审计管理员须由不同的人担任，一个账号不能同时拥有其中两个角色。"


def test_no_account_holds_two_administrator_duties_by_the_service(users):
    from django.core.exceptions import ValidationError

    from apps.accounts import services

    auditor = users["audit_admin"]
    with pytest.raises(ValidationError) as refused:
        services.user_add_role(user=auditor, role="security_admin")
    assert refused.value.message_dict == {"role": [DUTIES_SEPARATED]}
    assert list(auditor.groups.values_list("name", flat=True)) == ["audit_admin"]
    # The form's way replaces the one role: never two.
    services.user_set_role(user=auditor, role="system_admin")
    assert list(auditor.groups.values_list("name", flat=True)) == ["system_admin"]


def test_no_account_holds_two_administrator_duties_in_the_database(users):
    from django.contrib.auth.models import Group
    from django.db import IntegrityError, transaction

    auditor = users["audit_admin"]
    with pytest.raises(IntegrityError, match=DUTIES_SEPARATED), transaction.atomic():
        auditor.groups.add(Group.objects.get(name="system_admin"))  # what django-admin would do
    auditor.groups.add(Group.objects.get(name="legal_officer"))  # a business role is not a duty
    assert sorted(auditor.groups.values_list("name", flat=True)) == ["audit_admin", "legal_officer"]


def test_the_bureau_admin_no_longer_manages_accounts_nor_reads_the_audit(users):
    admin = users["bureau_admin"]
    for perm in ("accounts.change_user", "accounts.view_auditlog", "accounts.view_securityevent", "accounts.unlock_user"):
        assert not admin.has_perm(perm), perm
    assert admin.has_perm("registry.change_entity") and admin.has_perm("core.change_dictionaryitem")
