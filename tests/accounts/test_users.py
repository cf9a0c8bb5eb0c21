"""User management by a bureau admin: list, create, edit, deactivate, reset password."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import User
from tests import factories

from .helpers import csv_text, signed_in

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Gp#2024school"


def _new_user_data(**overrides):
    data = {
        "username": "wang_fagui",
        "full_name": "王法规",
        "phone": "13912345678",
        "role": "legal_officer",
        "school": "",
        "password": GOOD_PASSWORD,
    }
    data.update(overrides)
    return data


def _edit_data(user, **overrides):
    data = {
        "full_name": user.full_name or "某人",
        "phone": user.phone,
        "role": user.role,
        "school": user.school_id or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _form_errors(response) -> dict[str, list[str]]:
    return {name: [str(e) for e in errors] for name, errors in response.context["form"].errors.items()}


# -- list --------------------------------------------------------------------------------


def test_admin_lists_only_its_bureaus_users_in_page_and_export(client_for, users):
    client = client_for("system_admin")
    html = client.get("/accounts/users/").content.decode()
    exported = csv_text(client.get("/accounts/users/?export=csv"))
    for text in (html, exported):
        for own in ("t_admin", "t_fagui", "t_zhifa", "t_gp2z", "t_gp6z"):
            assert own in text
        # Another bureau's admin, and the city above: neither is this bureau's account.
        assert "t_yangcheng" not in text
        assert "t_jincheng" not in text
    assert "用户名,姓名,角色,所属教育局,所属学校,手机号,状态,最近登录,密码修改时间" in exported
    assert "t_gp2z,,学校工作人员,高平市教育局,高平二中,,启用," in exported


def test_user_list_filters_by_role_activity_and_text(client_for, users):
    User.objects.filter(pk=users["inspector"].pk).update(is_active=False, full_name="赵执法")
    client = client_for("system_admin")

    by_role = csv_text(client.get("/accounts/users/?role=school_user&export=csv")).splitlines()[1:]
    assert sorted(line.split(",")[0] for line in by_role) == ["t_gp2z", "t_gp6z"]

    inactive = csv_text(client.get("/accounts/users/?active=0&export=csv")).splitlines()[1:]
    assert [line.split(",")[0] for line in inactive] == ["t_zhifa"]
    assert ",停用," in inactive[0]

    by_name = csv_text(client.get("/accounts/users/?q=赵执&export=csv")).splitlines()[1:]
    assert [line.split(",")[0] for line in by_name] == ["t_zhifa"]


def test_user_list_costs_the_same_queries_for_5_and_40_users(client_for, users, bureau, django_assert_max_num_queries):
    client = client_for("system_admin")
    client.get("/accounts/users/")  # warm the session and the permission cache paths

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/users/").status_code == 200
        return len(ctx.captured_queries)

    few = count_queries()
    for _ in range(35):
        factories.make_user("inspector", bureau)
    assert count_queries() == few
    with django_assert_max_num_queries(few):
        client.get("/accounts/users/")


# -- create ------------------------------------------------------------------------------


def test_admin_creates_an_account_of_its_own_bureau_with_a_role(client_for, users, bureau):
    response = client_for("system_admin").post("/accounts/users/add/", _new_user_data(), follow=True)

    assert "已新建用户“王法规”。" in response.content.decode()
    user = User.objects.get(username="wang_fagui")
    assert user.bureau == bureau
    assert user.role == "legal_officer"
    assert list(user.groups.values_list("name", flat=True)) == ["legal_officer"]
    assert user.check_password(GOOD_PASSWORD)
    assert user.password_changed_at is not None
    assert user.is_active
    assert user.school is None


def test_school_user_needs_a_school_of_the_admins_bureau(client_for, users, school):
    client = client_for("system_admin")

    response = client.post("/accounts/users/add/", _new_user_data(role="school_user"))
    assert _form_errors(response) == {"school": ["学校工作人员必须选择所属学校。"]}

    other = factories.make_school(users["other_system_admin"].bureau, name="阳城一中", kind="high")
    response = client.post("/accounts/users/add/", _new_user_data(role="school_user", school=other.pk))
    assert list(_form_errors(response)) == ["school"]
    assert "阳城一中" not in response.content.decode()

    response = client.post("/accounts/users/add/", _new_user_data(role="legal_officer", school=school.pk))
    assert _form_errors(response) == {"school": ["只有学校工作人员才能选择所属学校。"]}
    assert not User.objects.filter(username="wang_fagui").exists()

    client.post("/accounts/users/add/", _new_user_data(role="school_user", school=school.pk))
    assert User.objects.get(username="wang_fagui").school == school


def test_school_choices_are_top_level_open_entities_of_the_own_bureau(client_for, users, school):
    canteen = factories.make_school(school.bureau, name="高平二中食堂", kind="canteen", parent=school)
    closed = factories.make_school(school.bureau, name="高平已停办小学", status="closed")
    html = client_for("system_admin").get("/accounts/users/add/").content.decode()

    assert "高平二中" in html
    assert canteen.name not in html
    assert closed.name not in html
    assert "（不选）" in html


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abcdefgh12", "密码必须同时包含字母、数字和符号。"),
        ("Ab#1", "密码必须同时包含字母、数字和符号。"),
    ],
)
def test_initial_password_follows_the_complexity_rules(client_for, users, password, message):
    response = client_for("system_admin").post("/accounts/users/add/", _new_user_data(password=password))

    if password == "Ab#1":
        # Too short (Django's own validator, in Chinese) but complex enough.
        errors = _form_errors(response)["password"]
        assert any("8" in e and "密码" in e for e in errors)
    else:
        assert message in _form_errors(response)["password"]
    assert not User.objects.filter(username="wang_fagui").exists()


def test_a_post_cannot_set_bureau_superuser_staff_or_groups(client_for, users, bureau, other_bureau):
    admin_group = Group.objects.get(name="bureau_admin")
    data = _new_user_data(role="inspector")
    data.update(bureau=other_bureau.pk, is_superuser="on", is_staff="on", groups=[admin_group.pk], user_permissions=[1])
    client = client_for("system_admin")
    client.post("/accounts/users/add/", data)

    user = User.objects.get(username="wang_fagui")
    assert user.bureau == bureau
    assert not user.is_superuser
    assert not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["inspector"]
    assert not user.user_permissions.exists()

    edit = _edit_data(user, bureau=other_bureau.pk, is_superuser="on", is_staff="on", groups=[admin_group.pk])
    client.post(f"/accounts/users/{user.pk}/edit/", edit)
    user.refresh_from_db()
    assert (user.bureau, user.is_superuser, user.is_staff) == (bureau, False, False)
    assert list(user.groups.values_list("name", flat=True)) == ["inspector"]


def test_city_viewer_role_is_not_offered_in_a_county_bureau(client_for, users):
    client = client_for("system_admin")
    assert "市局查看" not in client.get("/accounts/users/add/").content.decode()
    response = client.post("/accounts/users/add/", _new_user_data(role="city_viewer"))
    assert list(_form_errors(response)) == ["role"]


# -- edit --------------------------------------------------------------------------------


def test_admin_changes_role_and_school(client_for, users, school):
    target = users["legal_officer"]
    response = client_for("system_admin").post(
        f"/accounts/users/{target.pk}/edit/",
        _edit_data(target, full_name="李老师", role="school_user", school=school.pk),
        follow=True,
    )

    assert "已修改用户“李老师”。" in response.content.decode()
    target = User.objects.get(pk=target.pk)
    assert target.role == "school_user"
    assert target.school == school
    assert target.full_name == "李老师"


def test_username_cannot_be_changed(client_for, users):
    target = users["inspector"]
    client_for("system_admin").post(f"/accounts/users/{target.pk}/edit/", _edit_data(target, username="renamed"))
    target.refresh_from_db()
    assert target.username == "t_zhifa"


def test_deactivating_keeps_the_account_and_signs_it_out(client_for, users):
    target = users["inspector"]
    victim = signed_in(target)
    assert victim.get("/dashboard/").status_code == 200

    client_for("system_admin").post(f"/accounts/users/{target.pk}/edit/", _edit_data(target, is_active=""))

    target.refresh_from_db()
    assert target.is_active is False
    assert User.objects.filter(pk=target.pk).exists()
    response = victim.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not target.sessions.filter(ended_at__isnull=True).exists()
    # And it cannot sign in again.
    assert signed_in_fails(target)


def signed_in_fails(user) -> bool:
    from django.test import Client

    response = Client().post("/accounts/login/", {"username": user.username, "password": factories.PASSWORD})
    return response.status_code == 200 and "用户名或密码错误" in response.content.decode()


def test_admin_cannot_deactivate_or_demote_itself(client_for, users):
    admin = users["system_admin"]
    client = client_for("system_admin")
    html = client.get(f"/accounts/users/{admin.pk}/edit/").content.decode()
    assert "不能修改自己的角色。" in html
    assert "不能停用自己的账号。" in html

    client.post(f"/accounts/users/{admin.pk}/edit/", _edit_data(admin, is_active="", role="legal_officer"))

    admin = User.objects.get(pk=admin.pk)
    assert admin.is_active
    assert admin.role == "system_admin"


def test_services_refuse_self_demotion_even_without_the_form(users):
    admin = users["system_admin"]
    with pytest.raises(ValidationError) as error:
        services.user_update(user=admin, by=admin, data={"is_active": False}, role="system_admin")
    assert error.value.message_dict == {"is_active": ["不能停用自己的账号。"]}
    with pytest.raises(ValidationError) as error:
        services.user_update(user=admin, by=admin, data={}, role="inspector")
    assert error.value.message_dict == {"role": ["不能修改自己的角色。"]}


def test_services_refuse_another_bureaus_account(users):
    with pytest.raises(PermissionDenied):
        services.user_update(user=users["inspector"], by=users["other_system_admin"], data={}, role="inspector")
    with pytest.raises(PermissionDenied):
        services.user_create(by=users["legal_officer"], data={"username": "x"}, role="inspector", password="x")


def test_other_bureaus_admin_gets_404_on_our_accounts(client_for, users):
    client = client_for("other_system_admin")
    target = users["legal_officer"]
    assert client.get(f"/accounts/users/{target.pk}/edit/").status_code == 404
    assert client.post(f"/accounts/users/{target.pk}/edit/", _edit_data(target, is_active="")).status_code == 404
    assert client.get(f"/accounts/users/{target.pk}/password/").status_code == 404
    target.refresh_from_db()
    assert target.is_active


def test_system_administrator_in_the_bureau_is_read_only_to_its_admin(client_for, users, bureau):
    root = factories.make_user(None, bureau, username="t_root", is_superuser=True)
    client = client_for("system_admin")
    assert "t_root" in client.get("/accounts/users/").content.decode()
    assert client.get(f"/accounts/users/{root.pk}/edit/").status_code == 403
    assert client.post(f"/accounts/users/{root.pk}/password/", {"password": GOOD_PASSWORD}).status_code == 403


def test_edit_page_shows_the_accounts_history_in_chinese(client_for, users):
    target = users["legal_officer"]
    client = client_for("system_admin")
    client.post(f"/accounts/users/{target.pk}/edit/", _edit_data(target, phone="13800001111"))
    html = client.get(f"/accounts/users/{target.pk}/edit/").content.decode()
    assert "修改记录" in html
    assert "<strong>手机号</strong>" in html
    assert "13800001111" in html


# -- password reset by the admin ---------------------------------------------------------


def test_admin_resets_a_password_and_ends_that_users_sessions(client_for, users):
    target = users["inspector"]
    before = timezone.now()
    victim = signed_in(target)

    response = client_for("system_admin").post(
        f"/accounts/users/{target.pk}/password/", {"password": GOOD_PASSWORD, "password2": GOOD_PASSWORD}, follow=True
    )

    assert "已重置用户“t_zhifa”的密码" in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(GOOD_PASSWORD)
    assert target.password_changed_at >= before
    assert victim.get("/dashboard/").status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"password": "abcdefgh12", "password2": "abcdefgh12"}, "password", "密码必须同时包含字母、数字和符号。"),
        ({"password": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"}, "password2", "两次输入的密码不一致。"),
    ],
)
def test_reset_password_is_validated(client_for, users, data, field, message):
    target = users["inspector"]
    response = client_for("system_admin").post(f"/accounts/users/{target.pk}/password/", data)
    assert message in _form_errors(response)[field]
    target.refresh_from_db()
    assert target.check_password(factories.PASSWORD)
