"""身份证号 at rest: never in the clear in the database or the audit; whole only on
request by someone who may change the record, and that view is logged."""

from django.db import connection
from django.urls import reverse

from apps.accounts.models import SecurityEvent
from apps.registry.models import Person
from tests import factories


def _raw_rows(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        return repr(cursor.fetchall())


def test_id_number_is_never_stored_in_the_clear(school):
    number = factories.make_resident_id()
    person = factories.make_person(school, id_number=number)
    person.position = "教务主任"
    person.save()
    assert number not in _raw_rows("registry_person")
    assert number not in _raw_rows("registry_personevent")
    assert Person.objects.get(pk=person.pk).id_number == number
    assert Person.objects.with_id_number(number.lower()).get() == person


def test_search_by_whole_id_number_uses_the_digest(client_for, school):
    person = factories.make_person(school, name="王小明")
    page = client_for("bureau_admin").get(reverse("registry:person_list"), {"q": person.id_number}).context["page"]
    assert [p.name for p in page.object_list] == ["王小明"]


def test_whole_id_number_is_shown_on_request_and_logged(client_for, school, users):
    person = factories.make_person(school)
    client = client_for("school_user")
    assert person.id_number not in client.get(person.get_absolute_url()).content.decode()
    response = client.post(person.get_absolute_url())
    assert response.status_code == 200
    assert person.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = SecurityEvent.objects.get(kind="pii_viewed")
    assert (event.user, event.path) == (users["school_user"], person.get_absolute_url())
    assert person.name in event.detail


def test_roles_that_only_read_cannot_see_the_whole_number(client_for, school):
    person = factories.make_person(school)
    for role in ("city_viewer",):
        response = client_for(role).post(person.get_absolute_url())
        assert response.status_code == 403
        assert person.id_number not in response.content.decode()
    assert client_for("other_school_user").post(person.get_absolute_url()).status_code == 404
    assert not SecurityEvent.objects.filter(kind="pii_viewed").exists()


def test_editing_without_retyping_keeps_the_number(client_for, school):
    person = factories.make_person(school)
    number = person.id_number
    response = client_for("bureau_admin").post(
        reverse("registry:person_edit", args=[person.pk]),
        {
            "name": person.name,
            "gender": "female",
            "id_number": "",
            "employer": school.pk,
            "category": "admin",
            "employment_status": "employed",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.id_number, person.category) == (number, "admin")
