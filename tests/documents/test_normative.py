"""规范性文件: legality and fair-competition reviews on the document, no issuing of a
market-touching one without a passing fair-competition review, at most five years'
validity, stale edits refused."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.documents import services
from apps.documents.choices import DocumentStatus, ReviewConclusion, ReviewKind
from apps.documents.models import Document, DocumentReview

from .conftest import make_document

pytestmark = pytest.mark.django_db

FORM = {
    "title": "高平市民办学校年度检查实施办法",
    "number": "高教发〔2024〕9号",
    "kind": "normative",
    "issuer": "高平市教育局",
    "issued_on": "2024-03-01",
    "effective_from": "2024-03-01",
    "effective_to": "2029-02-28",
    "touches_market": "on",
}


def review(document, by, conclusion=ReviewConclusion.PASSED, kind=ReviewKind.FAIR_COMPETITION):
    return services.review_add(
        document=document,
        by=by,
        review=DocumentReview(
            kind=kind,
            touches_market=True if kind == ReviewKind.FAIR_COMPETITION else None,
            conclusion=conclusion,
            reviewer="政策法规股",
            reviewed_on=datetime.date(2024, 2, 20),
        ),
    )


def test_a_market_touching_normative_document_cannot_be_saved_as_issued_without_review(client_for):
    response = client_for("legal_officer").post(reverse("documents:document_add"), {**FORM, "status": "valid"})
    assert response.context["form"].errors["status"] == [services.FAIR_REVIEW_REQUIRED]
    assert not Document.objects.exists()


def test_issuing_needs_a_passing_fair_competition_review(client_for, users, bureau):
    officer = users["legal_officer"]
    client = client_for("legal_officer")
    assert client.post(reverse("documents:document_add"), {**FORM, "status": "draft"}).status_code == 302
    document = Document.objects.get()
    issue = reverse("documents:document_issue", args=[document.pk])
    response = client.post(issue, follow=True)
    assert services.FAIR_REVIEW_REQUIRED in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    # A legality review or a failed fair-competition review is not enough.
    review(document, officer, kind=ReviewKind.LEGALITY)
    review(document, officer, conclusion=ReviewConclusion.FAILED)
    with pytest.raises(ValidationError):
        services.document_issue(document=document, by=officer)
    review(document, officer, conclusion=ReviewConclusion.PASSED_REVISED)
    response = client.post(issue, follow=True)
    assert f"已印发“{document.title}”。" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.VALID
    page = client.get(document.get_absolute_url()).content.decode()
    assert "公平竞争审查" in page and "修改后通过" in page and "合法性审核" in page


def test_a_document_not_touching_the_market_is_issued_without_review(users, bureau):
    document = make_document(bureau, kind="normative", status=DocumentStatus.DRAFT)
    assert services.document_issue(document=document, by=users["legal_officer"]).status == DocumentStatus.VALID


def test_the_review_form_asks_whether_the_market_is_touched_and_records_one_on_a_double_post(client_for, bureau):
    document = make_document(bureau, kind="normative", status=DocumentStatus.DRAFT)
    url = reverse("documents:document_review_add", args=[document.pk])
    client = client_for("legal_officer")
    data = {"kind": "fair_competition", "conclusion": "passed", "reviewer": "王审", "reviewed_on": "2024-02-01"}
    response = client.post(url, data)
    assert response.context["form"].errors == {"touches_market": ["公平竞争审查须写明是否涉及市场主体经济活动。"]}
    data.update(touches_market="yes", token=str(uuid.uuid4()))
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert document.reviews.count() == 1 and document.reviews.get().touches_market is True


@pytest.mark.parametrize("role", ["city_viewer", "school_user", "inspector", "other_bureau_admin"])
def test_only_the_bureaus_staff_record_reviews_or_issue(client_for, bureau, role):
    document = make_document(bureau, kind="normative", status=DocumentStatus.DRAFT)
    expected = 404 if role == "other_bureau_admin" else 403
    assert client_for(role).get(reverse("documents:document_review_add", args=[document.pk])).status_code == expected
    assert client_for(role).post(reverse("documents:document_issue", args=[document.pk])).status_code == expected
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT and not document.reviews.exists()


def test_a_normative_document_runs_at_most_five_years(client_for):
    data = {**FORM, "touches_market": "", "status": "valid", "effective_to": "2029-03-02"}
    response = client_for("legal_officer").post(reverse("documents:document_add"), data)
    assert response.context["form"].errors == {"effective_to": ["规范性文件的有效期一般不超过5年，请核对“失效日期”。"]}
    data["effective_to"] = "2029-03-01"
    assert client_for("legal_officer").post(reverse("documents:document_add"), data).status_code == 302


def test_an_edit_based_on_an_older_version_is_refused(client_for, bureau):
    document = make_document(bureau, title="旧标题")
    url = reverse("documents:document_edit", args=[document.pk])
    data = {
        "title": "甲的标题",
        "number": document.number,
        "kind": "notice",
        "issuer": "高平市教育局",
        "issued_on": "2024-03-01",
        "status": "valid",
        "version": document.version,
    }
    assert client_for("legal_officer").post(url, data).status_code == 302
    response = client_for("bureau_admin").post(url, {**data, "title": "乙的标题"})
    assert services.STALE_DOCUMENT in response.content.decode()
    document.refresh_from_db()
    assert document.title == "甲的标题"
