"""`load_demo`: the 高平 figures the 2024 report needs, the demo logins, and idempotence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory

from apps.accounts.models import User
from apps.core.validators import validate_resident_id, validate_uscc
from apps.registry.choices import EntityKind, EntityStatus, Ownership
from apps.registry.models import Bureau, Entity, EntityChange, Person

pytestmark = pytest.mark.django_db

BATCH = "2024年9月名录库动态调整"
NOT_SCHOOLS = (EntityKind.CANTEEN, EntityKind.TRAINING, EntityKind.OTHER)
DEMO_USERS = {
    # username: (group, bureau region code, school name)
    "admin": ("bureau_admin", "140581", None),
    "fagui": ("legal_officer", "140581", None),
    "zhifa1": ("inspector", "140581", None),
    "gp2z": ("school_user", "140581", "高平二中"),
    "gp6z": ("school_user", "140581", "高平六中"),
    "jincheng": ("city_viewer", "140500", None),
    "xitong": ("system_admin", "140581", None),
    "anquan": ("security_admin", "140581", None),
    "shenji": ("audit_admin", "140581", None),
}
TRACKED = ["Bureau", "Entity", "EntityChange", "Person"]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    """Row counts of the demo's tables and of their audit (pghistory) event tables."""

    counts = {name: apps.get_model("registry", name).objects.count() for name in TRACKED}
    counts |= {f"{name}Event": apps.get_model("registry", f"{name}Event").objects.count() for name in TRACKED}
    counts["User"] = User.objects.count()
    counts["UserEvent"] = apps.get_model("accounts", "UserEvent").objects.count()
    return counts


@pytest.fixture
def demo() -> str:
    return load_demo()


def test_123_open_schools_and_kindergartens(demo):
    gaoping = Bureau.objects.get(region_code="140581")
    schools = Entity.objects.filter(bureau=gaoping).exclude(kind__in=NOT_SCHOOLS)
    assert schools.filter(status=EntityStatus.OPEN).count() == 123
    assert schools.filter(status=EntityStatus.MERGED).count() == 2
    assert "在办中小学和幼儿园：123所" in demo
    for name in ("高平二中", "高平五中", "高平六中", "东方红小学"):
        assert Entity.objects.filter(bureau=gaoping, name=name, status=EntityStatus.OPEN).exists(), name
    # Every kind of the registry's 分库 is present.
    assert set(Entity.objects.values_list("kind", flat=True)) >= set(EntityKind.values) - {EntityKind.OTHER}


def test_bureaus(demo):
    gaoping = Bureau.objects.get(region_code="140581")
    assert gaoping.name == "高平市教育局"
    assert gaoping.parent.region_code == "140500"
    assert gaoping.parent.name == "晋城市教育局"
    assert gaoping.path == "140500/140581/"


def test_canteens_and_training(demo):
    canteens = Entity.objects.filter(kind=EntityKind.CANTEEN)
    assert 10 <= canteens.count() <= 20
    assert not canteens.filter(parent__isnull=True).exists()
    assert Entity.objects.get(name="高平二中食堂").parent.name == "高平二中"
    training = Entity.objects.filter(kind=EntityKind.TRAINING)
    assert 3 <= training.count() <= 5
    assert set(training.values_list("ownership", flat=True)) == {Ownership.PRIVATE}
    assert set(Entity.objects.filter(kind=EntityKind.PRIVATE_SCHOOL).values_list("ownership", flat=True)) == {Ownership.PRIVATE}


def test_september_2024_batch(demo):
    batch = EntityChange.objects.filter(batch=BATCH)
    merges = batch.filter(kind="merged")
    assert merges.count() == 2
    for change in merges:
        entity = change.entity
        assert entity.status == EntityStatus.MERGED
        assert entity.merged_into is not None
        assert (change.field, change.old_value, change.new_value) == ("status", "在办", "已撤并")
        assert entity.merged_into.name in change.reason
        assert change.basis == "高教发〔2024〕35号"
        assert change.effective_on.year == 2024 and change.effective_on.month == 9
    reps = batch.filter(kind="representative")
    assert reps.count() == 3
    for change in reps:
        assert change.field == "legal_representative"
        assert change.old_value and change.old_value != change.new_value
        assert change.entity.legal_representative == change.new_value
    # Every entity has its 登记 record.
    assert EntityChange.objects.filter(kind="registered").count() == Entity.objects.count()
    assert not Entity.objects.filter(changes__isnull=True).exists()


def test_identifiers_are_valid(demo):
    codes = list(Entity.objects.exclude(credit_code="").values_list("credit_code", "ownership"))
    assert len(codes) >= 125
    assert len({code for code, _ in codes}) == len(codes)
    for code, ownership in codes:
        validate_uscc(code)
        assert code.startswith("12140581" if ownership == Ownership.PUBLIC else "52140581"), code
    ids = [person.id_number for person in Person.objects.all()]
    assert len(ids) >= 60
    for id_number in ids:
        validate_resident_id(id_number)
        # people.csv: 140581; the screening rosters: 140599, a code no county holds (fixtures/README.md).
        assert id_number.startswith(("140581", "140599"))


def test_staff_of_the_named_schools(demo):
    for name in ("高平二中", "高平六中", "东方红小学", "高平五中"):
        staff = Person.objects.filter(employer__name=name)
        assert 15 <= staff.count() <= 25, name
        assert set(staff.values_list("category", flat=True)) == {"teacher", "admin", "support", "security"}
    # Surnames pypinyin misreads are searchable by their surname reading.
    assert "zengxiaoyan" in Person.objects.get(name="曾晓燕").search_text
    assert "shanlihua" in Person.objects.get(name="单丽华").search_text


def test_demo_users_log_in_with_their_role(demo):
    request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1")
    for username, (group, region_code, school) in DEMO_USERS.items():
        user = authenticate(request=request, username=username, password=settings.DEMO_PASSWORD)
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.bureau.region_code == region_code
        assert (user.school.name if user.school else None) == school
        assert user.full_name and user.password_changed_at is not None
        assert username in demo
    assert settings.DEMO_PASSWORD in demo


def test_second_run_changes_nothing(demo):
    before = snapshot()
    hashes = dict(User.objects.values_list("username", "password"))
    out = load_demo()
    assert snapshot() == before
    assert dict(User.objects.values_list("username", "password")) == hashes
    assert "本次新增：无；本次更新：无" in out


def test_rerun_resets_password_group_and_school(demo):
    user = User.objects.get(username="gp2z")
    user.set_password("Other@pass456")
    user.school = Entity.objects.get(name="高平六中")
    user.save()
    user.groups.set([Group.objects.get(name="bureau_admin")])

    load_demo()

    user.refresh_from_db()
    assert user.check_password(settings.DEMO_PASSWORD)
    assert user.school.name == "高平二中"
    assert list(user.groups.values_list("name", flat=True)) == ["school_user"]
