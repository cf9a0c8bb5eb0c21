"""Excel imports: every row validated first, errors named by row and column, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.registry.models import Entity, Person
from tests import factories

PERSON_HEADER = ["姓名", "性别", "身份证号", "工作单位", "人员类别", "职务/岗位", "联系电话", "在岗状态"]
ENTITY_HEADER = ["名称", "类型", "举办性质", "统一社会信用代码", "法定代表人"]


def xlsx(rows, name="导入.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def test_template_has_the_expected_headers(client_for):
    response = client_for("bureau_admin").get(reverse("registry:person_import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [*PERSON_HEADER, "编号"]
    # The Chinese name, as RFC 6266 encodes it (the former check passed on any filename*).
    assert (
        "filename*=utf-8''%E6%95%99%E8%81%8C%E5%91%98%E5%B7%A5%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"
        in response["Content-Disposition"]
    )


def test_people_import_saves_all_rows(client_for, school, users):
    ids = [factories.make_resident_id() for _ in range(2)]
    upload = xlsx(
        [
            PERSON_HEADER,
            ["张伟", "男", ids[0], "高平二中", "专任教师", "数学", "", "在职"],
            ["曾晓燕", "女", ids[1].lower(), "高平二中", "保安", "", "", ""],
        ]
    )
    response = client_for("school_user").post(reverse("registry:person_import"), {"file": upload}, follow=True)
    assert "导入完成：新增 2 条，更新 0 条。" in response.content.decode()
    assert set(Person.objects.values_list("name", "employer__name", "category")) == {
        ("张伟", "高平二中", "teacher"),
        ("曾晓燕", "高平二中", "security"),
    }


def test_imported_rows_get_the_keys_save_would_give_and_are_audited(client_for, school):
    """bulk_create skips Model.save(): the importer fills the sort and search keys itself,
    and the audit trigger records every row under the importing user."""

    upload = xlsx(
        [
            PERSON_HEADER,
            ["曾晓燕", "女", factories.make_resident_id(), "高平二中", "专任教师", "", "", ""],
            ["王一博", "男", factories.make_resident_id(), "高平二中", "专任教师", "", "", ""],
        ]
    )
    client_for("bureau_admin").post(reverse("registry:person_import"), {"file": upload})
    rows = Person.objects.order_by("sort_key").values_list("name", "sort_key", "search_text")
    assert list(rows) == [
        ("王一博", "wang yi bo\t王一博", "王一博 wangyibo wyb"),
        ("曾晓燕", "zeng xiao yan\t曾晓燕", "曾晓燕 zengxiaoyan zxy"),
    ]
    events = Person.pgh_event_model.objects.filter(pgh_label="insert")
    assert sorted(events.values_list("name", flat=True)) == ["曾晓燕", "王一博"]
    assert {e.pgh_context.metadata["reason"] for e in events} == {"Excel导入教职员工"}


def test_one_bad_row_saves_nothing_and_is_named(client_for, school, other_school):
    good = factories.make_resident_id()
    upload = xlsx(
        [
            PERSON_HEADER,
            ["张伟", "男", good, "高平二中", "专任教师", "", "", "在职"],
            ["李娜", "女", "140581198503121231", "高平二中", "专任教师", "", "", "在职"],
            ["王芳", "女", factories.make_resident_id(), "高平二中", "校长", "", "", "在职"],
            ["赵敏", "女", factories.make_resident_id(), "高平六中", "专任教师", "", "", "在职"],
            ["钱七", "男", good, "高平二中", "专任教师", "", "", "在职"],
        ]
    )
    response = client_for("school_user").post(reverse("registry:person_import"), {"file": upload})
    errors = [str(e) for e in response.context["errors"]]
    assert "第3行“身份证号”：身份证号校验位错误，请核对后重新输入。" in errors
    assert "第4行“人员类别”：“校长”不是有效的人员类别，应为：专任教师、行政人员、后勤人员、保安、其他。" in errors
    # A school user cannot import staff into another school.
    assert "第5行“工作单位”：名录库中没有“高平六中”，请先登记该单位或核对名称。" in errors
    assert "第6行：与第2行重复。" in errors
    assert "没有保存任何数据" in response.content.decode()
    assert not Person.objects.exists()


def test_reimport_updates_instead_of_duplicating(client_for, school):
    number = factories.make_resident_id()
    client = client_for("bureau_admin")
    client.post(
        reverse("registry:person_import"),
        {"file": xlsx([PERSON_HEADER, ["张伟", "男", number, "高平二中", "专任教师", "", "", "在职"]])},
    )
    response = client.post(
        reverse("registry:person_import"),
        {"file": xlsx([PERSON_HEADER, ["张伟", "男", number, "高平二中", "行政人员", "教务主任", "", "在职"]])},
        follow=True,
    )
    assert "导入完成：新增 0 条，更新 1 条。" in response.content.decode()
    assert list(Person.objects.values_list("category", "position")) == [("admin", "教务主任")]


def test_entity_import_updates_by_credit_code_and_records_representative_change(client_for, school):
    client = client_for("bureau_admin")
    code = factories.make_credit_code()
    rows = [
        ENTITY_HEADER,
        ["高平市新建幼儿园", "幼儿园", "民办", code, "刘一"],
        ["高平二中", "高中", "公办", school.credit_code, "王五"],
    ]
    response = client.post(reverse("registry:entity_import"), {"file": xlsx(rows)}, follow=True)
    assert "导入完成：新增 1 条，更新 1 条。" in response.content.decode()
    school.refresh_from_db()
    assert school.legal_representative == "王五"
    assert school.changes.get(kind="representative").old_value == "张三"
    assert Entity.objects.get(credit_code=code).ownership == "private"


def test_missing_column_and_non_xlsx_are_refused(client_for, school):
    client = client_for("bureau_admin")
    response = client.post(reverse("registry:person_import"), {"file": xlsx([["姓名", "性别"], ["张伟", "男"]])})
    assert "第1行“身份证号”：缺少此列，请使用模板文件。" in [str(e) for e in response.context["errors"]]
    fake = SimpleUploadedFile("名单.xlsx", "姓名,性别\n张伟,男\n".encode(), content_type="application/vnd.ms-excel")
    response = client.post(reverse("registry:person_import"), {"file": fake})
    assert response.context["form"].errors["file"] == [
        "文件不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后重新上传。"
    ]
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "city_viewer"])
def test_roles_without_add_cannot_import(client_for, role, school):
    assert client_for(role).get(reverse("registry:person_import")).status_code == 403
