from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    UserFormMixin,
)

from . import exports, selectors, services
from .charts import bar_chart
from .choices import ReportStatus
from .figures import render_html
from .filtersets import ReportFilterSet
from .forms import OutlineSectionForm, ReportCreateForm, ReviewForm, SectionForm, SwitchOutlineForm, UnpublishForm
from .models import AnnualReport, Outline, OutlineSection, ReportSection
from .tables import REPORT_TABLE


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def report_parts(report: AnnualReport, figures: dict, *, links: bool = True) -> list[dict[str, Any]]:
    """The sections as shown: the frozen text of a published report, else the live rows."""

    if report.is_published and report.snapshot:
        rows = report.snapshot["sections"]
        return [dict(row, html=render_html(row["text"], figures, links=links)) for row in rows]
    parts = []
    for section in report.sections.all():
        parts.append(
            {
                "section": section,
                "level": section.level,
                "title": section.title,
                "text": section.text,
                "html": render_html(section.text, figures, links=links),
                "moved": selectors.moved_figures(section, figures),
            }
        )
    return parts


def _charts(report: AnnualReport) -> list:
    return [bar_chart(series, f"chart-{index}") for index, series in enumerate(selectors.charts_of(report), start=1)]


class ReportListView(ObjectListView):
    model = AnnualReport
    filterset_class = ReportFilterSet
    table = REPORT_TABLE
    title = "法治政府建设年度报告"
    add_url_name = "reports:report_add"


class ReportCreateView(UserFormMixin, PortalPermissionMixin, FormView):
    model = AnnualReport
    action = "add"
    form_class = ReportCreateForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["outlines"] = services.outlines_for(self.request.user.bureau)
        return kwargs

    def form_valid(self, form: ReportCreateForm) -> HttpResponse:
        try:
            report = services.create_report(
                by=self.request.user, year=form.cleaned_data["year"], outline=form.cleaned_data["outline"]
            )
        except ValidationError as error:
            form.add_error("year" if hasattr(error, "error_dict") else None, _errors(error))
            return self.form_invalid(form)
        messages.success(self.request, f"已生成“{report}”的初稿：各部分已按记录起草，请逐节修改。")
        return HttpResponseRedirect(report.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="新建年度报告",
            cancel_url=reverse("reports:report_list"),
            breadcrumbs=[("法治政府建设年度报告", reverse("reports:report_list"))],
        )
        return context


class ReportDetailView(ObjectDetailView):
    model = AnnualReport
    template_name = "reports/report_detail.html"

    def get_actions(self, obj: AnnualReport, *, can_write: bool) -> list[tuple[str, str, str]]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        figures = selectors.figures_of(report)
        writable = context["can_change"]
        context.update(
            charts=_charts(report),
            parts=report_parts(report, figures),
            figures=list(figures.values()),
            problems=services.problems(report, figures) if report.status == ReportStatus.DRAFT else [],
            can_edit=writable and report.status == ReportStatus.DRAFT,
            can_review=writable
            and report.status == ReportStatus.REVIEW
            and user.has_perm("reports.publish_annualreport")
            and user.pk not in (report.created_by_id, report.submitted_by_id),
            can_unpublish=writable and report.is_published and user.has_perm("reports.publish_annualreport"),
            review_form=ReviewForm(initial={"version": report.version}),
            outline_form=SwitchOutlineForm(report=report, initial={"version": report.version}),
        )
        return context


class SectionEditView(UserFormMixin, ScopedObjectMixin, FormView):
    model = ReportSection
    action = "change"
    form_class = SectionForm
    template_name = "reports/section_edit.html"

    def get_initial(self) -> dict[str, Any]:
        section = self.get_object()
        return {"text": section.text, "version": section.version}

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        # Editing a section is changing the report.
        if not request.user.has_perm("reports.change_annualreport"):
            raise PermissionDenied("您没有执行此操作的权限。")

    def form_valid(self, form: SectionForm) -> HttpResponse:
        section = self.get_object()
        try:
            services.save_section(
                by=self.request.user, section=section, text=form.cleaned_data["text"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
            return self.form_invalid(form)
        messages.success(self.request, f"已保存“{section}”。")
        return HttpResponseRedirect(section.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        section = self.get_object()
        report = section.report
        figures = selectors.figures_of(report)
        from .figures import matching

        context.update(
            title=f"修改：{section}",
            section=section,
            report=report,
            own_figures=matching(figures, section.facts),
            moved=selectors.moved_figures(section, figures),
            preview=render_html(section.text, figures),
            breadcrumbs=[("法治政府建设年度报告", reverse("reports:report_list")), (str(report), report.get_absolute_url())],
        )
        return context


class SectionRedraftView(ScopedObjectMixin, View):
    model = ReportSection
    action = "change"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm("reports.change_annualreport"):
            raise PermissionDenied("您没有执行此操作的权限。")

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        section = self.get_object()
        try:
            services.redraft_section(by=request.user, section=section, version=_int(request.POST.get("version")))
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, f"已按最新数据重新起草“{section}”。")
        return HttpResponseRedirect(section.get_absolute_url())


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class ReportStepView(ScopedObjectMixin, View):
    """A POST that moves the report on (send to review); errors come back as messages."""

    model = AnnualReport
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        try:
            services.submit(by=request.user, report=report, version=_int(request.POST.get("version")))
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, "已送审，请等待另一位同事做保密审查。")
        return HttpResponseRedirect(report.get_absolute_url())


class ReportOutlineView(ScopedObjectMixin, View):
    """A POST that rebuilds a draft on another outline; errors come back as messages."""

    model = AnnualReport
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_object()
        form = SwitchOutlineForm(request.POST, report=report)
        if not form.is_valid():
            messages.error(request, "请选择本局的另一个提纲。")
            return HttpResponseRedirect(report.get_absolute_url())
        outline = form.cleaned_data["outline"]
        try:
            services.switch_outline(by=request.user, report=report, outline=outline, version=form.cleaned_data["version"])
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, f"已改用提纲“{outline}”：同名章节保留了原有正文，其余章节按记录重新起草。")
        return HttpResponseRedirect(report.get_absolute_url())


class ReportReviewView(UserFormMixin, ScopedObjectMixin, FormView):
    model = AnnualReport
    action = "publish"
    form_class = ReviewForm
    template_name = "reports/report_review.html"

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        report = self.get_object()
        decision = self.request.POST.get("decision")
        if decision not in ("approve", "return"):
            form.add_error(None, "请点击“审核通过并发布”或“退回修改”。")
            return self.form_invalid(form)
        approve = decision == "approve"
        try:
            services.review(
                by=self.request.user,
                report=report,
                conclusion=form.cleaned_data["conclusion"],
                approve=approve,
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "conclusion" in error.error_dict:
                form.add_error("conclusion", error.error_dict["conclusion"])
            else:
                form.add_error(None, _errors(error))
            return self.form_invalid(form)
        messages.success(self.request, "审核通过，报告已发布。" if approve else "已退回修改。")
        return HttpResponseRedirect(report.get_absolute_url())

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.get_object().version}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.get_object()
        context.update(
            title=f"保密审查：{report}",
            cancel_url=report.get_absolute_url(),
            breadcrumbs=[("法治政府建设年度报告", reverse("reports:report_list")), (str(report), report.get_absolute_url())],
        )
        return context


class ReportUnpublishView(ReportReviewView):
    form_class = UnpublishForm

    def form_valid(self, form: UnpublishForm) -> HttpResponse:
        report = self.get_object()
        try:
            services.unpublish(
                by=self.request.user, report=report, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
            return self.form_invalid(form)
        messages.success(self.request, "已撤回发布，报告回到草稿状态。")
        return HttpResponseRedirect(report.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"撤回发布：{self.get_object()}"
        context["unpublishing"] = True
        return context


def print_context(report: AnnualReport, request: HttpRequest | None = None) -> dict[str, Any]:
    figures = selectors.figures_of(report)
    return {"report": report, "parts": report_parts(report, figures, links=False), "request": request}


FILE_KINDS = ("docx", "pdf", "xlsx")


def report_file(report: AnnualReport, kind: str, request: HttpRequest) -> HttpResponse:
    if kind not in FILE_KINDS:
        raise Http404("没有这种格式。")
    figures = selectors.figures_of(report)
    name = f"{report.title}"
    if kind == "docx":
        parts = report_parts(report, figures)
        return exports.file_response(exports.report_docx(report, parts, figures), exports.DOCX_TYPE, f"{name}.docx")
    if kind == "pdf":
        return exports.file_response(exports.report_pdf(print_context(report)), "application/pdf", f"{name}.pdf")
    base = request.build_absolute_uri("/")[:-1]
    return exports.file_response(
        exports.figures_xlsx(report, figures, base),
        exports.XLSX_TYPE,
        f"{name}_数据来源.xlsx",
    )


class ReportFileView(ScopedObjectMixin, View):
    model = AnnualReport

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        return report_file(self.get_object(), kind, request)


class ReportPrintView(ObjectDetailView):
    model = AnnualReport
    template_name = "reports/report_print.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(print_context(self.object, self.request))
        return context


class OutlineListView(ObjectListView):
    model = Outline
    from apps.core.tables import Column, Table

    table = Table([Column("name", "名称"), Column("kind", "基于"), Column("updated_at", "最后修改")])
    title = "报告提纲"

    def get_queryset(self):
        if self.request.user.bureau_id and not self.request.user.school_id:
            services.outlines_for(self.request.user.bureau)
        return super().get_queryset()


class OutlineDetailView(ObjectDetailView):
    model = Outline
    template_name = "reports/outline_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = self.object.sections.all()
        context["can_edit_sections"] = context["can_change"] or (
            self.request.user.has_perm("reports.change_outlinesection") and self.can_write(self.object)
        )
        return context


class OutlineSectionEditView(ObjectEditView):
    model = OutlineSection
    form_class = OutlineSectionForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.object is None:
            # ?outline=<pk>: the outline the new section joins, in the user's write scope.
            outline_pk = _int(self.request.GET.get("outline"))
            outline = get_object_or_404(Outline.objects.for_user(self.request.user, write=True), pk=outline_pk or 0)
            kwargs["instance"] = OutlineSection(
                outline=outline, bureau_id=outline.bureau_id, position=outline.sections.count() + 1
            )
        return kwargs


class OutlineSectionDeleteView(ObjectDeleteView):
    model = OutlineSection

    def form_valid(self, form) -> HttpResponse:
        outline_url = self.object.outline.get_absolute_url()
        label = str(self.object)
        self.object.delete()
        messages.success(self.request, f"已删除提纲章节“{label}”。")
        return HttpResponseRedirect(outline_url)


class RollupView(PortalPermissionMixin, TemplateView):
    """The city's counties side by side for a year (summed where a sum means something)."""

    model = AnnualReport
    template_name = "reports/rollup.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = _int(self.request.GET.get("year")) or timezone.localdate().year - 1
        counties, rows = selectors.city_rollup(user, year)
        published = {r.bureau_id: r for r in selectors.reports_for(user).filter(year=year, status=ReportStatus.PUBLISHED)}
        context.update(
            title=f"{year}年度各县法治政府建设数据汇总",
            year=year,
            years=range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            counties=[(county, published.get(county.pk)) for county in counties],
            rows=rows,
            breadcrumbs=[("法治政府建设年度报告", reverse("reports:report_list"))],
        )
        return context
