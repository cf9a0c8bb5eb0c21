"""A signed-in user's own password change (等保: complexity, and the change is recorded)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from tests.factories import PASSWORD

from .helpers import signed_in

pytestmark = pytest.mark.django_db

NEW = "Gp#2025change"


def _change(client, old=PASSWORD, new1=NEW, new2=NEW, **extra):
    return client.post("/accounts/password/", {"old_password": old, "new_password1": new1, "new_password2": new2}, **extra)


@pytest.mark.parametrize("role", ["bureau_admin", "legal_officer", "inspector", "school_user", "city_viewer"])
def test_every_role_changes_its_own_password_and_stays_signed_in(users, role):
    user = users[role]
    client = signed_in(user)
    before = timezone.now()

    response = _change(client, follow=True)

    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "密码已修改。" in response.content.decode()
    user = User.objects.get(pk=user.pk)
    assert user.check_password(NEW)
    assert user.password_changed_at >= before
    assert client.get("/dashboard/").status_code == 200  # update_session_auth_hash kept it


def test_another_session_of_the_same_user_is_signed_out_by_the_change(users):
    first = signed_in(users["legal_officer"])
    second = signed_in(users["legal_officer"], ip="10.0.0.2")
    _change(first)
    assert first.get("/dashboard/").status_code == 200
    assert second.get("/dashboard/").status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"old": "Wrong#pass1"}, "old_password", "原密码不正确，请重新输入。"),
        ({"new1": "abcdefgh12", "new2": "abcdefgh12"}, "new_password2", "密码必须同时包含字母、数字和符号。"),
        ({"new2": NEW + "x"}, "new_password2", "两次输入的新密码不一致。"),
    ],
)
def test_password_change_is_validated_in_chinese(client_for, users, data, field, message):
    response = _change(client_for("legal_officer"), **data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert User.objects.get(pk=users["legal_officer"].pk).check_password(PASSWORD)


def test_password_change_needs_a_login():
    response = Client().get("/accounts/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_expired_password_is_on_the_dashboard(client_for, users):
    User.objects.filter(pk=users["legal_officer"].pk).update(password_changed_at=timezone.now() - datetime.timedelta(days=91))
    html = client_for("legal_officer").get("/dashboard/").content.decode()
    assert "您的密码已超过90天未修改，请修改密码" in html
    assert 'href="/accounts/password/"' in html
