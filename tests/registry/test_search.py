"""The one name search (apps.core.filtersets.text_search) on the registry's lists:
any part of a name, its pinyin or initials, from one character up, inside the user's
bureaus only; and lists in the order people read names (高平二中 before 高平十中)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def names(client, url_name: str, **params) -> list[str]:
    return [row.name for row in client.get(reverse(url_name), params).context["page"].object_list]


@pytest.fixture
def entities(bureau, school, other_school):
    # 高平二中 and 高平六中 come from the fixtures.
    factories.make_school(bureau, name="高平市杨家庄中学", kind="middle")
    factories.make_school(bureau, name="高平二中食堂", kind="canteen", parent=school)
    factories.make_school(bureau, name="高平市第一小学")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("二中", ["高平二中", "高平二中食堂"]),
        ("中学", ["高平市杨家庄中学"]),
        ("食堂", ["高平二中食堂"]),
        ("杨家", ["高平市杨家庄中学"]),
        ("杨", ["高平市杨家庄中学"]),
        ("六", ["高平六中"]),
        ("第一小", ["高平市第一小学"]),
        ("yangjia", ["高平市杨家庄中学"]),  # pinyin from the middle of the name
        ("gpez", ["高平二中", "高平二中食堂"]),  # initials
        ("yjz", ["高平市杨家庄中学"]),  # initials from the middle
        ("GPLZ", ["高平六中"]),  # case does not matter
        ("高平 食堂", ["高平二中食堂"]),  # every word must match
        ("二中学", []),
    ],
)
def test_entity_search_finds_any_part_of_a_name(client_for, entities, q, expected):
    assert names(client_for("bureau_admin"), "registry:entity_list", q=q) == expected


def test_person_search_finds_the_given_name_alone(client_for, school):
    factories.make_person(school, name="李慧敏")
    factories.make_person(school, name="王建国")
    factories.make_person(school, name="曾敏")
    client = client_for("bureau_admin")
    assert names(client, "registry:person_list", q="慧敏") == ["李慧敏"]
    assert names(client, "registry:person_list", q="敏") == ["李慧敏", "曾敏"]
    assert names(client, "registry:person_list", q="huimin") == ["李慧敏"]
    assert names(client, "registry:person_list", q="hm") == ["李慧敏"]
    assert names(client, "registry:person_list", q="jianguo") == ["王建国"]
    assert names(client, "registry:person_list", q="zengmin") == ["曾敏"]  # the surname's reading
    assert names(client, "registry:person_list", q="王建") == ["王建国"]
    assert names(client, "registry:person_list", q="wjg") == ["王建国"]


def test_person_search_by_employer_name_part(client_for, school, other_school):
    factories.make_person(school, name="张一")
    factories.make_person(other_school, name="张二")
    assert names(client_for("bureau_admin"), "registry:person_list", employer="二中") == ["张一"]


def test_search_stays_inside_the_users_bureaus(client_for, school, other_bureau):
    factories.make_school(other_bureau, name="阳城二中")
    assert names(client_for("bureau_admin"), "registry:entity_list", q="二中") == ["高平二中"]
    assert names(client_for("other_bureau_admin"), "registry:entity_list", q="二中") == ["阳城二中"]
    # The city sees its counties, not 阳城 (another city's county in this test).
    assert names(client_for("city_viewer"), "registry:entity_list", q="二中") == ["高平二中"]


def test_school_user_search_stays_inside_its_school(client_for, school, other_school):
    factories.make_person(school, name="李慧敏")
    factories.make_person(other_school, name="赵慧敏")
    assert names(client_for("school_user"), "registry:person_list", q="慧敏") == ["李慧敏"]


def test_renamed_entity_is_found_by_its_new_name(client_for, school, users):
    from apps.registry.services import entity_change

    entity_change(entity=school, by=users["bureau_admin"], effective_on="2024-09-01", reason="更名", name="高平市实验中学")
    assert names(client_for("bureau_admin"), "registry:entity_list", q="实验") == ["高平市实验中学"]


def test_lists_sort_chinese_numerals_by_value(client_for, bureau):
    for name in ["高平七中", "高平一中", "高平三中", "高平十中", "高平十一中", "高平五中", "高平市第十小学", "高平市第二小学"]:
        factories.make_school(bureau, name=name)
    assert names(client_for("bureau_admin"), "registry:entity_list", q="高平") == [
        "高平一中",
        "高平二中",  # the fixtures' schools
        "高平三中",
        "高平五中",
        "高平六中",
        "高平七中",
        "高平十中",
        "高平十一中",
        "高平市第二小学",
        "高平市第十小学",
    ]


def test_people_sort_by_pinyin_with_surname_readings(client_for, school):
    for name in ["张三", "曾敏", "安宁", "单田芳"]:
        factories.make_person(school, name=name)
    # 单 as a surname reads shan, 曾 reads zeng.
    assert names(client_for("bureau_admin"), "registry:person_list") == ["安宁", "单田芳", "曾敏", "张三"]  # zeng before zhang


def test_registry_as_of_searches_pages_exports_and_checks_the_date(client_for, school, other_school, users):
    import datetime

    from django.utils import timezone

    from apps.registry.services import entity_change

    for entity in (school, other_school):
        entity.changes.create(bureau=entity.bureau, kind="registered", effective_on="2000-01-01", reason="登记")
    entity_change(entity=school, by=users["bureau_admin"], effective_on="2024-09-01", reason="更名", name="高平市第二中学校")
    client = client_for("bureau_admin")
    url = reverse("registry:entity_as_of")
    response = client.get(url, {"date": "2024-08-31", "q": "二中"})
    assert [cells[0][1] for _, cells in response.context["rows"]] == ["高平二中"]
    assert "第二中学" not in [cells[0][1] for _, cells in client.get(url, {"date": "2024-08-31", "q": "六"}).context["rows"]]
    export = b"".join(client.get(url, {"date": "2024-08-31", "export": "csv"}).streaming_content).decode()
    assert export.splitlines()[0] == "\ufeff当时名称,类型,当时法定代表人,当时状态,现名称"
    assert "高平二中,高级中学" in export or "高平二中," in export
    assert "高平市第二中学校" in export  # the current name column
    html = client.get(url, {"date": "1999-12-31"}).content.decode()
    assert "所选日期 1999年12月31日 早于名录库的第一条记录（2000年1月1日），当天名录为空。" in html
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    html = client.get(url, {"date": tomorrow.isoformat()}).content.decode()
    assert "晚于今天，名录库只能查询今天及以前的状态。" in html
    # A school sees only its own rows.
    rows = client_for("school_user").get(url, {"date": "2024-08-31"}).context["rows"]
    assert [cells[0][1] for _, cells in rows] == ["高平二中"]
