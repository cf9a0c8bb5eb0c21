"""The new lists keep a constant number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_conflict_page_queries_do_not_grow(client_for, zezhou, bureau, django_assert_max_num_queries):
    client = client_for("city_viewer")
    url = reverse("registry:conflict_list")

    def conflicts(n):
        for _ in range(n):
            school = factories.make_school(bureau)
            twin = factories.make_school(zezhou, credit_code=school.credit_code)
            person = factories.make_person(school)
            factories.make_person(twin, id_number=person.id_number)

    conflicts(2)
    small = _queries(client, url)
    conflicts(20)
    with django_assert_max_num_queries(small):
        html = client.get(url).content.decode()
    assert html.count("泽州县教育局") >= 44


def test_bureau_list_queries_do_not_grow(platform_client, zezhou, django_assert_max_num_queries):
    url = reverse("accounts:bureau_list")
    small = _queries(platform_client, url)
    for _ in range(15):
        bureau = factories.make_bureau(parent=zezhou.parent)
        factories.make_user("bureau_admin", bureau)
    with django_assert_max_num_queries(small):
        platform_client.get(url)
