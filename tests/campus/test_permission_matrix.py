"""Every campus URL × every role, another school and another bureau: 200 where the role
may, 403 in scope without the right, 404 outside the scope; anonymous visitors go to the
login page. The records belong to 高平二中 (the school_user's school)."""

import pytest
from django.urls import reverse

from apps.campus.models import AppointmentBatch
from tests.kit import assert_statuses, statuses

from .conftest import make_entry, make_item, make_review

# Who reads everything of 高平 (a city viewer reads its counties).
READERS = dict(bureau_admin=200, legal_officer=200, inspector=200, city_viewer=200)
EDITORS = dict(bureau_admin=200, legal_officer=200)

# url name → (target, statuses)
MATRIX = {
    "event_list": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "event_add": (None, statuses(403, **EDITORS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "event": ("event", statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403)),
    "event_edit": (
        "event",
        statuses(
            404, **EDITORS, school_user=200, inspector=403, city_viewer=403, system_admin=403, security_admin=403, audit_admin=403
        ),
    ),  # fmt: skip
    "event_delete": (
        "event",
        statuses(
            404,
            bureau_admin=200,
            school_user=200,
            legal_officer=403,
            inspector=403,
            city_viewer=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
    "photo": ("photo", statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403)),
    "photo_thumb": (
        "photo",
        statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "rollup": (
        None,
        statuses(403, bureau_admin=200, legal_officer=200, inspector=200, city_viewer=200, other_bureau_admin=200),
    ),  # fmt: skip
    "coverage": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "school": (
        "school",
        statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "appointment_list": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "appointment_add": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "appointment": (
        "appointment",
        statuses(404, **READERS, school_user=200, other_school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "appointment_edit": (
        "appointment",
        statuses(
            404,
            **EDITORS,
            inspector=403,
            city_viewer=403,
            school_user=403,
            other_school_user=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
    "evaluation_add": (
        "appointment_ref",
        statuses(
            404,
            **EDITORS,
            school_user=200,
            other_school_user=200,
            inspector=403,
            city_viewer=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
    "evaluation_list": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "appointmentbatch_list": (
        None,
        statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200),
    ),  # fmt: skip
    "appointmentbatch_add": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "competition_list": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "competition": (
        "competition",
        statuses(404, **READERS, school_user=200, other_school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "entry_list": (None, statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "entry": ("entry", statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403)),
    "entry_edit": (
        "entry",
        statuses(
            404, **EDITORS, inspector=403, city_viewer=403, school_user=403, system_admin=403, security_admin=403, audit_admin=403
        ),
    ),  # fmt: skip
    "creationcampaign_list": (
        None,
        statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200),
    ),  # fmt: skip
    "creationcampaign": (
        "campaign",
        statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "review_add": ("campaign", statuses(403, **EDITORS, other_bureau_admin=404)),
    "review": (
        "review",
        statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "rectificationitem_list": (
        None,
        statuses(403, **READERS, school_user=200, other_school_user=200, other_bureau_admin=200),
    ),  # fmt: skip
    "rectificationitem": (
        "item",
        statuses(404, **READERS, school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "rectificationitem_edit": (
        "item",
        statuses(
            404, **EDITORS, school_user=200, inspector=403, city_viewer=403, system_admin=403, security_admin=403, audit_admin=403
        ),
    ),  # fmt: skip
    "home": (None, statuses(302, system_admin=403, security_admin=403, audit_admin=403)),
    "appointment_import": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "appointment_import_template": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "appointment_delete": (
        "appointment",
        statuses(
            404,
            bureau_admin=200,
            legal_officer=403,
            inspector=403,
            city_viewer=403,
            school_user=403,
            other_school_user=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
    "appointmentbatch": (
        "batch",
        statuses(404, **READERS, school_user=200, other_school_user=200, system_admin=403, security_admin=403, audit_admin=403),
    ),  # fmt: skip
    "appointmentbatch_edit": ("batch", statuses(403, **EDITORS, other_bureau_admin=404)),
    "appointmentbatch_delete": ("batch", statuses(403, bureau_admin=200, other_bureau_admin=404)),
    "competition_add": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "competition_edit": ("competition", statuses(403, **EDITORS, other_bureau_admin=404)),
    "competition_delete": ("competition", statuses(403, bureau_admin=200, other_bureau_admin=404)),
    "entry_add": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "entry_delete": (
        "entry",
        statuses(
            404,
            bureau_admin=200,
            legal_officer=403,
            inspector=403,
            city_viewer=403,
            school_user=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
    "creationcampaign_add": (None, statuses(403, **EDITORS, other_bureau_admin=200)),
    "creationcampaign_edit": (
        "campaign",
        statuses(
            404, **EDITORS, inspector=403, city_viewer=403, school_user=403, system_admin=403, security_admin=403, audit_admin=403
        ),
    ),  # fmt: skip
    "review_edit": (
        "review",
        statuses(
            404, **EDITORS, inspector=403, city_viewer=403, school_user=403, system_admin=403, security_admin=403, audit_admin=403
        ),
    ),  # fmt: skip
    "rectificationitem_add": ("review", statuses(403, **EDITORS, other_bureau_admin=404)),
    "rectificationitem_delete": (
        "item",
        statuses(
            404,
            bureau_admin=200,
            legal_officer=403,
            inspector=403,
            city_viewer=403,
            school_user=403,
            system_admin=403,
            security_admin=403,
            audit_admin=403,
        ),
    ),  # fmt: skip
}


@pytest.fixture
def targets(bureau, school, event, appointment):
    review = make_review(bureau, school)
    item = make_item(review)
    entry = make_entry(bureau, school)
    return {
        "event": [event.pk],
        "photo": [event.photos.get().pk],
        "school": [school.pk],
        "appointment": [appointment.pk],
        "appointment_ref": [appointment.pk],
        "competition": [entry.competition_id],
        "entry": [entry.pk],
        "campaign": [review.campaign_id],
        "review": [review.pk],
        "item": [item.pk],
        "batch": [AppointmentBatch.objects.create(bureau=bureau, name="2024年8月", appointed_on="2024-08-28").pk],
    }


@pytest.mark.parametrize("name", MATRIX)
def test_campus_get_matrix(client_for, targets, name):
    target, expected = MATRIX[name]
    url = reverse(f"campus:{name}", args=targets[target] if target else [])
    if name == "rollup":
        url += "?year=2024"
    assert_statuses(client_for, url, expected)
