"""Every registry URL × every role, another school and another bureau: 200 where the
role may, 403 in scope without the right, 404 outside the scope."""

import pytest
from django.urls import reverse

from tests import factories
from tests.kit import assert_statuses, statuses

# url name (with an object of 高平二中 where it needs one) → expected status per subject (tests.kit)
MATRIX = {
    "entity_list": statuses(200, system_admin=403, security_admin=403, audit_admin=403),
    "entity_add": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200),
    "entity_import": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200),
    "entity_import_template": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200),
    "entity_autocomplete": statuses(200, system_admin=403, security_admin=403, audit_admin=403),
    "entity_as_of": statuses(200, system_admin=403, security_admin=403, audit_admin=403),
    "entitychange_list": statuses(200, system_admin=403, security_admin=403, audit_admin=403),
    "entity_change": statuses(403, bureau_admin=200, legal_officer=200, other_school_user=404, other_bureau_admin=404),
    "person_list": statuses(200, inspector=403, system_admin=403, security_admin=403, audit_admin=403),
    "person_add": statuses(200, inspector=403, city_viewer=403, system_admin=403, security_admin=403, audit_admin=403),
    "person_import": statuses(200, inspector=403, city_viewer=403, system_admin=403, security_admin=403, audit_admin=403),
    "person_import_template": statuses(
        200, inspector=403, city_viewer=403, system_admin=403, security_admin=403, audit_admin=403
    ),
    "person": statuses(
        200, inspector=403, other_school_user=404, other_bureau_admin=404, system_admin=403, security_admin=403, audit_admin=403
    ),
    "person_edit": statuses(
        403, bureau_admin=200, legal_officer=200, school_user=200, other_school_user=404, other_bureau_admin=404
    ),
    "person_delete": statuses(403, bureau_admin=200, other_school_user=404, other_bureau_admin=404),
}


@pytest.fixture
def targets(school):
    return {"entity": school, "person": factories.make_person(school, name="矩阵测试")}


def url_for(name: str, targets) -> str:
    if name in ("entity_change",):
        return reverse(f"registry:{name}", args=[targets["entity"].pk])
    if name in ("person", "person_edit", "person_delete"):
        return reverse(f"registry:{name}", args=[targets["person"].pk])
    return reverse(f"registry:{name}")


@pytest.mark.parametrize("name", MATRIX)
def test_registry_url_matrix(client_for, targets, name):
    assert_statuses(client_for, url_for(name, targets), MATRIX[name])
