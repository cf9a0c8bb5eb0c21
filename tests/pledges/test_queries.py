"""Lists and dashboard panels cost the same number of queries whatever the rows:
measured at a small size, asserted at a larger one."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

from .conftest import make_campaign, make_meeting, sign


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _grow(admin, bureau, n: int, year: int) -> None:
    """`n` more schools in a campaign of `year`, half signed, and `n` meetings with a
    decision each."""

    schools = [factories.make_school(bureau, kind="primary" if i % 2 else "high") for i in range(n)]
    campaign = make_campaign(admin, schools, year=year)
    for pledge in campaign.pledges.order_by("id")[: n // 2]:
        sign(pledge, admin)
    for i in range(n):
        make_meeting(admin, held_on=datetime.date(2024, 1 + i % 12, 1 + i % 28), decisions=1, topic=f"例会{i}")


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        ("bureau_admin", "pledges:campaign_list"),
        ("bureau_admin", "pledges:pledge_list"),
        ("school_user", "pledges:pledge_list"),
        ("bureau_admin", "pledges:meeting_list"),
        ("bureau_admin", "pledges:decision_list"),
        ("city_viewer", "pledges:pledge_list"),
        ("bureau_admin", "core:dashboard"),
        ("school_user", "core:dashboard"),
    ],
)
def test_list_and_dashboard_queries_do_not_grow_with_rows(
    client_for, users, bureau, school, role, url_name, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    admin = users["bureau_admin"]
    client = client_for(role)
    url = reverse(url_name)
    _grow(admin, bureau, 3, 2023)
    make_campaign(admin, [school], year=2024)
    small = _queries(client, url)
    _grow(admin, bureau, 30, 2022)
    with django_assert_max_num_queries(small):
        client.get(url)


def test_the_campaign_page_queries_do_not_grow_with_schools(
    client_for, users, bureau, django_assert_max_num_queries, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    admin = users["bureau_admin"]
    client = client_for("bureau_admin")
    few = make_campaign(admin, [factories.make_school(bureau) for _ in range(3)], year=2023)
    small = _queries(client, few.get_absolute_url())
    many = make_campaign(admin, [factories.make_school(bureau, kind="middle") for _ in range(40)], year=2024)
    for pledge in many.pledges.order_by("id")[:20]:
        sign(pledge, admin)
    with django_assert_max_num_queries(small):
        client.get(many.get_absolute_url())
    assert small <= 16
