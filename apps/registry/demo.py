"""The registry's demo data (bureaus, entities with their 2024-09 changes, staff), read
from fixtures/gaoping/{bureaus,entities,changes,people}.csv; `manage.py load_demo`
calls `load(stdout)` first of the apps that have one (INSTALLED_APPS order).

Decision — "123 所中小学和幼儿园" (the 2024 report, 三(三)): the 123 are the schools and
kindergartens still 在办 *after* the 2024年9月名录库动态调整. entities.csv therefore
registers 125 schools and kindergartens, and changes.csv merges two of them (撤并) into
their township 中心校, which leaves 123 open. Canteens (学校食堂) and 校外培训机构 are
supervised entities too but are not counted among the 123.

entities.csv holds each entity as first registered (登记); changes.csv holds the
2024-09 batch, applied on top in date order. Each 变更前 must equal the value it
replaces, so the two files cannot drift apart unnoticed. The registry imports no app
above it, so the batch's changes carry no recording user (they are historical data).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from apps.core.demo_data import COUNTY_REGION_CODE, DemoLoader, label_of, parse_date, value_of
from apps.core.validators import normalize_resident_id, normalize_uscc

from .choices import ChangeKind, EmploymentStatus, EntityKind, EntityStatus, Gender, Ownership, StaffCategory
from .models import Bureau, Entity, EntityChange, Person

REGISTERED_REASON = "纳入监管对象名录库"
# Kinds that are not "中小学和幼儿园" in the report's count.
NOT_SCHOOL_KINDS = (EntityKind.CANTEEN, EntityKind.TRAINING, EntityKind.OTHER)
# Fields a change row may set, and how its 变更后 text becomes the stored value.
CHANGEABLE_FIELDS = {
    "status": lambda label: value_of(EntityStatus, label, "变更后"),
    "legal_representative": str,
    "name": str,
    "address": str,
}


def load(stdout) -> DemoLoader:
    demo = RegistryDemo(stdout)
    demo.load_bureaus()
    demo.load_entities()
    demo.load_changes()
    demo.apply_final_state()
    demo.load_people()
    demo.print_summary()
    return demo


class RegistryDemo(DemoLoader):
    def __init__(self, stdout) -> None:
        super().__init__()
        self.stdout = stdout

    # -- bureaus ---------------------------------------------------------------------

    def load_bureaus(self) -> None:
        self.bureaus: dict[str, Bureau] = {}
        for line, row in self.read("bureaus.csv"):
            code, parent_code = row["行政区划代码"], row["上级行政区划代码"]
            if parent_code and parent_code not in self.bureaus:
                raise CommandError(f"bureaus.csv 第{line}行：上级 {parent_code} 须列在前面")
            parent = self.bureaus.get(parent_code)
            bureau = Bureau.objects.filter(region_code=code).first() or Bureau(region_code=code)
            values = {"name": row["名称"], "parent_id": parent.pk if parent else None, "icp_record": row.get("ICP备案号", "")}
            # The demo's lists are its own already: no setup checklist for 高平.
            if bureau.lists_reviewed_at is None:
                values["lists_reviewed_at"] = timezone.now()
            self.sync(bureau, values)
            self.bureaus[code] = bureau
        if COUNTY_REGION_CODE not in self.bureaus:
            raise CommandError(f"bureaus.csv 中缺少 {COUNTY_REGION_CODE}")
        self.county = self.bureaus[COUNTY_REGION_CODE]

    # -- entities --------------------------------------------------------------------

    def load_entities(self) -> None:
        """Create missing entities as registered; existing ones are synced later."""

        self.rows: dict[str, dict[str, Any]] = {}  # name -> registered values
        self.entities: dict[str, Entity] = {}
        rows = self.read("entities.csv")
        for line, row in rows:
            name = row["名称"]
            if name in self.rows:
                raise CommandError(f"entities.csv 第{line}行：名称“{name}”重复")
            self.rows[name] = {
                "bureau_id": self.county.pk,
                "name": name,
                "short_name": row["简称"],
                "kind": value_of(EntityKind, row["类型"], "类型"),
                "ownership": value_of(Ownership, row["举办性质"], "举办性质"),
                "credit_code": normalize_uscc(row["统一社会信用代码"]),
                "address": row["地址"],
                "legal_representative": row["法定代表人"],
                "phone": row["联系电话"],
                "established_on": parse_date(row["登记日期"], "登记日期"),
                "status": EntityStatus.OPEN,
                "merged_into_id": None,
                "_parent": row["所属单位"],
            }
        # Schools first, then the units (canteens) that hang on them.
        for name, values in sorted(self.rows.items(), key=lambda item: bool(item[1]["_parent"])):
            parent_name = values.pop("_parent")
            if parent_name:
                if parent_name not in self.entities:
                    raise CommandError(f"entities.csv：“{name}”的所属单位“{parent_name}”不存在")
                values["parent_id"] = self.entities[parent_name].pk
            else:
                values["parent_id"] = None
            entity = self.find_entity(values)
            if entity is None:
                entity = Entity()
                self.sync(entity, values)
            self.entities[name] = entity

    def find_entity(self, values: dict[str, Any]) -> Entity | None:
        qs = Entity.objects.filter(bureau_id=values["bureau_id"])
        if values["credit_code"]:
            return qs.filter(credit_code=values["credit_code"]).first()
        return qs.filter(credit_code="", parent_id=values["parent_id"], name=values["name"]).first()

    # -- changes ---------------------------------------------------------------------

    def load_changes(self) -> None:
        """登记 for every entity, then the adjustment batches of changes.csv."""

        for name, entity in self.entities.items():
            change = EntityChange.objects.filter(entity=entity, kind=ChangeKind.REGISTERED).first() or EntityChange()
            self.sync(
                change,
                {
                    "bureau_id": self.county.pk,
                    "entity_id": entity.pk,
                    "kind": ChangeKind.REGISTERED,
                    "effective_on": self.rows[name]["established_on"],
                    "reason": REGISTERED_REASON,
                },
            )

        self.final = {name: dict(values) for name, values in self.rows.items()}
        self.batches: dict[str, int] = {}
        rows = sorted(self.read("changes.csv"), key=lambda item: item[1]["生效日期"])
        for line, row in rows:
            where = f"changes.csv 第{line}行"
            name, field = row["单位"], row["变更字段"]
            if name not in self.entities:
                raise CommandError(f"{where}：单位“{name}”不在 entities.csv 中")
            if field not in CHANGEABLE_FIELDS:
                raise CommandError(f"{where}：变更字段应为 {'、'.join(CHANGEABLE_FIELDS)}")
            kind = value_of(ChangeKind, row["变更类型"], "变更类型")
            state = self.final[name]
            current = label_of(EntityStatus, state["status"]) if field == "status" else state[field]
            if current != row["变更前"]:
                raise CommandError(f"{where}：变更前“{row['变更前']}”与当前值“{current}”不符")
            state[field] = CHANGEABLE_FIELDS[field](row["变更后"])
            if kind == ChangeKind.MERGED:
                target = self.entities.get(row["并入单位"])
                if target is None or target.pk == self.entities[name].pk:
                    raise CommandError(f"{where}：并入单位“{row['并入单位']}”无效")
                state["merged_into_id"] = target.pk
            effective_on = parse_date(row["生效日期"], "生效日期")
            change = (
                EntityChange.objects.filter(
                    entity=self.entities[name], kind=kind, field=field, effective_on=effective_on, batch=row["调整批次"]
                ).first()
                or EntityChange()
            )
            self.sync(
                change,
                {
                    "bureau_id": self.county.pk,
                    "entity_id": self.entities[name].pk,
                    "kind": kind,
                    "field": field,
                    "effective_on": effective_on,
                    "old_value": row["变更前"],
                    "new_value": row["变更后"],
                    "reason": row["变更原因"],
                    "basis": row["依据文号"],
                    "batch": row["调整批次"],
                },
            )
            self.batches[row["调整批次"]] = self.batches.get(row["调整批次"], 0) + 1

    def apply_final_state(self) -> None:
        """Bring each entity to its registered values with the changes applied."""

        for name, entity in self.entities.items():
            values = self.final[name]
            values.pop("_parent", None)
            self.sync(entity, values)

    # -- people ----------------------------------------------------------------------

    def load_people(self) -> None:
        seen: set[str] = set()
        for line, row in self.read("people.csv"):
            employer = self.entities.get(row["工作单位"])
            if employer is None:
                raise CommandError(f"people.csv 第{line}行：工作单位“{row['工作单位']}”不在 entities.csv 中")
            id_number = normalize_resident_id(row["身份证号"])
            if id_number in seen:
                raise CommandError(f"people.csv 第{line}行：身份证号重复")
            seen.add(id_number)
            person = Person.objects.filter(bureau=self.county).with_id_number(id_number).first() or Person()
            self.sync(
                person,
                {
                    "bureau_id": self.county.pk,
                    "employer_id": employer.pk,
                    "name": row["姓名"],
                    "gender": value_of(Gender, row["性别"], "性别"),
                    "id_number": id_number,
                    "category": value_of(StaffCategory, row["人员类别"], "人员类别"),
                    "position": row["职务/岗位"],
                    "phone": row["联系电话"],
                    "employment_status": value_of(EmploymentStatus, row["在岗状态"], "在岗状态"),
                },
            )

    def print_summary(self) -> None:
        out = self.stdout.write
        entities = Entity.objects.filter(bureau=self.county)
        schools = entities.exclude(kind__in=NOT_SCHOOL_KINDS)
        open_schools = schools.filter(status=EntityStatus.OPEN)
        by_kind = dict(open_schools.values_list("kind").annotate(n=models.Count("id")))
        kinds = "，".join(f"{label}{by_kind[value]}所" for value, label in EntityKind.choices if by_kind.get(value))

        out(f"教育局：{'、'.join(f'{b.name}（{b.region_code}）' for b in self.bureaus.values())}")
        out(f"在办中小学和幼儿园：{open_schools.count()}所（{kinds}）；已撤并：{schools.filter(status='merged').count()}所")
        out(
            f"学校食堂：{entities.filter(kind=EntityKind.CANTEEN).count()}个；"
            f"校外培训机构：{entities.filter(kind=EntityKind.TRAINING).count()}个"
        )
        for batch, n in self.batches.items():
            out(f"{batch}：{n}条变更记录")
        out(f"教职员工：{Person.objects.filter(bureau=self.county).count()}人")
