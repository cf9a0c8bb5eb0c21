"""The registry's Excel imports: entities (matched by credit code, else name) and staff
(matched by 编号, the id an export carries, else by 身份证号). Built on core.imports:
every row validated first, existing rows looked up in the write scope, all or nothing."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from apps.core import crypto
from apps.core.imports import ImportColumn, Importer, ImportKey, Row
from apps.core.pinyin import search_key, sort_key
from apps.core.validators import normalize_resident_id, normalize_uscc, validate_resident_id

from . import services
from .choices import ChangeKind, EmploymentStatus, EntityKind, Gender, Ownership, StaffCategory
from .models import Entity, EntityChange, Person


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


def resolve_entities(user: Any, rows: list[Row], field: str, header: str) -> None:
    """Replace each row's entity name (or credit code) in `field` by the entity, with one
    query for the whole file, inside the user's write scope."""

    texts = {row.values[field] for row in rows if row.values.get(field)}
    if not texts:
        return
    by_key: dict[str, Entity] = {}
    scoped = Entity.objects.for_user(user, write=True).order_by("name", "id")
    for entity in scoped.filter(name__in=texts) | scoped.filter(credit_code__in={t.upper() for t in texts}):
        by_key.setdefault(entity.name, entity)
        if entity.credit_code:
            by_key.setdefault(entity.credit_code, entity)
    for row in rows:
        text = row.values.get(field)
        if not text:
            continue
        entity = by_key.get(text) or by_key.get(text.upper())
        if entity is None:
            row.error(header, f"名录库中没有“{text}”，请先登记该单位或核对名称。")
            del row.values[field]
        else:
            row.values[field] = entity


def entity_columns(user: Any) -> list[ImportColumn]:
    return EntityImporter(user).columns()


def person_columns(user: Any) -> list[ImportColumn]:
    return PersonImporter(user).columns()


class EntityImporter(Importer):
    """Entities; a changed name or representative is recorded as a dated event (dated the
    import day) instead of being overwritten silently."""

    model = Entity
    reason = "Excel导入监管对象"
    keys = (
        ImportKey("credit_code", "统一社会信用代码", lambda v: v.get("credit_code")),
        ImportKey("name", "名称", lambda v: v.get("name"), unique=False),
    )
    update_fields = (
        "short_name",
        "kind",
        "ownership",
        "credit_code",
        "address",
        "phone",
        "parent",
        "established_on",
        "search_text",
        "sort_key",
    )

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("名称", "name", required=True, example="高平市示例小学"),
            ImportColumn("简称", "short_name", example="示例小学"),
            ImportColumn("类型", "kind", required=True, example="小学", convert=choice(EntityKind, "类型")),
            ImportColumn("举办性质", "ownership", required=True, example="公办", convert=choice(Ownership, "举办性质")),
            ImportColumn("统一社会信用代码", "credit_code", example="12140581MB12345671", convert=normalize_uscc),
            ImportColumn("法定代表人", "legal_representative", example="张三"),
            ImportColumn("地址", "address", example="高平市某某街1号"),
            ImportColumn("联系电话", "phone", example="0356-5221234"),
            ImportColumn("所属单位", "parent", example=""),
            ImportColumn("登记日期", "established_on", example="2020-09-01"),
        ]

    def prepare(self, rows: list[Row]) -> None:
        resolve_entities(self.user, rows, "parent", "所属单位")

    def clean_row(self, row: Row) -> None:
        parent = row.values.get("parent")
        if parent is not None and row.existing is not None and parent.pk == row.existing.pk:
            row.error("所属单位", "不能选择自身作为所属单位。")

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.tracked: dict[int, dict[str, Any]] = {}

    def build(self, row: Row) -> Entity:
        entity = row.existing or Entity(bureau_id=self.user.bureau_id)
        for column in self.columns():
            field = Entity._meta.get_field(column.field)
            # A blank cell clears the field, as the edit form does.
            value = row.values.get(column.field, None if field.null else "")
            if column.field == "ownership":
                value = value or Ownership.PUBLIC
            if entity.pk and column.field in ("name", "legal_representative"):
                if value != getattr(entity, column.field):
                    self.tracked.setdefault(entity.pk, {})[column.field] = value
                continue
            setattr(entity, column.field, value)
        # bulk_create skips Model.save(), which fills these keys for the forms.
        entity.search_text = search_key(entity.name, entity.short_name)
        entity.sort_key = sort_key(entity.name)
        entity.updated_at = timezone.now()
        return entity

    def save(self, created: list[Entity], updated: list[Entity]) -> None:
        super().save(created, updated)
        today = timezone.localdate()
        EntityChange.objects.bulk_create(
            EntityChange(
                bureau_id=e.bureau_id,
                entity=e,
                kind=ChangeKind.REGISTERED,
                effective_on=e.established_on or today,
                new_value=e.name,
                reason="Excel导入登记",
                recorded_by=self.user,
            )
            for e in created
        )
        # Renames and new representatives are rare: each goes through the service that
        # dates it and checks the right.
        for entity in updated:
            changes = self.tracked.get(entity.pk)
            if changes:
                services.entity_change(entity=entity, by=self.user, effective_on=today, reason="Excel导入更新", **changes)


def _resident_id(text: str) -> str:
    # An exported list shows the number masked (1405**********123X): that means "unchanged".
    if "*" in text:
        return ""
    value = normalize_resident_id(text)
    validate_resident_id(value)
    return value


class PersonImporter(Importer):
    """Staff. 编号 (in every export) matches an existing person without the whole 身份证号."""

    model = Person
    reason = "Excel导入教职员工"
    keys = (
        ImportKey("pk", "编号", lambda v: v.get("id")),
        ImportKey("id_number_digest", "身份证号", lambda v: crypto.digest(v["id_number"]) if v.get("id_number") else None),
    )
    update_fields = (
        "name",
        "gender",
        "employer",
        "category",
        "position",
        "phone",
        "employment_status",
        "search_text",
        "sort_key",
        "id_number_encrypted",
        "id_number_digest",
        "id_number_masked",
    )

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("姓名", "name", required=True, example="张三"),
            ImportColumn("性别", "gender", required=True, example="男", convert=choice(Gender, "性别")),
            # Required for a new person; an exported (masked) number keeps the stored one.
            ImportColumn("身份证号", "id_number", required_header=True, example="140581198503120016", convert=_resident_id),
            ImportColumn("工作单位", "employer", required=True, example=self._example_employer()),
            ImportColumn("人员类别", "category", required=True, example="专任教师", convert=choice(StaffCategory, "人员类别")),
            ImportColumn("职务/岗位", "position", example="语文教师"),
            ImportColumn("联系电话", "phone", example="13800000000"),
            ImportColumn("在岗状态", "employment_status", example="在职", convert=choice(EmploymentStatus, "在岗状态")),
            ImportColumn("编号", "id", example=""),
        ]

    def _example_employer(self) -> str:
        school = getattr(self.user, "school", None)
        return school.name if school is not None else "高平二中"

    def prepare(self, rows: list[Row]) -> None:
        resolve_entities(self.user, rows, "employer", "工作单位")

    def clean_row(self, row: Row) -> None:
        if row.existing is None and not row.values.get("id_number"):
            row.error("身份证号", "新增人员必须填写完整的身份证号。")

    def build(self, row: Row) -> Person:
        values = row.values
        person = row.existing or Person(bureau_id=self.user.bureau_id)
        for name in ("name", "gender", "employer", "category"):
            setattr(person, name, values[name])
        person.position = values.get("position", "")
        person.phone = values.get("phone", "")
        # A blank 在岗状态 cell means 在职.
        person.employment_status = values.get("employment_status") or EmploymentStatus.EMPLOYED
        if values.get("id_number"):
            person.id_number = values["id_number"]
        person.search_text = search_key(person.name, is_person=True)
        person.sort_key = sort_key(person.name, is_person=True)
        person.updated_at = timezone.now()
        return person
