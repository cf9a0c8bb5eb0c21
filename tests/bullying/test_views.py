"""Pages of 欺凌防治: what a school can and cannot see (another school's form, a planned
督查, another school's incident), the form that never loses typed answers, the import,
the incident reveal, and query counts that do not grow with rows."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.accounts.models import SecurityEvent
from apps.bullying import services
from apps.bullying.choices import Conclusion, LogKind, Progress
from apps.bullying.models import Answer, ChecklistItem, Incident, InspectionLog, SelfInspection
from tests import factories
from tests.conftest import login

from .conftest import fill, in_days, items_of, make_round, pdf_upload

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def form_data(inspection, values: dict, **extra) -> dict:
    data = {"version": inspection.version, "token": str(uuid.uuid4()), "action": "save"}
    for item in items_of(inspection):
        data[f"value_{item.pk}"] = values.get(item.pk, ("", ""))[0]
        data[f"note_{item.pk}"] = values.get(item.pk, ("", ""))[1]
    data.update(extra)
    return data


@pytest.fixture
def planned(admin, version, school):
    """A 督查 of 高平二中 planned, its findings not recorded."""

    return services.spot_check_save(
        by=admin, values={"title": "秘密督查计划", "planned_on": in_days(2), "version": version}, schools=[school], team=[admin]
    )


def test_gp2z_cannot_see_gaoping_six_forms(client_for, mine, theirs):
    client = client_for("school_user")
    assert client.get(theirs.get_absolute_url()).status_code == 404
    for suffix in ("", "?export=csv"):
        page = text_of(client.get(reverse("bullying:selfinspection_list") + suffix))
        assert "高平二中" in page and "高平六中" not in page


def test_a_planned_spot_check_is_invisible_to_the_school(client_for, planned, school, admin, version):
    client = client_for("school_user")
    visit = planned.visits.get()
    assert client.get(visit.get_absolute_url()).status_code == 404
    assert client.get(planned.get_absolute_url()).status_code == 404
    for url in ("bullying:spotcheckvisit_list", "bullying:rectification_list"):
        for suffix in ("", "?export=csv", "?export=xlsx"):
            response = client.get(reverse(url) + suffix)
            assert response.status_code == 200
            if suffix != "?export=xlsx":
                assert "秘密督查计划" not in text_of(response)
    assert client.get(reverse("bullying:spotcheckvisit_list")).context["page"].count == 0
    dashboard = text_of(client.get(reverse("core:dashboard")))
    assert "秘密督查计划" not in dashboard and "督查整改" not in dashboard
    assert client.get(reverse("bullying:spotcheck_list")).status_code == 403
    # The bureau sees it; once the findings are recorded, the school does too.
    assert "秘密督查计划" in text_of(client_for("bureau_admin").get(reverse("bullying:spotcheck_list")))
    services.visit_record(
        visit=visit, by=admin, visited_on=in_days(0), conclusion=Conclusion.PASS, summary="", findings={}, rectifications=[]
    )
    assert client.get(visit.get_absolute_url()).status_code == 200
    assert "秘密督查计划" in text_of(client.get(reverse("bullying:spotcheckvisit_list") + "?export=csv"))


def test_the_school_dashboard_shows_its_open_form_and_rectification_items(client_for, mine, users, admin):
    client = client_for("school_user")
    assert "待填报的欺凌防治自查表" in text_of(client.get(reverse("core:dashboard")))
    fill(mine, users["school_user"])
    services.inspection_submit(inspection=mine, by=users["school_user"])
    mine.refresh_from_db()
    services.inspection_review(inspection=mine, by=admin, comments={items_of(mine)[0].pk: "请补充。"}, version=mine.version)
    assert "需整改的自查表" in text_of(client.get(reverse("core:dashboard")))


def test_overdue_schools_are_a_bureau_dashboard_item(client_for, round_):
    round_.deadline = in_days(-1)
    round_.save()
    page = text_of(client_for("bureau_admin").get(reverse("core:dashboard")))
    assert "逾期未完成自查的学校" in page


def test_the_round_page_counts_by_kind_and_lists_laggards_first(client_for, round_, mine, users):
    fill(mine, users["school_user"])
    services.inspection_submit(inspection=mine, by=users["school_user"])
    response = client_for("bureau_admin").get(round_.get_absolute_url())
    assert response.status_code == 200
    (row,) = response.context["summary"]
    assert (row["label"], row["total"], row["counts"]) == ("高中", 2, [1, 0, 0, 1, 0])
    names = [obj.school.name for obj, _ in response.context["rows"]]
    assert names == ["高平六中", "高平二中"]
    export = text_of(client_for("bureau_admin").get(round_.get_absolute_url() + "?export=csv"))
    assert export.splitlines()[0].startswith("学校,学校类型,自查轮次,状态")


def test_submit_without_evidence_lists_what_is_missing_and_keeps_the_draft(client_for, mine):
    client = client_for("school_user")
    items = items_of(mine)
    values = {items[0].pk: ("符合", "已成立"), items[1].pk: ("3", ""), items[2].pk: ("无", "")}
    response = client.post(mine.get_absolute_url(), form_data(mine, values, action="submit"))
    assert response.status_code == 200
    page = text_of(response)
    assert f'<a href="#item-{items[0].pk}">第1项须上传佐证材料：成立学生欺凌治理委员会。</a>' in page
    mine.refresh_from_db()
    assert mine.progress == Progress.DRAFT
    assert Answer.objects.get(inspection=mine, item=items[0]).note == "已成立"


def test_a_bad_answer_keeps_everything_typed(client_for, mine):
    items = items_of(mine)
    values = {items[0].pk: ("符合", "说明文字保留"), items[1].pk: ("三次", "")}
    response = client_for("school_user").post(mine.get_absolute_url(), form_data(mine, values))
    page = text_of(response)
    assert "请填写数字。" in page and "说明文字保留" in page and 'value="三次"' in page
    assert not Answer.objects.filter(inspection=mine).exists()


def test_a_stale_second_tab_is_refused_and_keeps_its_typed_answers_on_the_page(client_for, mine):
    client = client_for("school_user")
    item = items_of(mine)[0]
    first = form_data(mine, {item.pk: ("符合", "第一个标签页")})
    second = form_data(mine, {item.pk: ("不符合", "第二个标签页")})
    assert client.post(mine.get_absolute_url(), first).status_code == 302
    response = client.post(mine.get_absolute_url(), second)
    page = text_of(response)
    assert services.STALE_FORM in page and "第二个标签页" in page
    assert Answer.objects.get(inspection=mine, item=item).note == "第一个标签页"


def test_a_double_clicked_submit_through_the_page_makes_one_submission(client_for, mine):
    client = client_for("school_user")
    items = items_of(mine)
    values = {items[0].pk: ("符合", ""), items[1].pk: ("3", ""), items[2].pk: ("无", "")}
    data = form_data(mine, values, action="submit")
    first = client.post(mine.get_absolute_url(), {**data, f"evidence_{items[0].pk}": pdf_upload()})
    second = client.post(mine.get_absolute_url(), {**data, f"evidence_{items[0].pk}": pdf_upload()})
    assert (first.status_code, second.status_code) == (302, 302)
    assert InspectionLog.objects.filter(inspection=mine, kind=LogKind.SUBMITTED).count() == 1
    assert SelfInspection.objects.get(pk=mine.pk).progress == Progress.SUBMITTED


def test_evidence_is_checked_by_content(client_for, mine):
    item = items_of(mine)[0]
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = client_for("school_user").post(mine.get_absolute_url(), {**form_data(mine, {}), f"evidence_{item.pk}": fake})
    assert "文件类型不支持，仅支持 PDF、Word、Excel、OFD 文件和 JPG、PNG 照片。" in text_of(response)


def test_the_bureau_asks_for_rectification_on_one_item_through_the_page(client_for, submitted):
    item = items_of(submitted)[0]
    client = client_for("bureau_admin")
    url = reverse("bullying:selfinspection_review", args=[submitted.pk])
    empty = client.post(url, {"version": submitted.version, "action": "rectify"})
    assert "要求整改时，请至少对一项填写整改意见。" in text_of(empty)
    response = client.post(url, {"version": submitted.version, "action": "rectify", f"comment_{item.pk}": "请补充成立文件。"})
    assert response.status_code == 302
    assert SelfInspection.objects.get(pk=submitted.pk).progress == Progress.RECTIFY
    page = text_of(client_for("school_user").get(submitted.get_absolute_url()))
    assert "请补充成立文件。" in page and "提交整改" in page


def test_gp2z_cannot_see_another_schools_incident(client_for, users):
    theirs = services.incident_save(
        by=users["other_school_user"],
        values={"occurred_on": in_days(-1), "description": "索要零花钱", "students": "学生丙", "status": "handling"},
        handling=[],
        real_names="王五",
    )
    client = client_for("school_user")
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(theirs.get_absolute_url()).status_code == 404
    for suffix in ("", "?export=csv"):
        assert "学生丙" not in text_of(client.get(reverse("bullying:incident_list") + suffix))


def test_real_names_only_on_a_logged_uncached_post_and_never_in_lists(client_for, users):
    incident = services.incident_save(
        by=users["school_user"],
        values={"occurred_on": in_days(-1), "description": "推搡", "students": "学生甲", "status": "handling"},
        handling=[],
        real_names="张三丰",
    )
    admin = client_for("bureau_admin")
    assert "张三丰" not in text_of(admin.get(incident.get_absolute_url()))
    assert "张三丰" not in text_of(admin.get(reverse("bullying:incident_list") + "?export=csv"))
    response = admin.post(incident.get_absolute_url())
    assert "张三丰" in text_of(response) and "no-store" in response["Cache-Control"]
    event = SecurityEvent.objects.get(kind="pii_viewed")
    assert (event.user, event.path) == (users["bureau_admin"], incident.get_absolute_url())
    for role in ("legal_officer", "inspector", "city_viewer"):
        assert client_for(role).post(incident.get_absolute_url()).status_code == 403
    assert SecurityEvent.objects.filter(kind="pii_viewed").count() == 1
    stored = Incident.pgh_event_model.objects.values_list("names_encrypted", flat=True)
    assert all("张三丰" not in value for value in stored)


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("清单.xlsx", buffer.getvalue(), content_type="application/octet-stream")


HEADER = ["序号", "部分", "检查内容", "答案类型", "须附佐证材料", "填报说明"]


def test_checklist_import_is_all_or_nothing_and_names_the_row(client_for, admin):
    checklist = services.checklist_save(by=admin, values={"title": "新清单"})
    url = reverse("bullying:checklist_import", args=[checklist.pk])
    client = client_for("bureau_admin")
    bad = xlsx(
        [HEADER, [1, "一、组织领导", "成立委员会。", "符合/不符合/不适用", "是", ""], [2, "二", "次数。", "百分比", "否", ""]]
    )
    page = text_of(client.post(url, {"file": bad}))
    assert "第3行“答案类型”：“百分比”不是有效的答案类型，应为：符合/不符合/不适用、数字、文字。" in page
    assert not ChecklistItem.objects.filter(version__checklist=checklist).exists()
    good = xlsx(
        [HEADER, [1, "一、组织领导", "成立委员会。", "符合/不符合/不适用", "是", ""], [2, "二", "次数。", "数字", "否", ""]]
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert list(
        ChecklistItem.objects.filter(version__checklist=checklist).values_list("position", "answer_type", "evidence_required")
    ) == [
        (1, "compliance", True),
        (2, "number", False),
    ]


def test_import_into_a_published_checklist_is_refused(client_for, version):
    url = reverse("bullying:checklist_import", args=[version.checklist_id])
    response = client_for("bureau_admin").post(url, {"file": xlsx([HEADER, [9, "一", "新", "", "", ""]])}, follow=True)
    assert services.PUBLISHED_FROZEN in text_of(response)
    assert version.items.count() == 3


def _schools(bureau, n):
    return [factories.make_school(bureau, name=f"测试高中{i}", kind="high") for i in range(n)]


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_rows(size, admin, bureau, school, users, version, django_assert_max_num_queries):
    _schools(bureau, size)
    round_ = make_round(admin, version)
    mine = round_.inspections.get(school=school)
    for inspection in round_.inspections.exclude(school=school)[: size // 2]:
        SelfInspection.objects.filter(pk=inspection.pk).update(progress=Progress.SUBMITTED)
    services.training_save(
        by=admin,
        values={"title": "培训", "held_on": in_days(-1), "organiser": "局", "attendance": 10, "speakers": "甲"},
        audience=[],
    )
    staff, school_client = login(admin), login(users["school_user"])
    pages = {
        reverse("bullying:round", args=[round_.pk]): 18,
        reverse("bullying:selfinspection_list"): 14,
        reverse("bullying:round_list"): 14,
        reverse("bullying:spotcheckvisit_list"): 14,
        reverse("bullying:rectification_list"): 14,
        reverse("bullying:training_list"): 15,
        reverse("bullying:incident_list"): 14,
    }
    for url, limit in pages.items():
        if url == reverse("bullying:incident_list"):
            continue
        with django_assert_max_num_queries(limit):
            assert staff.get(url).status_code == 200, url
    with django_assert_max_num_queries(24):
        assert school_client.get(mine.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert school_client.get(reverse("bullying:incident_list")).status_code == 200
    # Every app's dashboard panels: the same at both sizes.
    with django_assert_max_num_queries(39):
        assert staff.get(reverse("core:dashboard")).status_code == 200
    with django_assert_max_num_queries(27):
        assert school_client.get(reverse("core:dashboard")).status_code == 200
