"""The demo accounts, one or more per role, from fixtures/gaoping/users.csv; called by
`manage.py load_demo` after the registry's part (the accounts name its bureaus and schools)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.utils import timezone

from apps.core.demo_data import DemoLoader, display_width
from apps.registry.models import Bureau, Entity

from .models import User
from .roles import Role


def load(stdout) -> DemoLoader:
    demo = DemoLoader()
    now = timezone.now()
    password = settings.DEMO_PASSWORD
    users: list[tuple[User, str]] = []
    for line, row in demo.read("users.csv"):
        role = row["角色"]
        if role not in Role.values:
            raise CommandError(f"users.csv 第{line}行：角色“{role}”无效，应为 {'、'.join(Role.values)}")
        group = Group.objects.filter(name=role).first()
        if group is None:
            raise CommandError(f"角色组“{role}”不存在，请先运行 migrate")
        bureau = Bureau.objects.filter(region_code=row["所属教育局"]).first()
        if bureau is None:
            raise CommandError(f"users.csv 第{line}行：教育局 {row['所属教育局']} 不在 bureaus.csv 中")
        school = None
        if row["所属学校"]:
            school = Entity.objects.filter(bureau=bureau, name=row["所属学校"], parent__isnull=True).first()
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
        if user.pk is None or not user.check_password(password) or user.password_changed_at is None or user.password_expired():
            values["password"] = make_password(password)
            values["password_changed_at"] = now
        demo.sync(user, values, validate=False)
        if {g.pk for g in user.groups.all()} != {group.pk}:
            user.groups.set([group])
        _reset_lockout(user.username)
        users.append((user, Role(role).label))
    _print_users(stdout, users)
    return demo


def _reset_lockout(username: str) -> None:
    """A demo account locked by someone's wrong guesses is usable again after a run."""

    from axes.utils import reset

    reset(username=username)


def _print_users(stdout, users: list[tuple[User, str]]) -> None:
    stdout.write("演示账号：")
    rows = [("用户名", "姓名", "角色", "所属单位")]
    for user, role_label in users:
        unit = user.school.name if user.school_id else user.bureau.name
        rows.append((user.username, user.full_name, role_label, unit))
    widths = [max(display_width(r[i]) for r in rows) for i in range(4)]
    for i, row in enumerate(rows):
        cells = (cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths, strict=True))
        stdout.write(("  " + "  ".join(cells)).rstrip())
        if i == 0:
            stdout.write("  " + "  ".join("-" * w for w in widths))
