"""Reads of the document library and the law catalogue that other apps (and the
dashboard) may use. Every document read is scoped by `for_user`."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure

from .choices import DocumentKind, DocumentStatus, LawStatus
from .models import Document, Law


def law_choices(user: Any = None) -> QuerySet[Law]:
    """The laws in force, for a form's "legal basis" field (the catalogue is small): the
    national ones and, given a user, the local ones the user may cite."""

    laws = Law.objects.for_user(user) if user is not None else Law.objects.national()
    return laws.filter(status=LawStatus.IN_FORCE).order_by("name", "id")


def laws_for(user: Any, *, write: bool = False) -> QuerySet[Law]:
    """The laws the user may read and cite (or, with `write`, change): the national
    catalogue and the local entries of the user's bureau and the bureaus under it."""

    return Law.objects.for_user(user, write=write)


def documents_for(user: Any, *, write: bool = False) -> QuerySet[Document]:
    """The documents the user may read (or, with `write`, change)."""

    return Document.objects.for_user(user, write=write)


def documents_titled(user: Any, titles: Iterable[str]) -> dict[str, Document]:
    """The user's documents with these exact titles, by title (another app's demo finds
    the documents it sends this way); a title not found is absent from the result."""

    found = documents_for(user).filter(title__in=list(titles)).order_by("title", "id")
    return {document.title: document for document in found}


def documents_citing(law: Law, user: Any) -> QuerySet[Document]:
    """The user's documents that cite `law`, newest first."""

    return documents_for(user).filter(laws=law).order_by("-issued_on", "-id")


def laws_cited(user: Any) -> QuerySet[Law]:
    """Laws cited by the user's documents, each annotated with `citing_documents`."""

    documents = documents_for(user)
    return (
        Law.objects.annotate(citing_documents=Count("documents", filter=Q(documents__in=documents), distinct=True))
        .filter(citing_documents__gt=0)
        .order_by("-citing_documents", "name", "id")
    )


def lapsed_documents(user: Any, *, write: bool = False) -> QuerySet[Document]:
    """Still marked 有效 although their 失效日期 has passed: to be marked 已失效 or renewed."""

    return documents_for(user, write=write).filter(status=DocumentStatus.VALID, effective_to__lt=timezone.localdate())


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def expiring_documents(user: Any, *, write: bool = False) -> QuerySet[Document]:
    """规范性文件 in force whose 失效日期 falls within the next six months: to be renewed,
    revised or left to lapse, decided in time."""

    today = timezone.localdate()
    return documents_for(user, write=write).filter(
        kind=DocumentKind.NORMATIVE,
        status=DocumentStatus.VALID,
        effective_to__gte=today,
        effective_to__lte=add_months(today, 6),
    )


def attention(user: Any) -> list[AttentionItem]:
    """Dashboard items for those who can fix them: lapsed documents of their own bureau,
    and its 规范性文件 expiring within six months."""

    if not user.has_perm("documents.change_document"):
        return []
    return [
        AttentionItem(
            title="已过失效日期但仍标记为有效的文件",
            count=lapsed_documents(user, write=True).count(),
            url=reverse("documents:document_list") + "?status=valid&lapsed=true",
        ),
        AttentionItem(
            title="六个月内到期的规范性文件",
            count=expiring_documents(user, write=True).count(),
            url=reverse("documents:document_list") + "?kind=normative&status=valid&expiring=true",
            level="info",
        ),
    ]


def key_figures(user: Any) -> list[KeyFigure]:
    """The library's figures on the dashboard, each the count of the list it links to."""

    figures = []
    if user.has_perm("documents.view_document"):
        figures.append(
            KeyFigure(
                "现行文件",
                documents_for(user).filter(status=DocumentStatus.VALID).count(),
                "件",
                reverse("documents:document_list") + "?status=valid",
            )
        )
    if user.has_perm("documents.view_law"):
        figures.append(
            KeyFigure(
                "现行有效法律法规",
                laws_for(user).filter(status=LawStatus.IN_FORCE).count(),
                "部",
                reverse("documents:law_list") + "?status=in_force",
            )
        )
    return figures


def measures_issued(bureau: Any, year: int) -> QuerySet[Document]:
    """The bureau's 办法 issued in `year` (the supervision rules of report part 五)."""

    return Document.objects.filter(bureau=bureau, kind=DocumentKind.MEASURES, issued_on__year=year).exclude(
        status=DocumentStatus.DRAFT
    )


def cleanup_results(campaign: Any) -> list[tuple[str, str, list[Any]]]:
    """The published results lists of a clean-up: (decision, label, its decisions with
    their documents), in the order of CleanupDecisionKind."""

    from .choices import CleanupDecisionKind

    decisions = list(campaign.decisions.select_related("document").order_by("document__issued_on", "id"))
    return [(kind.value, kind.label, [d for d in decisions if d.decision == kind.value]) for kind in CleanupDecisionKind]
