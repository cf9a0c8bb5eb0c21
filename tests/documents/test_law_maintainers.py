"""Who maintains the 法律法规库: national entries are read-only to every bureau role and
kept by the system administrator (and bureaus it names); a bureau adds local entries
that it and the bureaus above it see and cite; existing citations keep working; audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.documents import services
from apps.documents.models import Law, LawMaintainer
from apps.documents.selectors import laws_for
from tests.kit import assert_statuses, statuses

from .conftest import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def civil_code() -> Law:
    return Law.objects.get(name="中华人民共和国民法典")


def test_national_entries_are_read_only_to_every_bureau_role(client_for, users, civil_code):
    url = reverse("documents:law_edit", args=[civil_code.pk])
    assert_statuses(client_for, url, statuses(403, system_admin=200))
    data = {"name": "改名", "level": "law", "status": "in_force"}
    for role in ("bureau_admin", "legal_officer", "other_bureau_admin", "city_viewer"):
        assert client_for(role).post(url, data).status_code == 403
        with pytest.raises(PermissionDenied):
            civil_code.short_name = "改"
            services.law_save(law=civil_code, by=users[role])
    civil_code.refresh_from_db()
    assert civil_code.name == "中华人民共和国民法典" and civil_code.short_name == "民法典"
    page = client_for("legal_officer").get(civil_code.get_absolute_url()).content.decode()
    assert reverse("documents:law_edit", args=[civil_code.pk]) not in page


def test_the_system_administrator_changes_a_national_entry_and_it_is_audited(client_for, civil_code):
    from apps.core.audit import history_for

    url = reverse("documents:law_edit", args=[civil_code.pk])
    data = {"name": civil_code.name, "short_name": "民法典（2020）", "level": "law", "status": "in_force"}
    assert client_for("system_admin").post(url, data).status_code == 302
    civil_code.refresh_from_db()
    assert civil_code.short_name == "民法典（2020）" and civil_code.bureau is None
    assert history_for(civil_code)


def test_a_named_maintainer_bureau_may_change_national_entries(client_for, users, bureau, civil_code):
    url = reverse("documents:law_edit", args=[civil_code.pk])
    response = client_for("system_admin").post(reverse("documents:lawmaintainer_add"), {"bureau": bureau.pk, "note": "省定"})
    assert response.status_code == 302
    assert LawMaintainer.objects.get().appointed_by == users["system_admin"]
    assert client_for("legal_officer").get(url).status_code == 200
    assert client_for("other_bureau_admin").get(url).status_code == 403
    # Only the system administrator names maintainers.
    assert client_for("bureau_admin").get(reverse("documents:lawmaintainer_add")).status_code == 403


def test_local_entries_are_seen_by_the_bureau_and_those_above_it(client_for, users, bureau, city, other_bureau):
    client_for("legal_officer").post(
        reverse("documents:law_add"), {"name": "高平市教育局规范性文件管理办法", "level": "normative", "status": "in_force"}
    )
    local = Law.objects.get(name="高平市教育局规范性文件管理办法")
    assert local.bureau == bureau
    assert laws_for(users["legal_officer"]).filter(pk=local.pk).exists()
    assert laws_for(users["school_user"]).filter(pk=local.pk).exists()
    assert laws_for(users["city_viewer"]).filter(pk=local.pk).exists()  # the bureau above
    assert not laws_for(users["other_bureau_admin"]).filter(pk=local.pk).exists()
    assert client_for("other_bureau_admin").get(local.get_absolute_url()).status_code == 404
    # The city reads it, but only its own bureau changes it.
    assert client_for("city_viewer").get(reverse("documents:law_edit", args=[local.pk])).status_code == 403
    assert client_for("bureau_admin").get(reverse("documents:law_edit", args=[local.pk])).status_code == 200


def test_a_bureau_role_cannot_create_a_national_entry(users):
    with pytest.raises(PermissionDenied):
        services.law_save(law=Law(name="假的全国条目", level="law"), by=users["legal_officer"])
    assert not Law.objects.filter(name="假的全国条目").exists()


def test_existing_citations_keep_working(client_for, users, bureau, civil_code):
    document = make_document(bureau, title="引用民法典的文件")
    document.laws.add(civil_code)
    page = client_for("legal_officer").get(document.get_absolute_url()).content.decode()
    assert "《中华人民共和国民法典》" in page
    # Saving the document again keeps the citation (the law is still offered).
    from apps.documents.forms import DocumentForm

    form = DocumentForm(user=users["legal_officer"], instance=document)
    assert civil_code in form.fields["laws"].queryset
