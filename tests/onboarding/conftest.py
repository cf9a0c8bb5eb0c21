"""A second county, as a new one starts: 泽州县教育局 under 晋城, opened by the platform's
system administrator (a superuser with no bureau) through the portal's own service."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.accounts import services as account_services
from apps.accounts.models import User
from tests import factories
from tests.conftest import login

ZEZHOU = {"name": "泽州县教育局", "region_code": "140525"}


def xlsx(rows, name="导入.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser(username="pingtai", password=factories.PASSWORD, full_name="平台管理员")


@pytest.fixture
def zezhou(platform_admin, city, users):
    """泽州 and its first 局管理员 (zz_admin), opened as the portal does it."""

    bureau, admin = account_services.bureau_onboard(
        by=platform_admin,
        bureau_data={**ZEZHOU, "parent": city},
        admin_data={"username": "zz_admin", "full_name": "泽州局管", "phone": ""},
        password=factories.PASSWORD,
    )
    return bureau


@pytest.fixture
def zz_admin(zezhou):
    admin = User.objects.get(username="zz_admin")
    # Tests past the first sign-in: the initial password was changed.
    User.objects.filter(pk=admin.pk).update(must_change_password=False)
    admin.refresh_from_db()
    return admin


@pytest.fixture
def zz_client(zz_admin):
    return login(zz_admin)


@pytest.fixture
def platform_client(platform_admin):
    return login(platform_admin)
