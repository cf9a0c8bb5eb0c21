"""Views of the campus app: declarations on the shared bases (apps/core/views.py); the
writes go through services.py, whose messages are shown beside the fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View

from apps.core.views import (
    ImportTemplateView,
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    list_crumb,
)

from . import selectors, services
from .filtersets import (
    AppointmentFilterSet,
    BatchFilterSet,
    CompetitionFilterSet,
    CreationCampaignFilterSet,
    EntryFilterSet,
    EvaluationFilterSet,
    EventFilterSet,
    RectificationItemFilterSet,
    ReviewFilterSet,
    RollupFilterSet,
    SchoolCoverFilterSet,
)
from .forms import (
    AppointmentForm,
    BatchForm,
    CompetitionForm,
    CreationCampaignForm,
    EntryForm,
    EvaluationForm,
    EventForm,
    RectificationItemForm,
    ReviewForm,
)
from .imports import AppointmentImporter, appointment_columns
from .models import (
    Appointment,
    AppointmentBatch,
    CampusSchool,
    Competition,
    CreationCampaign,
    Entry,
    Evaluation,
    Event,
    EventPhoto,
    RectificationItem,
    Review,
)
from .tables import (
    APPOINTMENT_TABLE,
    BATCH_TABLE,
    CAMPAIGN_TABLE,
    COMPETITION_TABLE,
    COVERAGE_TABLE,
    EVALUATION_TABLE,
    EVENT_TABLE,
    ITEM_TABLE,
    REVIEW_TABLE,
    ROLLUP_TABLE,
    entry_table,
    student_name_for,
)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class CampusEditView(ObjectEditView):
    """Create or change through a service: `save(form)` returns the saved record; its
    ValidationError goes beside the fields, and the user's input stays in the form."""

    def save(self, form) -> Any:
        data = form.cleaned_data
        return services.record_save(
            by=self.request.user,
            model=self.model,
            instance=self.object,
            values=form.values(),
            version=data.get("version"),
            token=data.get("token"),
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.object is None:
            kwargs["instance"] = self.new_instance()
        return kwargs

    def new_instance(self) -> Any:
        return self.model()

    def form_valid(self, form) -> HttpResponse:
        try:
            self.object = self.save(form)
        except ValidationError as error:
            _form_errors(form, error)
            return self.form_invalid(form)
        verb = "修改" if "pk" in self.kwargs else "新建"
        messages.success(self.request, f"已{verb}{self.model._meta.verbose_name}“{self.object}”。")
        return HttpResponseRedirect(self.get_success_url())


class CampusDeleteView(ObjectDeleteView):
    def form_valid(self, form) -> HttpResponse:
        label = str(self.object)
        try:
            services.record_delete(by=self.request.user, instance=self.object)
        except Exception as error:  # ProtectedError: still referenced
            from django.db.models import ProtectedError

            if not isinstance(error, ProtectedError):
                raise
            messages.error(self.request, f"“{label}”仍被其他记录引用，不能删除。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除{self.model._meta.verbose_name}“{label}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year") or ""
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


# -- events -----------------------------------------------------------------------------


class EventListView(ObjectListView):
    model = Event
    filterset_class = EventFilterSet
    table = EVENT_TABLE
    add_url_name = "campus:event_add"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes")


class EventDetailView(ObjectDetailView):
    model = Event
    template_name = "campus/event_detail.html"
    fields = ("school", "kind", "start_on", "end_on", "campaign", "speaker", "class_hours", "students", "teachers")

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                self.scoped().select_related("school", "campaign", "speaker", "created_by"), pk=self.kwargs["pk"]
            )
        return self._object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["themes"] = self.object.themes.all()
        context["photos"] = self.object.photos.all()
        return context


class EventEditView(CampusEditView):
    model = Event
    form_class = EventForm

    def save(self, form) -> Event:
        data = form.cleaned_data
        return services.event_save(
            by=self.request.user,
            event=self.object,
            values=form.values(),
            themes=data.get("themes") or [],
            photos=data.get("photos") or [],
            remove_photos=data.get("remove_photos") or [],
            version=data.get("version"),
            token=data.get("token"),
        )


class EventDeleteView(CampusDeleteView):
    model = Event
    success_url_name = "campus:event_list"


class PhotoView(ScopedObjectMixin, View):
    """A photo (or its thumbnail), to whoever may see its event; 404 to anyone else.
    Never a public media URL: the files live outside the static and media routes."""

    model = EventPhoto
    thumbnail = False

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm("campus.view_event"):
            raise PermissionDenied("您没有执行此操作的权限。")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        photo = self.get_object()
        field = photo.thumbnail if self.thumbnail and photo.thumbnail else photo.image
        content_type = "image/png" if field.name.endswith(".png") else "image/jpeg"
        try:
            handle = field.open("rb")
        except FileNotFoundError as missing:
            raise Http404("照片文件不存在。") from missing
        response = FileResponse(handle, content_type=content_type, filename=photo.name)
        response["Cache-Control"] = "private, max-age=3600"
        return response


# -- the school's page and the roll-ups -------------------------------------------------


class SchoolDetailView(ObjectDetailView):
    """A school's main campus page: its appointees with this year's class-hours, its
    recent events with photos, its open 整改 items, its 创建 and its awards."""

    model = CampusSchool
    template_name = "campus/school_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        school, user = self.object, self.request.user
        year = timezone.localdate().year
        context["actions"] = []
        context["year"] = year
        context["appointees"] = (
            selectors.current(Appointment.objects.for_user(user).filter(schools=school))
            .annotate(hours=selectors.hours_in_year(year))
            .order_by("role", "name")
        )
        context["events"] = (
            Event.objects.for_user(user)
            .filter(school=school)
            .select_related("campaign", "speaker")
            .prefetch_related(Prefetch("photos", queryset=EventPhoto.objects.order_by("id")))
            .order_by("-start_on", "-id")[:10]
        )
        context["open_items"] = (
            RectificationItem.objects.for_user(user).filter(school=school, done_on__isnull=True).order_by("due_on", "id")
        )
        context["campaigns"] = CreationCampaign.objects.for_user(user).filter(school=school)
        entries = Entry.objects.for_user(user).filter(school=school).select_related("competition")[:20]
        context["entries"] = [(entry, student_name_for(user, entry)) for entry in entries]
        context["can_add_event"] = user.has_perm("campus.add_event") and (
            user.school_id == school.pk or (not user.school_id and school.bureau_id == user.bureau_id)
        )
        context["breadcrumbs"] = [("学校法治工作", reverse("campus:coverage"))]
        return context


class MySchoolView(PortalPermissionMixin, View):
    """The school user's entry point: its own school's page."""

    model = CampusSchool

    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.school_id:
            return HttpResponseRedirect(reverse("campus:coverage"))
        return HttpResponseRedirect(reverse("campus:school", args=[request.user.school_id]))


class CoverageView(ObjectListView):
    """Open schools with whether each has a current 法治副校长 and 交通安全辅导员."""

    model = CampusSchool
    filterset_class = SchoolCoverFilterSet
    table = COVERAGE_TABLE
    title = "法治副校长配备情况"

    def get_queryset(self):
        return selectors.schools_with_cover(self.request.user).order_by("sort_key", "id")


class RollupView(ObjectListView):
    """A campaign's year: which schools took part (by school kind), events by kind,
    participants; the list and its export are the schools."""

    model = CampusSchool
    filterset_class = RollupFilterSet
    table = ROLLUP_TABLE
    template_name = "campus/rollup.html"
    title = "宣传活动汇总"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if request.user.school_id:  # the bureau's roll-up across schools
            raise PermissionDenied("您没有执行此操作的权限。")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET" and request.user.is_authenticated and "year" not in request.GET:
            # Open on this year's 宪法宣传周 (or the first campaign) so the page says something.
            campaign = selectors.campaigns_for(request.user).filter(label="宪法宣传周").first()
            query = f"year={timezone.localdate().year}" + (f"&campaign={campaign.pk}" if campaign else "")
            return HttpResponseRedirect(f"{request.path}?{query}")
        return super().dispatch(request, *args, **kwargs)

    def campaign(self):
        value = self.request.GET.get("campaign") or ""
        if not value.isdigit():
            return None
        return selectors.campaigns_for(self.request.user).filter(pk=int(value)).first()

    def get_queryset(self):
        year, campaign = _year(self.request), self.campaign()
        events = Event.objects.filter(school_id=OuterRef("pk"), start_on__year=year)
        if campaign is not None:
            events = events.filter(campaign=campaign)
        events = events.order_by().values("school_id")

        def total(expression):
            return Coalesce(Subquery(events.annotate(v=expression).values("v")), Value(0), output_field=IntegerField())

        return (
            selectors.schools_with_cover(self.request.user)
            .annotate(
                event_count=total(Count("pk")),
                student_count=total(Sum("students")),
                teacher_count=total(Sum("teachers")),
            )
            .annotate(took_part=GreaterThan(F("event_count"), 0))
            .order_by("kind", "sort_key", "id")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year, campaign = _year(self.request), self.campaign()
        rollup = selectors.campaign_rollup(self.request.user, year=year, campaign=campaign)
        from apps.registry.choices import EntityKind

        from .choices import EventKind

        context.update(
            year=year,
            campaign=campaign,
            totals=rollup["totals"],
            by_kind=[(EventKind(row["kind"]).label, row["n"]) for row in rollup["by_kind"]],
            per_school_kind=[
                (EntityKind(row["kind"]).label, row["part"], row["total"] - row["part"], row["total"])
                for row in rollup["per_school_kind"]
            ],
            events_url=reverse("campus:event_list") + f"?year={year}" + (f"&campaign={campaign.pk}" if campaign else ""),
        )
        context["title"] = f"{year}年{campaign.label if campaign else '法治进校园活动'}汇总"
        return context


# -- appointments -----------------------------------------------------------------------


class AppointmentListView(ObjectListView):
    model = Appointment
    filterset_class = AppointmentFilterSet
    table = APPOINTMENT_TABLE
    add_url_name = "campus:appointment_add"
    import_url_name = "campus:appointment_import"

    def get_queryset(self):
        year = _year(self.request)
        return super().get_queryset().annotate(hours=selectors.hours_in_year(year)).prefetch_related("schools")


class AppointmentImportView(ImportView):
    model = Appointment
    importer = AppointmentImporter
    template_url_name = "campus:appointment_import_template"
    success_url_name = "campus:appointment_list"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if request.user.school_id:
            raise PermissionDenied("您没有执行此操作的权限。")


class AppointmentImportTemplateView(ImportTemplateView):
    model = Appointment
    columns = staticmethod(appointment_columns)
    title = "法治副校长和交通安全辅导员"


class AppointmentDetailView(ObjectDetailView):
    model = Appointment
    template_name = "campus/appointment_detail.html"
    fields = ("name", "role", "body", "unit", "post", "phone", "term_start", "term_end", "batch", "retired", "birth_date")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        appointment, user = self.object, self.request.user
        year = _year(self.request)
        talks = Event.objects.for_user(user).filter(speaker=appointment, start_on__year=year).select_related("school")
        hours = talks.aggregate(total=Sum("class_hours"))["total"] or 0
        context.update(
            year=year,
            schools=appointment.schools.order_by("sort_key", "id"),
            talks=talks.order_by("start_on", "id"),
            hours=hours,
            required=selectors.REQUIRED_HOURS,
            evaluations=Evaluation.objects.for_user(user).filter(appointment=appointment).select_related("school"),
            can_evaluate=user.has_perm("campus.add_evaluation")
            and (
                appointment.schools.filter(pk=user.school_id).exists()
                if user.school_id
                else appointment.bureau_id == user.bureau_id
            ),
        )
        return context


class AppointmentEditView(CampusEditView):
    model = Appointment
    form_class = AppointmentForm

    def save(self, form) -> Appointment:
        data = form.cleaned_data
        return services.appointment_save(
            by=self.request.user,
            appointment=self.object,
            values=form.values(),
            schools=data.get("schools") or [],
            version=data.get("version"),
            token=data.get("token"),
        )


class AppointmentDeleteView(CampusDeleteView):
    model = Appointment
    success_url_name = "campus:appointment_list"


class EvaluationAddView(CampusEditView):
    """A school's yearly evaluation of an appointee (the bureau may record one too)."""

    model = Evaluation
    form_class = EvaluationForm
    template_name = "generic/object_edit.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.appointment = get_object_or_404(Appointment.objects.for_user(request.user), pk=kwargs["appointment"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["appointment"] = self.appointment
        return kwargs

    def save(self, form) -> Evaluation:
        data = form.cleaned_data
        school = data.get("school") or CampusSchool.objects.get(pk=self.request.user.school_id)
        return services.evaluation_save(
            by=self.request.user,
            appointment=self.appointment,
            school=school,
            year=data["year"],
            rating=data["rating"],
            comment=data.get("comment", ""),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"年度评价：{self.appointment}"
        context["cancel_url"] = self.appointment.get_absolute_url()
        context["breadcrumbs"] = [*list_crumb(Appointment), (str(self.appointment), self.appointment.get_absolute_url())]
        return context


class EvaluationListView(ObjectListView):
    model = Evaluation
    filterset_class = EvaluationFilterSet
    table = EVALUATION_TABLE
    link_rows = True


class BatchListView(ObjectListView):
    model = AppointmentBatch
    filterset_class = BatchFilterSet
    table = BATCH_TABLE
    add_url_name = "campus:appointmentbatch_add"


class BatchDetailView(ObjectDetailView):
    model = AppointmentBatch
    template_name = "campus/batch_detail.html"
    fields = ("name", "led_by", "appointed_on", "note")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        appointments = Appointment.objects.for_user(self.request.user).filter(batch=self.object)
        context["counts"] = appointments.aggregate(total=Count("pk", distinct=True), schools=Count("schools", distinct=True))
        context["by_role"] = list(appointments.values("role").annotate(n=Count("pk", distinct=True)).order_by("role"))
        context["list_url"] = reverse("campus:appointment_list") + f"?batch={self.object.pk}"
        return context


class BatchEditView(CampusEditView):
    model = AppointmentBatch
    form_class = BatchForm


class BatchDeleteView(CampusDeleteView):
    model = AppointmentBatch
    success_url_name = "campus:appointmentbatch_list"


# -- competitions -----------------------------------------------------------------------


class CompetitionListView(ObjectListView):
    model = Competition
    filterset_class = CompetitionFilterSet
    table = COMPETITION_TABLE
    add_url_name = "campus:competition_add"


class CompetitionDetailView(ObjectDetailView):
    model = Competition
    template_name = "campus/competition_detail.html"
    fields = ("name", "organiser", "level", "stage", "held_on")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        entries = Entry.objects.for_user(user).filter(competition=self.object).select_related("school")
        context["entries"] = [(entry, student_name_for(user, entry)) for entry in entries.order_by("group", "rank", "id")]
        context["can_add_entry"] = user.has_perm("campus.add_entry") and self.can_write(self.object)
        return context


class CompetitionEditView(CampusEditView):
    model = Competition
    form_class = CompetitionForm


class CompetitionDeleteView(CampusDeleteView):
    model = Competition
    success_url_name = "campus:competition_list"


class EntryListView(ObjectListView):
    model = Entry
    filterset_class = EntryFilterSet
    add_url_name = "campus:entry_add"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.table = entry_table(request.user)
        return super().get(request, *args, **kwargs)


class EntryDetailView(ObjectDetailView):
    model = Entry
    fields = ("competition", "school", "group", "represented", "rank", "prize")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        name = student_name_for(self.request.user, self.object)
        context["fields"] = [("学生姓名", name), *context["fields"]]
        if name != self.object.student_name:
            context["history"] = []  # the audit trail carries the whole name
        return context


class EntryEditView(CampusEditView):
    model = Entry
    form_class = EntryForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        competition = self.request.GET.get("competition")
        if competition and competition.isdigit():
            initial["competition"] = int(competition)
        return initial


class EntryDeleteView(CampusDeleteView):
    model = Entry
    success_url_name = "campus:entry_list"


# -- 先进校创建 ---------------------------------------------------------------------------


class CampaignListView(ObjectListView):
    model = CreationCampaign
    filterset_class = CreationCampaignFilterSet
    table = CAMPAIGN_TABLE
    add_url_name = "campus:creationcampaign_add"


class CampaignDetailView(ObjectDetailView):
    model = CreationCampaign
    template_name = "campus/campaign_detail.html"
    fields = ("school", "title", "start_year", "status", "status_year")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["reviews"] = Review.objects.for_user(user).filter(campaign=self.object).order_by("reviewed_on", "id")
        context["open_items"] = (
            RectificationItem.objects.for_user(user)
            .filter(review__campaign=self.object, done_on__isnull=True)
            .order_by("due_on", "id")
        )
        context["can_add_review"] = user.has_perm("campus.add_review") and self.can_write(self.object)
        return context


class CampaignEditView(CampusEditView):
    model = CreationCampaign
    form_class = CreationCampaignForm

    def save(self, form) -> CreationCampaign:
        data = form.cleaned_data

        def check(obj, links):
            services.check_school(self.request.user, obj.school)

        return services.record_save(
            by=self.request.user,
            model=CreationCampaign,
            instance=self.object,
            values=form.values(),
            token=data.get("token"),
            check=check,
        )


class CampaignDeleteView(CampusDeleteView):
    model = CreationCampaign
    success_url_name = "campus:creationcampaign_list"


class ReviewListView(ObjectListView):
    model = Review
    filterset_class = ReviewFilterSet
    table = REVIEW_TABLE


class ReviewDetailView(ObjectDetailView):
    model = Review
    template_name = "campus/review_detail.html"
    fields = ("reviewed_on", "body", "findings", "guidance")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["items"] = RectificationItem.objects.for_user(user).filter(review=self.object).order_by("due_on", "id")
        context["can_add_item"] = user.has_perm("campus.add_rectificationitem") and self.can_write(self.object)
        context["breadcrumbs"] = [
            *list_crumb(CreationCampaign),
            (str(self.object.campaign), self.object.campaign.get_absolute_url()),
        ]
        return context


class ReviewEditView(CampusEditView):
    """A review is added from its campaign's page (`campaign` in the URL)."""

    model = Review
    form_class = ReviewForm

    def new_instance(self) -> Review:
        campaign = get_object_or_404(CreationCampaign.objects.for_user(self.request.user, write=True), pk=self.kwargs["campaign"])
        return Review(campaign=campaign)

    def save(self, form) -> Review:
        data = form.cleaned_data
        values = form.values()
        if self.object is None:
            values["campaign"] = form.instance.campaign
        return services.record_save(
            by=self.request.user,
            model=Review,
            instance=self.object,
            values=values,
            version=data.get("version"),
            token=data.get("token"),
        )


class ReviewDeleteView(CampusDeleteView):
    model = Review
    success_url_name = "campus:review_list"


class ItemListView(ObjectListView):
    model = RectificationItem
    filterset_class = RectificationItemFilterSet
    table = ITEM_TABLE


class ItemDetailView(ObjectDetailView):
    model = RectificationItem
    fields = ("school", "finding", "owner", "due_on", "done_on", "evidence")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        review = self.object.review
        context["breadcrumbs"] = [*list_crumb(RectificationItem), (str(review), review.get_absolute_url())]
        return context


class ItemEditView(CampusEditView):
    model = RectificationItem
    form_class = RectificationItemForm

    def new_instance(self) -> RectificationItem:
        self.review = get_object_or_404(Review.objects.for_user(self.request.user, write=True), pk=self.kwargs["review"])
        return RectificationItem(review=self.review, school_id=self.review.campaign.school_id)

    def save(self, form) -> RectificationItem:
        data = form.cleaned_data
        return services.item_save(
            by=self.request.user,
            item=self.object,
            review=getattr(self, "review", None),
            values=form.values(),
            version=data.get("version"),
            token=data.get("token"),
        )


class ItemDeleteView(CampusDeleteView):
    model = RectificationItem
    success_url_name = "campus:rectificationitem_list"
