"""Every screening URL × every role, another school and another bureau: 200 where the
role may, 403 in scope without the right, 404 outside the scope; anonymous visitors go
to the login page. Results and cases are the bureau admin's only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.screening import services
from apps.screening.models import EthicsEntry, RestrictedCase
from tests.kit import assert_statuses, statuses

from .conftest import make_batch, record_results, scan

# Who sees what (tests.kit subjects). "ok" is 200 for GET, the view's own for POST.
BUREAU_VIEW = dict(bureau_admin=200, legal_officer=200, city_viewer=200, other_bureau_admin=200)
ADMIN_ONLY = dict(bureau_admin=200, other_bureau_admin=200)
STAFF_VIEW = dict(BUREAU_VIEW, school_user=200, other_school_user=200)


def _object(ok: int, *, read: tuple[str, ...] = (), schools: str = "hidden") -> dict[str, int]:
    """A record of 高平二中: `ok` for the bureau admin, 200 for the `read` roles, 404 for
    another bureau (and for schools unless they see the record), 403 for the rest."""

    expected = statuses(403, bureau_admin=ok, other_bureau_admin=404, other_school_user=404)
    for role in read:
        expected[role] = 200
    if schools == "hidden":
        expected["school_user"] = 404
    elif schools == "own":
        expected["school_user"] = 200
    return expected


GET_MATRIX = {
    "coverage": (None, statuses(403, **BUREAU_VIEW)),
    "overdue_list": (None, statuses(403, **BUREAU_VIEW)),
    "staff_list": (None, statuses(403, **STAFF_VIEW)),
    "authorisation_list": (None, statuses(403, **STAFF_VIEW)),
    "authorisation_add": (None, statuses(403, bureau_admin=200, school_user=200, other_school_user=200, other_bureau_admin=200)),
    "querybatch_list": (None, statuses(403, **BUREAU_VIEW)),
    "querybatch_add": (None, statuses(403, **ADMIN_ONLY)),
    "check_list": (None, statuses(403, **STAFF_VIEW)),
    "result_list": (None, statuses(403, **ADMIN_ONLY)),
    "restrictedcase_list": (None, statuses(403, **ADMIN_ONLY)),
    "ethicsentry_list": (None, statuses(403, **ADMIN_ONLY)),
    "ethicsentry_add": (None, statuses(403, **ADMIN_ONLY)),
    "exportlog_list": (None, statuses(403, **ADMIN_ONLY)),
    "ethics_file": ("person", _object(200, schools="forbidden")),
    "authorisation": ("authorisation", _object(200, read=("legal_officer", "city_viewer"), schools="own")),
    "authorisation_scan": ("authorisation", _object(200, read=("legal_officer", "city_viewer"), schools="own")),
    "querybatch": ("batch", _object(200, read=("legal_officer", "city_viewer"))),
    "querybatch_delete": ("draft", _object(200)),
    "result_import": ("batch", _object(200)),
    "result_template": ("batch", _object(200)),
    "check": ("check", _object(200, read=("legal_officer", "city_viewer"), schools="own")),
    "restrictedcase": ("case", _object(200)),
    "restrictedcase_edit": ("case", _object(200)),
    "restrictedcase_document": ("case", _object(200)),
    "ethicsentry": ("entry", _object(200)),
    "ethicsentry_edit": ("entry", _object(200)),
    "ethicsentry_delete": ("entry", _object(200)),
}

POST_MATRIX = {
    "querybatch_export": ("batch", _object(200)),
    "querybatch_refresh": ("draft", _object(302)),
    "restrictedcase_close": ("case", _object(302)),
}


@pytest.fixture
def targets(admin, users, school, staff, batch):
    record_results(admin, batch, [(staff[0], "有记录"), (staff[1], "无记录"), (staff[2], "无记录"), (staff[3], "无记录")])
    case = RestrictedCase.objects.get()
    services.case_save(case=case, by=admin, values={"action": "stopped"}, version=case.version, document=scan("处置.pdf"))
    from tests import factories

    from .conftest import authorise

    newcomer = factories.make_person(school, name="新人")
    authorise(users["school_user"], [newcomer])
    draft = make_batch(admin, [school], title="草稿批次")
    entry = EthicsEntry.objects.create(
        bureau=admin.bureau, person=staff[0], kind="commendation", occurred_on="2024-09-10", title="优秀教师"
    )
    return {
        "person": staff[0].pk,
        "authorisation": staff[0].screening_authorisations.get().pk,
        "batch": batch.pk,
        "draft": draft.pk,
        "check": batch.checks.get(person=staff[0]).pk,
        "case": case.pk,
        "entry": entry.pk,
    }


@pytest.mark.parametrize("name", GET_MATRIX)
def test_screening_get_matrix(client_for, targets, name):
    target, expected = GET_MATRIX[name]
    url = reverse(f"screening:{name}", args=[targets[target]] if target else [])
    assert_statuses(client_for, url, expected)


@pytest.mark.parametrize("name", POST_MATRIX)
def test_screening_post_matrix(client_for, targets, name):
    target, expected = POST_MATRIX[name]
    url = reverse(f"screening:{name}", args=[targets[target]])
    assert_statuses(client_for, url, expected, method="post", data={"version": "1", "closed_on": "2024-01-01"})
