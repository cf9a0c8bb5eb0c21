"""The registry's Excel imports: entities (matched by credit code, else name) and staff
(matched by 身份证号). Built on core.imports: every row validated first, all or nothing."""

from __future__ import annotations

from typing import Any

from apps.core.imports import ImportColumn, ImportResult, run_import

from .choices import EmploymentStatus, EntityKind, Gender, Ownership, StaffCategory
from .forms import EntityImportForm, PersonForm
from .models import Entity, Person


def choice(choices: type, header: str):
    """Read a choice by its Chinese label (or its code); say which labels are allowed."""

    by_label = {label: value for value, label in choices.choices}

    def convert(text: str) -> str:
        if text in by_label:
            return by_label[text]
        if text in by_label.values():
            return text
        raise ValueError(f"“{text}”不是有效的{header}，应为：{'、'.join(by_label)}。")

    return convert


def entity_by_name(user: Any, header: str):
    def convert(text: str) -> int:
        scoped = Entity.objects.for_user(user, write=True)
        match = scoped.filter(credit_code=text.upper()).first() or scoped.filter(name=text).first()
        if match is None:
            raise ValueError(f"名录库中没有“{text}”，请先登记该单位或核对名称。")
        return match.pk

    return convert


def entity_columns(user: Any) -> list[ImportColumn]:
    return [
        ImportColumn("名称", "name", required=True, example="高平市示例小学"),
        ImportColumn("简称", "short_name", example="示例小学"),
        ImportColumn("类型", "kind", required=True, example="小学", convert=choice(EntityKind, "类型")),
        ImportColumn("举办性质", "ownership", required=True, example="公办", convert=choice(Ownership, "举办性质")),
        ImportColumn("统一社会信用代码", "credit_code", example="12140581MB1234567X"),
        ImportColumn("法定代表人", "legal_representative", example="张三"),
        ImportColumn("地址", "address", example="高平市某某街1号"),
        ImportColumn("联系电话", "phone", example="0356-5221234"),
        ImportColumn("所属单位", "parent", example="", convert=entity_by_name(user, "所属单位")),
        ImportColumn("登记日期", "established_on", example="2020-09-01"),
    ]


def person_columns(user: Any) -> list[ImportColumn]:
    return [
        ImportColumn("姓名", "name", required=True, example="张三"),
        ImportColumn("性别", "gender", required=True, example="男", convert=choice(Gender, "性别")),
        ImportColumn("身份证号", "id_number", required=True, example="14058119850312001X"),
        ImportColumn("工作单位", "employer", required=True, example="高平二中", convert=entity_by_name(user, "工作单位")),
        ImportColumn("人员类别", "category", required=True, example="专任教师", convert=choice(StaffCategory, "人员类别")),
        ImportColumn("职务/岗位", "position", example="语文教师"),
        ImportColumn("联系电话", "phone", example="13800000000"),
        ImportColumn("在岗状态", "employment_status", example="在职", convert=choice(EmploymentStatus, "在岗状态")),
    ]


def entities_import(*, user: Any, upload) -> ImportResult:
    def build(data: dict[str, Any], row: int) -> EntityImportForm:
        code = (data.get("credit_code") or "").strip().upper()
        scoped = Entity.objects.filter(bureau_id=user.bureau_id)
        existing = (scoped.filter(credit_code=code).first() if code else None) or scoped.filter(name=data.get("name", "")).first()
        data.setdefault("ownership", Ownership.PUBLIC)
        return EntityImportForm(data, instance=existing, user=user)

    return run_import(
        upload=upload,
        columns=entity_columns(user),
        user=user,
        build_form=build,
        key=lambda texts: texts.get("credit_code", "").upper() or texts.get("name", ""),
        reason="Excel导入监管对象",
    )


def people_import(*, user: Any, upload) -> ImportResult:
    def build(data: dict[str, Any], row: int) -> PersonForm:
        number = (data.get("id_number") or "").strip().upper()
        existing = Person.objects.filter(bureau_id=user.bureau_id).with_id_number(number).first() if number else None
        # A blank 在岗状态 cell means 在职.
        data["employment_status"] = data.get("employment_status") or EmploymentStatus.EMPLOYED
        return PersonForm(data, instance=existing, user=user)

    return run_import(
        upload=upload,
        columns=person_columns(user),
        user=user,
        build_form=build,
        key=lambda texts: texts.get("id_number", "").upper(),
        reason="Excel导入教职员工",
    )
