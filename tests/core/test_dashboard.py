from django.urls import reverse

from tests import factories
from tests.conftest import verify_second_factor


def test_public_home_needs_no_login(client, bureau):
    response = client.get("/")
    assert response.status_code == 200
    assert "高平市教育局 法治建设信息公开" in response.content.decode()


def test_dashboard_requires_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_dashboard_gathers_attention_from_apps(client_for, school):
    factories.make_school(name="无法人小学", legal_representative="")
    html = client_for("bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "学校未登记法定代表人" in html
    # The item counts the user's scope only: another bureau sees no such panel.
    other = client_for("other_bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "学校未登记法定代表人" not in other


def test_navigation_follows_permissions(client_for, school):
    admin = client_for("bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "系统管理" in admin and "名录库" in admin
    school_nav = client_for("school_user").get(reverse("core:dashboard")).content.decode()
    assert "系统管理" not in school_nav and "监管对象" in school_nav


def test_large_text_mode_is_kept(client_for, users):
    client = client_for("school_user")
    client.post(reverse("core:large_text"), {"on": "1", "next": "/dashboard/"})
    assert '<html lang="zh-CN" class="large-text">' in client.get(reverse("core:dashboard")).content.decode()
    users["school_user"].refresh_from_db()
    assert users["school_user"].large_text is True
    # An open redirect is refused.
    response = client.post(reverse("core:large_text"), {"on": "0", "next": "//evil.example/"})
    assert response["Location"] == "/"


def test_benchmark_anchor_is_off_by_default(client, db):
    assert client.get("/bench/anchor/").status_code == 404


def test_error_pages_are_in_chinese(client_for, other_school):
    response = client_for("school_user").get(reverse("registry:entity", args=[other_school.pk]))
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    response = client_for("school_user").get(reverse("registry:entity_add"))
    assert response.status_code == 403 and "您没有执行此操作的权限。" in response.content.decode()


def test_system_administrator_manages_bureaus_in_django_admin(bureau, school):
    from django.test import Client

    from apps.accounts.models import User

    admin = User.objects.create_superuser("root_admin", password="Sys@admin2024")
    client = Client()
    client.force_login(admin)
    verify_second_factor(client, admin)
    for url in [
        "/django-admin/registry/bureau/",
        f"/django-admin/registry/entity/{school.pk}/change/",
        "/django-admin/accounts/user/",
    ]:
        assert client.get(url).status_code == 200, url
