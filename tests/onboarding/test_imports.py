"""Imports a new county gets through in one go: rows referring to rows of the same file,
what people type in Excel read where it is unambiguous, and said plainly where not."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse

from apps.core.imports import parse_date_text
from apps.core.validators import uscc_with_check
from apps.registry.models import Entity, EntityChange, Person
from tests import factories

from .conftest import xlsx

pytestmark = pytest.mark.django_db

ENTITY_HEADER = ["名称", "简称", "类型", "举办性质", "统一社会信用代码", "所属单位", "登记日期"]
PERSON_HEADER = ["姓名", "性别", "身份证号", "工作单位", "人员类别"]


def code(region="140525") -> str:
    return uscc_with_check(f"12{region}MB{random.randint(0, 9_999_999):07d}")


def post(client, name, rows):
    return client.post(reverse(f"registry:{name}_import"), {"file": xlsx(rows)}, follow=True)


def errors(response) -> list[str]:
    return [str(e) for e in response.context["errors"]] if response.context.get("errors") else []


def test_a_canteen_may_name_a_school_of_the_same_file_above_or_below(zz_client, zezhou):
    rows = [
        ENTITY_HEADER,
        ["泽州一中食堂", "", "学校食堂", "公办", "", "泽州县第一中学", ""],
        ["泽州县第一中学", "泽州一中", "高中", "公办", code(), "", "2001.9.1"],
        ["泽州二中食堂", "", "学校食堂", "公办", "", "泽州二中", ""],
        ["泽州县第二中学", "泽州二中", "高中", "公办", code(), "", "2003/9/1"],
        ["二中小卖部", "", "其他", "民办", "", "泽州二中食堂", ""],
    ]
    response = post(zz_client, "entity", rows)
    assert errors(response) == []
    assert "导入完成：新增 5 条，更新 0 条。" in response.content.decode()
    parents = dict(Entity.objects.filter(bureau=zezhou).values_list("name", "parent__name"))
    assert parents["泽州一中食堂"] == "泽州县第一中学"
    assert parents["泽州二中食堂"] == "泽州县第二中学"
    assert parents["二中小卖部"] == "泽州二中食堂"
    first = Entity.objects.get(name="泽州县第一中学")
    assert str(first.established_on) == "2001-09-01"
    assert EntityChange.objects.filter(bureau=zezhou, kind="registered").count() == 5


def test_rows_naming_each_other_as_parent_are_refused_and_nothing_saved(zz_client, zezhou):
    rows = [
        ENTITY_HEADER,
        ["甲校", "", "小学", "公办", "", "乙校", ""],
        ["乙校", "", "小学", "公办", "", "甲校", ""],
        ["丙校", "", "小学", "公办", "", "丙校", ""],
        ["丁校", "", "小学", "公办", "", "", ""],
    ]
    response = post(zz_client, "entity", rows)
    assert errors(response) == [
        "第2行“所属单位”：所属单位不能是自身，也不能互为所属单位。",
        "第3行“所属单位”：所属单位不能是自身，也不能互为所属单位。",
        "第4行“所属单位”：所属单位不能是自身，也不能互为所属单位。",
    ]
    assert not Entity.objects.filter(bureau=zezhou).exists()


def _digit_final_id() -> str:
    while (number := factories.make_resident_id(region="140525"))[-1] == "X":
        pass
    return number


def test_a_resident_id_excel_stored_as_a_number_is_explained(zz_client, zezhou):
    school = factories.make_school(zezhou, name="泽州县第一中学", short_name="泽州一中")
    number = _digit_final_id()
    lossy = float(number)  # what Excel keeps of 18 digits: 15 significant ones
    response = post(zz_client, "person", [PERSON_HEADER, ["张伟", "男", lossy, "泽州一中", "专任教师"]])
    assert errors(response) == [
        "第2行“身份证号”：身份证号被 Excel 存成了数字，末尾几位可能已变成0。请把该列设为“文本”格式后重新填写。"
    ]
    assert not Person.objects.filter(bureau=zezhou).exists()
    # The same number typed as text, with the school's short name for 工作单位.
    response = post(zz_client, "person", [PERSON_HEADER, ["张伟", "男", number, "泽州一中", "专任教师"]])
    assert errors(response) == []
    person = Person.objects.get(bureau=zezhou)
    assert person.id_number == number and person.employer == school


def test_a_short_name_held_by_two_entities_asks_for_the_full_name(zz_client, zezhou):
    factories.make_school(zezhou, name="泽州县第一中学", short_name="一中")
    factories.make_school(zezhou, name="泽州县第一中学分校", short_name="一中")
    rows = [PERSON_HEADER, ["张伟", "男", factories.make_resident_id(region="140525"), "一中", "专任教师"]]
    assert errors(post(zz_client, "person", rows)) == [
        "第2行“工作单位”：简称“一中”对应多个单位（泽州县第一中学、泽州县第一中学分校），请填写全称。"
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2020-09-01", "2020-09-01"),
        ("2020.9.1", "2020-09-01"),
        ("2020/9/1", "2020-09-01"),
        ("2020年9月1日", "2020-09-01"),
        ("20200901", "2020-09-01"),
    ],
)
def test_dates_as_people_type_them(typed, expected):
    assert parse_date_text(typed).isoformat() == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("44075", "日期被 Excel 存成了数字 44075，请把该列设为“日期”格式，或按 2020-09-01 填写。"),
        ("2020.13.1", "“2020.13.1”不是有效的日期（月份或日期超出范围）。"),
        ("九月一日", "“九月一日”不是有效的日期，请按 2020-09-01 或 2020.9.1 填写。"),
    ],
)
def test_an_unreadable_date_says_what_happened(typed, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_date_text(typed)
