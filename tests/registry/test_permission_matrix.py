"""Every registry URL × every role, another school and another bureau: 200 where the
role may, 403 in scope without the right, 404 outside the scope."""

import pytest
from django.urls import reverse

from tests import factories

ROLES = ["bureau_admin", "legal_officer", "inspector", "school_user", "other_school_user", "city_viewer", "other_bureau_admin"]

# url name (with an object of 高平二中 where it needs one) → expected status per role, in ROLES order
MATRIX = {
    "entity_list": (200, 200, 200, 200, 200, 200, 200),
    "entity_add": (200, 200, 403, 403, 403, 403, 200),
    "entity_import": (200, 200, 403, 403, 403, 403, 200),
    "entity_import_template": (200, 200, 403, 403, 403, 403, 200),
    "entity_autocomplete": (200, 200, 200, 200, 200, 200, 200),
    "entity_as_of": (200, 200, 200, 200, 200, 200, 200),
    "entitychange_list": (200, 200, 200, 200, 200, 200, 200),
    "entity_change": (200, 200, 403, 403, 404, 403, 404),
    "person_list": (200, 200, 403, 200, 200, 200, 200),
    "person_add": (200, 200, 403, 200, 200, 403, 200),
    "person_import": (200, 200, 403, 200, 200, 403, 200),
    "person_import_template": (200, 200, 403, 200, 200, 403, 200),
    "person": (200, 200, 403, 200, 404, 200, 404),
    "person_edit": (200, 200, 403, 200, 404, 403, 404),
    "person_delete": (200, 403, 403, 403, 404, 403, 404),
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
    url = url_for(name, targets)
    got = tuple(client_for(role).get(url).status_code for role in ROLES)
    assert got == MATRIX[name], dict(zip(ROLES, got, strict=True))
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
