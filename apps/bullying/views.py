from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.edit import FormView

from apps.core.imports import ImportFailed, run_import
from apps.core.security import log_denied, log_personal_data_view
from apps.core.views import (
    ImportTemplateView,
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    UserFormMixin,
    list_crumb,
)
from apps.notices.views import _file_response

from . import selectors, services
from .choices import SCHOOLS_TURN, Progress, VersionStatus
from .filtersets import (
    ChecklistFilterSet,
    IncidentFilterSet,
    InspectionFilterSet,
    RectificationFilterSet,
    RoundFilterSet,
    SpotCheckFilterSet,
    TrainingFilterSet,
    VisitFilterSet,
)
from .forms import (
    ChecklistForm,
    ChecklistItemForm,
    IncidentForm,
    InspectionForm,
    RectificationAnswerForm,
    ReviewForm,
    RoundForm,
    SpotCheckForm,
    TrainingForm,
    VisitRecordForm,
)
from .imports import ChecklistItemImporter, item_columns
from .models import (
    Checklist,
    ChecklistItem,
    Evidence,
    Incident,
    Rectification,
    Round,
    SelfInspection,
    SpotCheck,
    SpotCheckVisit,
    Training,
    TrainingMaterial,
)
from .tables import (
    CHECKLIST_TABLE,
    INCIDENT_TABLE,
    INSPECTION_TABLE,
    RECTIFICATION_TABLE,
    ROUND_TABLE,
    SPOT_CHECK_TABLE,
    TRAINING_TABLE,
    VISIT_TABLE,
)


def _text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _pressed(request: HttpRequest) -> str:
    """Which of a form's buttons was pressed: its value, or its `formaction`'s query (the
    double-submit guard disables the buttons, and a disabled button's value is not sent)."""

    return request.POST.get("action") or request.GET.get("action") or ""


class BureauOnlyMixin:
    """Pages of the bureau's side that a school user, who holds the same model permission
    for its own forms, must not open (the review, the recording of findings)."""

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if request.user.school_id:
            log_denied(request, "学校用户打开教育局页面")
            raise PermissionDenied("您没有执行此操作的权限。")


class ActionView(ScopedObjectMixin, View):
    """A POST that changes a record through one service; its message is shown as is."""

    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        try:
            text = self.perform(obj, request)
        except ValidationError as error:
            messages.error(request, _text(error))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(self.success_url(obj))

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def perform(self, obj, request: HttpRequest) -> str:
        raise NotImplementedError


# -- checklists ---------------------------------------------------------------------------


class ChecklistListView(ObjectListView):
    model = Checklist
    filterset_class = ChecklistFilterSet
    table = CHECKLIST_TABLE
    add_url_name = "bullying:checklist_add"


class ChecklistDetailView(ObjectDetailView):
    model = Checklist
    template_name = "bullying/checklist_detail.html"
    fields = ("title", "document", "description")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        checklist = self.object
        versions = list(checklist.versions.select_related("published_by"))
        wanted = self.request.GET.get("version", "")
        shown = next((v for v in versions if str(v.number) == wanted), versions[0] if versions else None)
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        context.update(
            versions=versions,
            shown=shown,
            draft=draft,
            items=list(shown.items.all()) if shown else [],
            related=checklist.related_documents.all(),
        )
        return context


class ChecklistEditView(ObjectEditView):
    model = Checklist
    form_class = ChecklistForm

    def form_valid(self, form: ChecklistForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            self.object = services.checklist_save(
                by=self.request.user,
                checklist=self.object,
                values={k: data[k] for k in ("title", "document", "description")},
            )
            self.object.related_documents.set(data["related_documents"])
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存检查清单“{self.object}”。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class ChecklistDraftView(ActionView):
    model = Checklist

    def perform(self, checklist, request) -> str:
        draft = services.checklist_draft(checklist=checklist, by=request.user)
        return f"已生成第{draft.number}版草稿，修改后请发布。已提交的自查表仍按原版本保存和显示。"


class ChecklistPublishView(ActionView):
    model = Checklist

    def perform(self, checklist, request) -> str:
        draft = checklist.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            raise ValidationError("没有待发布的草稿版本。")
        services.checklist_publish(version=draft, by=request.user)
        return f"已发布第{draft.number}版。"


class ChecklistItemAddView(UserFormMixin, ScopedObjectMixin, FormView):
    """A new item at the end of the checklist's draft version."""

    model = Checklist
    action = "change"
    form_class = ChecklistItemForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        checklist = self.get_object()
        context["title"] = f"新增检查项：{checklist}"
        context["cancel_url"] = checklist.get_absolute_url()
        context["breadcrumbs"] = [*list_crumb(Checklist), (str(checklist), checklist.get_absolute_url())]
        return context

    def form_valid(self, form) -> HttpResponse:
        checklist = self.get_object()
        draft = checklist.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is None:
            form.add_error(None, services.PUBLISHED_FROZEN)
            return self.form_invalid(form)
        try:
            services.item_save(by=self.request.user, version=draft, values=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已新增检查项。")
        return HttpResponseRedirect(checklist.get_absolute_url())


class ChecklistItemEditView(ObjectEditView):
    model = ChecklistItem
    form_class = ChecklistItemForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and request.user.has_perm("bullying.change_checklistitem"):
            item = get_object_or_404(ChecklistItem.objects.for_user(request.user).select_related("version"), pk=kwargs["pk"])
            if not item.version.is_draft:
                messages.error(request, services.PUBLISHED_FROZEN)
                return HttpResponseRedirect(item.version.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        try:
            item = services.item_save(
                by=self.request.user, version=self.object.version, item=self.object, values=form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已修改检查项。")
        return HttpResponseRedirect(reverse("bullying:checklist", args=[item.version.checklist_id]))


class ChecklistItemDeleteView(ObjectDeleteView):
    model = ChecklistItem

    def form_valid(self, form) -> HttpResponse:
        url = reverse("bullying:checklist", args=[self.object.version.checklist_id])
        try:
            services.item_delete(by=self.request.user, item=self.object)
        except ValidationError as error:
            messages.error(self.request, _text(error))
            return HttpResponseRedirect(url)
        messages.success(self.request, "已删除检查项。")
        return HttpResponseRedirect(url)


class ChecklistImportView(ImportView):
    """Items from an .xlsx into the checklist's draft version, all or nothing."""

    model = Checklist
    template_url_name = "bullying:checklist_import_template"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.checklist = get_object_or_404(Checklist.objects.for_user(request.user), pk=kwargs["pk"])
            if not Checklist.objects.for_user(request.user, write=True).filter(pk=self.checklist.pk).exists():
                self.check_permission(request)
                raise PermissionDenied("您只能查看此记录，不能修改。")
            self.draft = self.checklist.versions.filter(status=VersionStatus.DRAFT).first()
            self.importer = type("BoundItemImporter", (ChecklistItemImporter,), {"version": self.draft})
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        if self.draft is None:
            messages.error(self.request, services.PUBLISHED_FROZEN)
            return HttpResponseRedirect(self.checklist.get_absolute_url())
        # A checklist is tens of rows: always within the request, never a background job.
        try:
            result = run_import(self.importer(self.request.user), form.cleaned_data["file"])
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        messages.success(self.request, f"导入完成：新增 {result.created} 项，更新 {result.updated} 项。")
        return HttpResponseRedirect(self.checklist.get_absolute_url())

    def get_success_url(self) -> str:
        return self.checklist.get_absolute_url()

    def get_title(self) -> str:
        return f"导入检查项：{self.checklist}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [*list_crumb(Checklist), (str(self.checklist), self.checklist.get_absolute_url())]
        return context


class ChecklistImportTemplateView(ImportTemplateView):
    model = Checklist
    columns = staticmethod(item_columns)
    title = "检查项"


# -- rounds -------------------------------------------------------------------------------


class RoundListView(ObjectListView):
    model = Round
    filterset_class = RoundFilterSet
    table = ROUND_TABLE
    add_url_name = "bullying:round_add"


class RoundAddView(UserFormMixin, PortalPermissionMixin, FormView):
    model = Round
    action = "add"
    form_class = RoundForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="发起学校自查", cancel_url=reverse("bullying:round_list"), breadcrumbs=list_crumb(Round))
        return context

    def form_valid(self, form: RoundForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                by=self.request.user,
                title=data["title"],
                version=data["version"],
                period=data["period"],
                year=data["year"],
                kinds=data["kinds"],
                deadline=data["deadline"],
                token=data.get("token"),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        count = round_.inspections.count()
        messages.success(self.request, f"已发起“{round_}”，{count} 所学校已收到通知。")
        return HttpResponseRedirect(round_.get_absolute_url())


class RoundDetailView(ObjectListView):
    """The round page: by school kind, how many not started, draft, 需整改, submitted,
    passed; then its schools, laggards (overdue) first; exportable."""

    model = Round
    filterset_class = InspectionFilterSet
    table = INSPECTION_TABLE
    template_name = "bullying/round_detail.html"

    def get_queryset(self) -> QuerySet:
        self.round = get_object_or_404(
            Round.objects.for_user(self.request.user).select_related("version__checklist", "notice"), pk=self.kwargs["pk"]
        )
        return (
            SelfInspection.objects.for_user(self.request.user)
            .filter(round=self.round)
            .select_related(*INSPECTION_TABLE.select_related)
            .order_by("progress", "id")
        )

    def get_title(self) -> str:
        return str(self.round)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        context["summary"] = selectors.round_summary(self.round, self.request.user)
        context["progress_labels"] = [label for _, label in Progress.choices]
        context["breadcrumbs"] = list_crumb(Round)
        return context


# -- self-inspections ---------------------------------------------------------------------


class SelfInspectionListView(ObjectListView):
    model = SelfInspection
    filterset_class = InspectionFilterSet
    table = INSPECTION_TABLE
    title = "学校自查"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().order_by("progress", "id")


class SelfInspectionDetailView(ScopedObjectMixin, TemplateView):
    """A school's form. Its own school fills it (drafts, evidence, submit, 整改 answers);
    everyone else in scope reads it as answered, with its timeline."""

    model = SelfInspection
    template_name = "bullying/selfinspection_detail.html"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                self.scoped().select_related("round__version__checklist", "school", "submitted_by", "reviewed_by"),
                pk=self.kwargs["pk"],
            )
        return self._object

    def editable(self) -> bool:
        inspection, user = self.get_object(), self.request.user
        return (
            user.school_id == inspection.school_id
            and user.has_perm("bullying.change_selfinspection")
            and inspection.progress in SCHOOLS_TURN
        )

    def build_form(self, data=None, files=None) -> InspectionForm:
        inspection = self.get_object()
        open_rectifications = (
            list(inspection.rectifications.filter(trip=inspection.trip, answered_at__isnull=True).select_related("item"))
            if inspection.progress == Progress.RECTIFY
            else []
        )
        form = InspectionForm(
            data,
            files,
            user=self.request.user,
            items=self.items(),
            answers={a.item_id: a for a in inspection.answers.all()},
            rectifications=open_rectifications,
            initial={"version": inspection.version},
        )
        return form

    def items(self) -> list:
        if not hasattr(self, "_items"):
            self._items = list(self.get_object().round.version.items.all())
        return self._items

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        inspection = self.object = self.get_object()
        user = self.request.user
        answers = {a.item_id: a for a in inspection.answers.prefetch_related("evidence")}
        rectifications = list(inspection.rectifications.select_related("item", "created_by").prefetch_related("evidence"))
        by_item: dict[int, list] = {}
        for r in rectifications:
            by_item.setdefault(r.item_id, []).append(r)
        context.update(
            object=inspection,
            round=inspection.round,
            editable=self.editable(),
            answered=[(item, answers.get(item.pk), by_item.get(item.pk, [])) for item in self.items()],
            evidence_by_item={pk: list(a.evidence.all()) for pk, a in answers.items()},
            logs=list(inspection.logs.select_related("by")),
            rectifications=rectifications,
            overdue=inspection.is_overdue(),
            can_review=(
                not user.school_id
                and user.has_perm("bullying.change_selfinspection")
                and inspection.progress == Progress.SUBMITTED
                and self.can_write(inspection)
            ),
            breadcrumbs=[
                ("学校自查", reverse("bullying:selfinspection_list")),
            ],
        )
        if context["editable"] and "form" not in context:
            context["form"] = self.build_form()
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.check_permission(request, "change")
        self.check_write(request, self.get_object())
        inspection = self.get_object()
        if request.user.school_id != inspection.school_id:
            log_denied(request, "非本校用户提交自查表")
            raise PermissionDenied("只有本校的用户可以填报。")
        form = self.build_form(request.POST, request.FILES)
        submit = _pressed(request) == "submit"
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            inspection, _ = services.inspection_save(
                inspection=inspection,
                by=request.user,
                answers=form.answers(),
                evidence=form.evidence(),
                replies=form.replies(),
                reply_evidence=form.reply_evidence(),
                remove_evidence=data["remove_evidence"],
                version=data["version"],
                token=data.get("token"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        if submit:
            try:
                services.inspection_submit(inspection=inspection, by=request.user, token=data.get("token"))
            except services.Incomplete as incomplete:
                # The draft is saved; the page lists what is missing, each linked to its item.
                messages.warning(request, "草稿已保存，但还不能提交：请补全下列各项。")
                self._object = SelfInspection.objects.select_related("round__version__checklist", "school").get(pk=pk)
                return self.render_to_response(self.get_context_data(missing=incomplete.missing, saved=True))
            except ValidationError as error:
                messages.error(request, _text(error))
                return HttpResponseRedirect(inspection.get_absolute_url())
            messages.success(request, "自查表已提交，等待教育局审核。")
        else:
            messages.success(request, "草稿已保存。")
        return HttpResponseRedirect(inspection.get_absolute_url() + "?saved=1")


class SelfInspectionReviewView(BureauOnlyMixin, ScopedObjectMixin, FormView):
    """The bureau's review: 通过, or 需整改 with a comment on each item concerned."""

    model = SelfInspection
    action = "change"
    form_class = ReviewForm
    template_name = "bullying/selfinspection_review.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        inspection = self.get_object()
        kwargs.update(user=self.request.user, items=list(inspection.round.version.items.all()))
        kwargs.setdefault("initial", {})["version"] = inspection.version
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        inspection = self.get_object()
        answers = {a.item_id: a for a in inspection.answers.prefetch_related("evidence")}
        form = context["form"]
        context.update(
            object=inspection,
            title=f"审核：{inspection}",
            rows=[(item, answers.get(item.pk), form[f"comment_{item.pk}"]) for item in form.items],
            breadcrumbs=[("学校自查", reverse("bullying:selfinspection_list")), (str(inspection), inspection.get_absolute_url())],
        )
        return context

    def form_valid(self, form: ReviewForm) -> HttpResponse:
        inspection = self.get_object()
        rectify = _pressed(self.request) == "rectify"
        comments = form.comments() if rectify else {}
        if rectify and not any(v.strip() for v in comments.values()):
            form.add_error(None, "要求整改时，请至少对一项填写整改意见。")
            return self.form_invalid(form)
        try:
            inspection = services.inspection_review(
                inspection=inspection, by=self.request.user, comments=comments, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if inspection.progress == Progress.PASSED:
            messages.success(self.request, f"{inspection.school}的自查表已审核通过。")
        else:
            messages.success(self.request, f"已要求{inspection.school}整改，整改意见已发送。")
        return HttpResponseRedirect(inspection.get_absolute_url())


class EvidenceView(ScopedObjectMixin, View):
    """An evidence file: only the bureau that owns the form and the school itself (the write
    scope), like a notice reply's attachment; a city viewer or another school gets 404."""

    model = Evidence
    action = "view"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm("bullying.view_selfinspection") and not request.user.has_perm("bullying.view_rectification"):
            raise PermissionDenied("您没有执行此操作的权限。")

    def scoped(self, *, write: bool = False):
        # Evidence of a 督查's 整改 follows the visit: hidden from a school until recorded.
        return Evidence.objects.for_user(self.request.user, write=True)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        item = self.get_object()
        return _file_response(item.file, item.name)


# -- spot checks --------------------------------------------------------------------------


class SpotCheckListView(ObjectListView):
    model = SpotCheck
    filterset_class = SpotCheckFilterSet
    table = SPOT_CHECK_TABLE
    add_url_name = "bullying:spotcheck_add"


class SpotCheckDetailView(ObjectDetailView):
    model = SpotCheck
    template_name = "bullying/spotcheck_detail.html"
    fields = ("title", "planned_on", "method", "version", "notes")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["visits"] = self.object.visits.select_related("school").order_by("school__sort_key", "id")
        context["team"] = self.object.team.all()
        return context


class SpotCheckEditView(ObjectEditView):
    model = SpotCheck
    form_class = SpotCheckForm

    def form_valid(self, form: SpotCheckForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            self.object = services.spot_check_save(
                by=self.request.user,
                spot_check=self.object,
                values={k: data[k] for k in ("title", "planned_on", "method", "version", "notes")},
                schools=data["schools"],
                team=data["team"],
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存督查计划“{self.object}”。学校在结果录入前看不到此次督查。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class VisitListView(ObjectListView):
    model = SpotCheckVisit
    filterset_class = VisitFilterSet
    table = VISIT_TABLE


class VisitDetailView(ObjectDetailView):
    model = SpotCheckVisit
    template_name = "bullying/spotcheckvisit_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit, user = self.object, self.request.user
        context["findings"] = visit.findings.select_related("item")
        context["rectifications"] = visit.rectifications.select_related("item")
        context["can_record"] = (
            visit.recorded_at is None
            and not user.school_id
            and user.has_perm("bullying.change_spotcheckvisit")
            and self.can_write(visit)
        )
        context["actions"] = []
        return context


class VisitRecordView(BureauOnlyMixin, ScopedObjectMixin, FormView):
    model = SpotCheckVisit
    action = "change"
    form_class = VisitRecordForm
    template_name = "bullying/visit_record.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, items=list(self.get_object().spot_check.version.items.all()))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit = self.get_object()
        context.update(
            object=visit,
            title=f"录入督查结果：{visit}",
            breadcrumbs=[*list_crumb(SpotCheck), (str(visit.spot_check), visit.spot_check.get_absolute_url())],
        )
        return context

    def form_valid(self, form: VisitRecordForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            visit = services.visit_record(
                visit=self.get_object(),
                by=self.request.user,
                visited_on=data["visited_on"],
                conclusion=data["conclusion"],
                summary=data["summary"],
                findings=form.findings(),
                rectifications=form.rectifications(),
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已录入{visit.school}的督查结果，学校现在可以看到结果和整改要求。")
        return HttpResponseRedirect(visit.get_absolute_url())


# -- 整改 ----------------------------------------------------------------------------------


class RectificationListView(ObjectListView):
    model = Rectification
    filterset_class = RectificationFilterSet
    table = RECTIFICATION_TABLE

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        if self.request.user.school_id:
            # A 督查's 整改 reaches the school with the recorded findings, never before.
            qs = qs.exclude(visit__recorded_at__isnull=True, visit__isnull=False)
        return qs


class RectificationDetailView(ObjectDetailView):
    model = Rectification
    template_name = "bullying/rectification_detail.html"

    def scoped(self, *, write: bool = False):
        qs = super().scoped(write=write).select_related("school", "item", "visit__spot_check", "inspection__round")
        if self.request.user.school_id:
            qs = qs.exclude(visit__recorded_at__isnull=True, visit__isnull=False)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        r, user = self.object, self.request.user
        own = user.school_id == r.school_id and user.has_perm("bullying.change_rectification")
        context.update(
            actions=[],
            evidence=r.evidence.all(),
            can_answer=own and r.visit_id is not None and r.closed_at is None,
            can_close=(
                not user.school_id
                and user.has_perm("bullying.change_rectification")
                and r.visit_id
                and r.answered_at
                and not r.closed_at
                and self.can_write(r)
            ),
            answer_form=RectificationAnswerForm(user=user, initial={"text": r.answer, "version": r.version}),
        )
        return context


class RectificationAnswerView(UserFormMixin, ScopedObjectMixin, FormView):
    model = Rectification
    action = "change"
    form_class = RectificationAnswerForm
    template_name = "bullying/rectification_detail.html"

    def scoped(self, *, write: bool = False):
        return super().scoped(write=write).exclude(visit__recorded_at__isnull=True, visit__isnull=False)

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.get_object().get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        r = self.get_object()
        context.update(object=r, answer_form=context["form"], can_answer=True, evidence=r.evidence.all())
        return context

    def form_valid(self, form) -> HttpResponse:
        r = self.get_object()
        try:
            services.rectification_answer(
                rectification=r,
                by=self.request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data.get("files") or [],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "整改情况已提交。")
        return HttpResponseRedirect(r.get_absolute_url())


class RectificationCloseView(BureauOnlyMixin, ActionView):
    model = Rectification

    def perform(self, r, request) -> str:
        services.rectification_close(rectification=r, by=request.user, version=int(request.POST.get("version") or 0))
        return "已验收该整改事项。"


# -- trainings ----------------------------------------------------------------------------


class TrainingListView(ObjectListView):
    model = Training
    filterset_class = TrainingFilterSet
    table = TRAINING_TABLE
    add_url_name = "bullying:training_add"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related("audience")


class TrainingDetailView(ObjectDetailView):
    model = Training
    template_name = "bullying/training_detail.html"
    fields = ("title", "held_on", "venue", "organiser", "attendance", "topics")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["audience"] = self.object.audience.all()
        context["materials"] = self.object.materials.all()
        return context


class TrainingEditView(ObjectEditView):
    model = Training
    form_class = TrainingForm

    def form_valid(self, form: TrainingForm) -> HttpResponse:
        data = form.cleaned_data
        fields = ("title", "held_on", "venue", "organiser", "attendance", "speakers", "topics")
        try:
            self.object = services.training_save(
                by=self.request.user,
                training=self.object,
                values={k: data[k] for k in fields},
                audience=data["audience"],
                materials=data.get("materials") or [],
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存培训“{self.object}”。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class TrainingDeleteView(ObjectDeleteView):
    model = Training
    success_url_name = "bullying:training_list"


class TrainingMaterialView(ScopedObjectMixin, View):
    model = Training
    action = "view"

    def get(self, request: HttpRequest, pk: int, material: int) -> FileResponse:
        item = get_object_or_404(TrainingMaterial, training=self.get_object(), pk=material)
        return _file_response(item.file, item.name)


# -- incidents ----------------------------------------------------------------------------


class IncidentListView(ObjectListView):
    model = Incident
    filterset_class = IncidentFilterSet
    table = INCIDENT_TABLE
    add_url_name = "bullying:incident_add"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().prefetch_related(Prefetch("handling"))


class IncidentDetailView(ObjectDetailView):
    """An incident. The real names are shown only on a POST by someone holding
    `reveal_incident`, never cached, and every such view is logged."""

    model = Incident
    template_name = "bullying/incident_detail.html"
    fields = ("school", "occurred_on", "students", "description", "status", "follow_up", "recorded_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["handling"] = self.object.handling.all()
        context["can_reveal"] = self.request.user.has_perm("bullying.reveal_incident") and self.object.has_real_names
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        self.check_permission(request, "reveal")
        log_personal_data_view(request, f"查看{self.object.school}{self.object.occurred_on:%Y-%m-%d}欺凌事件涉事学生真实姓名")
        response = self.render_to_response(self.get_context_data(real_names=self.object.real_names))
        add_never_cache_headers(response)
        return response


class IncidentEditView(ObjectEditView):
    model = Incident
    form_class = IncidentForm

    def form_valid(self, form: IncidentForm) -> HttpResponse:
        data = form.cleaned_data
        fields = ("occurred_on", "description", "students", "status", "follow_up")
        try:
            self.object = services.incident_save(
                by=self.request.user,
                incident=self.object,
                values={k: data[k] for k in fields},
                handling=data["handling"],
                real_names=data.get("real_names") or "",
            )
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已保存欺凌事件记录。")
        return HttpResponseRedirect(self.object.get_absolute_url())
