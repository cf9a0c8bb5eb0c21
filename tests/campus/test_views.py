"""Lists and dashboard panels cost the same number of queries at two sizes; the school's
page and the event form work on a phone's terms (camera, numeric keypad)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.campus.models import Event
from tests import factories
from tests.conftest import login

from .conftest import campaign_item, make_appointment, make_entry, make_event, make_item, make_review, png_upload, theme_item

pytestmark = pytest.mark.django_db


def _grow(admin, users, bureau, school, size):
    week, theme = campaign_item(bureau), theme_item(bureau)
    schools = [factories.make_school(bureau, name=f"扩展学校{size}_{i}") for i in range(size)]
    for i, other in enumerate(schools):
        appointment = make_appointment(admin, [other], name=f"聘任{size}_{i}", unit=f"单位{i}")
        make_event(admin, other, campaign=week, themes=[theme], speaker=appointment, kind="lecture")
        make_entry(bureau, other, student_name=f"学生{i}")
        make_item(make_review(bureau, other))
    for i in range(size):
        make_event(users["school_user"], campaign=week, themes=[theme], start_on=datetime.date(2024, 12, 1 + i % 5),
                   photos=[png_upload(seed=i)] if i < 3 else ())  # fmt: skip


LISTS = [
    "campus:event_list",
    "campus:appointment_list",
    "campus:entry_list",
    "campus:rectificationitem_list",
    "campus:review_list",
    "campus:creationcampaign_list",
    "campus:coverage",
    "campus:evaluation_list",
    "campus:appointmentbatch_list",
    "campus:competition_list",
]


@pytest.mark.parametrize("size", [2, 12])
def test_query_counts_do_not_grow(size, admin, users, bureau, school, django_assert_max_num_queries):
    _grow(admin, users, bureau, school, size)
    staff, school_client = login(admin), login(users["school_user"])
    for name in LISTS:
        with django_assert_max_num_queries(16):
            assert staff.get(reverse(name)).status_code == 200, name
        with django_assert_max_num_queries(16):
            assert school_client.get(reverse(name)).status_code == 200, name
    with django_assert_max_num_queries(18):
        assert staff.get(reverse("campus:rollup") + "?year=2024").status_code == 200
    with django_assert_max_num_queries(22):
        assert school_client.get(reverse("campus:school", args=[school.pk])).status_code == 200
    with django_assert_max_num_queries(40):
        assert staff.get(reverse("core:dashboard")).status_code == 200
    with django_assert_max_num_queries(40):
        assert school_client.get(reverse("core:dashboard")).status_code == 200


def test_event_form_is_quick_on_a_phone(users):
    body = login(users["school_user"]).get(reverse("campus:event_add")).content.decode()
    assert 'capture="environment"' in body and 'accept="image/jpeg,image/png"' in body
    assert 'inputmode="numeric"' in body and 'type="date"' in body
    assert 'name="school"' not in body  # a school is never asked which school


def test_school_page_shows_open_items_appointees_and_events(admin, users, bureau, school):
    appointment = make_appointment(admin, [school], term_start=datetime.date(2024, 9, 1))
    make_event(users["school_user"], kind="lecture", speaker=appointment, class_hours="1",
               start_on=datetime.date.today(), photos=[png_upload()])  # fmt: skip
    make_item(make_review(bureau, school), finding="家长法治课堂偏少", due_on=datetime.date(2024, 3, 31))
    body = login(users["school_user"]).get(reverse("campus:home"), follow=True).content.decode()
    assert "家长法治课堂偏少" in body and "逾期" in body
    assert "王建国" in body and "不足4课时" in body
    assert "/campus/photos/" in body
    assert Event.objects.count() == 1
