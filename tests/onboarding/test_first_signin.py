"""等保 8.1.4.1 初始口令: a password someone else set is changed before any page opens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts import services as account_services
from apps.accounts.models import User
from tests import factories
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db

NEW = "Zezhou@2025!"


def signed_in(username: str, password: str = factories.PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    verify_second_factor(client, User.objects.get(username=username))
    return client


def test_a_new_account_changes_its_password_before_any_page(zezhou):
    client = signed_in("zz_admin")
    for url in (reverse("core:dashboard"), reverse("registry:entity_list"), reverse("core:dictionaryitem_list"), "/nowhere/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change"), url
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "您的密码是管理员设置的初始密码，请先修改密码" in page
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": factories.PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert not User.objects.get(username="zz_admin").must_change_password


def test_an_admins_reset_makes_the_holder_change_it_again_but_ones_own_does_not(users):
    target = users["school_user"]
    account_services.user_password_set(user=target, by=users["system_admin"], password=NEW)
    target.refresh_from_db()
    assert target.must_change_password
    client = signed_in(target.username, NEW)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse("accounts:password_change")

    admin = users["system_admin"]
    account_services.user_password_set(user=admin, by=admin, password=NEW)
    admin.refresh_from_db()
    assert not admin.must_change_password


def test_create_system_admin_command_makes_the_platform_administrator(db, monkeypatch):
    from django.core.management import CommandError, call_command

    monkeypatch.setenv("SYSTEM_ADMIN_PASSWORD", "weak")
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("create_system_admin", username="pingtai")
    monkeypatch.setenv("SYSTEM_ADMIN_PASSWORD", NEW)
    call_command("create_system_admin", username="pingtai")
    admin = User.objects.get(username="pingtai")
    assert admin.is_superuser and admin.bureau_id is None and admin.check_password(NEW)
    assert not admin.must_change_password
    with pytest.raises(CommandError, match="已存在"):
        call_command("create_system_admin", username="pingtai")
