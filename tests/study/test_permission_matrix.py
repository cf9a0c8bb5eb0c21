"""Every study URL × every role, another school and another bureau: 200 where the role
may, 403 in scope without the right (or read-only: the city), 404 outside the scope
(a school sees no 学法 record, another bureau none of ours); anonymous → login."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.study import services
from tests.kit import assert_statuses, statuses

from .conftest import make_session

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

READERS = {"bureau_admin": 200, "legal_officer": 200, "inspector": 200, "city_viewer": 200, "other_bureau_admin": 200}
WRITERS = {"bureau_admin": 200, "legal_officer": 200, "other_bureau_admin": 200}
# A session of 高平: schools and the other bureau do not see it; the rest need the right.
ONE_SESSION = {"school_user": 404, "other_school_user": 404, "other_bureau_admin": 404}


@pytest.fixture
def with_materials(session, admin):
    upload = SimpleUploadedFile("会议记录.pdf", PDF, content_type="application/pdf")
    return services.session_save(
        by=admin,
        session=session,
        values={},
        topics=session.topics.all(),
        laws=session.laws.all(),
        materials=upload,
        version=session.version,
    )


GET_MATRIX = {
    "studysession_list": (None, statuses(403, **READERS)),
    "studysession_add": (None, statuses(403, **WRITERS)),
    "attendance_list": (None, statuses(403, **READERS)),
    "attendance_import_template": (None, statuses(403, **WRITERS)),
    "person_autocomplete": (None, statuses(403, **READERS)),
    "summary": (None, statuses(403, **READERS)),
    "studysession": ("session", statuses(403, **READERS | ONE_SESSION)),
    "studysession_materials": ("session", statuses(403, **READERS | ONE_SESSION)),
    "studysession_edit": ("session", statuses(403, **WRITERS | ONE_SESSION)),
    "studysession_delete": ("session", statuses(403, bureau_admin=200, **ONE_SESSION)),
    "attendance_edit": ("session", statuses(403, **WRITERS | ONE_SESSION)),
    "attendance_import": ("session", statuses(403, **WRITERS | ONE_SESSION)),
    # The person's page: the right first (403), then the person in scope (404).
    "person_year": ("person", statuses(403, **READERS | {"other_bureau_admin": 404})),
}


@pytest.mark.parametrize("name", GET_MATRIX)
def test_study_get_matrix(client_for, with_materials, staff, name):
    target, expected = GET_MATRIX[name]
    args = {"session": [with_materials.pk], "person": [staff[0].pk], None: []}[target]
    assert_statuses(client_for, reverse(f"study:{name}", args=args), expected)


def test_deleting_a_session_only_the_bureau_admin_may(client_for, admin, staff):
    expected = statuses(403, bureau_admin=302, **ONE_SESSION)
    got = {}
    for subject in expected:
        fresh = make_session(admin, attendees={staff[0]: "present"})
        got[subject] = client_for(subject).post(reverse("study:studysession_delete", args=[fresh.pk])).status_code
    assert got == expected
    fresh = make_session(admin)
    anonymous = client_for(None).post(reverse("study:studysession_delete", args=[fresh.pk]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_recording_attendance_by_post(client_for, session, staff):
    url = reverse("study:attendance_edit", args=[session.pk])
    expected = statuses(403, bureau_admin=302, legal_officer=302, **ONE_SESSION)
    got = {}
    for subject in expected:
        session.refresh_from_db()
        data = {"version": session.version, f"status_{staff[2].pk}": "present"}
        got[subject] = client_for(subject).post(url, data).status_code
    assert got == expected
    anonymous = client_for(None).post(url, {"version": 1})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
