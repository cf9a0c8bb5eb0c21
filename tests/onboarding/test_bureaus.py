"""教育局管理: the platform's system administrator opens a county and its first admin in
the portal; the county starts with every list's defaults; the audit is the county's."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts import services as account_services
from apps.accounts.models import User
from apps.core import dictionary
from apps.core.models import DictionaryItem
from apps.documents.dictionary import DOCUMENT_TOPIC, ISSUING_BODY
from apps.registry.models import Bureau
from tests import factories
from tests.conftest import login

pytestmark = pytest.mark.django_db

FORM = {
    "name": "泽州县教育局",
    "region_code": "140525",
    "short_name": "",
    "admin_username": "zz_admin",
    "admin_full_name": "泽州局管",
    "admin_phone": "13903561234",
    "admin_password": "Zezhou@2025!",
}


def test_platform_admin_opens_a_bureau_and_its_first_admin_in_one_form(platform_client, city, users):
    response = platform_client.post(reverse("accounts:bureau_add"), {**FORM, "parent": city.pk}, follow=True)
    html = response.content.decode()
    bureau = Bureau.objects.get(region_code="140525")
    assert bureau.parent == city and bureau.path == "140500/140525/" and bureau.display_short_name == "泽州"
    assert "已新建“泽州县教育局”及其局管理员“zz_admin”" in html
    admin = User.objects.get(username="zz_admin")
    assert admin.bureau == bureau and admin.role == "bureau_admin" and admin.must_change_password
    assert admin.check_password("Zezhou@2025!")
    # The bureau's page lists its accounts and offers more (its own 系统管理员).
    assert "zz_admin" in html and f"/accounts/users/add/?bureau={bureau.pk}" in html


def test_a_new_bureau_starts_with_every_lists_defaults_as_its_own(zezhou):
    topics = set(DictionaryItem.objects.filter(bureau=zezhou, kind=DOCUMENT_TOPIC).values_list("label", flat=True))
    assert topics == {"依法治校", "校园安全", "公平竞争审查", "法治宣传教育"}
    bodies = list(DictionaryItem.objects.filter(bureau=zezhou, kind=ISSUING_BODY).values_list("label", flat=True))
    assert bodies == ["泽州县教育局", "晋城市教育局"]
    # Copied, not shared: 泽州's edit leaves the defaults of the next bureau alone.
    DictionaryItem.objects.filter(bureau=zezhou, label="校园安全").update(label="平安校园")
    assert dictionary.dictionary_copy_defaults(zezhou) == 1  # 校园安全 again; nothing else twice


def test_every_registered_list_starts_with_entries_in_a_new_bureau(zezhou):
    """Every app's 字典管理 lists (学法, 法治进校园, 欺凌防治, 例会, 准入查询 …) start filled,
    with no template bureau to copy from: the first county of a fresh installation."""

    kinds = {kind for kind, _ in dictionary.dictionary_kinds()}
    assert {"study_topic", "campus_theme", "bullying_audience", "meeting_kind", "screening_platform"} <= kinds
    have = set(DictionaryItem.objects.filter(bureau=zezhou, is_active=True).values_list("kind", flat=True))
    assert kinds - have == set()
    organisers = list(DictionaryItem.objects.filter(bureau=zezhou, kind="bullying_organiser").values_list("label", flat=True))
    assert organisers == ["泽州县教育局"]


def test_a_kind_without_declared_defaults_starts_from_the_template_bureau(zezhou, bureau, monkeypatch):
    """Generic over every registered kind: a list no app gives defaults for is copied from
    the first county's entries, leaving out those that name that county."""

    kinds = [*dictionary.dictionary_kinds(), ("zz_test_theme", "活动主题")]
    monkeypatch.setattr(dictionary, "dictionary_kinds", lambda: kinds)
    for order, label in enumerate(("宪法宣传周", "高平市法治进校园", "防溺水"), start=1):
        DictionaryItem.objects.create(bureau=bureau, kind="zz_test_theme", label=label, sort_order=order)
    DictionaryItem.objects.create(bureau=bureau, kind="zz_test_theme", label="停用的主题", is_active=False)
    assert dictionary.dictionary_copy_defaults(zezhou) == 2
    labels = list(DictionaryItem.objects.filter(bureau=zezhou, kind="zz_test_theme").values_list("label", flat=True))
    assert labels == ["宪法宣传周", "防溺水"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"region_code": "14052"}, "region_code", "行政区划代码应为6位数字，如 140525。"),
        ({"region_code": "140581"}, "region_code", "该行政区划代码已有教育局。"),
        ({"region_code": "140625"}, "region_code", "行政区划代码应以上级“晋城市教育局”的代码 1405 开头，且不能与上级相同。"),
        ({"admin_username": "t_admin"}, "admin_username", "该用户名已被使用，请换一个。"),
        ({"admin_password": "12345678"}, "admin_password", "须同时包含字母、数字和符号"),
    ],
)
def test_a_wrong_bureau_form_says_why_and_saves_nothing(platform_client, city, users, change, field, message):
    before = (Bureau.objects.count(), User.objects.count(), DictionaryItem.objects.count())
    response = platform_client.post(reverse("accounts:bureau_add"), {**FORM, "parent": city.pk, **change})
    assert response.status_code == 200
    assert message in " ".join(str(e) for e in response.context["form"].errors.get(field, [])), response.context["form"].errors
    assert (Bureau.objects.count(), User.objects.count(), DictionaryItem.objects.count()) == before


def test_double_submit_opens_one_bureau(platform_client, city, users):
    for _ in range(2):
        platform_client.post(reverse("accounts:bureau_add"), {**FORM, "parent": city.pk})
    assert Bureau.objects.filter(region_code="140525").count() == 1
    assert User.objects.filter(username="zz_admin").count() == 1


def test_platform_admins_user_form_requires_the_bureau_and_a_school_of_it(platform_client, zezhou, school):
    url = reverse("accounts:user_add")
    data = {"username": "zz_x", "full_name": "某某", "phone": "", "role": "bureau_admin", "password": "Zezhou@2025!"}
    response = platform_client.post(url, data)
    assert response.context["form"].errors["bureau"] == ["请选择“所属教育局”。"]
    response = platform_client.post(url, {**data, "bureau": zezhou.pk, "role": "school_user", "school": school.pk})
    assert "“高平二中”不属于泽州县教育局。" in response.context["form"].errors["school"]
    response = platform_client.post(url, {**data, "bureau": zezhou.pk, "role": "system_admin"})
    assert response.status_code == 302
    created = User.objects.get(username="zz_x")
    assert created.bureau == zezhou and created.role == "system_admin" and created.must_change_password
    # The list shows whose account it is.
    html = platform_client.get(reverse("accounts:user_list") + "?q=zz_x").content.decode()
    assert '<th scope="col">所属教育局</th>' in html and "泽州县教育局" in html


def test_a_role_without_a_bureau_is_refused(platform_admin):
    with pytest.raises(ValidationError) as error:
        account_services.user_create(
            by=platform_admin, data={"username": "nobody", "full_name": "无局"}, role="bureau_admin", password="x"
        )
    assert "请选择“所属教育局”" in str(error.value)
    assert not User.objects.filter(username="nobody").exists()


def test_the_new_bureaus_audit_shows_its_accounts_creation_and_role_grant(platform_client, city, users):
    platform_client.post(reverse("accounts:bureau_add"), {**FORM, "parent": city.pk})
    zezhou = Bureau.objects.get(region_code="140525")
    auditor = factories.make_user("audit_admin", zezhou, username="zz_shenji")
    html = login(auditor).get(reverse("accounts:audit_list")).content.decode()
    assert "zz_admin" in html
    # The grant of 局管理员 by the platform administrator: a row with no bureau of its own.
    assert re.search(r"用户角色 #\d+.*?用户 ： 泽州局管.*?角色 ： 局管理员", re.sub(r"<[^>]+>|\s+", " ", html))
    # 高平's auditor sees none of it.
    gaoping = login(users["audit_admin"]).get(reverse("accounts:audit_list")).content.decode()
    assert "zz_admin" not in gaoping


def test_bureau_pages_are_the_platform_admins_only(client_for, platform_client, zezhou, bureau):
    from tests.kit import assert_statuses, statuses

    for url in (reverse("accounts:bureau_list"), reverse("accounts:bureau_add")):
        assert_statuses(client_for, url, statuses(403))
        assert platform_client.get(url).status_code == 200
    # A bureau's page: 403 where the bureau is in sight, 404 where it is not.
    assert_statuses(client_for, reverse("accounts:bureau", args=[bureau.pk]), statuses(403, other_bureau_admin=404))
    assert_statuses(client_for, reverse("accounts:bureau", args=[zezhou.pk]), statuses(404, city_viewer=403))
    assert platform_client.get(reverse("accounts:bureau", args=[zezhou.pk])).status_code == 200
    assert_statuses(client_for, reverse("accounts:bureau_add"), statuses(403), method="post", data={**FORM})
    assert not Group.objects.filter(permissions__codename="add_bureau").exists()
