"""Plain builders for tests: `make_school(**overrides)`; each row is new and valid."""

from __future__ import annotations

import itertools
import random
from typing import Any

from django.contrib.auth.models import Group

from apps.accounts.models import User
from apps.core.validators import resident_id_check_digit, uscc_with_check
from apps.registry.choices import EntityKind, Ownership
from apps.registry.models import Bureau, Entity, Person

PASSWORD = "Test@pass123"
_seq = itertools.count(1)


def make_bureau(**overrides: Any) -> Bureau:
    n = next(_seq)
    fields = {"name": f"测试教育局{n}", "region_code": f"{149000 + n:06d}"}
    fields.update(overrides)
    return Bureau.objects.create(**fields)


def gaoping() -> Bureau:
    city, _ = Bureau.objects.get_or_create(region_code="140500", defaults={"name": "晋城市教育局"})
    county, _ = Bureau.objects.get_or_create(region_code="140581", defaults={"name": "高平市教育局", "parent": city})
    return county


def make_credit_code() -> str:
    body = "52140581" + "".join(random.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return uscc_with_check(body)


def make_resident_id(birth: str | None = None, region: str = "140581") -> str:
    n = next(_seq)
    birth = birth or f"{1970 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}"
    first17 = f"{region}{birth}{n % 1000:03d}"
    return first17 + resident_id_check_digit(first17)


def make_school(bureau: Bureau | None = None, **overrides: Any) -> Entity:
    n = next(_seq)
    fields: dict[str, Any] = {
        "bureau": bureau or gaoping(),
        "kind": EntityKind.PRIMARY_SCHOOL,
        "ownership": Ownership.PUBLIC,
        "name": f"测试小学{n}",
        "credit_code": make_credit_code(),
        "legal_representative": "张三",
    }
    fields.update(overrides)
    return Entity.objects.create(**fields)


def make_person(employer: Entity | None = None, **overrides: Any) -> Person:
    employer = employer or make_school()
    fields: dict[str, Any] = {
        "bureau": employer.bureau,
        "employer": employer,
        "name": f"教师{next(_seq)}",
        "gender": "female",
        "id_number": make_resident_id(),
        "category": "teacher",
    }
    fields.update(overrides)
    return Person.objects.create(**fields)


def make_user(role: str | None, bureau: Bureau | None = None, school: Entity | None = None, **overrides: Any) -> User:
    fields: dict[str, Any] = {
        "username": f"user{next(_seq)}",
        "bureau": bureau or (school.bureau if school else gaoping()),
    }
    fields.update(overrides)
    user = User.objects.create_user(password=PASSWORD, school=school, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
