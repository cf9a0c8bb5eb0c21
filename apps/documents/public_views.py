"""What visitors may see of the documents app: the 法律法规库, national reference data
(no bureau's records), read-only, searchable and paginated, without signing in."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import DetailView, TemplateView

from apps.core.pagination import paginate
from apps.core.tables import Column, Table

from .filtersets import LawFilterSet
from .models import Law

SECTIONS = [
    ("法律法规库", "public:documents:law_list", "教育法治工作引用的法律、行政法规、地方性法规和规章，可按名称、拼音检索。"),
]

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


class PublicLawListView(TemplateView):
    """The catalogue for anyone: the same search and filters as the staff list, no export."""

    template_name = "documents/public_law_list.html"
    per_page = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from apps.core.views import labelled_rows

        context = super().get_context_data(**kwargs)
        request = self.request
        # The catalogue is public: read the table directly, not through for_user (which
        # answers none() to visitors by design).
        queryset = Law.objects.all()
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
            rows=labelled_rows(columns, columns, PUBLIC_LAW_TABLE.rows(page.object_list)),
        )
        return context


class PublicLawDetailView(DetailView):
    model = Law
    template_name = "documents/public_law_detail.html"
    context_object_name = "law"
    fields = ("name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status")

    def get_object(self, queryset=None) -> Law:
        return get_object_or_404(Law, pk=self.kwargs["pk"])

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


urlpatterns = [
    path("laws/", PublicLawListView.as_view(), name="law_list"),
    path("laws/<int:pk>/", PublicLawDetailView.as_view(), name="law"),
]
