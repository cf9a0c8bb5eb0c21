from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.edit import FormView

from apps.core.filtersets import name_search
from apps.core.imports import ImportFailed, read_rows, run_import, template_response
from apps.core.security import log_denied
from apps.core.views import (
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    list_crumb,
)
from apps.core.widgets import AutocompleteSelect
from apps.documents.views import ATTACHMENT_TYPES
from apps.registry.choices import EntityKind
from apps.registry.models import Entity, Person

from . import imports, selectors, services
from .choices import AttendanceStatus
from .filtersets import AttendanceFilterSet, StudySessionFilterSet
from .forms import AttendanceForm, StudySessionForm
from .models import Attendance, StudySession
from .tables import ATTENDANCE_TABLE, SESSION_TABLE

# The most staff one unit's attendance page lists at once.
MAX_UNIT_STAFF = 300


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except (TypeError, ValueError):
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


class StudySessionListView(ObjectListView):
    model = StudySession
    filterset_class = StudySessionFilterSet
    table = SESSION_TABLE
    title = "学法活动"
    add_url_name = "study:studysession_add"

    def get_queryset(self):
        present = (
            Attendance.objects.filter(session=OuterRef("pk"), status=AttendanceStatus.PRESENT)
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        # Topics and laws: two queries per page (or per export chunk), whatever the rows.
        return (
            super()
            .get_queryset()
            .prefetch_related("topics", "laws")
            .annotate(present_count=Coalesce(Subquery(present, output_field=IntegerField()), 0))
        )


class AttendanceListView(ObjectListView):
    model = Attendance
    filterset_class = AttendanceFilterSet
    table = ATTENDANCE_TABLE
    title = "学法记录"


class StudySessionDetailView(ObjectDetailView):
    model = StudySession
    template_name = "study/session_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session, user = self.object, self.request.user
        attendances = list(
            session.attendances.select_related("person", "person__employer").order_by("status", "person__sort_key")
        )
        counts = {status: 0 for status in AttendanceStatus.values}
        for row in attendances:
            counts[row.status] += 1
        can_attend = user.has_perm("study.change_attendance") and self.can_write(session)
        context.update(
            attendances=attendances,
            counts=[(label, counts[value]) for value, label in AttendanceStatus.choices],
            topics=session.topics.all(),
            laws=session.laws.all(),
            can_attend=can_attend,
        )
        return context


class StudySessionEditView(ObjectEditView):
    model = StudySession
    form_class = StudySessionForm

    def form_valid(self, form: StudySessionForm) -> HttpResponse:
        data = form.cleaned_data
        names = ("date", "kind", "title", "organiser", "hours", "mode", "enforcement_training", "location", "content")
        values = {name: data[name] for name in names}
        upload = data.get("materials")
        if upload is False:  # 清除 ticked
            values.update(materials="", materials_name="")
        try:
            self.object = services.session_save(
                by=self.request.user,
                session=self.object,
                values=values,
                topics=data["topics"],
                laws=data["laws"],
                materials=upload if upload and hasattr(upload, "content_type") else None,
                version=data.get("version"),
                token=data.get("token"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        verb = "修改" if "pk" in self.kwargs else "新建"
        messages.success(self.request, f"已{verb}学法活动“{self.object}”。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class StudySessionDeleteView(ObjectDeleteView):
    model = StudySession
    success_url_name = "study:studysession_list"

    def form_valid(self, form) -> HttpResponse:
        label = str(self.object)
        services.session_delete(session=self.object, by=self.request.user)
        messages.success(self.request, f"已删除学法活动“{label}”及其出席记录。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class StudySessionMaterialsView(ScopedObjectMixin, View):
    """A session's materials, to whoever may read the session (404 to anyone else)."""

    model = StudySession

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        session = self.get_object()
        if not session.materials:
            raise Http404("没有学习材料。")
        try:
            handle = session.materials.open("rb")
        except FileNotFoundError as missing:
            raise Http404("材料文件不存在。") from missing
        name = session.materials_name or session.materials.name.rsplit("/", 1)[-1]
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return FileResponse(
            handle, as_attachment=True, filename=name, content_type=ATTACHMENT_TYPES.get(extension, "application/octet-stream")
        )


class AttendanceMixin(ScopedObjectMixin):
    """A session's attendance pages: the session in the user's scope (else 404), the
    attendance right (else 403) and the user's own bureau (a city viewer reads only)."""

    model = StudySession
    action = "change"
    attendance_action = "change"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        perm = f"study.{self.attendance_action}_attendance"
        if not request.user.has_perm(perm):
            log_denied(request, f"缺少权限 {perm}")
            raise PermissionDenied("您没有执行此操作的权限。")


class AttendanceEditView(AttendanceMixin, FormView):
    """Who attended: the people on the list and the staff of a chosen unit (by default
    the bureau's own offices, 机关), each 出席 / 请假 / 缺席 / 不在名单."""

    form_class = AttendanceForm
    template_name = "study/attendance_form.html"

    def units(self) -> list[Entity]:
        user = self.request.user
        scoped = Entity.objects.for_user(user, write=True)
        unit = self.request.GET.get("unit", "")
        if unit.isdigit():
            return list(scoped.filter(pk=int(unit)))
        # The bureau's offices: entities of kind 其他 (the demo's 高平市教育局机关).
        return list(scoped.filter(kind=EntityKind.OTHER).order_by("sort_key", "id")[:5])

    def people(self) -> tuple[list[Person], dict[int, Attendance], bool]:
        session = self.get_object()
        current = {a.person_id: a for a in session.attendances.select_related("person", "person__employer")}
        listed = sorted((a.person for a in current.values()), key=lambda p: (p.employer.sort_key, p.sort_key, p.pk))
        self.unit_list = self.units()
        staff = list(
            Person.objects.for_user(self.request.user, write=True)
            .filter(employer__in=self.unit_list)
            .exclude(pk__in=list(current))
            .select_related("employer")
            .order_by("employer__sort_key", "sort_key", "id")[: MAX_UNIT_STAFF + 1]
        )
        more = len(staff) > MAX_UNIT_STAFF
        return listed + staff[:MAX_UNIT_STAFF], current, more

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        people, current, self.more = self.people()
        kwargs.update(user=self.request.user, people=people, current=current)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.get_object().version}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = self.get_object()
        picker = AutocompleteSelect(reverse("registry:entity_autocomplete"), attrs={"id": "id_unit", "title": "单位"})
        picker.choices = [("", "—— 请选择 ——"), *[(u.pk, u.name) for u in self.unit_list]]
        chosen = self.unit_list[0].pk if len(self.unit_list) == 1 else ""
        context.update(
            object=session,
            title=f"登记出席：{session}",
            units=self.unit_list,
            unit_picker=picker.render("unit", chosen),
            more=self.more,
            max_staff=MAX_UNIT_STAFF,
            breadcrumbs=[*list_crumb(StudySession), (str(session), session.get_absolute_url())],
        )
        return context

    def form_valid(self, form: AttendanceForm) -> HttpResponse:
        session = self.get_object()
        try:
            session = services.attendance_set(
                session=session,
                by=self.request.user,
                statuses=form.statuses(),
                notes=form.notes(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
            return self.form_invalid(form)
        present = session.attendances.filter(status=AttendanceStatus.PRESENT).count()
        messages.success(self.request, f"已保存出席情况：出席 {present} 人。")
        return HttpResponseRedirect(session.get_absolute_url())


class AttendanceImportView(AttendanceMixin, ImportView):
    """A session's sign-in sheet: every row checked and named; nothing saved unless all
    are right. Sheets are small: no background job (a session's list, not a roster)."""

    attendance_action = "add"
    importer = imports.AttendanceImporter
    template_name = "study/attendance_import.html"
    template_url_name = "study:attendance_import_template"

    def form_valid(self, form) -> HttpResponse:
        session = self.get_object()
        importer = imports.AttendanceImporter(self.request.user, session)
        upload = form.cleaned_data["file"]
        try:
            rows = read_rows(upload, importer.columns())
            if len(rows) > settings.IMPORT_BACKGROUND_ROWS:
                raise imports.too_many(settings.IMPORT_BACKGROUND_ROWS)
            result = run_import(importer, upload, rows=rows)
        except ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        messages.success(self.request, f"签到表导入完成：新增 {result.created} 人，更新 {result.updated} 人。")
        return HttpResponseRedirect(session.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        session = self.get_object()
        context.update(
            object=session,
            title=f"导入签到表：{session}",
            breadcrumbs=[*list_crumb(StudySession), (str(session), session.get_absolute_url())],
        )
        return context


class AttendanceImportTemplateView(PortalPermissionMixin, View):
    """The empty sign-in sheet. Not an ImportTemplateView: its import belongs to one
    session (`attendance_import` takes the session), not to a list."""

    model = Attendance
    action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return template_response(imports.attendance_columns(request.user), "签到表")


class PersonAutocompleteView(PortalPermissionMixin, View):
    """Up to 20 people matching the typed name, as <option>s for AutocompleteSelect."""

    model = Attendance

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        text = next((v for k, v in request.GET.items() if k.endswith("__search")), request.GET.get("q", ""))
        found = name_search(Person.objects.for_user(request.user), text, user=request.user).select_related("employer")
        people = list(found[:21])
        hint = request.GET.get("hint", "")
        context = {
            "people": people[:20],
            "more": len(people) > 20,
            "hint": hint if hint.replace("_", "").replace("-", "").isalnum() and len(hint) <= 80 else "",
        }
        return render(request, "study/person_options.html", context)


class PersonYearView(PortalPermissionMixin, TemplateView):
    """A person's study in one year: sessions, hours and laws (the 述职 extract), printable."""

    model = Attendance
    template_name = "study/person_year.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        person = get_object_or_404(Person.objects.for_user(user).select_related("employer"), pk=self.kwargs["pk"])
        year = _year(self.request)
        context.update(
            person=person,
            year=year,
            years=range(timezone.localdate().year, 2014, -1),
            record=selectors.person_year(person, year, user),
            title=f"{person.name} {year}年度学法情况",
            breadcrumbs=[("学法记录", reverse("study:attendance_list"))],
            list_url=reverse("study:attendance_list") + f"?person={person.pk}&year={year}",
        )
        return context


class SummaryView(PortalPermissionMixin, TemplateView):
    """The bureau's year: sessions and hours by kind, enforcement trainings, laws studied."""

    model = StudySession
    template_name = "study/summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        context.update(
            year=year,
            years=range(timezone.localdate().year, 2014, -1),
            summary=selectors.year_summary(self.request.user, year),
            title=f"{year}年度学法统计",
            list_url=reverse("study:studysession_list"),
            breadcrumbs=list_crumb(StudySession),
        )
        return context
