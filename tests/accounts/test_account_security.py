"""账号安全: the security administrator's own page for lockouts and authenticators
(等保 8.1.4.2), and 用户管理 left to the system administrator."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.forms import UserForm
from apps.accounts.models import User
from apps.core.navigation import menu_for
from tests.factories import PASSWORD
from tests.kit import assert_statuses, statuses

from .helpers import csv_text

pytestmark = pytest.mark.django_db

PAGE = "/accounts/security/"


def lock_out(user) -> None:
    attacker = Client(REMOTE_ADDR="10.7.7.7")
    for _ in range(5):
        attacker.post("/accounts/login/", {"username": user.username, "password": "Wrong#pass1"})


def test_account_security_matrix(client_for, users):
    assert_statuses(client_for, PAGE, statuses(403, security_admin=200))
    assert_statuses(client_for, PAGE + "?export=csv", statuses(403, security_admin=200))


def test_user_management_is_the_system_administrators_only(client_for, users):
    assert_statuses(client_for, "/accounts/users/", statuses(403, system_admin=200))


def test_lists_lock_state_authenticator_and_last_sign_in_in_page_and_export(client_for, users):
    lock_out(users["school_user"])
    TOTPDevice.objects.create(user=users["inspector"], name="手机验证器", confirmed=True)
    client = client_for("security_admin")
    rows = {line.split(",")[0]: line for line in csv_text(client.get(PAGE + "?export=csv")).splitlines()}
    assert rows["用户名"] == "用户名,姓名,角色,所属学校,状态,登录锁定,手机验证器,最近登录"
    assert rows["t_gp2z"].split(",")[4:7] == ["启用", "已锁定", "未绑定"]
    assert rows["t_zhifa"].split(",")[4:7] == ["启用", "未锁定", "已绑定"]
    # Another bureau's accounts are not the security administrator's.
    assert "t_yangcheng" not in "".join(rows)
    html = client.get(PAGE).content.decode()
    assert "确认解除 t_gp2z 的登录锁定？" in html
    assert f'formaction="/accounts/users/{users["school_user"].pk}/otp-reset/"' in html


def test_filters_locked_and_unbound_accounts(client_for, users):
    lock_out(users["school_user"])
    TOTPDevice.objects.create(user=users["inspector"], name="手机验证器", confirmed=True)
    client = client_for("security_admin")
    locked = csv_text(client.get(PAGE + "?locked=1&export=csv")).splitlines()[1:]
    assert [line.split(",")[0] for line in locked] == ["t_gp2z"]
    bound = [line.split(",")[0] for line in csv_text(client.get(PAGE + "?otp_bound=1&export=csv")).splitlines()[1:]]
    assert "t_zhifa" in bound and "t_gp2z" not in bound


def test_unlock_from_the_page_returns_to_it_and_lets_the_user_in(client_for, users):
    target = users["school_user"]
    lock_out(target)
    response = client_for("security_admin").post(f"/accounts/users/{target.pk}/unlock/")
    assert response["Location"] == PAGE
    again = Client(REMOTE_ADDR="10.7.7.7")
    assert again.post("/accounts/login/", {"username": target.username, "password": PASSWORD}).status_code == 302


def test_other_bureaus_security_admin_neither_sees_nor_acts_on_our_accounts(client_for, users):
    target = users["inspector"]
    TOTPDevice.objects.create(user=target, name="手机验证器", confirmed=True)
    client = client_for("other_security_admin")
    assert "t_zhifa" not in client.get(PAGE).content.decode()
    assert "t_zhifa" not in csv_text(client.get(PAGE + "?export=csv"))
    assert client.post(f"/accounts/users/{target.pk}/otp-reset/").status_code == 404
    assert client.post(f"/accounts/users/{target.pk}/unlock/").status_code == 404
    assert TOTPDevice.objects.filter(user=target, name="手机验证器").exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("security_admin", {"账号安全"}),
        ("system_admin", {"用户管理"}),
        ("bureau_admin", set()),
        ("audit_admin", set()),
    ],
)
def test_navigation_shows_each_administrator_its_own_account_page(users, role, shown):
    labels = {item.label for group in menu_for(users[role]) for item in group.items}
    assert labels & {"账号安全", "用户管理"} == shown


def test_user_form_save_without_commit_writes_nothing(users):
    admin = users["system_admin"]
    form = UserForm(
        data={
            "username": "wang_fagui",
            "full_name": "王法规",
            "phone": "",
            "role": "legal_officer",
            "school": "",
            "password": "Gp#2024school",
        },
        user=admin,
    )
    assert form.is_valid(), form.errors
    account = form.save(commit=False)
    assert (account.pk, account.username, account.full_name) == (None, "wang_fagui", "王法规")
    assert not User.objects.filter(username="wang_fagui").exists()

    target = users["inspector"]
    form = UserForm(
        data={"full_name": "改名", "phone": "", "role": "inspector", "school": "", "is_active": "on"},
        instance=target,
        user=admin,
    )
    assert form.is_valid(), form.errors
    assert form.save(commit=False).full_name == "改名"
    target.refresh_from_db()
    assert target.full_name == ""
    assert form.save().full_name == "改名"
    target.refresh_from_db()
    assert target.full_name == "改名"


def test_system_admin_edit_page_offers_no_security_admin_buttons(client_for, users):
    """The system administrator manages accounts, not lockouts or authenticators."""

    html = client_for("system_admin").get(reverse("accounts:user_edit", args=[users["school_user"].pk])).content.decode()
    assert "重置密码" in html
    assert "重置手机验证器" not in html and "解除登录锁定" not in html
