"""The registry's Excel imports: entities (matched by credit code, else name) and staff
(matched by 编号, the id an export carries, else by 身份证号). Built on core.imports:
every row validated first, existing rows looked up in the write scope, all or nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from apps.core import crypto
from apps.core.imports import ImportColumn, Importer, ImportKey, Row
from apps.core.pinyin import search_key, sort_key
from apps.core.validators import (
    normalize_resident_id,
    normalize_uscc,
    validate_resident_id,
)

from . import services
from .choices import ChangeKind, EmploymentStatus, EntityKind, Gender, Ownership, StaffCategory
from .models import Entity, EntityChange, Person
from .selectors import bureau_examples as _bureau_examples


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


def resolve_entities(user: Any, rows: list[Row], field: str, header: str, *, in_file: dict[str, Row] | None = None) -> None:
    """Replace each row's entity name (or short name, or credit code) in `field` by the
    entity, with one query for the whole file, inside the user's write scope.

    A short name (泽州一中) counts only when one entity has it; else the message lists
    the candidates. With `in_file` (name/short name/credit code → Row), a text no saved
    entity has may name a row of the same file: the value is then that Row, and the
    importer saves it first (a canteen under a school two rows up)."""

    texts = {row.values[field] for row in rows if row.values.get(field)}
    if not texts:
        return
    by_key: dict[str, Entity] = {}
    by_short: dict[str, list[Entity]] = {}
    scoped = Entity.objects.for_user(user, write=True).order_by("name", "id")
    upper = {t.upper() for t in texts}
    for entity in scoped.filter(Q(name__in=texts) | Q(short_name__in=texts) | Q(credit_code__in=upper)):
        if entity.name in texts:
            by_key.setdefault(entity.name, entity)
        if entity.credit_code and entity.credit_code in upper:
            by_key.setdefault(entity.credit_code, entity)
        if entity.short_name in texts:
            by_short.setdefault(entity.short_name, []).append(entity)
    for row in rows:
        text = row.values.get(field)
        if not text:
            continue
        entity = by_key.get(text) or by_key.get(text.upper())
        shorts = by_short.get(text, [])
        if entity is None and len(shorts) == 1:
            entity = shorts[0]
        if entity is not None:
            row.values[field] = entity
        elif len(shorts) > 1:
            names = "、".join(e.name for e in shorts[:5])
            row.error(header, f"简称“{text}”对应多个单位（{names}），请填写全称。")
            del row.values[field]
        elif in_file is not None and (text in in_file or text.upper() in in_file):
            row.values[field] = in_file.get(text) or in_file[text.upper()]
        else:
            row.error(header, f"名录库中没有“{text}”，请先登记该单位或核对名称。")
            del row.values[field]


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
        sample = _bureau_examples(self.user)
        return [
            ImportColumn("名称", "name", required=True, example=f"{sample['place']}示例小学"),
            ImportColumn("简称", "short_name", example=f"{sample['short']}示例小学"),
            ImportColumn("类型", "kind", required=True, example="小学", convert=choice(EntityKind, "类型")),
            ImportColumn("举办性质", "ownership", required=True, example="公办", convert=choice(Ownership, "举办性质")),
            ImportColumn(
                "统一社会信用代码", "credit_code", example=sample["credit_code"], convert=normalize_uscc, text_only=True
            ),
            ImportColumn("法定代表人", "legal_representative", example="张三"),
            ImportColumn("地址", "address", example=f"{sample['place']}某某街1号"),
            ImportColumn("联系电话", "phone", example="0356-5221234"),
            ImportColumn("所属单位", "parent", example=""),
            ImportColumn("登记日期", "established_on", example="2020-09-01"),
        ]

    def prepare(self, rows: list[Row]) -> None:
        # A 所属单位 may be a row of this file: by its name, short name or credit code.
        in_file: dict[str, Row] = {}
        for row in rows:
            for key in (row.values.get("name"), row.values.get("short_name"), row.values.get("credit_code")):
                if key:
                    in_file.setdefault(key, row)
        resolve_entities(self.user, rows, "parent", "所属单位", in_file=in_file)
        looping = [row for row in rows if isinstance(row.values.get("parent"), Row) and self._chain_loops(row)]
        for row in looping:
            row.error("所属单位", "所属单位不能是自身，也不能互为所属单位。")
            del row.values["parent"]

    @staticmethod
    def _chain_loops(row: Row) -> bool:
        seen = {row.number}
        target = row.values.get("parent")
        while isinstance(target, Row):
            if target.number in seen:
                return True
            seen.add(target.number)
            target = target.values.get("parent")
        return False

    def clean_row(self, row: Row) -> None:
        parent = row.values.get("parent")
        if isinstance(parent, Entity) and row.existing is not None and parent.pk == row.existing.pk:
            row.error("所属单位", "不能选择自身作为所属单位。")

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.tracked: dict[int, dict[str, Any]] = {}
        self.built: dict[int, Entity] = {}  # Excel row number -> its entity
        self.pending_parent: dict[int, int] = {}  # id(entity) -> the row number of its parent

    def build(self, row: Row) -> Entity:
        entity = row.existing or Entity(bureau_id=self.user.bureau_id)
        self.built[row.number] = entity
        for column in self.columns():
            field = Entity._meta.get_field(column.field)
            # A blank cell clears the field, as the edit form does.
            value = row.values.get(column.field, None if field.null else "")
            if column.field == "parent" and isinstance(value, Row):
                # A row of this file: linked in save(), once that row has its id.
                self.pending_parent[id(entity)] = value.number
                value = None
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
        # Parents before their units: each round creates the entities whose parent (if a
        # row of this file) has its id already; prepare() refused loops, so it ends.
        waiting = list(created)
        while waiting:
            ready = []
            for entity in waiting:
                target = self.pending_parent.get(id(entity))
                parent = self.built[target] if target is not None else None
                if parent is None or parent.pk is not None:
                    entity.parent = parent if parent is not None else entity.parent
                    ready.append(entity)
            if not ready:
                raise ValueError("unresolved parent loop")  # prepare() refuses loops
            Entity.objects.bulk_create(ready, batch_size=1000)
            waiting = [e for e in waiting if e.pk is None]
        for entity in updated:
            target = self.pending_parent.get(id(entity))
            if target is not None:
                entity.parent = self.built[target]
        if updated:
            Entity.objects.bulk_update(updated, [*self.update_fields, "updated_at"], batch_size=1000)
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
            ImportColumn(
                "身份证号",
                "id_number",
                required_header=True,
                example=_bureau_examples(self.user)["resident_id"],
                convert=_resident_id,
                text_only=True,
            ),
            ImportColumn("工作单位", "employer", required=True, example=self._example_employer()),
            ImportColumn("人员类别", "category", required=True, example="专任教师", convert=choice(StaffCategory, "人员类别")),
            ImportColumn("职务/岗位", "position", example="语文教师"),
            ImportColumn("联系电话", "phone", example="13800000000"),
            ImportColumn("在岗状态", "employment_status", example="在职", convert=choice(EmploymentStatus, "在岗状态")),
            ImportColumn("编号", "id", example=""),
        ]

    def _example_employer(self) -> str:
        school = getattr(self.user, "school", None)
        if school is not None:
            return school.name
        first = Entity.objects.for_user(self.user, write=True).filter(parent__isnull=True).values_list("name", flat=True)
        return first.first() or f"{_bureau_examples(self.user)['short']}一中"

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
