"""Browser tests: Playwright (sync API) drives Debian's Chromium against `live_server`.

The fixtures are this directory's own (`chromium_browser`, `web`), not pytest-playwright's
`browser`/`page`: those are parametrized by a session-scoped `browser_name`, and pytest
then regroups the whole run around that parameter, moving these flushing live-server
tests in among the ordinary database tests. `browser_type_launch_args` is still set, so
pytest-playwright's own fixtures would launch the same Chromium here.

Chromium is Debian's (/usr/bin/chromium): never `playwright install`, nothing downloaded.
Each test gets a new browser context (own cookies), in Chinese, at a desktop size.

Live-server tests need `transactional_db`, which empties every table afterwards,
migration-seeded rows included (the role Groups, the law catalogue). `portal` puts the
roles back before each test; after the last test of a module the data migrations are
run again, so tests that follow find the database as migrations left it.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect, sync_playwright

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
def chromium_browser(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"浏览器测试需要 Debian 的 Chromium（{CHROMIUM}）：apt-get install -y chromium fonts-noto-cjk",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(**browser_type_launch_args)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_report_{report.when}", report)
    return report


@pytest.fixture
def web(chromium_browser, request):
    """A page in a fresh context; on failure a screenshot goes to test-results/."""

    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):  # a screenshot must never hide the real failure
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


def restore_roles() -> None:
    """The role Groups and their permissions, as migrate's post_migrate made them."""

    from django.apps import apps

    from apps.accounts.roles import sync_roles

    sync_roles(apps)


def rerun_data_migrations() -> None:
    """Put back what the data migrations seeded and a live-server flush removed: the roles
    and the law catalogue (both seeds are idempotent). Only seeds: a migration that
    transforms rows (registry 0003) must not run against today's schema."""

    from importlib import import_module

    from django.apps import apps

    from apps.accounts.roles import sync_roles

    sync_roles(apps)
    import_module("apps.documents.migrations.0003_seed_laws").seed_laws(apps, None)


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_migrated(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        rerun_data_migrations()


@pytest.fixture
def portal(transactional_db, live_server, settings):
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
def login(web, portal):
    """`login("admin")`: sign in through the real login form; lands on 工作台.

    A bureau account then binds its authenticator as a person would: it reads the key
    shown beside the QR code, types the current code, and passes the recovery codes."""

    def sign_in(username: str) -> None:
        web.goto(portal["url"] + "/accounts/login/")
        web.get_by_label("用户名").fill(username)
        web.get_by_label("密码").fill(factories.PASSWORD)
        web.get_by_role("button", name="登录", exact=True).click()
        web.wait_for_url(re.compile(r"/(dashboard|accounts/otp/setup)/"))
        if "/accounts/otp/setup/" in web.url:
            secret = web.locator("code").inner_text().strip()
            key = base64.b32decode(secret + "=" * (-len(secret) % 8))
            web.get_by_label("6位验证码").fill(f"{totp(key):06d}")
            web.get_by_role("button", name="完成绑定").click()
            expect(web.get_by_role("heading", name="验证器已绑定")).to_be_visible()
            web.get_by_role("link", name="我已保存，继续").click()
        web.wait_for_url(re.compile(r"/dashboard/$"))

    return sign_in
