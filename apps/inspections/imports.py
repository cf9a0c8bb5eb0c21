"""Excel imports of 双随机、一公开, on core.imports (every row checked, rows named in
Chinese, all or nothing): the 随机抽查事项清单 (matched by 事项编码) and the inspectors'
执法证 (matched by 执法人员编号; the person found in the bureau's registry by 身份证号,
through its keyed digest, never by decrypting)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from apps.core import crypto
from apps.core.imports import ImportColumn, Importer, ImportKey, Row
from apps.core.validators import normalize_resident_id, validate_resident_id
from apps.documents.models import Law
from apps.registry.choices import EntityKind
from apps.registry.models import Person
from apps.registry.selectors import bureau_examples

from .choices import Method
from .models import InspectionItem, Inspector

SEPARATORS = ("；", ";", "，", ",", "/", "、")


def _split(text: str) -> list[str]:
    for sep in SEPARATORS[:-1]:
        text = text.replace(sep, "、")
    return [part.strip() for part in text.split("、") if part.strip()]


def _choice(choices: type, header: str):
    by_label = {str(label): value for value, label in choices.choices}

    def convert(text: str) -> str:
        if text in by_label:
            return by_label[text]
        if text in by_label.values():
            return text
        raise ValueError(f"“{text}”不是有效的{header}，应为：{'、'.join(by_label)}。")

    return convert


def _kinds(text: str) -> list[str]:
    one = _choice(EntityKind, "适用对象类型")
    return [one(part) for part in _split(text)]


def _yes_no(text: str) -> bool:
    if text in ("是", "在用", "Y", "y", "1", "TRUE", "True", "true"):
        return True
    if text in ("否", "停用", "N", "n", "0", "FALSE", "False", "false"):
        return False
    raise ValueError(f"“{text}”应为“是”或“否”。")


def _resident_id(text: str) -> str:
    value = normalize_resident_id(text)
    validate_resident_id(value)
    return value


def item_columns(user: Any) -> list[ImportColumn]:
    return ItemImporter(user).columns()


def inspector_columns(user: Any) -> list[ImportColumn]:
    return InspectorImporter(user).columns()


class ItemImporter(Importer):
    """随机抽查事项清单. 法律依据 names laws of the library (by name or short name,
    separated by 、); a row with a known 事项编码 updates that item."""

    model = InspectionItem
    reason = "Excel导入随机抽查事项清单"
    keys = (ImportKey("code", "事项编码", lambda v: v.get("code")),)
    update_fields = (
        "name",
        "basis",
        "inspecting_unit",
        "content",
        "method",
        "entity_kinds",
        "joint_departments",
        "is_active",
        "version",
    )

    def __init__(self, user: Any) -> None:
        super().__init__(user)
        self.links: list[tuple[InspectionItem, list[Law]]] = []

    def columns(self) -> list[ImportColumn]:
        place = bureau_examples(self.user)["place"]
        return [
            ImportColumn("事项编码", "code", required=True, example="JY-SJ-001"),
            ImportColumn("抽查事项", "name", required=True, example="学校食堂食品安全检查"),
            ImportColumn("法律依据", "laws", example="中华人民共和国食品安全法"),
            ImportColumn("依据条款", "basis", example="《中华人民共和国食品安全法》第五十七条"),
            ImportColumn("检查实施单位", "inspecting_unit", required=True, example=f"{place}教育局"),
            ImportColumn("检查内容", "content", required=True, example="食品原料采购查验、从业人员健康管理"),
            ImportColumn("检查方式", "method", example="现场检查", convert=_choice(Method, "检查方式")),
            ImportColumn("适用对象类型", "entity_kinds", required=True, example="小学、初中", convert=_kinds),
            ImportColumn("联合检查部门", "joint_departments", example=f"{place}市场监督管理局"),
            ImportColumn("在用", "is_active", example="是", convert=_yes_no),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """Each row's law names become the library's laws, one query for the file."""

        names = {name for row in rows for name in _split(row.values.get("laws") or "")}
        found: dict[str, Law] = {}
        if names:
            for law in Law.objects.filter(Q(name__in=names) | Q(short_name__in=names)).order_by("id"):
                found.setdefault(law.name, law)
                if law.short_name:
                    found.setdefault(law.short_name, law)
        for row in rows:
            laws = []
            for name in _split(row.values.get("laws") or ""):
                if name in found:
                    laws.append(found[name])
                else:
                    row.error("法律依据", f"文件库中没有“{name}”，请核对名称（多部用“、”分隔）。")
            row.values["laws"] = laws

    def build(self, row: Row) -> InspectionItem:
        item = row.existing or InspectionItem(bureau_id=self.user.bureau_id)
        values = row.values
        item.code, item.name = values["code"], values["name"]
        item.basis = values.get("basis", "")
        item.inspecting_unit, item.content = values["inspecting_unit"], values["content"]
        item.method = values.get("method") or Method.ON_SITE
        item.entity_kinds = values["entity_kinds"]
        item.joint_departments = values.get("joint_departments", "")
        item.is_active = values.get("is_active", True)
        if item.pk:
            item.version += 1  # a form opened before the import is now stale
        item.updated_at = timezone.now()
        self.links.append((item, values["laws"]))
        return item

    def save(self, created: list[InspectionItem], updated: list[InspectionItem]) -> None:
        super().save(created, updated)
        through = InspectionItem.laws.through
        # The law list given replaces the item's (as the edit form does); link rows are few.
        through.objects.filter(inspectionitem_id__in=[item.pk for item in updated]).delete()
        through.objects.bulk_create(
            [through(inspectionitem_id=item.pk, law_id=law.pk) for item, laws in self.links for law in laws],
            ignore_conflicts=True,
        )


class InspectorImporter(Importer):
    """执法人员名录库: each row a 执法证 (number, issuing authority, valid from/to) of a
    person of the bureau's registry, found by 身份证号. A known 执法人员编号 updates that
    inspector (a renewed credential)."""

    model = Inspector
    reason = "Excel导入执法人员名录库"
    keys = (
        ImportKey("code", "执法人员编号", lambda v: v.get("code")),
        ImportKey("credential_number", "执法证号", lambda v: v.get("credential_number")),
        ImportKey("person_id", "身份证号", lambda v: v["person"].pk if v.get("person") else None),
    )
    update_fields = ("person", "code", "credential_number", "issuing_authority", "valid_from", "valid_to", "version")

    def columns(self) -> list[ImportColumn]:
        # A made-up person of the user's own region: a template never carries a real
        # staff member's number, so its sample row names nobody of the registry.
        sample = bureau_examples(self.user)["resident_id"]
        return [
            ImportColumn("姓名", "name", required=True, example="赵建军"),
            ImportColumn("身份证号", "id_number", required=True, example=sample, convert=_resident_id),
            ImportColumn("执法人员编号", "code", required=True, example="ZF-001"),
            ImportColumn("执法证号", "credential_number", required=True, example=f"{sample[:6]}20190019"),
            ImportColumn("发证机关", "issuing_authority", required=True, example="山西省人民政府"),
            ImportColumn("有效期自", "valid_from", required=True, example="2022-01-01"),
            ImportColumn("有效期至", "valid_to", required=True, example="2027-12-31"),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """The registry's people by the keyed digest of the number, one query, in the
        user's write scope; the name must agree (a mistyped number is caught)."""

        digests = {crypto.digest(row.values["id_number"]): row for row in rows if row.values.get("id_number")}
        people = {
            p.id_number_digest: p
            for p in Person.objects.for_user(self.user, write=True).filter(id_number_digest__in=list(digests))
        }
        for row in rows:
            number = row.values.get("id_number")
            if not number:
                continue
            person = people.get(crypto.digest(number))
            if person is None:
                row.error("身份证号", "教职员工名录中没有此身份证号的人员，请先在名录库登记该人员。")
            elif row.values.get("name") and person.name != row.values["name"]:
                row.error("姓名", f"与名录中该身份证号人员的姓名（{person.name}）不一致。")
            else:
                row.values["person"] = person

    def clean_row(self, row: Row) -> None:
        start, end = row.values.get("valid_from"), row.values.get("valid_to")
        if start and end and end < start:
            row.error("有效期至", "有效期至不能早于有效期自。")

    def build(self, row: Row) -> Inspector:
        inspector = row.existing or Inspector(bureau_id=self.user.bureau_id)
        values = row.values
        inspector.person = values["person"]
        inspector.code, inspector.credential_number = values["code"], values["credential_number"]
        inspector.issuing_authority = values["issuing_authority"]
        inspector.valid_from, inspector.valid_to = values["valid_from"], values["valid_to"]
        if inspector.pk:
            inspector.version += 1  # a form opened before the import is now stale
        inspector.updated_at = timezone.now()
        return inspector
