"""Every write leaves an audit row with its user: forms, bulk updates and imports."""

import pghistory
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from apps.registry.models import Entity, Person
from tests import factories
from tests.registry.test_imports import PERSON_HEADER, xlsx

EntityEvent = Entity.pgh_event_model
PersonEvent = Person.pgh_event_model


def test_form_edit_is_audited_with_user_and_before_after(client_for, school, users):
    client_for("bureau_admin").post(
        reverse("registry:entity_edit", args=[school.pk]),
        {
            "short_name": "二中",
            "kind": "high",
            "ownership": "public",
            "credit_code": school.credit_code,
            "address": "高平市北城街道",
        },
    )
    event = EntityEvent.objects.filter(pgh_obj=school, pgh_label="update").latest("pgh_id")
    assert event.short_name == "二中"
    assert event.pgh_context.metadata["user"] == users["bureau_admin"].pk
    assert event.pgh_context.metadata["url"] == reverse("registry:entity_edit", args=[school.pk])
    diff = pghistory.models.MiddlewareEvents.objects.tracks(school).filter(pgh_label="update").latest("pgh_created_at").pgh_diff
    assert diff["short_name"] == ["", "二中"]


def test_bulk_update_is_audited(school, users):
    factories.make_person(school)
    factories.make_person(school)
    with pghistory.context(user=users["bureau_admin"].pk, reason="批量调整"):
        Person.objects.filter(employer=school).update(employment_status="retired")
    events = PersonEvent.objects.filter(pgh_label="update", employment_status="retired")
    assert events.count() == 2
    assert {e.pgh_context.metadata["user"] for e in events} == {users["bureau_admin"].pk}


def test_import_is_audited(client_for, school, users):
    upload = xlsx([PERSON_HEADER, ["张伟", "男", factories.make_resident_id(), "高平二中", "专任教师", "", "", "在职"]])
    client_for("legal_officer").post(reverse("registry:person_import"), {"file": upload})
    event = PersonEvent.objects.get(pgh_label="insert", name="张伟")
    assert event.pgh_context.metadata["user"] == users["legal_officer"].pk
    assert event.pgh_context.metadata["reason"] == "Excel导入教职员工"


def test_delete_keeps_the_row_in_the_audit(client_for, school):
    person = factories.make_person(school, name="待删除")
    client_for("bureau_admin").post(reverse("registry:person_delete", args=[person.pk]))
    assert not Person.objects.filter(pk=person.pk).exists()
    assert PersonEvent.objects.get(pgh_label="delete", pgh_obj_id=person.pk).name == "待删除"


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_audit_rows_cannot_be_changed(school, operation):
    events = EntityEvent.objects.filter(pgh_obj=school)
    before = events.count()
    with pytest.raises(DatabaseError), transaction.atomic():
        if operation == "update":
            events.update(name="篡改")
        else:
            events.delete()
    assert events.count() == before and not events.filter(name="篡改").exists()


def test_record_history_names_related_rows_and_hides_ciphertext(client_for, school):
    person = factories.make_person(school, name="历史测试")
    html = client_for("bureau_admin").get(person.get_absolute_url()).content.decode()
    history = html.split("修改记录", 1)[1]
    assert "<strong>工作单位</strong>：" in history and "高平二中" in history
    assert person.id_number_encrypted not in history and person.id_number_digest not in history
    assert person.masked_id_number in history
