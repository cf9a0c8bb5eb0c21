"""Each bureau's public site lists its own published records only: the 权责清单, the
抽查计划 and the annual reports of 泽州 on 泽州's page, 高平's on 高平's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.reports.models import AnnualReport
from tests.inspections.conftest import make_plan
from tests.powers.conftest import make_item
from tests.reports.conftest import annual_outline

pytestmark = pytest.mark.django_db


def published_report(bureau, user, year=2024) -> AnnualReport:
    return AnnualReport.objects.create(
        bureau=bureau,
        year=year,
        title=f"{bureau.name}{year}年法治政府建设年度报告",
        outline=annual_outline(bureau),
        status="published",
        created_by=user,
    )


@pytest.fixture
def both_published(zezhou, zz_admin, bureau, users):
    make_item(users["bureau_admin"], name="高平的公开事项")
    make_item(zz_admin, name="泽州的公开事项")
    make_plan(bureau, title="高平的年度抽查计划", status="approved", approved_at=timezone.now())
    make_plan(zezhou, title="泽州的年度抽查计划", status="approved", approved_at=timezone.now())
    published_report(bureau, users["bureau_admin"])
    published_report(zezhou, zz_admin)


@pytest.mark.parametrize(
    ("url", "own", "other"),
    [
        ("public:powers:catalogue", "泽州的公开事项", "高平的公开事项"),
        ("public:inspections:plan_list", "泽州的年度抽查计划", "高平的年度抽查计划"),
        ("public:reports:list", "泽州县教育局2024年", "高平市教育局2024年"),
    ],
)
def test_a_bureaus_public_page_lists_its_own_published_records(client, both_published, url, own, other):
    client.get("/public/140525/")  # the visitor chooses 泽州 on the chooser
    html = client.get(reverse(url)).content.decode()
    assert own in html and other not in html
    html = client.get(reverse(url) + "?bureau=140581").content.decode()
    assert other in html and own not in html
    # The bureau's home links each section with its code, so a shared link says whose it is.
    home = client.get("/public/140525/").content.decode()
    assert f"{reverse(url)}?bureau=140525" in home
