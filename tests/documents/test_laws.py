"""法律法规库: the seeded catalogue, who may read and edit it, its filters and form."""

from __future__ import annotations

import datetime
import json
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.documents.choices import LawLevel, LawStatus
from apps.documents.models import Law
from tests.kit import assert_statuses, statuses

from .conftest import make_document

pytestmark = pytest.mark.django_db

SEED = json.loads((Path(__file__).resolve().parents[2] / "apps/documents/fixtures_laws.json").read_text(encoding="utf-8"))


# The catalogue is read by every business role and by the system administrator, who
# maintains its national entries; the security and audit administrators hold no
# business data. A national entry is read-only to every bureau role (403 on its edit
# page); a bureau adds local entries of its own.
NO_ADMINS = {"security_admin": 403, "audit_admin": 403}
MATRIX = {
    "law_list": statuses(200, **NO_ADMINS),
    "law": statuses(200, **NO_ADMINS),
    "law_add": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200, system_admin=200),
    "law_edit": statuses(403, system_admin=200),
}


@pytest.fixture
def civil_code() -> Law:
    return Law.objects.get(name="中华人民共和国民法典")


def test_the_migration_seeded_the_reports_laws_and_the_education_laws():
    names = set(Law.objects.values_list("name", flat=True))
    assert {row["name"] for row in SEED["laws"]} <= names
    assert len(SEED["laws"]) == 39
    for name in (
        "中华人民共和国宪法",
        "中国共产党纪律处分条例",
        "中华人民共和国反有组织犯罪法",
        "山西省平安建设条例",
        "中华人民共和国学前教育法",
        "公平竞争审查条例",
        "未成年人学校保护规定",
    ):
        assert name in names


def test_seeded_civil_code_has_its_level_body_dates_and_pinyin(civil_code):
    assert civil_code.level == LawLevel.LAW
    assert civil_code.get_level_display() == "法律"
    assert civil_code.issuing_body == "全国人民代表大会"
    assert civil_code.promulgated_on == datetime.date(2020, 5, 28)
    assert civil_code.effective_on == datetime.date(2021, 1, 1)
    assert civil_code.status == LawStatus.IN_FORCE
    assert civil_code.search_text == "中华人民共和国民法典 zhonghuarenmingongheguominfadian zhrmghgmfd 民法典 minfadian mfd"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("中华人民共和国宪法", LawLevel.CONSTITUTION),
        ("中国共产党纪律处分条例", LawLevel.PARTY_REGULATION),
        ("山西省平安建设条例", LawLevel.LOCAL_REGULATION),
        ("中华人民共和国民办教育促进法实施条例", LawLevel.ADMINISTRATIVE_REGULATION),
        ("学校食品安全与营养健康管理规定", LawLevel.RULE),
        ("习近平法治思想学习纲要", LawLevel.OTHER),
    ],
)
def test_seeded_levels(name, level):
    assert Law.objects.get(name=name).level == level


def test_the_seed_is_idempotent_and_keeps_local_edits(civil_code):
    civil_code.short_name = "民法典（本局修改）"
    civil_code.save()
    before = Law.objects.count()
    import_module("apps.documents.migrations.0003_seed_laws").seed_laws(django_apps, None)
    assert Law.objects.count() == before
    civil_code.refresh_from_db()
    assert civil_code.short_name == "民法典（本局修改）"


@pytest.mark.parametrize("url_name", MATRIX)
def test_law_url_matrix(client_for, civil_code, url_name):
    args = [civil_code.pk] if url_name in ("law", "law_edit") else []
    assert_statuses(client_for, reverse(f"documents:{url_name}", args=args), MATRIX[url_name])


def test_law_list_filters(client_for):
    client = client_for("inspector")
    url = reverse("documents:law_list")

    def listed(query: str) -> str:
        return client.get(url + query).content.decode()

    html = listed("?q=民法典")
    assert "中华人民共和国民法典" in html and "共 1 条记录" in html
    assert "中华人民共和国民法典" in listed("?q=MFD")  # pinyin initials of 民法典
    html = listed("?level=party_regulation")
    assert "中国共产党纪律处分条例" in html and "中华人民共和国民法典" not in html
    assert "共 2 条记录" in html
    assert "共 0 条记录" in listed("?status=repealed")


def test_law_detail_lists_only_citing_documents_in_scope(client_for, civil_code, bureau, other_bureau):
    ours = make_document(bureau, title="《民法典》宣传月活动方案")
    theirs = make_document(other_bureau, title="阳城民法典宣传方案")
    ours.laws.add(civil_code)
    theirs.laws.add(civil_code)
    html = client_for("school_user").get(civil_code.get_absolute_url()).content.decode()
    assert "引用本法的文件" in html
    assert ours.title in html
    assert theirs.title not in html


def test_legal_officer_adds_a_local_law_of_its_bureau(client_for, users):
    data = {
        "name": "山西省未成年人保护条例",
        "short_name": "",
        "level": "local_regulation",
        "issuing_body": "山西省人民代表大会常务委员会",
        "promulgated_on": "",
        "effective_on": "",
        "status": "in_force",
    }
    response = client_for("legal_officer").post(reverse("documents:law_add"), data)
    law = Law.objects.get(name="山西省未成年人保护条例")
    assert response["Location"] == law.get_absolute_url()
    assert "sxswcnrbhtl" in law.search_text
    assert law.bureau == users["legal_officer"].bureau


def test_law_effective_before_promulgation_is_rejected(client_for):
    data = {
        "name": "测试条例",
        "level": "rule",
        "promulgated_on": "2024-05-01",
        "effective_on": "2024-04-30",
        "status": "in_force",
    }
    response = client_for("legal_officer").post(reverse("documents:law_add"), data)
    assert response.context["form"].errors == {"effective_on": ["施行日期不能早于公布日期。"]}
    assert not Law.objects.filter(name="测试条例").exists()


def test_national_law_names_are_unique(client_for):
    data = {"name": "中华人民共和国民法典", "level": "law", "status": "in_force", "national": "on"}
    response = client_for("system_admin").post(reverse("documents:law_add"), data)
    assert response.context["form"].errors == {"name": ["法律法规库中已有同名的全国通用条目。"]}
    assert Law.objects.filter(name="中华人民共和国民法典").count() == 1


def test_local_law_names_are_unique_within_the_bureau(client_for):
    data = {"name": "高平市教育局行政执法公示办法", "level": "normative", "status": "in_force"}
    client = client_for("legal_officer")
    assert client.post(reverse("documents:law_add"), data).status_code == 302
    response = client.post(reverse("documents:law_add"), data)
    assert response.context["form"].errors == {"name": ["本单位已有同名的法律法规条目。"]}
    # Another bureau may hold an entry of the same name.
    assert client_for("other_bureau_admin").post(reverse("documents:law_add"), data).status_code == 302
    assert Law.objects.filter(name=data["name"]).count() == 2
