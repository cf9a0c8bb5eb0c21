"""What visitors may see of the documents app: the 法律法规库, national reference data
(no bureau's records), read-only, searchable and paginated, without signing in."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import DetailView, TemplateView

from apps.core.pagination import paginate
from apps.core.tables import Column, Table, labelled_rows

from .choices import CleanupStatus
from .filtersets import LawFilterSet
from .models import CleanupCampaign, Law

SECTIONS = [
    ("法律法规库", "public:documents:law_list", "教育法治工作引用的法律、行政法规、地方性法规和规章，可按名称、拼音检索。"),
    ("文件清理结果", "public:documents:cleanup_list", "规范性文件专项清理后继续有效、修改、废止和宣布失效的文件目录。"),
]


def public_laws():
    """What visitors see of the catalogue: the national entries and the public site's
    bureau's own local ones."""

    from django.db.models import Q

    from apps.core.context_processors import site_bureau

    bureau = site_bureau(None)
    local = Q(bureau=bureau) if bureau is not None else Q(pk__in=[])
    return Law.objects.filter(Q(bureau__isnull=True) | local)


PUBLIC_LAW_TABLE = Table(
    [
        Column("name", "名称"),
        Column("level", "效力层级"),
        Column("issuing_body", "制定机关"),
        Column("promulgated_on", "公布日期"),
        Column("effective_on", "施行日期"),
        Column("status", "时效性"),
    ]
)


def _law_url(law) -> str:
    return reverse("public:documents:law", args=[law.pk])


class PublicLawListView(TemplateView):
    """The catalogue for anyone: the same search and filters as the staff list, no export."""

    template_name = "documents/public_law_list.html"
    per_page = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        # The catalogue is public: read the table directly, not through for_user (which
        # answers none() to visitors by design).
        queryset = public_laws()
        filterset = LawFilterSet(request.GET or None, queryset=queryset, request=request)
        if filterset.is_bound:
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        page = paginate(queryset, after=request.GET.get("after"), before=request.GET.get("before"), per_page=self.per_page)
        columns = PUBLIC_LAW_TABLE.columns
        context.update(
            title="法律法规库",
            breadcrumbs=[],
            filter=filterset,
            filtered=any(request.GET.get(name) for name in filterset.filters),
            page=page,
            columns=columns,
            rows=labelled_rows(columns, columns, PUBLIC_LAW_TABLE.rows(page.object_list), _law_url),
        )
        return context


class PublicLawDetailView(DetailView):
    model = Law
    template_name = "documents/public_law_detail.html"
    context_object_name = "law"
    fields = ("name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status")

    def get_object(self, queryset=None) -> Law:
        return get_object_or_404(public_laws(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        law = self.object
        context["title"] = law.name
        context["breadcrumbs"] = [("法律法规库", reverse("public:documents:law_list"))]
        context["fields"] = [
            (law._meta.get_field(name).verbose_name, getattr(law, f"get_{name}_display", lambda n=name: getattr(law, n))())
            for name in self.fields
        ]
        return context


class PublicCleanupListView(TemplateView):
    template_name = "documents/public_cleanup_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from apps.core.context_processors import site_bureau

        context = super().get_context_data(**kwargs)
        context.update(
            title="文件清理结果",
            breadcrumbs=[],
            campaigns=CleanupCampaign.objects.filter(bureau=site_bureau(None), status=CleanupStatus.PUBLISHED).order_by(
                "-published_on", "-id"
            ),
        )
        return context


class PublicCleanupDetailView(TemplateView):
    model = CleanupCampaign
    template_name = "documents/public_cleanup_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from apps.core.context_processors import site_bureau

        from .selectors import cleanup_results

        context = super().get_context_data(**kwargs)
        campaign = get_object_or_404(
            CleanupCampaign, pk=self.kwargs["pk"], bureau=site_bureau(None), status=CleanupStatus.PUBLISHED
        )
        context.update(
            title=campaign.title,
            campaign=campaign,
            results=cleanup_results(campaign),
            breadcrumbs=[("文件清理结果", reverse("public:documents:cleanup_list"))],
        )
        return context


urlpatterns = [
    path("cleanups/", PublicCleanupListView.as_view(), name="cleanup_list"),
    path("cleanups/<int:pk>/", PublicCleanupDetailView.as_view(), name="cleanup"),
    path("laws/", PublicLawListView.as_view(), name="law_list"),
    path("laws/<int:pk>/", PublicLawDetailView.as_view(), name="law"),
]
