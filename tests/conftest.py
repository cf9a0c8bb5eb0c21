"""Shared fixtures: the Gaoping bureaus and one user per role, plus outsiders.

Like healthchecks' alice/bob/charlie: every permission test can ask for the user of each
role, a user of another school and a user of another bureau.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from tests import factories

# Playwright's sync API runs an event loop in the test thread; Django's ORM is safe
# to call from it here because tests are single-threaded.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def bureau(db):
    return factories.gaoping()


@pytest.fixture
def city(bureau):
    return bureau.parent


@pytest.fixture
def other_bureau(db):
    return factories.make_bureau(name="阳城县教育局", region_code="140522")


@pytest.fixture
def school(bureau):
    return factories.make_school(bureau, name="高平二中", kind="high")


@pytest.fixture
def other_school(bureau):
    return factories.make_school(bureau, name="高平六中", kind="high")


@pytest.fixture
def users(bureau, city, other_bureau, school, other_school):
    """One user per role of 高平 (tests.kit.ROLES), a school user of another school and a
    bureau admin of another bureau (tests.kit.OUTSIDERS)."""

    return {
        "bureau_admin": factories.make_user("bureau_admin", bureau, username="t_admin"),
        "legal_officer": factories.make_user("legal_officer", bureau, username="t_fagui"),
        "inspector": factories.make_user("inspector", bureau, username="t_zhifa"),
        "school_user": factories.make_user("school_user", school=school, username="t_gp2z"),
        "other_school_user": factories.make_user("school_user", school=other_school, username="t_gp6z"),
        "city_viewer": factories.make_user("city_viewer", city, username="t_jincheng"),
        "system_admin": factories.make_user("system_admin", bureau, username="t_xitong"),
        "security_admin": factories.make_user("security_admin", bureau, username="t_anquan"),
        "audit_admin": factories.make_user("audit_admin", bureau, username="t_shenji"),
        "other_bureau_admin": factories.make_user("bureau_admin", other_bureau, username="t_yangcheng_jz"),
    }


def login(user) -> Client:
    """A client signed in as `user`, with the second factor done (bureau accounts)."""

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client


@pytest.fixture
def client_for(users):
    """`client_for("school_user")` → a logged-in test client; `client_for(None)` → anonymous."""

    def make(role: str | None) -> Client:
        return Client() if role is None else login(users[role])

    return make


def verify_second_factor(client: Client, user) -> None:
    """Finish the TOTP step for a client that is signed in with the password: a
    confirmed authenticator, and the session marked as verified by it."""

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="测试验证器", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
