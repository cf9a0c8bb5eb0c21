"""Pages of inspections: recording a result (bad input, double submit, stale version),
publishing, the public search and downloads, inspector names per the bureau's setting,
執法证 numbers never public, and constant query counts."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest
from django.urls import reverse

from apps.inspections import services
from apps.inspections.models import Inspection, InspectionSetting
from tests import factories
from tests.conftest import login

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def visit(revealed, users):
    """A visit of the revealed draw that the test inspector (ZF-001) is assigned to."""

    visit = Inspection.objects.filter(draws=revealed).order_by("id").first()
    visit.inspectors.add(visit.inspectors.model.objects.get(code="ZF-001"))
    return visit


def record_data(visit, **overrides) -> dict:
    data = {
        "inspected_on": "2024-05-10",
        "contents": "查验装备采购验收记录和质量证明",
        "result": "no_problem",
        "handling": "",
        "rectify_by": "",
        "version": visit.version,
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_the_inspector_records_a_result_and_the_admin_publishes_it(visit, client_for):
    url = reverse("inspections:inspection_record", args=[visit.pk])
    response = client_for("inspector").post(url, record_data(visit))
    assert response.status_code == 302
    visit.refresh_from_db()
    # 2024-05-11 (Saturday) was a 劳动节 make-up working day: 20 working days end on 06-06.
    assert visit.status == "recorded" and visit.publish_due == D(2024, 6, 6)
    response = client_for("bureau_admin").post(reverse("inspections:inspection_publish", args=[visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == "published" and visit.published_on is not None


def test_bad_input_is_named_in_chinese_and_kept(visit, client_for):
    url = reverse("inspections:inspection_record", args=[visit.pk])
    response = client_for("inspector").post(
        url, record_data(visit, inspected_on="2024-13-40", contents="已查看台账", result="rectify")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“检查日期”不是有效的日期" in page
    assert "已查看台账" in page  # what the user typed stays
    response = client_for("inspector").post(url, record_data(visit, result="rectify"))
    assert "责令整改的，请填写“整改期限”。" in response.content.decode()
    assert Inspection.objects.get(pk=visit.pk).status == "assigned"


def test_a_double_submit_records_once(visit, client_for):
    client = client_for("inspector")
    url = reverse("inspections:inspection_record", args=[visit.pk])
    data = record_data(visit)
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again: no error, no second change
    visit.refresh_from_db()
    assert visit.version == 2
    assert visit.events.filter(pgh_label="update").count() == 1


def test_a_stale_version_is_refused_with_a_clear_message(visit, client_for, admin):
    services.inspection_record(
        inspection=visit, by=admin, values={"inspected_on": D(2024, 5, 9), "contents": "先录入", "result": "no_problem"},
        version=visit.version,
    )  # fmt: skip
    response = client_for("inspector").post(
        reverse("inspections:inspection_record", args=[visit.pk]), record_data(visit, version=1, contents="后录入")
    )
    assert response.status_code == 200
    assert "该检查结果已被他人修改（您看到的是旧版本），请重新打开后再保存。" in response.content.decode()
    assert Inspection.objects.get(pk=visit.pk).contents == "先录入"


def test_a_published_result_cannot_be_changed(visit, admin):
    visit = services.inspection_record(
        inspection=visit, by=admin, values={"inspected_on": D(2024, 5, 9), "contents": "检查", "result": "no_problem"},
        version=visit.version,
    )  # fmt: skip
    services.inspection_publish(inspection=visit, by=admin)
    with pytest.raises(Exception, match="已公示，不能再修改"):
        services.inspection_record(
            inspection=visit, by=admin, values={"inspected_on": D(2024, 5, 9), "contents": "改", "result": "no_problem"},
            version=visit.version + 1,
        )  # fmt: skip


def test_rectification_is_followed_until_closed(visit, client_for, admin):
    visit = services.inspection_record(
        inspection=visit, by=admin,
        values={"inspected_on": D(2024, 5, 9), "contents": "留样不全", "result": "rectify", "rectify_by": D(2024, 6, 1)},
        version=visit.version,
    )  # fmt: skip
    listed = client_for("bureau_admin").get(reverse("inspections:inspection_list") + "?rectification=open")
    assert visit.entity_name in listed.content.decode()
    response = client_for("inspector").post(
        reverse("inspections:inspection_rectification", args=[visit.pk]),
        {"rectified_on": "2024-05-30", "note": "已补齐留样设备", "version": visit.version},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.rectified_on == D(2024, 5, 30) and not visit.rectification_open


def _publish_all(revealed, admin):
    for visit in Inspection.objects.filter(draws=revealed):
        visit = services.inspection_record(
            inspection=visit, by=admin, values={"inspected_on": D(2024, 5, 9), "contents": "检查", "result": "no_problem"},
            version=visit.version,
        )  # fmt: skip
        services.inspection_publish(inspection=visit, by=admin)


def test_public_search_and_downloads(revealed, admin, client, school):
    _publish_all(revealed, admin)
    base = reverse("public:inspections:result_list")
    page = client.get(base + "?q=gpez").content.decode()
    assert "高平二中" in page and "高平六中" not in page
    page = client.get(base + f"?year=2024&result=no_problem&task={revealed.task_id}").content.decode()
    assert "高平二中" in page and "高平六中" in page
    assert "高平二中" not in client.get(base + "?result=rectify").content.decode().split("<main")[1]
    csv_text = b"".join(client.get(base + "?export=csv").streaming_content).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("检查对象,年度,抽查任务")
    assert len(csv_text.splitlines()) == 3
    data = json.loads(b"".join(client.get(base + "?export=json").streaming_content))
    assert sorted(row["entity"] for row in data) == ["高平二中", "高平六中"]
    assert {row["result"] for row in data} == {"未发现问题"}


def test_inspector_names_are_public_per_setting_and_credential_numbers_never(revealed, admin, client, inspectors):
    _publish_all(revealed, admin)
    visit = Inspection.objects.filter(draws=revealed).first()
    names = [i.person.name for i in visit.inspectors.select_related("person")]
    urls = [
        reverse("public:inspections:result", args=[visit.pk]),
        reverse("public:inspections:draw", args=[revealed.pk]),
        reverse("public:inspections:draw_json", args=[revealed.pk]),
    ]
    pages = [client.get(url).content.decode() for url in urls]
    assert not any(name in page for name in names for page in pages)  # off by default
    InspectionSetting.objects.create(bureau=admin.bureau, publish_inspector_names=True)
    pages = [client.get(url).content.decode() for url in urls]
    assert all(name in pages[0] and name in pages[1] for name in names)
    for inspector in inspectors:
        for page in pages:
            assert inspector.credential_number not in page
    listing = b"".join(client.get(reverse("public:inspections:result_list") + "?export=csv").streaming_content).decode()
    assert not any(i.credential_number in listing for i in inspectors)


def test_an_entitys_history_survives_a_merge(revealed, admin, client, school, other_school):
    _publish_all(revealed, admin)
    other_school.status, other_school.merged_into = "merged", school
    other_school.save()
    page = client.get(reverse("public:inspections:entity", args=[school.pk])).content.decode()
    assert "高平六中" in page and "高平二中" in page


def test_the_setting_page_saves(client_for, admin):
    response = client_for("bureau_admin").post(reverse("inspections:setting"), {"publish_inspector_names": "on"})
    assert response.status_code == 302
    assert InspectionSetting.objects.get(bureau=admin.bureau).publish_inspector_names


def test_the_dashboard_shows_the_deadline_panel(visit, client_for, admin):
    services.inspection_record(
        inspection=visit, by=admin, values={"inspected_on": D(2024, 5, 9), "contents": "检查", "result": "no_problem"},
        version=visit.version,
    )  # fmt: skip
    page = client_for("bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "检查结果逾期未公示" in page


def _many_visits(bureau, task, n: int) -> None:
    for _ in range(n):
        school = factories.make_school(bureau, kind="high")
        visit = Inspection.objects.create(bureau=bureau, entity=school, entity_name=school.name, year=2024)
        visit.tasks.add(task)


@pytest.mark.parametrize("url_name", ["inspections:inspection_list", "public:inspections:result_list"])
def test_list_query_counts_stay_constant(url_name, task, admin, bureau, django_assert_max_num_queries, client):
    c = login(admin) if url_name.startswith("inspections") else client
    _many_visits(bureau, task, 3)
    Inspection.objects.update(status="published", inspected_on=D(2024, 5, 9), result="no_problem", published_on=D(2024, 5, 20))
    c.get(reverse(url_name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert c.get(reverse(url_name)).status_code == 200
    _many_visits(bureau, task, 30)
    Inspection.objects.update(status="published", inspected_on=D(2024, 5, 9), result="no_problem", published_on=D(2024, 5, 20))
    with django_assert_max_num_queries(len(small)):
        assert c.get(reverse(url_name)).status_code == 200


def test_staff_pages_open_for_the_admin(revealed, admin, inspectors):
    c = login(admin)
    visit = Inspection.objects.filter(draws=revealed).first()
    for url in [
        reverse("inspections:plan", args=[revealed.task.plan_id]),
        reverse("inspections:task", args=[revealed.task_id]),
        reverse("inspections:inspector", args=[inspectors[0].pk]),
        reverse("inspections:inspection", args=[visit.pk]),
        reverse("inspections:recusal_add", args=[inspectors[0].pk]),
        reverse("inspections:inspector_list") + "?q=ZF",
        reverse("inspections:person_autocomplete") + "?q=教师",
        reverse("public:inspections:plan_list"),
        reverse("public:inspections:item_list"),
    ]:
        assert c.get(url).status_code == 200, url
