"""The appointments' Excel import: a batch at once, every row checked by the form's
rules, errors named by row and column, nothing saved unless every row is right."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.campus.imports import AppointmentImporter
from apps.campus.models import Appointment, AppointmentBatch
from tests.conftest import login

pytestmark = pytest.mark.django_db

HEADER = [c.header for c in AppointmentImporter(None).columns()]


def _xlsx(rows: list[list[str]]) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("聘任.xlsx", out.getvalue())


def _row(name="王建国", schools="高平二中、高平六中", role="法治副校长", retired="否", birth="", batch=""):
    return [
        name,
        role,
        "公安",
        "高平市公安局北城派出所",
        "副所长",
        "",
        schools,
        "2024-09-01",
        "2027-08-31",
        batch,
        retired,
        birth,
    ]


def test_import_a_batch(admin, bureau, school, other_school):
    AppointmentBatch.objects.create(bureau=bureau, name="2024年8月换届", appointed_on="2024-08-28")
    upload = _xlsx([_row(batch="2024年8月换届"), _row(name="李立新", role="交通安全辅导员", schools="高平二中")])
    response = login(admin).post(reverse("campus:appointment_import"), {"file": upload})
    assert response.status_code == 302
    assert Appointment.objects.count() == 2
    first = Appointment.objects.get(name="王建国")
    assert sorted(first.schools.values_list("name", flat=True)) == ["高平二中", "高平六中"]
    assert first.batch.name == "2024年8月换届" and first.search_text


def test_bad_rows_are_named_and_nothing_is_saved(admin, school, other_school):
    upload = _xlsx([
        _row(),
        _row(name="王建国", schools="高平二中"),  # the same person again at the same school
        _row(name="赵卫东", schools="高平九中"),
        _row(name="钱老", retired="是", birth="1950-01-01"),
        _row(name="孙一", schools="高平二中、高平六中、高平二中"),
    ])  # fmt: skip
    response = login(admin).post(reverse("campus:appointment_import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "第4行“服务学校”：本局在办学校中没有“高平九中”，请核对名称。" in body
    assert "第5行“出生日期”：退休人员聘任时不得超过65周岁（钱老聘任时74周岁）。" in body
    assert "第6行“服务学校”：一人同时最多在 2 所学校任职，本行有 3 所。" in body
    assert "第3行“服务学校”：与第2行是同一人，合计超过" not in body  # same two schools: fine by count…
    assert Appointment.objects.count() == 0


def test_school_user_cannot_import(users):
    assert login(users["school_user"]).get(reverse("campus:appointment_import")).status_code == 403
    template = login(users["bureau_admin"]).get(reverse("campus:appointment_import_template"))
    assert template.status_code == 200
