"""The 2024 双随机、一公开 of the report (五): the item list, the 2024 plan with its three
tasks (中小学教育装备产品, 学校食堂食品安全, 民办学校招生与办学), the inspector registry
(执法证, recusals), and real draws: committed, revealed with a witness phrase, so every
one passes scripts/verify_draw.py. Inspections in May and October, 13 schools, nothing
found, every result published on 高平市政府官网 within 20 working days.

The draws are real, so which schools are drawn differs from one fresh database to the
next (the server seed is random); the figures do not. `load(stdout)` is idempotent: a
plan that exists is left alone. Runs after registry, accounts and documents.
"""

from __future__ import annotations

import datetime

import pghistory
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.demo_data import COUNTY_REGION_CODE
from apps.core.validators import resident_id_check_digit
from apps.documents.models import Law
from apps.registry import services as registry_services
from apps.registry.choices import EntityKind, Gender, Ownership, StaffCategory
from apps.registry.models import Bureau, Entity, Person

from . import services
from .choices import ConflictKind, Method, Result
from .models import Draw, Inspection, InspectionItem, InspectionSetting, Inspector, Plan, Recusal, Task

ORGAN = "高平市教育局机关"
PLAN_TITLE = "高平市教育局2024年度“双随机、一公开”抽查检查计划"
PUBLISHED_WHERE = "高平市政府官网"
SCHOOLS = [EntityKind.HIGH_SCHOOL, EntityKind.MIDDLE_SCHOOL, EntityKind.PRIMARY_SCHOOL, EntityKind.NINE_YEAR]

# code, name, laws, basis, unit, content, method, kinds, joint departments
ITEMS = [
    (
        "GPJY-SJ-001",
        "中小学教育装备产品质量和配备使用情况检查",
        ["中华人民共和国教育法"],
        "《中华人民共和国教育法》第二十七条、第七十三条",
        "高平市教育局",
        "教学仪器设备、课桌椅、图书等装备产品的采购验收、质量合格证明、配备和使用管理。",
        Method.ON_SITE,
        SCHOOLS,
        "",
    ),
    (
        "GPJY-SJ-002",
        "学校食堂食品安全管理情况检查",
        ["中华人民共和国食品安全法", "学校食品安全与营养健康管理规定"],
        "《学校食品安全与营养健康管理规定》第四十七条",
        "高平市教育局",
        "食品经营许可、从业人员健康证明、原料进货查验、加工制作、留样、餐具清洗消毒和校长陪餐制度。",
        Method.ON_SITE,
        [EntityKind.CANTEEN],
        "高平市市场监督管理局",
    ),
    (
        "GPJY-SJ-003",
        "民办学校招生和办学行为检查",
        ["中华人民共和国民办教育促进法", "中华人民共和国民办教育促进法实施条例"],
        "《中华人民共和国民办教育促进法》第四十一条、第六十二条",
        "高平市教育局",
        "招生简章和广告备案、招生范围和计划、收费公示、办学条件和师资、财务管理。",
        Method.ON_SITE,
        [EntityKind.PRIVATE_SCHOOL],
        "",
    ),
]

# name, gender, born, code, credential, valid from, valid to, user
INSPECTORS = [
    ("赵建军", Gender.MALE, "19780312", "ZF-001", "14058120190001", "2022-01-01", "2027-12-31", "zhifa1"),
    ("李晓红", Gender.FEMALE, "19820705", "ZF-002", "14058120190002", "2022-01-01", "2027-12-31", None),
    ("王海涛", Gender.MALE, "19800118", "ZF-003", "14058120190003", "2022-01-01", "2027-12-31", None),
    ("张丽娟", Gender.FEMALE, "19850926", "ZF-004", "14058120200004", "2022-06-01", "2027-12-31", None),
    ("刘文斌", Gender.MALE, "19760403", "ZF-005", "14058120200005", "2022-06-01", "2027-12-31", None),
    ("陈雅静", Gender.FEMALE, "19880214", "ZF-006", "14058120210006", "2023-01-01", "2028-12-31", None),
    ("杨志勇", Gender.MALE, "19790808", "ZF-007", "14058120210007", "2023-01-01", "2028-12-31", None),
    # Expired in June 2024: eligible for the May draw, not for October's.
    ("郭永红", Gender.FEMALE, "19700521", "ZF-008", "14058120180008", "2021-07-01", "2024-06-30", None),
]

RECUSALS = [
    ("ZF-003", "高平二中", ConflictKind.FORMER_EMPLOYEE, "2015年至2020年在该校任教"),
    ("ZF-004", "东方红小学", ConflictKind.RELATIVE, "配偶在该校任教"),
    ("ZF-006", "高平五中", ConflictKind.OTHER, "本人子女在该校就读"),
]

# name, items, kinds, ownership, share, count, draw on, from, to, inspected on, witness
TASKS = [
    (
        "中小学教育装备产品双随机抽查",
        ["GPJY-SJ-001"],
        SCHOOLS,
        Ownership.PUBLIC,
        5,
        5,
        "2024-05-06",
        "2024-05-08",
        "2024-05-24",
        "2024-05-15",
        ("李晓红", "2024年5月6日 教育装备抽查 监督抽取"),
    ),
    (
        "学校食堂食品安全双随机抽查",
        ["GPJY-SJ-002"],
        [EntityKind.CANTEEN],
        "",
        5,
        5,
        "2024-10-08",
        "2024-10-10",
        "2024-10-25",
        "2024-10-16",
        ("李晓红", "2024年10月8日 学校食堂食品安全 市场监管局共同监督"),
    ),
    (
        "民办学校招生、办学情况检查",
        ["GPJY-SJ-003"],
        [EntityKind.PRIVATE_SCHOOL],
        Ownership.PRIVATE,
        50,
        3,
        "2024-10-08",
        "2024-10-10",
        "2024-10-31",
        "2024-10-22",
        ("李晓红", "2024年10月8日 民办学校检查 监督抽取"),
    ),
]


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _resident_id(born: str, n: int) -> str:
    first17 = f"140581{born}{n:03d}"
    return first17 + resident_id_check_digit(first17)


def _organ(bureau: Bureau, admin: User) -> Entity:
    """The bureau's own office, where its inspectors are employed (kind 其他: never in a
    draw's scope, not among the 123 schools), registered like any entity."""

    organ = Entity.objects.filter(bureau=bureau, name=ORGAN, kind=EntityKind.OTHER).first()
    if organ is None:
        organ = registry_services.entity_register(
            entity=Entity(
                bureau=bureau, kind=EntityKind.OTHER, name=ORGAN, address="山西省高平市", established_on=datetime.date(2000, 1, 1)
            ),  # fmt: skip
            by=admin,
            reason="纳入名录库：执法人员所在单位",
        )
    return organ


def _inspectors(bureau: Bureau, admin: User) -> dict[str, Inspector]:
    organ = _organ(bureau, admin)
    found = {}
    for n, (name, gender, born, code, credential, start, end, username) in enumerate(INSPECTORS, start=801):
        inspector = Inspector.objects.filter(bureau=bureau, code=code).first()
        if inspector is None:
            person = Person.objects.create(
                bureau=bureau,
                employer=organ,
                name=name,
                gender=gender,
                id_number=_resident_id(born, n),
                category=StaffCategory.ADMINISTRATIVE,
                position="执法人员",
            )
            inspector = Inspector.objects.create(
                bureau=bureau,
                person=person,
                user=User.objects.filter(username=username).first() if username else None,
                code=code,
                credential_number=credential,
                issuing_authority="山西省人民政府",
                valid_from=_day(start),
                valid_to=_day(end),
            )
        found[code] = inspector
    for code, school, kind, note in RECUSALS:
        entity = Entity.objects.get(bureau=bureau, name=school)
        Recusal.objects.get_or_create(bureau=bureau, inspector=found[code], entity=entity, defaults={"kind": kind, "note": note})
    return found


def _items(bureau: Bureau) -> dict[str, InspectionItem]:
    items = {}
    for code, name, laws, basis, unit, content, method, kinds, joint in ITEMS:
        item = InspectionItem.objects.filter(bureau=bureau, code=code).first()
        if item is None:
            item = InspectionItem.objects.create(
                bureau=bureau,
                code=code,
                name=name,
                basis=basis,
                inspecting_unit=unit,
                content=content,
                method=method,
                entity_kinds=list(kinds),
                joint_departments=joint,
            )
            item.laws.set(Law.objects.filter(name__in=laws))
        items[code] = item
    return items


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY_REGION_CODE)
    admin = User.objects.get(username="admin")
    with transaction.atomic(), pghistory.context(reason="演示数据"):
        InspectionSetting.objects.get_or_create(bureau=bureau, defaults={"publish_inspector_names": True})
        _inspectors(bureau, admin)
        items = _items(bureau)
        if Plan.objects.filter(bureau=bureau, year=2024, title=PLAN_TITLE).exists():
            stdout.write("双随机：2024年计划已存在，未改动。\n")
            return
        plan = Plan.objects.create(
            bureau=bureau,
            year=2024,
            title=PLAN_TITLE,
            description="依据《高平市教育局“双随机、一公开”监管工作指引》制定。抽查比例不低于5%，每个检查对象由2名执法人员检查。",
        )
        for name, codes, kinds, ownership, share, count, draw_on, start, end, _inspected, _witness in TASKS:
            task = Task.objects.create(
                bureau=bureau,
                plan=plan,
                name=name,
                entity_kinds=list(kinds),
                ownership=ownership,
                share=share,
                count=count,
                inspectors_per_entity=2,
                load_limit=3,
                draw_on=_day(draw_on),
                inspect_from=_day(start),
                inspect_to=_day(end),
                joint_departments=items[codes[0]].joint_departments,
            )
            task.items.set([items[c] for c in codes])
        services.plan_approve(plan=plan, by=admin)
        Plan.objects.filter(pk=plan.pk).update(approved_at=_at(datetime.date(2024, 3, 15)))
        visits = 0
        for task, spec in zip(plan.tasks.order_by("draw_on", "id"), TASKS, strict=True):
            witness_name, phrase = spec[-1]
            draw = services.draw_commit(task=task, by=admin)
            draw = services.draw_reveal(draw=draw, witness_name=witness_name, witness_phrase=phrase, by=admin)
            Draw.objects.filter(pk=draw.pk).update(committed_at=_at(task.draw_on, 9), drawn_at=_at(task.draw_on, 10))
            inspected_on = _day(spec[-2])
            for visit in Inspection.objects.filter(draws=draw):
                visit = services.inspection_record(
                    inspection=visit,
                    by=admin,
                    values={
                        "inspected_on": inspected_on,
                        "contents": f"按《{task.items.first().name}》检查清单逐项检查：{task.items.first().content}",
                        "result": Result.NO_PROBLEM,
                        "handling": "未发现违法违规行为。",
                    },
                    version=visit.version,
                )
                published_on = inspected_on + datetime.timedelta(days=7)
                services.inspection_publish(inspection=visit, by=admin, on=published_on)
                Inspection.objects.filter(pk=visit.pk).update(
                    recorded_at=_at(inspected_on, 17), published_at=_at(published_on, 10), published_where=PUBLISHED_WHERE
                )
                visits += 1
        stdout.write(f"双随机：2024年计划 3 项任务，抽取 3 次，检查并公示 {visits} 校次。\n")
