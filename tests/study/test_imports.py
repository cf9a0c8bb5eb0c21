"""A session's sign-in sheet: every row checked and named, nothing saved unless all are right."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.study.models import Attendance, StudySession
from tests import factories

from .conftest import xlsx_upload


def upload(client, session, rows):
    return client.post(reverse("study:attendance_import", args=[session.pk]), {"file": xlsx_upload(rows)})


def errors_of(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def empty_session(admin):
    from .conftest import make_session

    return make_session(admin, title="机关大讲堂")


def test_a_sign_in_sheet_records_who_came(client_for, empty_session, staff, offices):
    rows = [
        ["王局长", offices.name, "", "出席", ""],
        ["李法规", offices.name, "", "", ""],
        ["赵执法", offices.name, "", "请假", "下乡检查"],
    ]
    response = upload(client_for("legal_officer"), empty_session, rows)
    assert response.status_code == 302 and response["Location"] == empty_session.get_absolute_url()
    got = {a.person.name: (a.status, a.note) for a in Attendance.objects.filter(session=empty_session)}
    assert got == {"王局长": ("present", ""), "李法规": ("present", ""), "赵执法": ("leave", "下乡检查")}
    assert StudySession.objects.get(pk=empty_session.pk).version == empty_session.version + 1


def test_a_person_already_listed_is_updated_not_doubled(client_for, session, staff, offices):
    response = upload(client_for("bureau_admin"), session, [["赵执法", offices.name, "", "出席", "补签"]])
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 3
    assert Attendance.objects.get(session=session, person=staff[2]).status == "present"


def test_an_unknown_person_is_named_by_row_and_nothing_is_saved(client_for, empty_session, staff, offices):
    rows = [["王局长", offices.name, "", "出席", ""], ["张无忌", offices.name, "", "出席", ""]]
    response = upload(client_for("bureau_admin"), empty_session, rows)
    assert response.status_code == 200
    assert f"第3行“姓名”：名录库中“{offices.name}”没有“张无忌”，请核对姓名和工作单位。" in errors_of(response)
    assert "没有保存任何数据" in errors_of(response)
    assert not Attendance.objects.filter(session=empty_session).exists()


def test_a_duplicate_row_is_named_and_nothing_is_saved(client_for, empty_session, staff, offices):
    rows = [
        ["王局长", offices.name, "", "出席", ""],
        ["李法规", offices.name, "", "出席", ""],
        ["王局长", offices.name, "", "缺席", ""],
    ]
    response = upload(client_for("bureau_admin"), empty_session, rows)
    assert response.status_code == 200
    assert "第4行“姓名”：与第2行是同一人，请删除重复的行。" in errors_of(response)
    assert not Attendance.objects.filter(session=empty_session).exists()


def test_a_wrong_status_and_another_bureaus_person_are_errors(client_for, empty_session, staff, offices, other_bureau):
    theirs = factories.make_school(other_bureau, name="阳城机关")
    factories.make_person(theirs, name="外局人")
    rows = [["王局长", offices.name, "", "迟到", ""], ["外局人", "阳城机关", "", "出席", ""]]
    html = errors_of(upload(client_for("bureau_admin"), empty_session, rows))
    assert "第2行“出席情况”：“迟到”不是有效的出席情况，应为：出席、请假、缺席。" in html
    assert "第3行“姓名”：名录库中“阳城机关”没有“外局人”，请核对姓名和工作单位。" in html
    assert not Attendance.objects.filter(session=empty_session).exists()


def test_namesakes_need_the_id_number(client_for, empty_session, offices):
    first = factories.make_person(offices, name="王芳")
    factories.make_person(offices, name="王芳")
    html = errors_of(upload(client_for("bureau_admin"), empty_session, [["王芳", offices.name, "", "出席", ""]]))
    assert f"第2行“姓名”：“{offices.name}”有 2 位“王芳”，请填写身份证号以区分。" in html
    response = upload(client_for("bureau_admin"), empty_session, [["王芳", offices.name, first.id_number, "出席", ""]])
    assert response.status_code == 302
    assert list(Attendance.objects.filter(session=empty_session).values_list("person_id", flat=True)) == [first.pk]


def test_a_missing_column_is_named(client_for, empty_session):
    bad = xlsx_upload([["王局长"]], header=("姓名",))
    response = client_for("bureau_admin").post(reverse("study:attendance_import", args=[empty_session.pk]), {"file": bad})
    assert "第1行“工作单位”：缺少此列，请使用模板文件。" in errors_of(response)


def test_the_template_imports_unchanged_where_its_example_person_exists(client_for, admin, bureau):
    from .conftest import make_offices, make_session

    offices = make_offices(bureau, "高平市教育局机关")
    factories.make_person(offices, name="王志刚")
    session = make_session(admin, title="机关大讲堂")
    client = client_for("bureau_admin")
    template = client.get(reverse("study:attendance_import_template"))
    assert template.status_code == 200
    sheet = SimpleUploadedFile("签到表.xlsx", template.content)
    response = client.post(reverse("study:attendance_import", args=[session.pk]), {"file": sheet}, follow=True)
    assert "签到表导入完成：新增 1 人，更新 0 人。" in errors_of(response)
    assert Attendance.objects.get(session=session).person.name == "王志刚"
