from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic.edit import FormView

from apps.core.filtersets import name_search
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
)
from apps.notices.views import _file_response
from apps.registry.models import Person

from . import imports, selectors, services
from .choices import Deadline, DrawStatus, InspectionStatus, Result
from .filtersets import (
    CalendarFilterSet,
    DrawFilterSet,
    InspectionFilterSet,
    InspectorFilterSet,
    ItemFilterSet,
    PlanFilterSet,
)
from .forms import (
    CalendarDayForm,
    InspectionItemForm,
    InspectorForm,
    PlanForm,
    RectificationForm,
    RecusalForm,
    ResultForm,
    RevealForm,
    SettingForm,
    TaskForm,
    VoidForm,
)
from .models import (
    CalendarDay,
    Draw,
    Inspection,
    InspectionAttachment,
    InspectionItem,
    InspectionSetting,
    Inspector,
    Plan,
    Recusal,
    Task,
)
from .tables import CALENDAR_TABLE, DRAW_TABLE, INSPECTION_TABLE, INSPECTOR_TABLE, ITEM_TABLE, PLAN_TABLE


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ActionView(ScopedObjectMixin, View):
    """A POST that changes a row through one service; its message is shown as is."""

    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        try:
            text = self.perform(obj)
        except ValidationError as error:
            messages.error(request, " ".join(str(m) for m in error.messages))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(self.success_url(obj))

    def success_url(self, obj: Any) -> str:
        return obj.get_absolute_url()

    def perform(self, obj: Any) -> str:
        raise NotImplementedError


class ObjectFormView(UserFormMixin, ScopedObjectMixin, FormView):
    """A form about one row (reveal, void, record a result): the service does the work."""

    template_name = "generic/object_edit.html"
    heading = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(object=obj, title=f"{self.heading}：{obj}", cancel_url=obj.get_absolute_url())
        context["breadcrumbs"] = [(str(obj), obj.get_absolute_url())]
        return context

    def form_valid(self, form) -> HttpResponse:
        obj = self.get_object()
        try:
            text = self.perform(obj, form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, text)
        return HttpResponseRedirect(self.success_url(obj))

    def success_url(self, obj: Any) -> str:
        return obj.get_absolute_url()


# -- 随机抽查事项清单 ------------------------------------------------------------------


class ItemListView(ObjectListView):
    model = InspectionItem
    filterset_class = ItemFilterSet
    table = ITEM_TABLE
    add_url_name = "inspections:inspectionitem_add"
    import_url_name = "inspections:inspectionitem_import"


class ItemImportView(ImportView):
    model = InspectionItem
    importer = imports.ItemImporter
    template_url_name = "inspections:inspectionitem_import_template"
    success_url_name = "inspections:inspectionitem_list"
    title = "导入随机抽查事项清单"


class ItemImportTemplateView(ImportTemplateView):
    model = InspectionItem
    columns = staticmethod(imports.item_columns)
    title = "随机抽查事项清单"


class ItemDetailView(ObjectDetailView):
    model = InspectionItem
    fields = ("code", "name", "basis", "inspecting_unit", "content", "method", "entity_kinds", "joint_departments", "is_active")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        laws = "、".join(f"《{law.name}》" for law in self.object.laws.all())
        context["fields"].insert(2, ("法律依据", laws))
        return context


class ItemEditView(ObjectEditView):
    model = InspectionItem
    form_class = InspectionItemForm


class ItemDeleteView(ObjectDeleteView):
    model = InspectionItem
    success_url_name = "inspections:inspectionitem_list"


# -- plans and tasks -----------------------------------------------------------------


class PlanListView(ObjectListView):
    model = Plan
    filterset_class = PlanFilterSet
    table = PLAN_TABLE
    add_url_name = "inspections:plan_add"


class PlanDetailView(ObjectDetailView):
    model = Plan
    template_name = "inspections/plan_detail.html"
    fields = ("year", "status", "approved_at", "description")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["tasks"] = plan.tasks.prefetch_related("items", "draws")
        context["can_add_task"] = (
            context["can_change"] and not plan.is_approved and self.request.user.has_perm("inspections.add_task")
        )
        if plan.is_approved:
            context["actions"] = [a for a in context["actions"] if a[0] != "修改"]
        return context


class PlanEditView(ObjectEditView):
    model = Plan
    form_class = PlanForm


class PlanDeleteView(ObjectDeleteView):
    model = Plan
    success_url_name = "inspections:plan_list"

    def form_valid(self, form) -> HttpResponse:
        if self.object.is_approved:
            messages.error(self.request, "计划已批准，不能删除。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


class PlanApproveView(ActionView):
    model = Plan

    def perform(self, plan: Plan) -> str:
        services.plan_approve(plan=plan, by=self.request.user)
        return f"已批准“{plan}”，计划已在公开信息中发布。"


class TaskDetailView(ObjectDetailView):
    model = Task
    template_name = "inspections/task_detail.html"
    fields = (
        "plan",
        "entity_kinds",
        "ownership",
        "share",
        "count",
        "inspectors_per_entity",
        "load_limit",
        "draw_on",
        "inspect_from",
        "inspect_to",
        "joint_departments",
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task, user = self.object, self.request.user
        context["items"] = task.items.all()
        context["draws"] = task.draws.order_by("-committed_at")
        context["live"] = selectors.live_draw(task.pk)
        context["can_draw"] = user.has_perm("inspections.add_draw") and self.can_write(task) and task.plan.is_approved
        if task.plan.is_approved:
            context["actions"] = [a for a in context["actions"] if a[0] != "修改"]
        context["breadcrumbs"] = [("抽查计划", reverse("inspections:plan_list")), (str(task.plan), task.plan.get_absolute_url())]
        return context


class TaskEditView(ObjectEditView):
    model = Task
    form_class = TaskForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and "plan" in kwargs:
            self.plan = get_object_or_404(Plan.objects.for_user(request.user), pk=kwargs["plan"])
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        plan = getattr(self, "plan", None)
        if plan is not None:
            if not Plan.objects.for_user(request.user, write=True).filter(pk=plan.pk).exists():
                raise PermissionDenied("您只能查看此记录，不能修改。")
            if plan.is_approved:
                raise PermissionDenied("计划已批准，不能再增加任务。")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["plan"] = getattr(self, "plan", None)
        return kwargs


class TaskDeleteView(ObjectDeleteView):
    model = Task
    success_url_name = "inspections:plan_list"

    def form_valid(self, form) -> HttpResponse:
        if self.object.plan.is_approved:
            messages.error(self.request, "计划已批准，任务不能删除。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


# -- draws ---------------------------------------------------------------------------


class DrawListView(ObjectListView):
    model = Draw
    filterset_class = DrawFilterSet
    table = DRAW_TABLE


class DrawDetailView(ObjectDetailView):
    model = Draw
    template_name = "inspections/draw_detail.html"

    def get_actions(self, obj: Draw, *, can_write: bool) -> list[tuple[str, str, str]]:
        user = self.request.user
        actions = []
        if can_write and obj.status == DrawStatus.COMMITTED and user.has_perm("inspections.add_draw"):
            actions.append(("抽取", reverse("inspections:draw_reveal", args=[obj.pk]), "btn-primary"))
        if can_write and obj.status != DrawStatus.VOID and user.has_perm("inspections.delete_draw"):
            actions.append(("作废", reverse("inspections:draw_void", args=[obj.pk]), "btn-outline-danger"))
        return actions

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        draw = self.object
        context["data"] = draw.public_json()
        context["rows"] = _result_rows(draw, names=True)
        context["breadcrumbs"] = [("抽取记录", reverse("inspections:draw_list")), (str(draw.task), draw.task.get_absolute_url())]
        return context


def _result_rows(draw: Draw, *, names: bool) -> list[dict[str, Any]]:
    """The result for a page: entity code and name, inspector codes (and names)."""

    rows = []
    for i, row in enumerate(draw.result if draw.is_revealed else [], start=1):
        inspectors = [f"{code} {draw.inspector_names.get(code, '')}".strip() if names else code for code in row["inspectors"]]
        rows.append({"n": i, "code": row["entity"], "name": draw.entity_names.get(row["entity"], ""), "inspectors": inspectors})
    return rows


class DrawCommitView(ActionView):
    """抽取 step 1 on a task: freeze the lists, publish the commitment."""

    model = Task
    action = "view"  # the service checks add_draw and the bureau

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = self.get_object()
        try:
            draw = services.draw_commit(task=task, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(str(m) for m in error.messages))
            return HttpResponseRedirect(task.get_absolute_url())
        messages.success(request, "候选清单已冻结，承诺值已公布。请监督人员输入口令后进行抽取。")
        return HttpResponseRedirect(draw.get_absolute_url())


class DrawRevealView(ObjectFormView):
    model = Draw
    action = "add"
    form_class = RevealForm
    heading = "抽取"
    template_name = "inspections/draw_reveal.html"

    def perform(self, draw: Draw, data: dict[str, Any]) -> str:
        services.draw_reveal(
            draw=draw, witness_name=data["witness_name"], witness_phrase=data["witness_phrase"], by=self.request.user
        )
        return "抽取完成，结果和服务器种子已公布，任何人都可以核验。"


class DrawVoidView(ObjectFormView):
    model = Draw
    action = "delete"
    form_class = VoidForm
    heading = "作废抽取"

    def perform(self, draw: Draw, data: dict[str, Any]) -> str:
        services.draw_void(draw=draw, reason=data["reason"], by=self.request.user)
        return "抽取已作废，作废原因已在其公开页面显示。"


# -- inspectors ----------------------------------------------------------------------


class InspectorListView(ObjectListView):
    model = Inspector
    filterset_class = InspectorFilterSet
    table = INSPECTOR_TABLE
    add_url_name = "inspections:inspector_add"
    import_url_name = "inspections:inspector_import"


class InspectorImportView(ImportView):
    model = Inspector
    importer = imports.InspectorImporter
    template_url_name = "inspections:inspector_import_template"
    success_url_name = "inspections:inspector_list"
    title = "导入执法人员（执法证）"


class InspectorImportTemplateView(ImportTemplateView):
    model = Inspector
    columns = staticmethod(imports.inspector_columns)
    title = "执法人员名录库"


class InspectorDetailView(ObjectDetailView):
    model = Inspector
    template_name = "inspections/inspector_detail.html"
    fields = ("code", "credential_number", "issuing_authority", "valid_from", "valid_to", "user")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        inspector = self.object
        year = timezone.localdate().year
        hours = selectors.training_hours([inspector.person_id], year)
        context["fields"][:0] = [("姓名", inspector.person.name), ("工作单位", inspector.person.employer.name)]
        context["fields"].append(
            (
                f"{year}年学法学时",
                hours.get(inspector.person_id, 0) if hours or selectors.study_installed() else "（学法应用未启用）",
            )
        )
        context["recusals"] = inspector.recusals.select_related("entity")
        context["can_recuse"] = context["can_change"] and self.request.user.has_perm("inspections.add_recusal")
        return context


class InspectorEditView(ObjectEditView):
    model = Inspector
    form_class = InspectorForm


class InspectorDeleteView(ObjectDeleteView):
    model = Inspector
    success_url_name = "inspections:inspector_list"


class RecusalAddView(ObjectEditView):
    model = Recusal
    form_class = RecusalForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.inspector = get_object_or_404(Inspector.objects.for_user(request.user), pk=kwargs["inspector"])
            if (
                request.user.has_perm("inspections.add_recusal")
                and not Inspector.objects.for_user(request.user, write=True).filter(pk=self.inspector.pk).exists()
            ):
                raise PermissionDenied("您只能查看此记录，不能修改。")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["inspector"] = self.inspector
        return kwargs


class RecusalDeleteView(ObjectDeleteView):
    model = Recusal
    success_url_name = "inspections:inspector_list"


class PersonAutocompleteView(PortalPermissionMixin, View):
    """Up to 20 of the bureau's staff matching the typed text, for the inspector form."""

    model = Inspector
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        text = next((v for k, v in request.GET.items() if k.endswith("__search")), request.GET.get("q", ""))
        people = list(
            name_search(Person.objects.for_user(request.user, write=True), text, user=request.user).select_related("employer")[
                :21
            ]
        )
        hint = request.GET.get("hint", "")
        return render(
            request,
            "inspections/person_options.html",
            {"people": people[:20], "more": len(people) > 20, "hint": hint if re.fullmatch(r"[A-Za-z0-9_-]{1,80}", hint) else ""},
        )


# -- results -------------------------------------------------------------------------


class InspectionListView(ObjectListView):
    """The busiest staff list: every visit, with its deadline state."""

    model = Inspection
    filterset_class = InspectionFilterSet
    table = INSPECTION_TABLE

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tasks")


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    template_name = "inspections/inspection_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit, user = self.object, self.request.user
        staff = not user.school_id
        context["tasks"] = visit.tasks.select_related("plan").prefetch_related("items")
        context["inspectors"] = visit.inspectors.select_related("person") if staff else []
        context["draws"] = visit.draws.all() if staff else []
        context["attachments"] = visit.attachments.all() if staff else []
        context["deadline"] = selectors.deadline_state(visit)
        context["deadline_label"] = Deadline(context["deadline"]).label
        may_record = staff and services._may_record(user, visit)
        context["can_record"] = may_record and visit.status != InspectionStatus.PUBLISHED
        context["can_rectify"] = may_record and visit.result == Result.RECTIFY and visit.rectified_on is None
        context["can_publish"] = (
            staff
            and visit.status == InspectionStatus.RECORDED
            and user.has_perm("inspections.publish_inspection")
            and self.can_write(visit)
        )
        context["actions"] = []
        return context


class InspectionRecordView(ObjectFormView):
    model = Inspection
    action = "change"
    form_class = ResultForm
    heading = "录入检查结果"

    def get_initial(self) -> dict[str, Any]:
        visit = self.get_object()
        initial = {name: getattr(visit, name) for name in services.RESULT_FIELDS}
        initial["version"] = visit.version
        return initial

    def perform(self, visit: Inspection, data: dict[str, Any]) -> str:
        services.inspection_record(
            inspection=visit,
            by=self.request.user,
            values={name: data.get(name) for name in services.RESULT_FIELDS},
            attachments=data.get("attachments") or [],
            version=data["version"],
            token=data.get("token"),
        )
        return "检查结果已保存，请在公示期限内公示。"


class InspectionPublishView(ActionView):
    model = Inspection

    def perform(self, visit: Inspection) -> str:
        services.inspection_publish(inspection=visit, by=self.request.user)
        return f"已公示“{visit}”的检查结果。"


class RectificationView(ObjectFormView):
    model = Inspection
    action = "change"
    form_class = RectificationForm
    heading = "整改销号"

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.get_object().version}

    def perform(self, visit: Inspection, data: dict[str, Any]) -> str:
        services.rectification_close(
            inspection=visit, by=self.request.user, rectified_on=data["rectified_on"], note=data["note"], version=data["version"]
        )
        return "整改已销号。"


class InspectionAttachmentView(ScopedObjectMixin, View):
    """A result's attachment, to the bureau's staff who may see the visit."""

    model = Inspection
    action = "view"

    def get(self, request: HttpRequest, pk: int, attachment: int) -> FileResponse:
        visit = self.get_object()
        if request.user.school_id:
            raise PermissionDenied("您没有执行此操作的权限。")
        item = get_object_or_404(InspectionAttachment, inspection=visit, pk=attachment)
        return _file_response(item.file, item.name)


# -- calendar and setting ------------------------------------------------------------


class CalendarDayListView(ObjectListView):
    model = CalendarDay
    filterset_class = CalendarFilterSet
    table = CALENDAR_TABLE
    add_url_name = "inspections:calendarday_add"
    title = "节假日与调休"


class CalendarDayEditView(ObjectEditView):
    model = CalendarDay
    form_class = CalendarDayForm

    def get_success_url(self) -> str:
        return reverse("inspections:calendarday_list")


class CalendarDayDeleteView(ObjectDeleteView):
    model = CalendarDay
    success_url_name = "inspections:calendarday_list"

    def form_valid(self, form) -> HttpResponse:
        day = self.object.date
        response = super().form_valid(form)
        services.calendar_changed([day])
        return response


class SettingView(UserFormMixin, PortalPermissionMixin, FormView):
    model = InspectionSetting
    action = "change"
    form_class = SettingForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = selectors.setting_for(self.request.user.bureau_id)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="双随机公开设置", cancel_url=reverse("core:dashboard"), breadcrumbs=[])
        return context

    def form_valid(self, form: SettingForm) -> HttpResponse:
        form.save()
        messages.success(self.request, "设置已保存。")
        return HttpResponseRedirect(reverse("inspections:setting"))
