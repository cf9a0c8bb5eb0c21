"""Two counties side by side: every page, record, form and export reachable by each
bureau admin shows nothing of the other (no name, no code, no row); the city sees both,
read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core.models import DictionaryItem
from apps.documents.dictionary import DOCUMENT_TOPIC
from apps.registry.models import Entity
from tests import factories
from tests.documents.conftest import make_document
from tests.notices.conftest import make_notice

from .crawl import client_fetch, crawl

pytestmark = pytest.mark.django_db


def county_data(bureau, prefix: str, admin) -> list[str]:
    """A county's rows; returns the texts that identify them (names, codes)."""

    school = factories.make_school(bureau, name=f"{prefix}县第一中学", short_name=f"{prefix}一中", kind="high")
    canteen = factories.make_school(bureau, name=f"{prefix}一中食堂", kind="canteen", parent=school)
    person = factories.make_person(school, name=f"{prefix}老师")
    user = factories.make_user("school_user", school=school, username=f"{prefix}_school_user", full_name=f"{prefix}校管")
    document = make_document(
        bureau, title=f"{prefix}2025年法治工作要点", number=f"{prefix[0]}教发〔2025〕1号", issuer=bureau.name
    )
    DictionaryItem.objects.create(bureau=bureau, kind=DOCUMENT_TOPIC, label=f"{prefix}专题")
    make_notice(admin, [school], title=f"{prefix}关于开展自查的通知")
    return [
        bureau.name,
        school.name,
        canteen.name,
        school.credit_code,
        person.name,
        person.id_number_masked,
        user.username,
        document.title,
    ]


def app_rows(bureau, prefix: str, admin) -> list[str]:
    """Rows of every app after the bases (承诺书, 例会, 学法, 法治进校园, 欺凌防治, 准入查询,
    权责清单, 入学, 双随机, 年度报告), each naming the county's school or its prefix."""

    from apps.study import services as study_services
    from tests.admissions.conftest import make_admission, make_year
    from tests.campus.conftest import campus_rows
    from tests.core.test_bad_input import bullying_rows
    from tests.inspections.conftest import make_plan
    from tests.onboarding.test_public_sites import published_report
    from tests.pledges.conftest import make_campaign, make_meeting
    from tests.powers.conftest import make_grade, make_item, make_training
    from tests.screening.conftest import screening_rows

    school = Entity.objects.get(bureau=bureau, name=f"{prefix}县第一中学")
    roles = {"bureau_admin": admin, "school_user": User.objects.get(school=school)}
    make_campaign(admin, [school], title=f"{prefix}承诺书签订")
    make_meeting(admin, decisions=1, topic=f"{prefix}安全例会")
    study_services.session_save(
        by=admin, values={"date": "2024-03-01", "kind": "lecture", "title": f"{prefix}机关大讲堂", "hours": "2"}
    )
    campus_rows(roles, bureau, school)
    bullying_rows(roles, school)
    screening_rows(roles, school)
    make_item(admin, name=f"{prefix}权责事项", implementing_unit=bureau.name)
    make_grade(admin, make_training(bureau, name=f"{prefix}培训学校"))
    make_admission(admin, school)
    make_year(admin)
    make_plan(bureau, title=f"{prefix}年度抽查计划", status="approved", approved_at=timezone.now())
    published_report(bureau, admin)
    return [
        f"{prefix}承诺书签订",
        f"{prefix}安全例会",
        f"{prefix}机关大讲堂",
        f"{prefix}权责事项",
        f"{prefix}培训学校",
        f"{prefix}年度抽查计划",
    ]


@pytest.fixture
def two_counties(users, bureau, zezhou, zz_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    gaoping = county_data(bureau, "高平", users["bureau_admin"]) + ["高平市教育局", "高平教育法治"]
    zezhou_texts = county_data(zezhou, "泽州", zz_admin) + ["泽州县教育局", "泽州教育法治", "zz_admin"]
    gaoping += app_rows(bureau, "高平", users["bureau_admin"])
    zezhou_texts += app_rows(zezhou, "泽州", zz_admin)
    return gaoping, zezhou_texts


def test_neither_county_admin_finds_anything_of_the_other(two_counties, zz_client, client_for):
    gaoping, zezhou = two_counties
    start = [reverse("core:dashboard"), reverse("registry:entity_list"), reverse("registry:person_list")]
    seen, found = crawl(client_fetch(zz_client), start, gaoping, limit=1500)
    assert found == [] and len(seen) > 40, (found, len(seen))
    assert any("export=csv" in url for url in seen) and any("/registry/entities/" in url for url in seen)
    seen, found = crawl(client_fetch(client_for("bureau_admin")), start, zezhou, limit=1500)
    assert found == [] and len(seen) > 40, (found, len(seen))
    # The crawl reached every app's pages, not only the bases'.
    for app in ("pledges", "study", "campus", "bullying", "screening", "powers", "admissions", "inspections", "reports"):
        assert any(url.startswith(f"/{app}/") for url in seen), app


def test_direct_urls_of_the_other_county_are_404(two_counties, zz_client, client_for, zezhou, bureau):
    theirs = Entity.objects.filter(bureau=bureau).first()
    ours = Entity.objects.filter(bureau=zezhou).first()
    assert zz_client.get(theirs.get_absolute_url()).status_code == 404
    assert zz_client.get(reverse("registry:entity_edit", args=[theirs.pk])).status_code == 404
    assert client_for("bureau_admin").get(ours.get_absolute_url()).status_code == 404
    # Searches too: the other's name finds nothing.
    html = zz_client.get(reverse("registry:entity_list") + "?q=高平").content.decode()
    assert "高平县第一中学" not in html


def test_the_city_sees_both_read_only(two_counties, client_for, zezhou):
    gaoping, zezhou_texts = two_counties
    city = client_for("city_viewer")
    entities = city.get(reverse("registry:entity_list") + "?export=csv")
    listing = b"".join(entities.streaming_content).decode("utf-8-sig")
    assert "高平县第一中学" in listing and "泽州县第一中学" in listing
    ours = Entity.objects.filter(bureau=zezhou).first()
    page = city.get(ours.get_absolute_url()).content.decode()
    assert "泽州县第一中学" in page and ">修改</a>" not in page and ">删除</a>" not in page
    assert city.get(reverse("registry:entity_edit", args=[ours.pk])).status_code == 403
    assert city.post(reverse("registry:entity_delete", args=[ours.pk])).status_code == 403


def test_the_city_crawls_every_app_read_only(two_counties, client_for):
    """`jincheng` reaches both counties' records in every app and is offered no change."""

    gaoping, zezhou_texts = two_counties
    city = client_for("city_viewer")
    start = [reverse("core:dashboard"), reverse("registry:entity_list")]
    offers = [">修改</a>", ">删除</a>", ">新建</a>", ">Excel 导入</a>"]
    seen, found = crawl(client_fetch(city), start, offers, limit=1500)
    assert found == [], found
    assert len(seen) > 40
    # Both counties' rows, seen side by side.
    pages = "".join(client_fetch(city)(url)[2] for url in (reverse("registry:entity_list"), reverse("powers:poweritem_list")))
    assert "泽州县第一中学" in pages and "高平县第一中学" in pages
    assert "泽州权责事项" in pages and "高平权责事项" in pages
