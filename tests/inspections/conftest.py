"""Builders and fixtures of the inspections tests: an approved plan with one task over
the bureau's high schools, inspectors with valid 执法证, and a revealed draw."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from apps.inspections import services
from apps.inspections.models import Draw, InspectionItem, Inspector, Plan, Task
from apps.registry.choices import EntityKind
from tests import factories

YEAR = 2024


def make_item(bureau, **overrides: Any) -> InspectionItem:
    fields: dict[str, Any] = {
        "bureau": bureau,
        "code": f"SJ-{InspectionItem.objects.count() + 1:03d}",
        "name": "教育装备产品检查",
        "inspecting_unit": bureau.name,
        "content": "装备产品质量",
        "entity_kinds": [EntityKind.HIGH_SCHOOL],
    }
    fields.update(overrides)
    return InspectionItem.objects.create(**fields)


def make_plan(bureau, *, year: int = YEAR, title: str = "年度抽查计划", **overrides: Any) -> Plan:
    return Plan.objects.create(bureau=bureau, year=year, title=title, **overrides)


def make_task(plan: Plan, items=(), **overrides: Any) -> Task:
    year = plan.year
    fields: dict[str, Any] = {
        "bureau": plan.bureau,
        "plan": plan,
        "name": "教育装备抽查",
        "entity_kinds": [EntityKind.HIGH_SCHOOL],
        "share": 5,
        "count": 1,
        "inspectors_per_entity": 2,
        "load_limit": 3,
        "draw_on": datetime.date(year, 5, 6),
        "inspect_from": datetime.date(year, 5, 8),
        "inspect_to": datetime.date(year, 5, 24),
    }
    fields.update(overrides)
    task = Task.objects.create(**fields)
    task.items.set(list(items) or [make_item(plan.bureau)])
    return task


def make_inspector(bureau, code: str, *, user=None, employer=None, **overrides: Any) -> Inspector:
    person = factories.make_person(
        employer or factories.make_school(bureau, kind=EntityKind.OTHER, name=f"{bureau.name}机关{code}")
    )
    fields: dict[str, Any] = {
        "bureau": bureau,
        "person": person,
        "user": user,
        "code": code,
        "credential_number": f"1405812019{code[-3:]}9",
        "issuing_authority": "山西省人民政府",
        "valid_from": datetime.date(2022, 1, 1),
        "valid_to": datetime.date(2027, 12, 31),
    }
    fields.update(overrides)
    return Inspector.objects.create(**fields)


def approved_plan_with_task(admin, **task_fields: Any) -> Task:
    plan = make_plan(admin.bureau)
    task = make_task(plan, **task_fields)
    services.plan_approve(plan=plan, by=admin)
    return Task.objects.get(pk=task.pk)


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def inspectors(bureau, users):
    """Three inspectors; ZF-001 is the test inspector's account."""

    return [
        make_inspector(bureau, "ZF-001", user=users["inspector"]),
        make_inspector(bureau, "ZF-002"),
        make_inspector(bureau, "ZF-003"),
    ]


@pytest.fixture
def task(admin, school, other_school, inspectors):
    """An approved 2024 task over the bureau's two high schools, drawing both."""

    return approved_plan_with_task(admin, count=2)


@pytest.fixture
def committed(task, admin) -> Draw:
    return services.draw_commit(task=task, by=admin)


@pytest.fixture
def revealed(committed, admin) -> Draw:
    return services.draw_reveal(draw=committed, witness_name="监督员", witness_phrase="测试口令", by=admin)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
