"""Reads other apps and the dashboard use."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from apps.core.attention import AttentionItem
from apps.documents import selectors
from apps.documents.choices import DocumentStatus, LawStatus

from .conftest import make_document, make_law

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def test_attention_counts_lapsed_valid_documents_of_the_own_bureau(users, bureau, other_bureau):
    make_document(bureau, effective_to=YESTERDAY)
    make_document(bureau, effective_to=YESTERDAY)
    make_document(bureau, effective_to=YESTERDAY, status=DocumentStatus.EXPIRED)
    make_document(bureau, effective_to=datetime.date.today())  # lapses tomorrow
    make_document(other_bureau, effective_to=YESTERDAY)
    assert selectors.attention(users["legal_officer"])[0] == AttentionItem(
        title="已过失效日期但仍标记为有效的文件",
        count=2,
        url=reverse("documents:document_list") + "?status=valid&lapsed=true",
    )
    assert selectors.attention(users["other_bureau_admin"])[0].count == 1


@pytest.mark.parametrize("role", ["inspector", "school_user", "city_viewer"])
def test_attention_is_only_for_those_who_can_fix_it(users, bureau, role):
    make_document(bureau, effective_to=YESTERDAY)
    assert selectors.attention(users[role]) == []


def test_dashboard_shows_the_item(client_for, bureau):
    make_document(bureau, effective_to=YESTERDAY)
    html = client_for("bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "已过失效日期但仍标记为有效的文件" in html


def test_law_choices_are_the_laws_in_force():
    repealed = make_law("测试已废止法", status=LawStatus.REPEALED)
    choices = selectors.law_choices()
    assert repealed not in choices
    assert set(choices.values_list("status", flat=True)) == {LawStatus.IN_FORCE}


def test_documents_for_is_scoped(users, bureau, other_bureau):
    ours = make_document(bureau)
    make_document(other_bureau)
    assert list(selectors.documents_for(users["school_user"])) == [ours]
    assert list(selectors.documents_for(users["city_viewer"])) == [ours]
    assert list(selectors.documents_for(users["city_viewer"], write=True)) == []


def test_laws_cited_counts_the_users_documents_only(users, bureau, other_bureau):
    education, minors = make_law("测试教育法"), make_law("测试未成年人保护法")
    for document in (make_document(bureau), make_document(bureau)):
        document.laws.add(education)
    make_document(bureau).laws.add(minors)
    make_document(other_bureau).laws.add(minors)
    cited = [(law.name, law.citing_documents) for law in selectors.laws_cited(users["legal_officer"])]
    assert cited == [("测试教育法", 2), ("测试未成年人保护法", 1)]


def test_normative_documents_expiring_within_six_months_are_a_dashboard_item(client_for, users, bureau, other_bureau):
    today = datetime.date.today()
    soon = make_document(bureau, kind="normative", effective_to=today + datetime.timedelta(days=90))
    make_document(bureau, kind="normative", effective_to=today + datetime.timedelta(days=200))  # later
    make_document(bureau, kind="normative", effective_to=YESTERDAY)  # lapsed: the other item
    make_document(bureau, kind="normative", status=DocumentStatus.REPEALED, effective_to=today)
    make_document(bureau, kind="notice", effective_to=today)  # not a 规范性文件
    make_document(other_bureau, kind="normative", effective_to=today)
    item = selectors.attention(users["legal_officer"])[1]
    assert item == AttentionItem(
        title="六个月内到期的规范性文件",
        count=1,
        url=reverse("documents:document_list") + "?kind=normative&status=valid&expiring=true",
        level="info",
    )
    # The item's list shows exactly that document.
    html = client_for("legal_officer").get(item.url).content.decode()
    assert "共 1 条记录" in html and soon.title in html
    assert "六个月内到期的规范性文件" in client_for("legal_officer").get(reverse("core:dashboard")).content.decode()
