"""The 文件库's part of the annual report (五): the supervision 办法 and 规范性文件 the
bureau issued that year, and its clean-ups of documents (专项清理) with their outcome."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from apps.core.reporting import Fact
from apps.core.templatetags.portal import cn_date, doc_number

from .choices import CleanupDecisionKind, DocumentKind, DocumentStatus
from .models import CleanupCampaign, CleanupDecision, Document
from .selectors import measures_issued


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    measures = measures_issued(bureau, year).order_by("issued_on", "id")
    measures_url = _url("documents:document_list", kind=DocumentKind.MEASURES.value, year=year, issued="true")
    normative = Document.objects.filter(bureau=bureau, kind=DocumentKind.NORMATIVE, issued_on__year=year).exclude(
        status=DocumentStatus.DRAFT
    )
    campaigns = CleanupCampaign.objects.filter(bureau=bureau, started_on__year=year).order_by("started_on", "id")
    decisions = CleanupDecision.objects.filter(campaign__in=campaigns)
    by_decision = dict(decisions.order_by().values_list("decision").annotate(n=Count("id")))
    cleanup_url = _url("documents:document_list", cleanup_year=year)
    out = [
        Fact("documents.measures", "制定的办法", measures.count(), "件", measures_url),
        Fact(
            "documents.measures.titles",
            "制定的办法（名称）",
            [f"《{t}》" for t in measures.values_list("title", flat=True)],
            "",
            measures_url,
        ),
        Fact(
            "documents.normative",
            "制发的规范性文件",
            normative.count(),
            "件",
            _url("documents:document_list", kind=DocumentKind.NORMATIVE.value, year=year, issued="true"),
        ),
        Fact("documents.cleanups", "开展专项清理", campaigns.count(), "次", _url("documents:cleanup_list", year=year)),
        Fact(
            "documents.cleanups.basis",
            "专项清理依据",
            [
                f"《{c.basis_title}》（{doc_number(c.basis_number)}）" if c.basis_number else f"《{c.basis_title}》"
                for c in campaigns
            ],
            "",
            _url("documents:cleanup_list", year=year),
        ),
        Fact(
            "documents.cleanups.scope",
            "专项清理范围",
            [f"{cn_date(c.scope_from)}至{cn_date(c.scope_to)}制定的文件" for c in campaigns],
            "",
            _url("documents:cleanup_list", year=year),
        ),
        Fact("documents.cleanups.reviewed", "专项清理审查文件", decisions.count(), "件", cleanup_url),
    ]
    for kind in CleanupDecisionKind:
        out.append(
            Fact(
                f"documents.cleanups.{kind.value}",
                f"清理后{kind.label}",
                by_decision.get(kind.value, 0),
                "件",
                _url("documents:document_list", cleanup_year=year, cleanup_decision=kind.value),
            )
        )
    return out
