"""Browser tests: Playwright (sync) drives Debian's Chromium against `live_server`.

pytest-playwright supplies `playwright`, `browser`, `context` and `page`; here it is
told to launch /usr/bin/chromium (no `playwright install`, no download) and to open
every test's context in Chinese at a desktop size. Each test gets a new context, so
cookies never leak between tests.

Live-server tests run with `transactional_db`, which empties every table afterwards,
the role Groups of migration accounts.0003 included: `portal` puts them back first.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from apps.accounts.roles import ROLE_PERMISSIONS
from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture
def page(context, request):
    """pytest-playwright's page, with shorter timeouts and a screenshot on failure."""

    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
        except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
            pass


def restore_roles() -> None:
    """Re-create the role Groups and their permissions (as accounts.roles.sync_roles
    does in its migration) after a previous transactional test's flush removed them."""

    for role, models_actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = Q(pk__in=[])
        for label, actions in models_actions.items():
            app_label, model = label.split(".")
            wanted |= Q(content_type__app_label=app_label, codename__in=[f"{a}_{model}" for a in actions])
        group.permissions.set(Permission.objects.filter(wanted))


@pytest.fixture
def portal(transactional_db, live_server):
    """高平 with 高平二中 and 高平六中, a few staff, and the users `admin` and `gp2z`."""

    restore_roles()
    bureau = factories.gaoping()
    erzhong = factories.make_school(bureau, name="高平二中", kind="high", legal_representative="张三")
    liuzhong = factories.make_school(bureau, name="高平六中", kind="high", legal_representative="赵六")
    primary = factories.make_school(bureau, name="高平市第一小学", kind="primary")
    for school in (erzhong, erzhong, liuzhong, primary):
        factories.make_person(school)
    admin = factories.make_user("bureau_admin", bureau, username="admin", full_name="王局管")
    gp2z = factories.make_user("school_user", school=erzhong, username="gp2z", full_name="二中李老师")
    return {
        "url": live_server.url,
        "bureau": bureau,
        "erzhong": erzhong,
        "liuzhong": liuzhong,
        "primary": primary,
        "admin": admin,
        "gp2z": gp2z,
    }


@pytest.fixture
def login(page, portal):
    """`login("admin")`: sign in through the real login form; lands on 工作台."""

    def sign_in(username: str) -> None:
        page.goto(portal["url"] + "/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(factories.PASSWORD)
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(re.compile(r"/dashboard/$"))

    return sign_in
