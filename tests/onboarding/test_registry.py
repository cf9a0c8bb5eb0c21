"""A wrongly imported entity can go; national codes held by two bureaus are the city's to
sort out; the new bureau's setup checklist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.registry.models import Entity, EntityChange, Person
from apps.registry.services import entity_register
from tests import factories
from tests.kit import assert_statuses, statuses

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_an_entity_nothing_refers_to_can_be_deleted_and_the_deletion_is_audited(client_for, users, bureau):
    entity = entity_register(entity=Entity(bureau=bureau, name="误导入小学", kind="primary"), by=users["bureau_admin"])
    client = client_for("bureau_admin")
    page = text(client.get(entity.get_absolute_url()))
    assert f'href="{reverse("registry:entity_delete", args=[entity.pk])}">删除</a>' in page
    response = client.post(reverse("registry:entity_delete", args=[entity.pk]), follow=True)
    assert "已删除监管对象“误导入小学”。" in text(response)
    assert not Entity.objects.filter(pk=entity.pk).exists()
    assert not EntityChange.objects.filter(entity_id=entity.pk).exists()
    from apps.registry.models import EntityEvent

    assert EntityEvent.objects.filter(pgh_obj_id=entity.pk, pgh_label="delete").exists()


def test_an_entity_with_records_is_closed_not_deleted(client_for, school):
    factories.make_person(school)
    response = client_for("bureau_admin").post(reverse("registry:entity_delete", args=[school.pk]), follow=True)
    assert (
        "“高平二中”已有关联记录（教职员工、附属单位、账号、变更记录或业务记录），不能删除；如已停办，请登记“停办”变更。"
        in text(response)
    )
    assert Entity.objects.filter(pk=school.pk).exists()


def test_an_entity_another_app_links_by_many_to_many_or_cascade_is_not_deleted(client_for, users, bureau):
    """A school serving as a 法治副校长's 服务学校 (a many-to-many link, no PROTECT) is a
    record too: refused, the link kept."""

    from tests.campus.conftest import make_appointment

    fresh = factories.make_school(bureau, name="误导入的学校")
    appointment = make_appointment(users["bureau_admin"], [fresh])
    response = client_for("bureau_admin").post(reverse("registry:entity_delete", args=[fresh.pk]), follow=True)
    assert "“误导入的学校”已有关联记录" in text(response)
    assert Entity.objects.filter(pk=fresh.pk).exists() and list(appointment.schools.all()) == [fresh]


def test_entity_delete_matrix(client_for, school):
    assert_statuses(
        client_for,
        reverse("registry:entity_delete", args=[school.pk]),
        statuses(403, bureau_admin=200, other_bureau_admin=404, school_user=403, other_school_user=404),
    )


def test_a_code_another_bureau_holds_imports_and_the_city_sees_the_conflict(zz_client, zezhou, school, client_for):
    teacher = factories.make_person(school, name="调动的老师")
    zz_school = factories.make_school(zezhou, name="泽州县第一中学", credit_code=school.credit_code)
    from .conftest import xlsx

    rows = [
        ["姓名", "性别", "身份证号", "工作单位", "人员类别"],
        ["调动的老师", "女", teacher.id_number, "泽州县第一中学", "专任教师"],
    ]
    response = zz_client.post(reverse("registry:person_import"), {"file": xlsx(rows)}, follow=True)
    assert "导入完成：新增 1 条，更新 0 条。" in text(response)
    # Nothing of 高平's row reaches 泽州: not its school, not its record.
    html = text(zz_client.get(reverse("registry:person_list")))
    assert "高平" not in html
    assert zz_client.get(teacher.get_absolute_url()).status_code == 404
    city = text(client_for("city_viewer").get(reverse("registry:conflict_list")))
    assert city.count(teacher.id_number_masked) == 2 and "泽州县教育局" in city and "高平市教育局" in city
    assert city.count(school.credit_code) == 2 and "泽州县第一中学" in city and "高平二中" in city
    assert zz_school.pk and Person.objects.filter(id_number_digest=teacher.id_number_digest).count() == 2


def test_conflict_page_is_the_citys(client_for):
    assert_statuses(client_for, reverse("registry:conflict_list"), statuses(403, city_viewer=200))


def test_new_bureau_dashboard_shows_the_checklist_until_done(zz_client, zz_admin, zezhou):
    html = text(zz_client.get(reverse("core:dashboard")))
    assert "开始使用：本局设置清单" in html
    for step in ("导入名录库", "导入教职员工", "核对字典", "创建学校账号"):
        assert step in html
    assert html.count(">未完成<") == 4
    school = factories.make_school(zezhou, name="泽州县第一中学")
    factories.make_person(school)
    factories.make_user("school_user", school=school, username="zz1z")
    response = zz_client.post(reverse("registry:bureau_lists_reviewed"), follow=True)
    assert "已确认本局的字典" in text(response)
    assert "开始使用：本局设置清单" not in text(response)


def test_lists_reviewed_is_the_bureau_admins(client_for):
    assert_statuses(
        client_for,
        reverse("registry:bureau_lists_reviewed"),
        statuses(403, bureau_admin=302, other_bureau_admin=302),
        method="post",
    )
