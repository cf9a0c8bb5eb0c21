"""`python manage.py load_demo`: the 高平市 demo data, read from fixtures/gaoping/*.csv.

The data lives in the CSV files (see fixtures/README.md); this command only reads,
checks and writes them. It is idempotent: every row is matched by its natural key
(行政区划代码 / 统一社会信用代码 / 用户名 / 身份证号; a canteen, which has no code of its
own, by its school and name; a change by entity, kind, field, date and batch) and saved
only when something differs, so a second run writes nothing. Everything happens in one
transaction under `pghistory.context(reason="演示数据")`.

Decision — "123 所中小学和幼儿园" (the 2024 report, 三(三)): the 123 are the schools and
kindergartens still 在办 *after* the 2024年9月名录库动态调整. entities.csv therefore
registers 125 schools and kindergartens, and changes.csv merges two of them (撤并) into
their township 中心校, which leaves 123 open. Canteens (学校食堂) and 校外培训机构 are
supervised entities too but are not counted among the 123.

entities.csv holds each entity as first registered (登记); changes.csv holds the
2024-09 batch, applied on top in date order. Each 变更前 must equal the value it
replaces, so the two files cannot drift apart unnoticed.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.core.validators import normalize_resident_id, normalize_uscc
from apps.registry.choices import (
    ChangeKind,
    EmploymentStatus,
    EntityKind,
    EntityStatus,
    Gender,
    Ownership,
    StaffCategory,
)
from apps.registry.models import Bureau, Entity, EntityChange, Person

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "gaoping"
COUNTY_REGION_CODE = "140581"  # every entity, person and change belongs to 高平市教育局
REGISTERED_REASON = "纳入监管对象名录库"
# Kinds that are not "中小学和幼儿园" in the report's count.
NOT_SCHOOL_KINDS = (EntityKind.CANTEEN, EntityKind.TRAINING, EntityKind.OTHER)
# Fields a change row may set, and how its 变更后 text becomes the stored value.
CHANGEABLE_FIELDS = {
    "status": lambda label: _value_of(EntityStatus, label, "变更后"),
    "legal_representative": str,
    "name": str,
    "address": str,
}


def _value_of(choices: type[models.TextChoices], label: str, column: str) -> str:
    """The stored value of a Chinese label (`高中` → `high`)."""

    for value, choice_label in choices.choices:
        if label in (choice_label, value):
            return value
    allowed = "、".join(str(lbl) for lbl in choices.labels)
    raise CommandError(f"“{column}”的值“{label}”无效，应为：{allowed}")


def _label_of(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label)


def _date(text: str, column: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"“{column}”的日期“{text}”无效，应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "载入高平市演示数据（名录库、变更记录、教职员工、演示账号）；可重复运行。"

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=FIXTURE_DIR, help="CSV 文件所在目录")

    def handle(self, *args, **options):
        self.dir: Path = options["dir"]
        self.created: dict[str, int] = {}
        self.updated: dict[str, int] = {}
        with transaction.atomic(), pghistory.context(reason="演示数据"):
            self.load_bureaus()
            self.load_entities()
            self.load_users()
            self.load_changes()
            self.apply_final_state()
            self.load_people()
        self.print_summary()

    # -- reading -------------------------------------------------------------------

    def read(self, name: str) -> list[tuple[int, dict[str, str]]]:
        """(line number, row) pairs; cells stripped. Accepts a UTF-8 BOM (Excel)."""

        path = self.dir / name
        if not path.exists():
            raise CommandError(f"找不到演示数据文件：{path}")
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [
                (line, {k.strip(): (v or "").strip() for k, v in row.items()})
                for line, row in enumerate(csv.DictReader(f), start=2)
            ]

    # -- writing -------------------------------------------------------------------

    def sync(self, obj: models.Model, values: dict[str, Any], *, validate: bool = True) -> None:
        """Create `obj` if it is new, else save it only when one of `values` differs."""

        label = obj._meta.verbose_name
        if obj.pk is None:
            for field, value in values.items():
                setattr(obj, field, value)
            self.save(obj, validate)
            self.created[label] = self.created.get(label, 0) + 1
            return
        changed = [f for f, v in values.items() if getattr(obj, f) != v]
        if changed:
            for field in changed:
                setattr(obj, field, values[field])
            self.save(obj, validate)
            self.updated[label] = self.updated.get(label, 0) + 1

    def save(self, obj: models.Model, validate: bool) -> None:
        if validate:
            try:
                obj.full_clean()
            except ValidationError as e:
                raise CommandError(f"{obj._meta.verbose_name}“{obj}”无效：{e.messages}") from None
        obj.save()

    # -- bureaus ---------------------------------------------------------------------

    def load_bureaus(self) -> None:
        self.bureaus: dict[str, Bureau] = {}
        for line, row in self.read("bureaus.csv"):
            code, parent_code = row["行政区划代码"], row["上级行政区划代码"]
            if parent_code and parent_code not in self.bureaus:
                raise CommandError(f"bureaus.csv 第{line}行：上级 {parent_code} 须列在前面")
            parent = self.bureaus.get(parent_code)
            bureau = Bureau.objects.filter(region_code=code).first() or Bureau(region_code=code)
            self.sync(bureau, {"name": row["名称"], "parent_id": parent.pk if parent else None})
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
                "kind": _value_of(EntityKind, row["类型"], "类型"),
                "ownership": _value_of(Ownership, row["举办性质"], "举办性质"),
                "credit_code": normalize_uscc(row["统一社会信用代码"]),
                "address": row["地址"],
                "legal_representative": row["法定代表人"],
                "phone": row["联系电话"],
                "established_on": _date(row["登记日期"], "登记日期"),
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

    # -- users -----------------------------------------------------------------------

    def load_users(self) -> None:
        self.users: list[User] = []
        now = timezone.now()
        password = settings.DEMO_PASSWORD
        for line, row in self.read("users.csv"):
            role = row["角色"]
            if role not in Role.values:
                raise CommandError(f"users.csv 第{line}行：角色“{role}”无效，应为 {'、'.join(Role.values)}")
            group = Group.objects.filter(name=role).first()
            if group is None:
                raise CommandError(f"角色组“{role}”不存在，请先运行 migrate")
            bureau = self.bureaus.get(row["所属教育局"])
            if bureau is None:
                raise CommandError(f"users.csv 第{line}行：教育局 {row['所属教育局']} 不在 bureaus.csv 中")
            school = None
            if row["所属学校"]:
                school = self.entities.get(row["所属学校"])
                if school is None:
                    raise CommandError(f"users.csv 第{line}行：学校“{row['所属学校']}”不在 entities.csv 中")
            user = User.objects.filter(username=row["用户名"]).first() or User(username=row["用户名"])
            values: dict[str, Any] = {
                "full_name": row["姓名"],
                "phone": row["手机号"],
                "bureau_id": bureau.pk,
                "school_id": school.pk if school else None,
                "is_active": True,
            }
            # Reset the password only when it is not (or no longer usable as) the demo
            # password, so a second run leaves a working account untouched.
            if (
                user.pk is None
                or not user.check_password(password)
                or user.password_changed_at is None
                or user.password_expired()
            ):
                values["password"] = make_password(password)
                values["password_changed_at"] = now
            self.sync(user, values, validate=False)
            if {g.pk for g in user.groups.all()} != {group.pk}:
                user.groups.set([group])
            self.reset_lockout(user.username)
            user.role_name = Role(role).label
            self.users.append(user)

    @staticmethod
    def reset_lockout(username: str) -> None:
        """A demo account locked by someone's wrong guesses is usable again after a run."""

        from axes.utils import reset

        reset(username=username)

    # -- changes ---------------------------------------------------------------------

    def load_changes(self) -> None:
        """登记 for every entity, then the adjustment batches of changes.csv."""

        recorder = next((u for u in self.users if u.username == "fagui"), None)
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
            kind = _value_of(ChangeKind, row["变更类型"], "变更类型")
            state = self.final[name]
            current = _label_of(EntityStatus, state["status"]) if field == "status" else state[field]
            if current != row["变更前"]:
                raise CommandError(f"{where}：变更前“{row['变更前']}”与当前值“{current}”不符")
            state[field] = CHANGEABLE_FIELDS[field](row["变更后"])
            if kind == ChangeKind.MERGED:
                target = self.entities.get(row["并入单位"])
                if target is None or target.pk == self.entities[name].pk:
                    raise CommandError(f"{where}：并入单位“{row['并入单位']}”无效")
                state["merged_into_id"] = target.pk
            effective_on = _date(row["生效日期"], "生效日期")
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
                    "recorded_by_id": recorder.pk if recorder else None,
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
                    "gender": _value_of(Gender, row["性别"], "性别"),
                    "id_number": id_number,
                    "category": _value_of(StaffCategory, row["人员类别"], "人员类别"),
                    "position": row["职务/岗位"],
                    "phone": row["联系电话"],
                    "employment_status": _value_of(EmploymentStatus, row["在岗状态"], "在岗状态"),
                },
            )

    # -- summary ---------------------------------------------------------------------

    def print_summary(self) -> None:
        out = self.stdout.write
        entities = Entity.objects.filter(bureau=self.county)
        schools = entities.exclude(kind__in=NOT_SCHOOL_KINDS)
        open_schools = schools.filter(status=EntityStatus.OPEN)
        by_kind = dict(open_schools.values_list("kind").annotate(n=models.Count("id")))
        kinds = "，".join(f"{label}{by_kind[value]}所" for value, label in EntityKind.choices if by_kind.get(value))

        out(self.style.SUCCESS("高平市演示数据已载入。"))
        written = "，".join(f"{k}{v}条" for k, v in self.created.items()) or "无"
        changed = "，".join(f"{k}{v}条" for k, v in self.updated.items()) or "无"
        out(f"本次新增：{written}；本次更新：{changed}。")
        out(f"教育局：{'、'.join(f'{b.name}（{b.region_code}）' for b in self.bureaus.values())}")
        out(f"在办中小学和幼儿园：{open_schools.count()}所（{kinds}）；已撤并：{schools.filter(status='merged').count()}所")
        out(
            f"学校食堂：{entities.filter(kind=EntityKind.CANTEEN).count()}个；"
            f"校外培训机构：{entities.filter(kind=EntityKind.TRAINING).count()}个"
        )
        for batch, n in self.batches.items():
            out(f"{batch}：{n}条变更记录")
        out(f"教职员工：{Person.objects.filter(bureau=self.county).count()}人")
        out("")
        out("演示账号（密码均为 " + self.style.WARNING(settings.DEMO_PASSWORD) + "）：")
        rows = [("用户名", "姓名", "角色", "所属单位")]
        for user in self.users:
            unit = user.school.name if user.school_id else user.bureau.name
            rows.append((user.username, user.full_name, user.role_name, unit))
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        for i, row in enumerate(rows):
            cells = (cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True))
            out(("  " + "  ".join(cells)).rstrip())
            if i == 0:
                out("  " + "  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""

    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
