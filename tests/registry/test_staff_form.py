"""Adding staff: the employer picker fetches only what it shows, a school gets its own
school preselected and only its own units, and the phone is checked (form and import)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def entity_selects(context) -> list[str]:
    return [q["sql"] for q in context.captured_queries if 'FROM "registry_entity"' in q["sql"]]


def test_person_add_does_not_select_every_entity(client_for, school):
    for n in range(30):
        factories.make_school(school.bureau, name=f"测试学校{n}")
    client = client_for("bureau_admin")
    with CaptureQueriesContext(connection) as context:
        html = client.get(reverse("registry:person_add")).content.decode()
    # Before: one unbounded SELECT of all the bureau's entities to render one option.
    assert entity_selects(context) == []
    assert "测试学校1" not in html
    person = factories.make_person(school)
    with CaptureQueriesContext(connection) as context:
        html = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    (query,) = entity_selects(context)
    assert " IN (" in query  # only the chosen employer
    assert f'<option value="{school.pk}" selected>高平二中</option>' in html


def test_school_user_gets_its_own_school_preselected(client_for, school, other_school):
    factories.make_school(school.bureau, name="高平二中食堂", kind="canteen", parent=school)
    html = client_for("school_user").get(reverse("registry:person_add")).content.decode()
    assert f'<option value="{school.pk}" selected>高平二中</option>' in html
    assert "高平六中" not in html
    assert "可选 2 个单位；输入名称或拼音首字母可缩小范围。" in html


def test_school_user_autocomplete_offers_only_its_school_and_units(client_for, school, other_school):
    factories.make_school(school.bureau, name="高平二中食堂", kind="canteen", parent=school)
    client = client_for("school_user")
    html = client.get(reverse("registry:entity_autocomplete"), {"q": "高平", "hint": "id_employer_hint"}).content.decode()
    assert "高平二中食堂" in html and "高平六中" not in html
    assert 'id="id_employer_hint"' in html and "找到 2 个匹配的单位，请在右侧下拉框中选择。" in html
    html = client.get(reverse("registry:entity_autocomplete"), {"q": "六中", "hint": "id_employer_hint"}).content.decode()
    assert "没有匹配的单位，请换个名称或拼音再试。" in html
    # The hint id is echoed only when it is a plain id.
    html = client.get(reverse("registry:entity_autocomplete"), {"q": "高平", "hint": '"><script>'}).content.decode()
    assert "<script>" not in html and "hx-swap-oob" not in html


def test_phone_is_checked_on_the_staff_form(client_for, school):
    from apps.registry.models import Person

    data = {
        "name": "李四",
        "gender": "male",
        "id_number": factories.make_resident_id(),
        "employer": school.pk,
        "category": "teacher",
        "employment_status": "employed",
        "phone": "abc电话",
    }
    client = client_for("school_user")
    response = client.post(reverse("registry:person_add"), data)
    assert response.context["form"].errors["phone"] == [
        "联系电话应为带区号的固定电话（如 0356-5221234、0356-5221234-801）或11位手机号（如 13812345678）。"
    ]
    assert not Person.objects.exists()
    assert client.post(reverse("registry:person_add"), {**data, "phone": "0356-5221234-801"}).status_code == 302
