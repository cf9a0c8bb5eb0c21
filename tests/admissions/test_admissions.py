"""Admissions: who may see and change what, the online share to one decimal, the
platform's XLSX import (rows named, nothing saved on error), stale and double saves,
the yearly figures, the report's facts on a made-up bureau and year."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.admissions import reporting
from apps.admissions.models import Admission
from apps.admissions.selectors import online_share, yearly_figures
from tests import factories
from tests.conftest import login
from tests.documents.conftest import make_document
from tests.kit import assert_statuses, statuses
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_admission, make_year

pytestmark = pytest.mark.django_db

ADMINS = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}
EDITORS = {"bureau_admin": 200, "legal_officer": 200}
HEADER = ["招生年度", "学校", "学段", "录取人数", "线上录取人数"]


@pytest.mark.parametrize(
    ("online", "total", "share"),
    [
        (4402, 4420, Decimal("99.6")),
        (0, 0, Decimal("0.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),  # half up, not to even
        (3, 8, Decimal("37.5")),
        (1999, 2000, Decimal("100.0")),  # 99.95 rounds up
        (19989, 20000, Decimal("99.9")),
    ],
)
def test_the_online_share_rounds_half_up_to_one_decimal(online, total, share):
    assert online_share(online, total) == share
    assert str(online_share(online, total)) == str(share)


def test_matrix(client_for, users, school, other_school):
    admission = make_admission(users["bureau_admin"], school)
    assert_statuses(client_for, reverse("admissions:admission_list"), statuses(200, **ADMINS))
    assert_statuses(client_for, reverse("admissions:figures"), statuses(200, **ADMINS))
    # A school reads its own row only; another school and another bureau get 404.
    outside = {"other_school_user": 404, "other_bureau_admin": 404}
    assert_statuses(client_for, reverse("admissions:admission", args=[admission.pk]), statuses(200, **ADMINS, **outside))
    assert_statuses(
        client_for,
        reverse("admissions:admission_edit", args=[admission.pk]),
        statuses(403, **EDITORS, **outside),
    )
    assert_statuses(client_for, reverse("admissions:admission_import"), statuses(403, **EDITORS, other_bureau_admin=200))


def test_a_school_user_lists_only_its_own_school(client_for, users, school, other_school):
    make_admission(users["bureau_admin"], school, admitted=120, online=118)
    make_admission(users["bureau_admin"], other_school, admitted=80, online=80)
    html = client_for("school_user").get(reverse("admissions:admission_list")).content.decode()
    assert "共 1 条记录" in html and "高平二中" in html and "高平六中" not in html


def test_online_more_than_admitted_is_refused_on_the_field(client_for, school):
    data = {"year": 2024, "school": school.pk, "stage": "primary", "admitted": 10, "admitted_online": 11}
    response = client_for("legal_officer").post(reverse("admissions:admission_add"), data)
    assert response.context["form"].errors == {"admitted_online": ["线上录取人数不能多于录取人数。"]}
    assert not Admission.objects.exists()


def test_double_submit_makes_one_row_and_a_stale_save_is_refused(client_for, school):
    client = client_for("legal_officer")
    data = {"year": 2024, "school": school.pk, "stage": "primary", "admitted": 10, "admitted_online": 9}
    assert client.post(reverse("admissions:admission_add"), data).status_code == 302
    second = client.post(reverse("admissions:admission_add"), data)
    assert second.status_code == 200 and Admission.objects.count() == 1
    admission = Admission.objects.get()
    edit = reverse("admissions:admission_edit", args=[admission.pk])
    assert client.post(edit, {**data, "admitted": 12, "version": admission.version}).status_code == 302
    stale = client.post(edit, {**data, "admitted": 15, "version": admission.version})
    assert "该记录已被他人修改（您看到的是旧版本），请重新打开后再修改。" in stale.content.decode()
    admission.refresh_from_db()
    assert admission.admitted == 12


def upload(rows):
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("录取.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def test_import_names_bad_rows_and_saves_nothing(client_for, school):
    rows = [
        HEADER,
        [2024, "高平二中", "小学", 100, 98],
        [2024, "不存在的学校", "小学", 10, 10],
        [2024, "高平二中", "高中", 10, 10],
        [2024, "高平二中", "初中", 10, 11],
        [2024, "高平二中", "小学", 5, 5],
    ]
    response = client_for("legal_officer").post(reverse("admissions:admission_import"), {"file": upload(rows)})
    assert [str(e) for e in response.context["errors"]] == [
        "第3行“学校”：本局名录中没有学校“不存在的学校”。",
        "第4行“学段”：“高中”不是有效的学段，应为：小学、初中。",
        "第5行“线上录取人数”：线上录取人数不能多于录取人数。",
        "第6行：与第2行是同一学校、年度和学段。",
    ]
    assert not Admission.objects.exists()


def test_import_adds_then_updates(client_for, school, other_school):
    client = client_for("legal_officer")
    rows = [HEADER, [2024, "高平二中", "小学", 100, 98], [2024, "高平六中", "初中", 50, 50]]
    response = client.post(reverse("admissions:admission_import"), {"file": upload(rows)}, follow=True)
    assert "导入完成：新增 2 条，更新 0 条。" in response.content.decode()
    rows = [HEADER, [2024, "高平二中", "小学", 101, 99]]
    response = client.post(reverse("admissions:admission_import"), {"file": upload(rows)}, follow=True)
    assert "导入完成：新增 0 条，更新 1 条。" in response.content.decode()
    assert Admission.objects.get(school=school).admitted == 101


def test_yearly_figures_and_their_page(client_for, users, school, other_school):
    admin = users["bureau_admin"]
    make_admission(admin, school, admitted=4000, online=3990)
    make_admission(admin, other_school, admitted=420, online=412)
    make_admission(admin, school, stage="junior", admitted=300, online=150)
    figures = {(f.year, f.stage): (f.admitted, f.online, f.share) for f in yearly_figures(Admission.objects.all())}
    assert figures[(2024, "primary")] == (4420, 4402, Decimal("99.6"))
    assert figures[(2024, "junior")] == (300, 150, Decimal("50.0"))
    assert figures[(2024, "")] == (4720, 4552, Decimal("96.4"))
    html = client_for("city_viewer").get(reverse("admissions:figures")).content.decode()
    assert "99.6%" in html and "96.4%" in html


def test_facts_on_a_made_up_bureau_and_year():
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149901")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构小学{i}") for i in range(3)]
    for school, (admitted, online) in zip(schools, [(700, 690), (200, 200), (100, 97)], strict=True):
        make_admission(admin, school, year=2021, admitted=admitted, online=online)
    make_admission(admin, schools[0], year=2022, admitted=999, online=1)  # another year
    make_admission(admin, schools[1], year=2021, stage="junior", admitted=40, online=39)
    plan = make_document(bureau, title="虚构招生方案", issued_on="2021-05-01")
    make_year(admin, 2021, documents=[plan])
    facts = reporting.facts(bureau, 2021)
    assert {f.key: f.value for f in facts} == {
        "admissions.documents": ["《虚构招生方案》"],
        "admissions.primary.schools": 3,
        "admissions.primary.admitted": 1000,
        "admissions.primary.online": 987,
        "admissions.primary.online_share": Decimal("98.7"),
        "admissions.junior.schools": 1,
        "admissions.junior.admitted": 40,
        "admissions.junior.online": 39,
        "admissions.junior.online_share": Decimal("97.5"),
    }
    assert_fact_urls(login(admin), facts)


def test_list_query_count_does_not_grow(client_for, users, django_assert_max_num_queries):
    admin = users["bureau_admin"]
    for i in range(2):
        make_admission(admin, factories.make_school(admin.bureau, name=f"甲{i}"))
    client = client_for("legal_officer")
    url = reverse("admissions:admission_list")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(40):
        make_admission(admin, factories.make_school(admin.bureau, name=f"乙{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("admissions:figures"))
