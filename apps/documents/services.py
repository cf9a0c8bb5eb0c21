"""Writes of the 文件库 and 法律法规库: keyword-only, the acting user first checked, atomic.

The derived fields (the 文号's 〔〕, the search key) are filled here, not in
`Model.save()`: a write that skips the service is visible as such, not silently fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser as User  # type hints only
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.models import DictionaryItem
from apps.core.pinyin import search_key
from apps.core.templatetags.portal import doc_number

from .choices import (
    PASSING_CONCLUSIONS,
    CleanupDecisionKind,
    CleanupStatus,
    DocumentKind,
    DocumentStatus,
    ReviewKind,
)
from .models import CleanupCampaign, CleanupDecision, Document, DocumentReview, Law, LawMaintainer, maintains_national_laws

FAIR_REVIEW_REQUIRED = (
    "该规范性文件涉及市场主体经济活动，须先完成公平竞争审查且结论为通过，才能印发。"
    "请先保存为“拟制中”，在文件页录入公平竞争审查后再印发。"
)
STALE_DOCUMENT = "该文件已被他人修改（您看到的是旧版本），请重新打开后再修改。"
NATIONAL_READ_ONLY = "全国通用的法律法规条目由系统管理员（或其指定的维护单位）维护，本单位只能新增和修改本单位的地方条目。"
CLEANUP_PUBLISHED = "该专项清理的结果已经公布，不能再修改。"


def document_index(document: Document) -> None:
    """The 文号 with 〔〕 whatever brackets were typed, and the search key of the list's
    `q` (also used by test builders that write rows directly)."""

    document.number = doc_number(document.number.strip())
    document.search_text = search_key(document.title, document.number, document.issuer)


def law_index(law: Law) -> None:
    law.search_text = search_key(law.name, law.short_name)


def _require(by: User, perm: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied("您没有执行此操作的权限。")


def issue_blockers(document: Document) -> list[str]:
    """Why `document` may not stand as issued: a market-touching 规范性文件 needs a
    fair-competition review that passed."""

    if document.kind != DocumentKind.NORMATIVE or not document.touches_market or document.status == DocumentStatus.DRAFT:
        return []
    passed = (
        document.pk
        and DocumentReview.objects.filter(
            document_id=document.pk, kind=ReviewKind.FAIR_COMPETITION, conclusion__in=PASSING_CONCLUSIONS
        ).exists()
    )
    return [] if passed else [FAIR_REVIEW_REQUIRED]


@transaction.atomic
def document_save(
    *,
    document: Document,
    by: User,
    topics: Iterable[DictionaryItem] | None = None,
    laws: Iterable[Law] | None = None,
    version: int | None = None,
) -> Document:
    """Create (no pk: in `by`'s bureau) or change a document of `by`'s own bureau, with
    its topics and cited laws when given. `version`: the version the form was based on
    (an older one is refused). A market-touching 规范性文件 cannot stand as issued
    without a passing fair-competition review."""

    if document.pk is None:
        _require(by, "documents.add_document")
        if by.bureau_id is None:
            raise ValidationError("您的账号未关联教育局，不能新建文件。")
        document.bureau_id = by.bureau_id
    else:
        _require(by, "documents.change_document")
        # Re-checked against the stored row: the bureau a form was given cannot move it.
        current = (
            Document.objects.for_user(by, write=True)
            .select_for_update()
            .filter(pk=document.pk, bureau_id=document.bureau_id)
            .first()
        )
        if current is None:
            raise PermissionDenied("您只能查看此记录，不能修改。")
        if version is not None and current.version != version:
            raise ValidationError(STALE_DOCUMENT)
        document.version = current.version + 1
    blockers = issue_blockers(document)
    if blockers:
        raise ValidationError({"status": blockers})
    document_index(document)
    document.full_clean()
    document.save()
    if topics is not None:
        document.topics.set(topics)
    if laws is not None:
        document.laws.set(laws)
    return document


@transaction.atomic
def document_issue(*, document: Document, by: User) -> Document:
    """印发 a draft (拟制中 → 有效), refused while it lacks a review it needs."""

    _require(by, "documents.change_document")
    current = Document.objects.for_user(by, write=True).select_for_update().filter(pk=document.pk).first()
    if current is None:
        raise PermissionDenied("您只能查看此记录，不能修改。")
    if current.status != DocumentStatus.DRAFT:
        raise ValidationError("只有“拟制中”的文件可以印发。")
    current.status = DocumentStatus.VALID
    blockers = issue_blockers(current)
    if blockers:
        raise ValidationError(blockers)
    current.version += 1
    current.save(update_fields=["status", "version", "updated_at"])
    return current


@transaction.atomic
def review_add(*, document: Document, by: User, review: DocumentReview, token: Any = None) -> DocumentReview:
    """Record a 合法性审核 or 公平竞争审查 of a document of `by`'s bureau (a double-posted
    form records one)."""

    _require(by, "documents.change_document")
    if not Document.objects.for_user(by, write=True).filter(pk=document.pk).exists():
        raise PermissionDenied("您只能查看此记录，不能修改。")
    if token is not None:
        done = DocumentReview.objects.filter(submit_token=token, document=document).first()
        if done is not None:
            return done
    review.document = document
    review.bureau_id = document.bureau_id
    review.submit_token = token
    if review.kind == ReviewKind.FAIR_COMPETITION and review.touches_market is None:
        raise ValidationError({"touches_market": "公平竞争审查须写明是否涉及市场主体经济活动。"})
    if review.kind == ReviewKind.LEGALITY:
        review.touches_market = None
    review.full_clean()
    review.save()
    return review


def _law_scope_check(law: Law, by: User) -> None:
    if law.pk is None:
        if law.bureau_id is None and not maintains_national_laws(by):
            raise PermissionDenied(NATIONAL_READ_ONLY)
        if law.bureau_id is not None and law.bureau_id != by.bureau_id and not by.is_superuser:
            raise PermissionDenied("只能新增本单位的地方条目。")
        return
    stored = Law.objects.filter(pk=law.pk).values_list("bureau_id", flat=True).first()
    writable = Law.objects.for_user(by, write=True).filter(pk=law.pk).exists()
    # The stored row decides (a form cannot move a national entry into a bureau, or back).
    if not writable or stored != law.bureau_id:
        raise PermissionDenied(NATIONAL_READ_ONLY)


@transaction.atomic
def law_save(*, law: Law, by: User) -> Law:
    """Add or correct an entry of the catalogue: a national one (no bureau) only by its
    maintainers, a local one by its own bureau."""

    _require(by, "documents.add_law" if law.pk is None else "documents.change_law")
    _law_scope_check(law, by)
    law_index(law)
    law.full_clean()
    law.save()
    return law


@transaction.atomic
def law_maintainer_save(*, maintainer: LawMaintainer, by: User) -> LawMaintainer:
    """Name a bureau maintainer of the national catalogue (the system administrator)."""

    _require(by, "documents.add_lawmaintainer")
    maintainer.appointed_by = by
    maintainer.full_clean()
    maintainer.save()
    return maintainer


def _require_campaign(campaign: CleanupCampaign, by: User) -> CleanupCampaign:
    _require(by, "documents.change_cleanupcampaign")
    current = CleanupCampaign.objects.for_user(by, write=True).select_for_update().filter(pk=campaign.pk).first()
    if current is None:
        raise PermissionDenied("您只能查看此记录，不能修改。")
    if current.status == CleanupStatus.PUBLISHED:
        raise ValidationError(CLEANUP_PUBLISHED)
    return current


@transaction.atomic
def cleanup_save(*, campaign: CleanupCampaign, by: User) -> CleanupCampaign:
    """Create or change a clean-up campaign of `by`'s bureau while it is in progress."""

    if campaign.pk is None:
        _require(by, "documents.add_cleanupcampaign")
        if by.bureau_id is None:
            raise ValidationError("您的账号未关联教育局。")
        campaign.bureau_id = by.bureau_id
        campaign.status = CleanupStatus.IN_PROGRESS
    else:
        _require_campaign(campaign, by)
    campaign.basis_number = doc_number(campaign.basis_number.strip())
    campaign.full_clean()
    campaign.save()
    return campaign


def documents_in_scope(campaign: CleanupCampaign):
    """The bureau's documents made within the campaign's period (what it must decide on)."""

    return Document.objects.filter(
        bureau_id=campaign.bureau_id, issued_on__gte=campaign.scope_from, issued_on__lte=campaign.scope_to
    ).exclude(status=DocumentStatus.DRAFT)


@transaction.atomic
def cleanup_decide(
    *,
    campaign: CleanupCampaign,
    document: Document,
    by: User,
    decision: str,
    reviewer: str,
    reason: str,
    decided_on: Any,
) -> CleanupDecision:
    """Record (or correct, before publication) the campaign's decision on one document."""

    campaign = _require_campaign(campaign, by)
    if not documents_in_scope(campaign).filter(pk=document.pk).exists():
        raise ValidationError({"document": "该文件不在本次清理的范围内（本局在清理期间制定的文件）。"})
    row = CleanupDecision.objects.filter(campaign=campaign, document=document).first() or CleanupDecision(
        campaign=campaign, document=document, bureau_id=campaign.bureau_id
    )
    row.decision, row.reviewer, row.reason, row.decided_on = decision, reviewer, reason, decided_on
    row.full_clean()
    row.save()
    return row


# What publication does to a document's status.
STATUS_AFTER = {
    CleanupDecisionKind.REPEAL: DocumentStatus.REPEALED,
    CleanupDecisionKind.INVALIDATE: DocumentStatus.EXPIRED,
}


@transaction.atomic
def cleanup_publish(*, campaign: CleanupCampaign, by: User, published_on: Any) -> CleanupCampaign:
    """Publish the results lists: every document in scope must have a decision; the
    repealed and invalidated ones change status."""

    campaign = _require_campaign(campaign, by)
    undecided = documents_in_scope(campaign).exclude(cleanup_decisions__campaign=campaign).count()
    if undecided:
        raise ValidationError(f"还有 {undecided} 件清理范围内的文件没有清理意见，全部审查后才能公布结果。")
    for kind, status in STATUS_AFTER.items():
        Document.objects.filter(cleanup_decisions__campaign=campaign, cleanup_decisions__decision=kind).update(status=status)
    campaign.status = CleanupStatus.PUBLISHED
    campaign.published_on = published_on
    campaign.save(update_fields=["status", "published_on", "updated_at"])
    return campaign
