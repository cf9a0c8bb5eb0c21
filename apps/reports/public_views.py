"""The published annual reports, for anyone: by year, each as a page with its .docx and
PDF. Only published reports, and only their frozen snapshot."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from apps.core.context_processors import public_bureau

from . import selectors
from .views import _charts, report_file, report_parts

PUBLIC_FILE_KINDS = ("docx", "pdf")

SECTIONS = [
    ("法治政府建设年度报告", "public:reports:list", "教育局每年公开的法治政府建设工作年度报告，可在线阅读、下载。"),
]


class PublicReportListView(TemplateView):
    template_name = "reports/public_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # A bureau's public site lists its own reports; with none chosen, every bureau's.
        reports = selectors.published()
        bureau = public_bureau(self.request)
        if bureau is not None:
            reports = reports.filter(bureau=bureau)
        context.update(title="法治政府建设年度报告", breadcrumbs=[], reports=reports[:200])
        return context


class PublicReportView(TemplateView):
    template_name = "reports/public_report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = get_object_or_404(selectors.published(), pk=self.kwargs["pk"])
        figures = selectors.figures_of(report)
        context.update(
            title=report.title,
            report=report,
            parts=report_parts(report, figures, links=False),
            charts=_charts(report),
            breadcrumbs=[("法治政府建设年度报告", reverse("public:reports:list"))],
        )
        return context


class PublicReportFileView(View):
    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        if kind not in PUBLIC_FILE_KINDS:
            raise Http404("没有这种格式。")
        return report_file(get_object_or_404(selectors.published(), pk=pk), kind, request)


urlpatterns = [
    path("", PublicReportListView.as_view(), name="list"),
    path("<int:pk>/", PublicReportView.as_view(), name="report"),
    # The public gets the documents only; the figures sheet links the staff's lists.
    path("<int:pk>/<str:kind>/", PublicReportFileView.as_view(), name="file"),
]
