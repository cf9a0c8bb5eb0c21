"""Rules of the issue not covered elsewhere: joint tasks visiting one entity make one
visit; the bureau's holiday table moves the deadlines; the public CSV is neutralised
against formula injection; the history survives a registry merge and a rename; a
double-clicked new task makes one; a stale plan edit is refused."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.inspections import services
from apps.inspections.models import CalendarDay, Inspection, Plan, Task
from apps.registry import services as registry_services

from .conftest import approved_plan_with_task, make_item, make_plan, make_task

pytestmark = pytest.mark.django_db

D = datetime.date


def _draw(task, admin, phrase="口令"):
    draw = services.draw_commit(task=task, by=admin)
    return services.draw_reveal(draw=draw, witness_name="监督员", witness_phrase=phrase, by=admin)


def test_joint_tasks_visiting_one_entity_make_one_visit(admin, bureau, school, other_school, inspectors):
    plan = make_plan(bureau)
    # Both tasks draw both high schools (高平二中, 高平六中): each is visited once, for both.
    equipment = make_task(plan, name="教育装备抽查", count=2)
    canteen = make_task(plan, items=[make_item(bureau, name="食堂检查")], name="食堂食品安全抽查", count=2)
    services.plan_approve(plan=plan, by=admin)
    _draw(Task.objects.get(pk=equipment.pk), admin)
    _draw(Task.objects.get(pk=canteen.pk), admin)
    visits = list(Inspection.objects.order_by("entity__name"))
    assert [v.entity for v in visits] == sorted([school, other_school], key=lambda e: e.name)
    for visit in visits:
        assert set(visit.tasks.values_list("name", flat=True)) == {"教育装备抽查", "食堂食品安全抽查"}
        assert visit.draws.count() == 2 and visit.inspectors.count() >= 2


def _record(visit, admin, day):
    return services.inspection_record(
        inspection=visit, by=admin, values={"inspected_on": day, "contents": "检查", "result": "no_problem"},
        version=visit.version,
    )  # fmt: skip


def test_a_holiday_added_on_the_page_moves_the_unpublished_deadlines(revealed, admin, client_for):
    visit = _record(Inspection.objects.filter(draws=revealed).first(), admin, D(2024, 5, 9))
    assert visit.publish_due == D(2024, 6, 5)
    c = client_for("bureau_admin")
    response = c.post(reverse("inspections:calendarday_add"), {"date": "2024-05-31", "kind": "holiday", "name": "测试假日"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.publish_due == D(2024, 6, 6)
    day = CalendarDay.objects.get(date=D(2024, 5, 31))
    assert c.post(reverse("inspections:calendarday_delete", args=[day.pk])).status_code == 302
    visit.refresh_from_db()
    assert visit.publish_due == D(2024, 6, 5)


def test_an_inspector_cannot_edit_the_holiday_table(client_for):
    response = client_for("inspector").post(
        reverse("inspections:calendarday_add"), {"date": "2024-05-31", "kind": "holiday", "name": "测试"}
    )
    assert response.status_code == 403 and not CalendarDay.objects.filter(date=D(2024, 5, 31)).exists()


def test_the_public_csv_neutralises_a_formula(revealed, admin, client):
    visit = Inspection.objects.filter(draws=revealed).first()
    Inspection.objects.filter(pk=visit.pk).update(entity_name='=HYPERLINK("http://x.invalid","点我")')
    services.inspection_publish(inspection=_record(visit, admin, D(2024, 5, 9)), by=admin)
    csv_text = b"".join(client.get(reverse("public:inspections:result_list") + "?export=csv").streaming_content).decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in csv_text
    assert "\n=HYPERLINK" not in csv_text and ",=HYPERLINK" not in csv_text


def test_the_history_survives_a_registry_merge_and_a_rename(revealed, admin, client, school, other_school):
    for visit in Inspection.objects.filter(draws=revealed):
        services.inspection_publish(inspection=_record(visit, admin, D(2024, 5, 9)), by=admin)
    registry_services.entity_change(
        entity=other_school, by=admin, effective_on=D(2024, 9, 1), reason="2024年9月名录库动态调整",
        status="merged", merged_into=school,
    )  # fmt: skip
    registry_services.entity_change(entity=school, by=admin, effective_on=D(2024, 9, 1), reason="更名", name="高平市第二中学校")
    page = client.get(reverse("public:inspections:entity", args=[school.pk])).content.decode()
    # both schools' results, under the names they had when inspected, and the changes
    assert "高平二中" in page and "高平六中" in page and "高平市第二中学校" in page


def test_a_double_clicked_new_task_makes_one(admin, bureau, client_for):
    plan = make_plan(bureau)
    item = make_item(bureau)
    data = {
        "name": "食堂食品安全抽查", "items": [item.pk], "entity_kinds": ["high"], "ownership": "", "share": "5",
        "count": "", "inspectors_per_entity": "2", "load_limit": "3", "draw_on": "2024-05-06",
        "inspect_from": "2024-05-08", "inspect_to": "2024-05-24", "joint_departments": "",
    }  # fmt: skip
    c = client_for("bureau_admin")
    url = reverse("inspections:task_add", args=[plan.pk])
    assert c.post(url, data).status_code == 302
    second = c.post(url, data)
    assert second.status_code == 200 and "该计划已有同名任务" in second.content.decode()
    assert Task.objects.filter(plan=plan).count() == 1


def test_a_stale_plan_edit_is_refused(admin, bureau, client_for):
    plan = make_plan(bureau, title="2024年度抽查检查计划")
    c = client_for("bureau_admin")
    url = reverse("inspections:plan_edit", args=[plan.pk])
    first = {"year": "2024", "title": "甲改的标题", "description": "", "version": plan.version}
    assert c.post(url, first).status_code == 302
    stale = {"year": "2024", "title": "乙改的标题", "description": "", "version": plan.version}
    response = c.post(url, stale)
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).title == "甲改的标题"


def test_nothing_of_a_draft_plan_is_public(admin, client, school, inspectors):
    task = approved_plan_with_task(admin, count=1)
    draft = make_plan(admin.bureau, title="草稿计划")
    assert client.get(reverse("public:inspections:plan", args=[task.plan_id])).status_code == 200
    assert client.get(reverse("public:inspections:plan", args=[draft.pk])).status_code == 404


def test_a_stale_item_edit_is_refused_even_after_an_import(bureau, admin, client_for):
    from apps.core.imports import Row
    from apps.inspections.imports import ItemImporter
    from apps.inspections.models import InspectionItem

    item = make_item(bureau, code="SJ-009", name="原名称")
    c = client_for("bureau_admin")
    url = reverse("inspections:inspectionitem_edit", args=[item.pk])
    data = {
        "code": "SJ-009", "name": "甲改的名称", "basis": "", "inspecting_unit": "高平市教育局", "content": "内容",
        "method": "on_site", "entity_kinds": ["high"], "joint_departments": "", "is_active": "on", "version": item.version,
    }  # fmt: skip
    assert c.post(url, data).status_code == 302
    response = c.post(url, {**data, "name": "乙改的名称"})  # the version the second person opened
    assert response.status_code == 200 and "已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.name == "甲改的名称" and item.version == 2
    # an import that updates the item makes a form opened before it stale too
    importer = ItemImporter(admin)
    values = {"code": "SJ-009", "name": "导入名称", "inspecting_unit": "局", "content": "内容", "entity_kinds": ["high"]}
    importer.save([], [importer.build(Row(2, {}, values={**values, "laws": []}, existing=item))])
    assert InspectionItem.objects.get(pk=item.pk).version == 3
    assert c.post(url, {**data, "version": 2}).status_code == 200
