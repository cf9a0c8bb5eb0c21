from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic.edit import FormView

from apps.core.exports import XLSX_TYPE
from apps.core.forms import ImportUploadForm
from apps.core.imports import ImportFailed, read_rows, run_import, template_response
from apps.core.security import log_denied, log_personal_data_view
from apps.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    UserFormMixin,
    list_crumb,
)
from apps.registry.models import Person

from . import selectors, services
from .choices import BatchStatus, CaseStatus, CheckStatus, ExportKind
from .filtersets import (
    AuthorisationFilterSet,
    BatchFilterSet,
    CaseFilterSet,
    CheckFilterSet,
    CoverageFilterSet,
    EntryFilterSet,
    ExportLogFilterSet,
    PersonScreeningFilterSet,
    ResultFilterSet,
)
from .forms import AuthorisationForm, BatchForm, CaseCloseForm, CaseForm, EthicsEntryForm
from .imports import ResultImporter
from .models import Authorisation, Check, EthicsEntry, ExportLog, QueryBatch, RestrictedCase
from .tables import (
    AUTHORISATION_TABLE,
    BATCH_TABLE,
    CASE_TABLE,
    CHECK_TABLE,
    COVERAGE_TABLE,
    ENTRY_TABLE,
    EXPORT_LOG_TABLE,
    OVERDUE_TABLE,
    RESULT_TABLE,
    STAFF_TABLE,
)

SCAN_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ResultsMixin:
    """Pages that show outcomes or cases: also `view_result_check`, whatever the model."""

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if not request.user.has_perm("screening.view_result_check"):
            log_denied(request, "缺少权限 screening.view_result_check")
            raise PermissionDenied("查看查询结果需要专门授权。")


class LoggedExportMixin:
    """A list whose export carries results: every export is logged (who, when, rows)."""

    export_kind = ExportKind.RESULTS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        export = request.GET.get("export")
        if export in ("csv", "xlsx"):
            services.export_log(
                by=request.user, kind=self.export_kind, file_name=f"{self.get_title()}.{export}", address=_address(request)
            )
        return response


def _file_response(field, title: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404("文件不存在。") from missing
    extension = PurePath(field.name).suffix.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{title}{extension}",
        content_type=SCAN_TYPES.get(extension, "application/octet-stream"),
    )
    add_never_cache_headers(response)
    return response


# -- coverage and the yearly re-check ---------------------------------------------------


class CoverageView(ObjectListView):
    """Per school: staff, checked this year, not yet checked, hired since the last check."""

    model = QueryBatch
    filterset_class = CoverageFilterSet
    table = COVERAGE_TABLE
    title = "查询覆盖情况"
    template_name = "screening/coverage.html"

    def year(self) -> int:
        return selectors.year_of(self.request.GET.get("year"))

    def get_queryset(self):
        return selectors.coverage(self.request.user, self.year()).select_related("bureau").order_by("sort_key", "id")

    def get_title(self) -> str:
        return f"{self.year()}年查询覆盖情况"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = kwargs.get("page")
        totals = selectors.coverage_totals(page.object_list, page.count, page.count_capped) if page else None
        context.update(year=self.year(), totals=totals)
        return context


class OverdueListView(ObjectListView):
    """Active staff whose last check is over a year old, or who were never checked."""

    model = QueryBatch
    filterset_class = PersonScreeningFilterSet
    table = OVERDUE_TABLE
    title = "到期未复查人员"
    link_rows = False

    def get_queryset(self):
        return selectors.with_screening(selectors.overdue(self.request.user)).select_related("employer", "bureau")


class StaffListView(ObjectListView):
    """The school's staff: authorisation on file and the last check's date (no result)."""

    model = Authorisation
    filterset_class = PersonScreeningFilterSet
    table = STAFF_TABLE
    title = "教职员工授权与查询"
    template_name = "screening/staff_list.html"
    link_rows = False

    def get_queryset(self):
        return selectors.staff_for(self.request.user).select_related("employer")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("screening.add_authorisation")
        # once, not once a row (reverse() was a tenth of the page)
        context["authorise_url"] = reverse("screening:authorisation_add")
        context["can_file"] = self.request.user.has_perm("screening.view_result_check")
        return context


# -- authorisations ----------------------------------------------------------------------


class AuthorisationListView(ObjectListView):
    model = Authorisation
    filterset_class = AuthorisationFilterSet
    table = AUTHORISATION_TABLE
    add_url_name = "screening:authorisation_add"


class AuthorisationDetailView(ObjectDetailView):
    model = Authorisation
    template_name = "screening/authorisation_detail.html"
    fields = ("person", "signed_on", "recorded_by", "created_at")

    def get_actions(self, obj, *, can_write: bool):
        return []


class AuthorisationScanView(ScopedObjectMixin, View):
    model = Authorisation

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        item = self.get_object()
        if not item.scan:
            raise Http404("没有扫描件。")
        return _file_response(item.scan, f"{item.person.name}_授权书_{item.signed_on:%Y%m%d}")


class AuthorisationCreateView(UserFormMixin, PortalPermissionMixin, FormView):
    model = Authorisation
    action = "add"
    form_class = AuthorisationForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        person = self.request.GET.get("person", "")
        if person.isdigit() and self.request.method != "POST":
            kwargs["initial"] = {"people": [int(person)]}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="登记授权书",
            cancel_url=reverse("screening:staff_list"),
            breadcrumbs=[("教职员工授权与查询", reverse("screening:staff_list"))],
        )
        return context

    def form_valid(self, form: AuthorisationForm) -> HttpResponse:
        try:
            created = form.save()
        except ValidationError:
            return self.form_invalid(form)
        if created:
            messages.success(self.request, f"已登记 {len(created)} 人的授权书。")
        else:
            messages.info(self.request, "所选人员已有该日期的授权书，没有重复登记。")
        return HttpResponseRedirect(reverse("screening:staff_list"))


# -- batches --------------------------------------------------------------------------


class QueryBatchListView(ObjectListView):
    model = QueryBatch
    filterset_class = BatchFilterSet
    table = BATCH_TABLE
    add_url_name = "screening:querybatch_add"

    def get_queryset(self):
        return super().get_queryset().annotate(members=Count("checks"))


class QueryBatchDetailView(ObjectDetailView):
    model = QueryBatch
    template_name = "screening/querybatch_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        batch, user = self.object, self.request.user
        counts = Check.objects.filter(batch=batch).aggregate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(status=CheckStatus.PENDING)),
            checked=Count("pk", filter=Q(status=CheckStatus.CHECKED)),
            failed=Count("pk", filter=Q(status=CheckStatus.FAILED)),
        )
        can_results = user.has_perm("screening.view_result_check")
        if can_results:
            counts["hits"] = RestrictedCase.objects.filter(check_record__batch=batch).count()
        missing = services.batch_missing_authorisation(batch) if batch.status == BatchStatus.DRAFT else Person.objects.none()
        context.update(
            counts=counts,
            can_results=can_results,
            schools=batch.schools.order_by("sort_key", "id"),
            missing=list(missing[:200]),
            missing_more=missing.count() > 200 if batch.status == BatchStatus.DRAFT else False,
            can_export=context["can_change"] and user.has_perm("screening.export_querybatch"),
            can_import=context["can_change"] and user.has_perm("screening.change_check") and batch.status != BatchStatus.DRAFT,
            is_draft=batch.status == BatchStatus.DRAFT,
            exports=batch.exports.select_related("by")[:20] if user.has_perm("screening.view_exportlog") else None,
        )
        return context

    def get_actions(self, obj, *, can_write: bool):
        return []


class QueryBatchCreateView(UserFormMixin, PortalPermissionMixin, FormView):
    model = QueryBatch
    action = "add"
    form_class = BatchForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="新建查询批次", cancel_url=reverse("screening:querybatch_list"), breadcrumbs=list_crumb(QueryBatch))
        return context

    def form_valid(self, form: BatchForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                by=self.request.user,
                title=data["title"],
                query_date=data["query_date"],
                platform=data["platform"],
                selection=data["selection"],
                schools=data["schools"],
                people=data["people"] or (),
                token=data.get("token"),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已创建查询批次“{batch}”，共 {batch.checks.count()} 人。")
        return HttpResponseRedirect(batch.get_absolute_url())


class QueryBatchDeleteView(ObjectDeleteView):
    model = QueryBatch
    success_url_name = "screening:querybatch_list"

    def form_valid(self, form) -> HttpResponse:
        if self.object.status != BatchStatus.DRAFT:
            messages.error(self.request, "已导出的批次不能删除：导出记录须留存。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        label = str(self.object)
        from django.db import transaction

        with transaction.atomic():
            Check.objects.filter(batch=self.object).delete()
            self.object.delete()
        messages.success(self.request, f"已删除查询批次“{label}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class BatchActionView(ScopedObjectMixin, View):
    model = QueryBatch
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.get_object()
        try:
            added = services.batch_refresh(batch=batch, by=request.user, version=request.POST.get("version"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"已加入新登记授权书的 {added} 人。" if added else "没有可以加入的人员。")
        return HttpResponseRedirect(batch.get_absolute_url())


class BatchExportView(ScopedObjectMixin, View):
    """The platform's sheet with whole 身份证号: POST only, its own permission, logged."""

    model = QueryBatch
    action = "export"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = self.get_object()
        content, file_name, rows = services.batch_export(batch=batch, by=request.user, address=_address(request))
        log_personal_data_view(request, f"导出查询批次“{batch}”的查询名单（含完整身份证号，{rows}人）")
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        add_never_cache_headers(response)
        return response


class ResultImportView(UserFormMixin, ScopedObjectMixin, FormView):
    """The platform's results for one batch: all rows valid, or nothing saved. Always
    within the request: a batch is one county's staff, and the rows are light (no form,
    one digest each, one query to match them all; docs/benchmark.md)."""

    model = QueryBatch
    action = "change"
    form_class = ImportUploadForm
    template_name = "generic/object_import.html"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if not request.user.has_perm("screening.change_check"):
            log_denied(request, "缺少权限 screening.change_check")
            raise PermissionDenied("您没有执行此操作的权限。")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_object().status == BatchStatus.DRAFT:
            messages.error(request, "请先导出查询名单并在平台完成查询，再导入结果。")
            return HttpResponseRedirect(self.get_object().get_absolute_url())
        return super().get(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        batch = self.get_object()
        if batch.status == BatchStatus.DRAFT:
            form.add_error(None, "请先导出查询名单并在平台完成查询，再导入结果。")
            return self.form_invalid(form)
        importer = ResultImporter(self.request.user, batch)
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload, importer.columns())
            result = run_import(importer, upload, rows=rows)
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        messages.success(self.request, f"已导入 {result.updated} 条查询结果。")
        return HttpResponseRedirect(batch.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        context = super().get_context_data(**kwargs)
        batch = self.get_object()
        context.update(
            title=f"导入查询结果：{batch}",
            verbose_name="查询结果",
            max_rows=settings.IMPORT_MAX_ROWS,
            template_url=reverse("screening:result_template", args=[batch.pk]),
            breadcrumbs=[*list_crumb(QueryBatch), (str(batch), batch.get_absolute_url())],
        )
        return context


class ResultTemplateView(ScopedObjectMixin, View):
    model = QueryBatch
    action = "change"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return template_response(ResultImporter(request.user, self.get_object()).columns(), "查询结果")


# -- checks and results ---------------------------------------------------------------


class CheckListView(ObjectListView):
    model = Check
    filterset_class = CheckFilterSet
    table = CHECK_TABLE


class ResultListView(ResultsMixin, LoggedExportMixin, ObjectListView):
    model = Check
    filterset_class = ResultFilterSet
    table = RESULT_TABLE
    title = "查询结果"


class CheckDetailView(ObjectDetailView):
    model = Check
    template_name = "screening/check_detail.html"
    fields = ("person", "school", "batch", "status", "checked_on", "reference", "filed_on")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        can_results = self.request.user.has_perm("screening.view_result_check")
        context["can_results"] = can_results
        if can_results:
            context["outcome"] = self.object.get_outcome_display()
            context["case"] = RestrictedCase.objects.filter(check_record=self.object).first()
        else:
            # The history shows who changed what and when; it stays with the result holders.
            context["history"] = []
        return context

    def get_actions(self, obj, *, can_write: bool):
        return []


# -- cases ------------------------------------------------------------------------------


class RestrictedCaseListView(ResultsMixin, LoggedExportMixin, ObjectListView):
    model = RestrictedCase
    filterset_class = CaseFilterSet
    table = CASE_TABLE
    export_kind = ExportKind.CASES


class RestrictedCaseDetailView(ResultsMixin, ObjectDetailView):
    model = RestrictedCase
    template_name = "screening/restrictedcase_detail.html"
    fields = (
        "person",
        "status",
        "opened_on",
        "action",
        "action_detail",
        "decided_on",
        "document_number",
        "closed_on",
        "closing_note",
    )

    def get_actions(self, obj, *, can_write: bool):
        if not can_write or obj.status == CaseStatus.CLOSED:
            return []
        return [("登记处置", reverse("screening:restrictedcase_edit", args=[obj.pk]), "btn-primary")]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = self.object
        context["close_form"] = (
            CaseCloseForm(initial={"version": case.version, "closed_on": timezone.localdate()}, user=self.request.user)
            if context["can_change"] and case.status == CaseStatus.OPEN
            else None
        )
        return context


class RestrictedCaseEditView(UserFormMixin, ResultsMixin, ScopedObjectMixin, FormView):
    model = RestrictedCase
    action = "change"
    form_class = CaseForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        case = self.get_object()
        kwargs["initial"] = {
            "action": case.action,
            "action_detail": case.action_detail,
            "decided_on": case.decided_on,
            "document_number": case.document_number,
            "version": case.version,
        }
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case = self.get_object()
        context.update(
            title=f"登记处置：{case}",
            cancel_url=case.get_absolute_url(),
            breadcrumbs=[*list_crumb(RestrictedCase), (str(case), case.get_absolute_url())],
        )
        return context

    def form_valid(self, form: CaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            case = services.case_save(
                case=self.get_object(),
                by=self.request.user,
                values={name: data[name] for name in services.CASE_FIELDS},
                version=data["version"],
                document=data.get("document"),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存处置情况。")
        return HttpResponseRedirect(case.get_absolute_url())


class RestrictedCaseCloseView(ResultsMixin, ScopedObjectMixin, View):
    model = RestrictedCase
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = self.get_object()
        form = CaseCloseForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(case.get_absolute_url())
        try:
            services.case_close(
                case=case,
                by=request.user,
                closed_on=form.cleaned_data["closed_on"],
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "已结案。")
        return HttpResponseRedirect(case.get_absolute_url())


class RestrictedCaseDocumentView(ResultsMixin, ScopedObjectMixin, View):
    model = RestrictedCase

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        case = self.get_object()
        if not case.document:
            raise Http404("没有处置文书。")
        return _file_response(case.document, f"{case.person.name}_处置文书")


# -- 师德师风档案 ---------------------------------------------------------------------------


class EthicsFileView(ResultsMixin, ScopedObjectMixin, View):
    """One person's 师德师风档案: every check (with its result), cases and entries."""

    model = Person
    template_name = "screening/ethics_file.html"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm("screening.view_ethicsentry"):
            log_denied(request, "缺少权限 screening.view_ethicsentry")
            raise PermissionDenied("您没有执行此操作的权限。")
        if not request.user.has_perm("screening.view_result_check"):
            log_denied(request, "缺少权限 screening.view_result_check")
            raise PermissionDenied("查看查询结果需要专门授权。")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from django.shortcuts import render

        person = self.get_object()
        context = {
            "object": person,
            "title": f"师德师风档案：{person.name}",
            "checks": Check.objects.filter(person=person).select_related("batch", "school").order_by("-checked_on", "-id"),
            "cases": RestrictedCase.objects.filter(person=person).order_by("-opened_on", "-id"),
            "entries": EthicsEntry.objects.filter(person=person).order_by("-occurred_on", "-id"),
            "authorisations": Authorisation.objects.filter(person=person).order_by("-signed_on"),
            "can_add": request.user.has_perm("screening.add_ethicsentry")
            and Person.objects.for_user(request.user, write=True).filter(pk=person.pk).exists(),
            "breadcrumbs": [("教职员工授权与查询", reverse("screening:staff_list"))],
        }
        return render(request, self.template_name, context)


class EthicsEntryListView(ObjectListView):
    model = EthicsEntry
    filterset_class = EntryFilterSet
    table = ENTRY_TABLE
    add_url_name = "screening:ethicsentry_add"


class EthicsEntryDetailView(ObjectDetailView):
    model = EthicsEntry
    fields = ("person", "kind", "occurred_on", "title", "detail", "document_number", "recorded_by")


class EthicsEntryEditView(ObjectEditView):
    model = EthicsEntry
    form_class = EthicsEntryForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        person = self.request.GET.get("person", "")
        if person.isdigit():
            initial["person"] = int(person)
        return initial

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError:
            return self.form_invalid(form)


class EthicsEntryDeleteView(ObjectDeleteView):
    model = EthicsEntry
    success_url_name = "screening:ethicsentry_list"


class ExportLogListView(ObjectListView):
    model = ExportLog
    filterset_class = ExportLogFilterSet
    table = EXPORT_LOG_TABLE
    link_rows = False
