"""Excel imports of 双随机: the 随机抽查事项清单 and the inspectors' 执法证 (the person found
by 身份证号 through the keyed digest). Every row checked, rows named in Chinese, all or
nothing; the template has the headers the importer reads."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.documents.models import Law
from apps.inspections.models import InspectionItem, Inspector
from tests import factories

pytestmark = pytest.mark.django_db

ITEM_HEADER = [
    *("事项编码", "抽查事项", "法律依据", "依据条款", "检查实施单位"),
    *("检查内容", "检查方式", "适用对象类型", "联合检查部门", "在用"),
]
INSPECTOR_HEADER = ["姓名", "身份证号", "执法人员编号", "执法证号", "发证机关", "有效期自", "有效期至"]


def xlsx(rows, name="导入.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def food_law():
    # seeded with the law catalogue; its short name may be unset there
    law = Law.objects.filter(name="中华人民共和国食品安全法").first() or Law(name="中华人民共和国食品安全法", level="law")
    law.short_name = "食品安全法"
    law.save()
    return law


@pytest.mark.parametrize(
    ("url_name", "header"),
    [("inspections:inspectionitem_import_template", ITEM_HEADER), ("inspections:inspector_import_template", INSPECTOR_HEADER)],
)
def test_the_templates_have_the_importers_headers(client_for, url_name, header):
    response = client_for("bureau_admin").get(reverse(url_name))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == header


def test_the_lists_offer_the_import(client_for):
    c = client_for("bureau_admin")
    assert reverse("inspections:inspectionitem_import") in c.get(reverse("inspections:inspectionitem_list")).content.decode()
    assert reverse("inspections:inspector_import") in c.get(reverse("inspections:inspector_list")).content.decode()


def test_items_import_creates_and_updates_with_their_laws(client_for, bureau, food_law):
    InspectionItem.objects.create(
        bureau=bureau, code="SJ-001", name="旧名称", inspecting_unit="高平市教育局", content="旧", entity_kinds=["high"]
    )
    upload = xlsx(
        [
            ITEM_HEADER,
            ["SJ-001", "学校食堂食品安全检查", "食品安全法", "第57条", "教育局", "原料查验", "现场检查", "小学、初中", "", "是"],
            ["SJ-002", "教育装备产品检查", "", "", "高平市教育局", "装备质量", "书面检查", "高中", "", ""],
        ]
    )  # fmt: skip
    response = client_for("bureau_admin").post(reverse("inspections:inspectionitem_import"), {"file": upload}, follow=True)
    assert "导入完成：新增 1 条，更新 1 条。" in response.content.decode()
    canteen = InspectionItem.objects.get(code="SJ-001")
    assert canteen.name == "学校食堂食品安全检查" and canteen.entity_kinds == ["primary", "middle"]
    assert list(canteen.laws.all()) == [food_law]
    equipment = InspectionItem.objects.get(code="SJ-002")
    assert equipment.method == "documents" and equipment.is_active and equipment.bureau == bureau


def test_a_bad_items_file_names_every_row_in_chinese_and_saves_nothing(client_for, food_law):
    upload = xlsx(
        [
            ITEM_HEADER,
            ["SJ-001", "检查一", "不存在的法", "", "高平市教育局", "内容", "现场检查", "小学", "", "是"],
            ["SJ-002", "检查二", "", "", "高平市教育局", "内容", "飞行检查", "大学", "", "也许"],
            ["SJ-002", "检查三", "", "", "", "内容", "", "小学", "", ""],
        ]
    )  # fmt: skip
    response = client_for("bureau_admin").post(reverse("inspections:inspectionitem_import"), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第2行" in page and "不存在的法" in page
    assert "第3行" in page and "飞行检查" in page and "“大学”不是有效的适用对象类型" in page and "也许" in page
    assert "第4行" in page and "与第3行重复" in page
    assert not InspectionItem.objects.exists()


def _person(school, name="赵建军"):
    number = factories.make_resident_id()
    return factories.make_person(school, name=name, id_number=number), number


def test_inspectors_import_finds_the_person_by_id_number(client_for, bureau, school):
    person, number = _person(school)
    other, other_number = _person(school, name="李晓红")
    Inspector.objects.create(
        bureau=bureau, person=other, code="ZF-002", credential_number="OLD-2", issuing_authority="山西省人民政府",
        valid_from=datetime.date(2018, 1, 1), valid_to=datetime.date(2023, 12, 31),
    )  # fmt: skip
    upload = xlsx(
        [
            INSPECTOR_HEADER,
            ["赵建军", number.lower(), "ZF-001", "14058120190019", "山西省人民政府", "2022-01-01", datetime.date(2027, 12, 31)],
            ["李晓红", other_number, "ZF-002", "14058120240002", "山西省人民政府", "2024-01-01", "2029-12-31"],
        ]
    )  # fmt: skip
    response = client_for("bureau_admin").post(reverse("inspections:inspector_import"), {"file": upload}, follow=True)
    assert "导入完成：新增 1 条，更新 1 条。" in response.content.decode()
    new = Inspector.objects.get(code="ZF-001")
    assert new.person == person and new.bureau == bureau and new.valid_to == datetime.date(2027, 12, 31)
    renewed = Inspector.objects.get(code="ZF-002")
    assert renewed.credential_number == "14058120240002" and renewed.valid_from == datetime.date(2024, 1, 1)


def test_a_bad_inspectors_file_names_every_row_and_saves_nothing(client_for, school, other_bureau):
    person, number = _person(school)
    stranger = factories.make_person(factories.make_school(other_bureau, name="外局学校"))
    upload = xlsx(
        [
            INSPECTOR_HEADER,
            ["赵建军", number, "ZF-001", "C-1", "山西省人民政府", "2022-01-01", "2027-12-31"],
            ["王五", number, "ZF-002", "C-2", "山西省人民政府", "2022-01-01", "2027-12-31"],
            ["某某", factories.make_resident_id(), "ZF-003", "C-3", "山西省人民政府", "2022-01-01", "2027-12-31"],
            [stranger.name, stranger.id_number, "ZF-004", "C-4", "山西省人民政府", "2022-01-01", "2027-12-31"],
            ["赵建军", "12345", "ZF-005", "C-1", "", "2027-01-01", "2022-12-31"],
        ]
    )  # fmt: skip
    response = client_for("bureau_admin").post(reverse("inspections:inspector_import"), {"file": upload})
    page = response.content.decode()
    assert "第3行" in page and "与名录中该身份证号人员的姓名（赵建军）不一致" in page
    assert "第4行" in page and "教职员工名录中没有此身份证号的人员" in page
    # another bureau's person is not found (and nothing says where they are)
    assert "第5行" in page and "外局学校" not in page
    assert "第6行" in page and "身份证号应为18位" in page and "发证机关" in page
    assert not Inspector.objects.exists()
    assert number not in page or page.count(number) == 0


def test_a_school_user_cannot_import_inspectors(client_for):
    assert client_for("school_user").get(reverse("inspections:inspector_import")).status_code == 403
    assert client_for("inspector").get(reverse("inspections:inspectionitem_import")).status_code == 403


def test_the_inspectors_sample_is_a_made_up_person_of_the_users_region(client_for, bureau):
    c = client_for("bureau_admin")
    sheet = load_workbook(io.BytesIO(c.get(reverse("inspections:inspector_import_template")).content)).active
    sample = [cell.value for cell in sheet[2]]
    assert str(sample[1]).startswith(bureau.region_code)
    response = c.post(reverse("inspections:inspector_import"), {"file": xlsx([INSPECTOR_HEADER, sample])}, follow=True)
    assert "教职员工名录中没有此身份证号的人员" in response.content.decode()
    assert not Inspector.objects.exists()
