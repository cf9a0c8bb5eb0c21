"""Who may open what of the 权责清单 (tests.kit): public pages for anyone, signed in or
not; staff lists for the bureau's roles, schools and the city; edits for the bureau's
own staff only; another bureau's item 404; the city reads but never changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.kit import assert_statuses, statuses

from .conftest import make_grade, make_item, make_training

pytestmark = pytest.mark.django_db

ADMINS = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}
EDITORS = {"bureau_admin": 200, "legal_officer": 200}


@pytest.fixture
def item(users):
    return make_item(users["bureau_admin"], "CF-001", name="对违规办学的处罚")


@pytest.fixture
def grade(users, bureau):
    return make_grade(users["bureau_admin"], make_training(bureau))


def test_public_pages_are_open_to_everyone(client_for, item):
    adjustment = item.changes.get().adjustment
    for url in (
        reverse("public:powers:catalogue"),
        reverse("public:powers:catalogue") + "?kind=penalty&export=xlsx",
        reverse("public:powers:item", args=[item.pk]),
        reverse("public:powers:adjustments"),
        reverse("public:powers:adjustment", args=[adjustment.pk]),
        reverse("public:powers:compare") + "?start=2023-01-01&end=2024-12-31",
    ):
        assert_statuses(client_for, url, statuses(200), anonymous=200)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("powers:poweritem_list", statuses(200, **ADMINS)),
        ("powers:poweritem_add", statuses(403, **EDITORS, other_bureau_admin=200)),
        ("powers:poweritem_import", statuses(403, **EDITORS, other_bureau_admin=200)),
        ("powers:adjustment_list", statuses(200, **ADMINS)),
        ("powers:creditgrade_list", statuses(403, **EDITORS, inspector=200, city_viewer=200, other_bureau_admin=200)),
        ("powers:creditgrade_add", statuses(403, **EDITORS, other_bureau_admin=200)),
    ],
)
def test_staff_lists_and_forms(client_for, item, name, expected):
    assert_statuses(client_for, reverse(name), expected)


def test_an_items_pages(client_for, item):
    read = statuses(200, other_bureau_admin=404, **ADMINS)
    assert_statuses(client_for, reverse("powers:poweritem", args=[item.pk]), read)
    write = statuses(403, **EDITORS, other_bureau_admin=404)
    assert_statuses(client_for, reverse("powers:poweritem_edit", args=[item.pk]), write)
    assert_statuses(client_for, reverse("powers:poweritem_cancel", args=[item.pk]), write)


def test_a_grades_pages(client_for, grade):
    # A training institution has no school account: school users see no grades (404).
    outside = {"other_bureau_admin": 404, "school_user": 404, "other_school_user": 404}
    read = statuses(403, **EDITORS, inspector=200, city_viewer=200, **outside)
    assert_statuses(client_for, reverse("powers:creditgrade", args=[grade.pk]), read)
    write = statuses(403, **EDITORS, **outside)
    assert_statuses(client_for, reverse("powers:creditgrade_edit", args=[grade.pk]), write)


@pytest.mark.parametrize("role", ["inspector", "school_user", "city_viewer", "other_bureau_admin", None])
def test_a_post_without_the_right_changes_nothing(client_for, item, role):
    data = {"name": "改名", "adjusted_on": "2024-05-01", "reason": "越权", "version": item.version}
    response = client_for(role).post(reverse("powers:poweritem_edit", args=[item.pk]), data)
    assert response.status_code in (302, 403, 404)
    if role is None:
        assert response["Location"].startswith("/accounts/login/")
    item.refresh_from_db()
    assert item.name == "对违规办学的处罚" and item.changes.count() == 1
