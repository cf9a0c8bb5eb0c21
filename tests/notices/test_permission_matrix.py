"""Every notices URL × every role, another school and another bureau: 200 (or the
redirect a school gets to its own copy) where the role may, 403 in scope without the
right, 404 outside the scope; anonymous visitors go to the login page."""

import pytest
from django.urls import reverse

from .conftest import make_notice

ROLES = ["bureau_admin", "legal_officer", "inspector", "school_user", "other_school_user", "city_viewer", "other_bureau_admin"]

# url name → (target, expected status per role in ROLES order). Targets: "sent" is sent
# to 高平二中 only, with 高平二中's reply; "draft" is an unsent draft to 高平二中.
GET_MATRIX = {
    "notice_list": (None, (200, 200, 200, 403, 403, 200, 200)),
    "notice_add": (None, (200, 200, 403, 403, 403, 403, 200)),
    "receipt_list": (None, (200, 200, 200, 403, 403, 200, 200)),
    "inbox": (None, (403, 403, 403, 200, 200, 403, 403)),
    "notice": ("sent", (200, 200, 200, 302, 404, 200, 404)),
    "notice_edit": ("draft", (200, 200, 403, 404, 404, 403, 404)),
    "notice_delete": ("draft", (200, 403, 403, 404, 404, 403, 404)),
    "notice_add_schools": ("sent", (200, 200, 403, 403, 404, 403, 404)),
    "notice_receipts": ("sent", (200, 200, 200, 403, 403, 200, 404)),
    "notice_replies_zip": ("sent", (200, 200, 200, 403, 404, 404, 404)),
    "notice_attachment": ("attachment", (200, 200, 200, 200, 404, 200, 404)),
    "receipt": ("copy", (200, 200, 200, 200, 404, 200, 404)),
    "receipt_reply": ("copy", (403, 403, 403, 200, 404, 403, 404)),
    "reply_attachment": ("reply_attachment", (200, 200, 200, 200, 404, 404, 404)),
}

POST_MATRIX = {
    "notice_send": ("fresh_draft", (302, 302, 403, 404, 404, 403, 404)),
    "notice_remind": ("sent", (302, 302, 403, 403, 404, 403, 404)),
    "receipt_acknowledge": ("copy", (403, 403, 403, 302, 404, 403, 404)),
    "receipt_accept": ("copy", (302, 302, 403, 403, 404, 403, 404)),
    "receipt_reopen": ("copy", (302, 302, 403, 403, 404, 403, 404)),
}


@pytest.fixture
def targets(admin, school, notice, replied):
    draft = make_notice(admin, [school], send=False, title="草稿通知")
    return {
        "sent": [notice.pk],
        "draft": [draft.pk],
        "copy": [replied.pk],
        "attachment": [notice.pk, notice.attachments.get().pk],
        "reply_attachment": [replied.attachments.get().pk],
    }


def url_for(name, target, targets):
    return reverse(f"notices:{name}", args=targets[target] if target else [])


@pytest.mark.parametrize("name", GET_MATRIX)
def test_notices_get_matrix(client_for, targets, name):
    target, expected = GET_MATRIX[name]
    url = url_for(name, target, targets)
    got = tuple(client_for(role).get(url).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got, strict=True))
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", POST_MATRIX)
def test_notices_post_matrix(client_for, targets, admin, school, name):
    target, expected = POST_MATRIX[name]
    data = {"until": "2099-01-01", "version": "0"}
    got = []
    for role in ROLES:
        if target == "fresh_draft":  # sending changes the row: each role gets its own draft
            targets["fresh_draft"] = [make_notice(admin, [school], send=False).pk]
        got.append(client_for(role).post(url_for(name, target, targets), data).status_code)
    got = tuple(got)
    url = url_for(name, target, targets)
    assert got == expected, dict(zip(ROLES, got, strict=True))
    anonymous = client_for(None).post(url, data)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
