"""The catalogue's pages: grouped by type with counts, search, query counts that stay
constant as rows grow; the grade list filtered by grade; an institution's grade history
on its registry page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.powers import services

from .conftest import add_items, make_grade, make_training

pytestmark = pytest.mark.django_db


def test_public_catalogue_is_grouped_by_type_with_counts(client, users):
    add_items(
        users["bureau_admin"],
        {
            "XK-1": {"name": "民办学校设立审批", "kind": "licensing"},
            "CF-1": {"name": "对违规招生的处罚", "kind": "penalty"},
            "CF-2": {"name": "对违规收费的处罚", "kind": "penalty"},
        },
    )
    html = client.get(reverse("public:powers:catalogue")).content.decode()
    assert "现行清单共 <strong>3</strong> 项" in html
    assert "行政许可 1 项" in html and "行政处罚 2 项" in html
    assert html.index('colspan="5">行政许可<') < html.index('colspan="5">行政处罚<')
    only = client.get(reverse("public:powers:catalogue"), {"kind": "penalty"}).content.decode()
    assert "对违规招生的处罚" in only and "民办学校设立审批" not in only
    found = client.get(reverse("public:powers:catalogue"), {"q": "收费"}).content.decode()
    assert "对违规收费的处罚" in found and "对违规招生的处罚" not in found


def test_another_bureaus_items_are_not_on_the_public_page_nor_openable(client, users):
    add_items(users["other_bureau_admin"], {"CF-9": {"name": "阳城的事项"}})
    assert "阳城的事项" not in client.get(reverse("public:powers:catalogue")).content.decode()
    from apps.powers.models import PowerItem

    item = PowerItem.objects.get(code="CF-9")
    assert client.get(reverse("public:powers:item", args=[item.pk])).status_code == 404


@pytest.mark.parametrize("url_name", ["powers:poweritem_list", "public:powers:catalogue"])
def test_list_query_count_does_not_grow_with_rows(client_for, users, url_name, django_assert_max_num_queries):
    client = client_for("legal_officer")
    url = reverse(url_name)
    add_items(users["bureau_admin"], {f"CF-{i}": {} for i in range(3)}, reason="少量")
    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    add_items(users["bureau_admin"], {f"XK-{i}": {"kind": "licensing"} for i in range(60)}, reason="大量")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        assert client.get(url + "?export=xlsx").status_code == 200


def test_grade_list_filters_by_grade_and_history_shows_on_the_institution(client_for, users, bureau):
    admin = users["bureau_admin"]
    institution = make_training(bureau, "高平市启航教育培训学校")
    other = make_training(bureau, "高平市书香艺术培训学校")
    make_grade(admin, institution, year=2023, grade="B")
    make_grade(admin, institution, year=2024, grade="A", basis_document=institution_basis(bureau))
    make_grade(admin, other, year=2024, grade="C", basis_document=institution_basis(bureau))
    client = client_for("legal_officer")
    html = client.get(reverse("powers:creditgrade_list"), {"grade": "A"}).content.decode()
    assert "共 1 条记录" in html and "高平市启航教育培训学校" in html
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "信用等级评定记录" in page
    assert page.index("2024年度") < page.index("2023年度")
    assert "A级（信用优秀）" in page and "B级（信用良好）" in page


def institution_basis(bureau):
    from apps.documents.models import Document

    return Document.objects.filter(bureau=bureau, kind="measures").first()


def test_a_school_cannot_be_graded_and_a_second_grade_for_the_year_is_refused(client_for, users, bureau, school):
    institution = make_training(bureau)
    grade = make_grade(users["bureau_admin"], institution, year=2024)
    client = client_for("legal_officer")
    data = {
        "entity": school.pk,
        "year": 2024,
        "grade": "A",
        "basis": grade.basis_id,
        "graded_on": "2024-12-01",
        "reason": "评定",
    }
    response = client.post(reverse("powers:creditgrade_add"), data)
    assert "entity" in response.context["form"].errors  # not a training institution: not offered
    data["entity"] = institution.pk
    response = client.post(reverse("powers:creditgrade_add"), data)
    assert response.context["form"].errors == {"year": ["高平市测试培训学校已有2024年度的信用等级评定，请修改原评定。"]}


@pytest.mark.parametrize("url_name", ["powers:adjustment_list", "powers:creditgrade_list", "public:powers:adjustments"])
def test_other_lists_query_count_does_not_grow(client_for, users, bureau, url_name, django_assert_max_num_queries):
    admin = users["bureau_admin"]
    client = client_for("legal_officer")
    url = reverse(url_name)

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            add_items(admin, {f"G-{i}": {}}, reason=f"调整{i}")
            make_grade(admin, make_training(bureau, f"培训{i}"), basis_document=institution_basis(bureau))

    grow(2, 0)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    grow(12, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_grade_saved_from_an_older_version_is_refused_and_keeps_the_input(client_for, users, bureau):
    institution = make_training(bureau)
    grade = make_grade(users["bureau_admin"], institution, year=2024, grade="B")
    url = reverse("powers:creditgrade_edit", args=[grade.pk])
    client = client_for("legal_officer")
    seen = client.get(url).context["form"]["version"].value()
    # Someone else saves first.
    grade.grade = "C"
    services.grade_save(grade=grade, by=users["bureau_admin"], version=seen)
    data = {
        "entity": institution.pk,
        "year": 2024,
        "grade": "A",
        "basis": grade.basis_id,
        "graded_on": "2024-12-01",
        "reason": "我的评定理由",
        "version": seen,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "该评定已被他人修改（您看到的是旧版本），请重新打开后再修改。" in html
    assert "我的评定理由" in html
    grade.refresh_from_db()
    assert grade.grade == "C" and grade.version == 2
