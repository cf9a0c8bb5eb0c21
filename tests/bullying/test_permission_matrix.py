"""Every 欺凌防治 URL × every role, another school and another bureau (tests/kit.py):
200 where the role may, 403 in scope without the right, 404 outside the scope (and for a
school, any 督查 not yet recorded); anonymous visitors go to the login page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.bullying import services
from apps.bullying.choices import Conclusion
from apps.bullying.models import Evidence, Rectification, TrainingMaterial
from tests.kit import assert_statuses, statuses

from .conftest import fill, in_days, pdf_upload

pytestmark = pytest.mark.django_db

ADMINS_403 = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}
STAFF_LIST = statuses(200, school_user=403, other_school_user=403, **ADMINS_403)
BUREAU_ADD = statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)
EVERYONE_LIST = statuses(200, **ADMINS_403)
BUREAU_OBJECT = statuses(200, school_user=404, other_school_user=404, other_bureau_admin=404, **ADMINS_403)
BUREAU_EDIT = statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404)
SCHOOL_OBJECT = statuses(200, other_school_user=404, other_bureau_admin=404, **ADMINS_403)

GET_MATRIX = {
    "checklist_list": (None, STAFF_LIST),
    "checklist_add": (None, BUREAU_ADD),
    "checklist_import_template": (None, BUREAU_ADD),
    "checklist": ("checklist", BUREAU_OBJECT),
    "checklist_edit": ("checklist", BUREAU_EDIT),
    "checklist_item_add": ("draft_checklist", BUREAU_EDIT),
    "checklist_import": ("draft_checklist", BUREAU_EDIT),
    "checklistitem_edit": ("draft_item", BUREAU_EDIT),
    "checklistitem_delete": ("draft_item", BUREAU_EDIT),
    "round_list": (None, STAFF_LIST),
    "round_add": (None, BUREAU_ADD),
    "round": ("round", statuses(200, school_user=403, other_school_user=403, other_bureau_admin=404, **ADMINS_403)),
    "selfinspection_list": (None, EVERYONE_LIST),
    "selfinspection": ("mine", SCHOOL_OBJECT),
    "selfinspection_review": (
        "mine",
        statuses(403, bureau_admin=200, legal_officer=200, other_school_user=404, other_bureau_admin=404),
    ),
    "evidence": ("evidence", statuses(200, other_school_user=404, city_viewer=404, other_bureau_admin=404, **ADMINS_403)),
    "spotcheck_list": (None, STAFF_LIST),
    "spotcheck_add": (None, BUREAU_ADD),
    "spotcheck": ("spotcheck", BUREAU_OBJECT),
    "spotcheck_edit": ("spotcheck", BUREAU_EDIT),
    "spotcheckvisit_list": (None, EVERYONE_LIST),
    "spotcheckvisit": ("recorded_visit", SCHOOL_OBJECT),
    "spotcheckvisit_record": (
        "planned_visit",
        statuses(
            403,
            bureau_admin=200,
            legal_officer=200,
            inspector=200,
            school_user=404,
            other_school_user=404,
            other_bureau_admin=404,
        ),
    ),
    "rectification_list": (None, EVERYONE_LIST),
    "rectification": ("rectification", SCHOOL_OBJECT),
    "rectification_answer": (
        "rectification",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=302, other_school_user=404, other_bureau_admin=404),
    ),
    "training_list": (None, EVERYONE_LIST),
    "training_add": (None, BUREAU_ADD),
    "training": ("training", statuses(200, other_bureau_admin=404, **ADMINS_403)),
    "training_edit": ("training", statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=404)),
    "training_delete": ("training", statuses(403, bureau_admin=200, other_bureau_admin=404)),
    "training_material": ("material", statuses(200, other_bureau_admin=404, **ADMINS_403)),
    "incident_list": (None, statuses(403, bureau_admin=200, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "incident_add": (None, statuses(403, school_user=200, other_school_user=200)),
    "incident": ("incident", statuses(403, bureau_admin=200, school_user=200, other_school_user=404, other_bureau_admin=404)),
    "incident_edit": ("incident", statuses(403, school_user=200, other_school_user=404, other_bureau_admin=404)),
}

POST_MATRIX = {
    "checklist_draft": (
        "checklist",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "checklist_publish": (
        "checklist",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "rectification_close": (
        "rectification",
        statuses(403, bureau_admin=302, legal_officer=302, other_school_user=404, other_bureau_admin=404),
    ),
    "incident": ("incident", statuses(403, bureau_admin=200, school_user=200, other_school_user=404, other_bureau_admin=404)),
    "selfinspection": ("mine", statuses(403, school_user=200, other_school_user=404, other_bureau_admin=404)),
}


@pytest.fixture
def targets(admin, users, version, school, other_school):
    from .conftest import make_round

    round_ = make_round(admin, version)
    mine = round_.inspections.get(school=school)
    fill(mine, users["school_user"])
    services.inspection_submit(inspection=mine, by=users["school_user"])
    draft_checklist = services.checklist_save(by=admin, values={"title": "草稿清单"})
    draft_item = services.item_save(by=admin, version=draft_checklist.versions.get(), values={"section": "一", "text": "草稿项"})
    check = services.spot_check_save(
        by=admin, values={"title": "督查", "planned_on": in_days(-1), "version": version}, schools=[school, other_school], team=[]
    )
    recorded = services.visit_record(
        visit=check.visits.get(school=school),
        by=admin,
        visited_on=in_days(-1),
        conclusion=Conclusion.RECTIFY,
        summary="",
        findings={},
        rectifications=[services.RectificationDraft(None, "请公示举报电话。", "德育主任", in_days(5))],
    )
    rectification = Rectification.objects.get(visit=recorded)
    services.rectification_answer(rectification=rectification, by=users["school_user"], text="已公示。", version=1)
    planned = services.spot_check_save(
        by=admin, values={"title": "计划中的督查", "planned_on": in_days(3), "version": version}, schools=[school], team=[]
    ).visits.get()
    training = services.training_save(
        by=admin,
        values={
            "title": "培训",
            "held_on": in_days(-2),
            "organiser": "高平市教育局",
            "attendance": 50,
            "speakers": "董新良，山西师范大学",
        },
        audience=[],
        materials=[SimpleUploadedFile("课件.pdf", pdf_upload().read())],
    )
    incident = services.incident_save(
        by=users["school_user"],
        values={"occurred_on": in_days(-5), "description": "推搡", "students": "学生甲", "status": "handling"},
        handling=[],
        real_names="张三",
    )
    return {
        "checklist": [version.checklist_id],
        "draft_checklist": [draft_checklist.pk],
        "draft_item": [draft_item.pk],
        "round": [round_.pk],
        "mine": [mine.pk],
        "evidence": [Evidence.objects.filter(answer__inspection=mine).first().pk],
        "spotcheck": [check.pk],
        "recorded_visit": [recorded.pk],
        "planned_visit": [planned.pk],
        "rectification": [rectification.pk],
        "training": [training.pk],
        "material": [training.pk, TrainingMaterial.objects.get(training=training).pk],
        "incident": [incident.pk],
    }


@pytest.mark.parametrize("name", GET_MATRIX)
def test_bullying_get_matrix(client_for, targets, name):
    target, expected = GET_MATRIX[name]
    url = reverse(f"bullying:{name}", args=targets[target] if target else [])
    assert_statuses(client_for, url, expected)


@pytest.mark.parametrize("name", POST_MATRIX)
def test_bullying_post_matrix(client_for, targets, name):
    target, expected = POST_MATRIX[name]
    url = reverse(f"bullying:{name}", args=targets[target])
    assert_statuses(client_for, url, expected, method="post", data={"version": "1"})
