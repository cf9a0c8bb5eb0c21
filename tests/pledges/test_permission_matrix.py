"""Every pledges URL × every role, another school and another bureau (tests.kit): 200
where the role may, 403 in scope without the right, 404 outside the scope; the city
reads but changes nothing; anonymous visitors go to the login page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.pledges import services
from tests.kit import assert_statuses, statuses

from .conftest import PDF_BYTES, sign

STAFF = {"bureau_admin": 200, "legal_officer": 200, "inspector": 200, "city_viewer": 200}
ADMINS_AND_SCHOOLS = 403


@pytest.fixture
def targets(admin, campaign, pledge, other_pledge, users, meeting):
    sign(other_pledge, users["other_school_user"])
    services.meeting_save(
        by=admin,
        meeting=meeting,
        values={},
        minutes=SimpleUploadedFile("纪要.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    return {
        "campaign": campaign.pk,
        "pending": pledge.pk,  # 高平二中's, not signed
        "signed": other_pledge.pk,  # 高平六中's, signed
        "meeting": meeting.pk,
        "decision": meeting.decisions.first().pk,
    }


GET_MATRIX = {
    "campaign_list": (None, statuses(403, **STAFF, other_bureau_admin=200)),
    "campaign_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
    "campaign": ("campaign", statuses(403, **STAFF, other_bureau_admin=404)),
    "pledge_list": (
        None,
        statuses(403, **STAFF, school_user=200, other_school_user=200, other_bureau_admin=200),
    ),
    "pledge": ("pending", statuses(403, **STAFF, school_user=200, other_school_user=404, other_bureau_admin=404)),
    "pledge_sign": (
        "pending",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=200, other_school_user=404, other_bureau_admin=404),
    ),
    "pledge_scan": ("signed", statuses(403, **STAFF, school_user=404, other_school_user=200, other_bureau_admin=404)),
    "meeting_list": (None, statuses(403, **STAFF, other_bureau_admin=200)),
    "meeting_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
    "meeting": ("meeting", statuses(403, **STAFF, school_user=404, other_school_user=404, other_bureau_admin=404)),
    "meeting_edit": (
        "meeting",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "meeting_delete": (
        "meeting",
        statuses(403, bureau_admin=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "meeting_minutes": ("meeting", statuses(403, **STAFF, school_user=404, other_school_user=404, other_bureau_admin=404)),
    "decision_add": (
        "meeting",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "decision_list": (None, statuses(403, **STAFF, other_bureau_admin=200)),
}

POST_MATRIX = {
    # An empty form: whoever may sign gets the form back with its errors (200).
    "pledge_sign": (
        "pending",
        statuses(403, bureau_admin=200, legal_officer=200, school_user=200, other_school_user=404, other_bureau_admin=404),
    ),
    # The school holds change_pledge, but returning is the bureau's (the service says 403).
    "pledge_return": (
        "signed",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_bureau_admin=404),
    ),
    "decision_done": (
        "decision",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "decision_reopen": (
        "decision",
        statuses(403, bureau_admin=302, legal_officer=302, school_user=404, other_school_user=404, other_bureau_admin=404),
    ),
    "campaign_add": (None, statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)),
}


def url_for(name: str, target: str | None, targets: dict) -> str:
    return reverse(f"pledges:{name}", args=[targets[target]] if target else [])


@pytest.mark.parametrize("name", GET_MATRIX)
def test_pledges_get_matrix(client_for, targets, name):
    target, expected = GET_MATRIX[name]
    assert_statuses(client_for, url_for(name, target, targets), expected)


@pytest.mark.parametrize("name", POST_MATRIX)
def test_pledges_post_matrix(client_for, targets, name):
    target, expected = POST_MATRIX[name]
    data = {"reason": "扫描件不清晰", "version": "2"}
    assert_statuses(client_for, url_for(name, target, targets), expected, method="post", data=data)


def test_the_city_reads_the_campaign_but_sees_no_buttons(client_for, targets):
    html = client_for("city_viewer").get(url_for("pledge", "signed", targets)).content.decode()
    assert "退回学校重新签订" not in html and "签订承诺书" not in html
    meeting = client_for("city_viewer").get(url_for("meeting", "meeting", targets)).content.decode()
    assert "标记办结" not in meeting and "添加决定事项" not in meeting
