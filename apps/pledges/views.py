"""Views of the pledges app: thin, on the shared bases; writes go through `services`."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic.edit import FormView

from apps.core.security import log_denied
from apps.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedObjectMixin, UserFormMixin
from apps.documents.views import ATTACHMENT_TYPES

from . import selectors, services
from .filtersets import CampaignFilterSet, DecisionFilterSet, MeetingFilterSet, PledgeFilterSet
from .forms import CampaignForm, DecisionForm, MeetingForm, ReturnForm, SignForm
from .models import Campaign, Decision, Meeting, Pledge
from .tables import CAMPAIGN_PLEDGE_TABLE, CAMPAIGN_TABLE, DECISION_TABLE, MEETING_TABLE, PLEDGE_TABLE

IMAGE_TYPES = {".jpg": "image/jpeg", ".png": "image/png"}


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _file_response(field, title: str) -> FileResponse:
    if not field:
        raise Http404("没有上传文件。")
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404("文件不存在。") from missing
    extension = PurePath(field.name).suffix.lower()
    content_type = ATTACHMENT_TYPES.get(extension) or IMAGE_TYPES.get(extension, "application/octet-stream")
    return FileResponse(handle, as_attachment=True, filename=f"{title}{extension}", content_type=content_type)


# -- campaigns -------------------------------------------------------------------------


class CampaignListView(ObjectListView):
    model = Campaign
    filterset_class = CampaignFilterSet
    table = CAMPAIGN_TABLE
    add_url_name = "pledges:campaign_add"

    def get_queryset(self):
        return selectors.campaigns_for(self.request.user).select_related(*self.table.select_related)


class CampaignAddView(ObjectEditView):
    model = Campaign
    form_class = CampaignForm
    template_name = "pledges/campaign_form.html"

    def form_valid(self, form: CampaignForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            self.object = services.campaign_launch(
                by=self.request.user,
                year=data["year"],
                title=data["title"],
                pledge_document=data["pledge_document"],
                documents=data["documents"],
                schools=data["chosen_schools"],
                deadline=data["deadline"],
                body=data.get("body") or "",
                token=data.get("token"),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已发起“{self.object}”，通知已下发至 {self.object.pledges.count()} 所学校的收件箱。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class CampaignDetailView(ObjectListView):
    """The campaign page: signed / unsigned by school kind, then its schools, unsigned
    first, filterable and exportable. A school has no view_campaign (403)."""

    model = Campaign
    filterset_class = PledgeFilterSet
    table = CAMPAIGN_PLEDGE_TABLE
    template_name = "pledges/campaign_detail.html"

    def get_queryset(self):
        self.campaign = get_object_or_404(
            Campaign.objects.for_user(self.request.user).select_related("pledge_document", "notice"), pk=self.kwargs["pk"]
        )
        return (
            selectors.pledges_for(self.request.user)
            .filter(campaign=self.campaign)
            .select_related(*self.table.select_related)
            .order_by("status", "id")
        )

    def get_title(self) -> str:
        return str(self.campaign)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["campaign"] = self.campaign
        context["breadcrumbs"] = [("承诺书签订", reverse("pledges:campaign_list"))]
        context["documents"] = self.campaign.documents.order_by("issued_on", "id")
        context["summary"] = selectors.campaign_summary(self.campaign, self.request.user)
        return context


# -- pledges ---------------------------------------------------------------------------


class PledgeListView(ObjectListView):
    """Every pledge the user sees: the bureau's across campaigns (the report's figures
    link here), a school's own (本校承诺书)."""

    model = Pledge
    filterset_class = PledgeFilterSet
    table = PLEDGE_TABLE

    def get_title(self) -> str:
        return "本校承诺书" if self.request.user.school_id else "各校承诺书"

    def get_queryset(self):
        return super().get_queryset().order_by("status", "id")


class PledgeDetailView(ObjectDetailView):
    model = Pledge
    template_name = "pledges/pledge_detail.html"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                self.scoped().select_related("campaign__pledge_document", "school", "signed_by", "returned_by"),
                pk=self.kwargs["pk"],
            )
        return self._object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pledge, user = self.object, self.request.user
        writable = self.can_write(pledge)
        context["actions"] = []
        context["can_sign"] = (
            writable
            and not pledge.is_signed
            and user.has_perm("pledges.change_pledge")
            and (user.school_id == pledge.school_id or not user.school_id)
        )
        context["can_return"] = writable and pledge.is_signed and user.has_perm("pledges.change_campaign") and not user.school_id
        context["return_form"] = ReturnForm(user=user, initial={"version": pledge.version})
        context["documents"] = pledge.campaign.documents.order_by("issued_on", "id")
        if user.has_perm("pledges.view_campaign"):
            context["breadcrumbs"] = [
                ("承诺书签订", reverse("pledges:campaign_list")),
                (str(pledge.campaign), pledge.campaign.get_absolute_url()),
            ]
        else:
            context["breadcrumbs"] = [("本校承诺书", reverse("pledges:pledge_list"))]
        return context


class PledgeSignView(UserFormMixin, ScopedObjectMixin, FormView):
    """The school (or the bureau, for a scan sent on paper) signs: signer, date, scan.
    Outside the user's scope (another school's pledge) is 404."""

    model = Pledge
    action = "change"
    form_class = SignForm
    template_name = "pledges/pledge_sign.html"

    def get_initial(self) -> dict[str, Any]:
        pledge = self.get_object()
        return {"version": pledge.version, "signer": pledge.school.legal_representative}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pledge = self.get_object()
        if pledge.is_signed:
            messages.error(request, services.ALREADY_SIGNED)
            return HttpResponseRedirect(pledge.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pledge = self.get_object()
        context.update(
            object=pledge,
            title=f"签订承诺书：{pledge.school}",
            cancel_url=pledge.get_absolute_url(),
            breadcrumbs=[(str(pledge), pledge.get_absolute_url())],
        )
        return context

    def form_valid(self, form: SignForm) -> HttpResponse:
        pledge = self.get_object()
        data = form.cleaned_data
        try:
            services.pledge_sign(
                pledge=pledge,
                by=self.request.user,
                signer=data["signer"],
                signed_on=data["signed_on"],
                scan=data["scan"],
                version=data["version"],
                token=data.get("token"),
            )
        except PermissionDenied:
            log_denied(self.request, "签订他校承诺书")
            raise
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "承诺书已签订。")
        return HttpResponseRedirect(pledge.get_absolute_url())


class PledgeReturnView(ScopedObjectMixin, View):
    model = Pledge
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        pledge = self.get_object()
        form = ReturnForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, "请填写退回原因。")
            return HttpResponseRedirect(pledge.get_absolute_url())
        try:
            services.pledge_return(
                pledge=pledge, by=request.user, reason=form.cleaned_data["reason"], version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"已退回{pledge.school}的承诺书，学校需重新签订。")
        return HttpResponseRedirect(pledge.get_absolute_url())


class PledgeScanView(ScopedObjectMixin, View):
    """The signed scan, to whoever may read the pledge (404 to anyone else)."""

    model = Pledge
    action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        pledge = self.get_object()
        return _file_response(pledge.scan, f"{pledge.school.name}_{pledge.year}年度承诺书")


# -- meetings and decisions ---------------------------------------------------------------


class MeetingListView(ObjectListView):
    model = Meeting
    filterset_class = MeetingFilterSet
    table = MEETING_TABLE
    add_url_name = "pledges:meeting_add"

    def get_queryset(self):
        return selectors.meetings_for(self.request.user).select_related(*self.table.select_related)


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "pledges/meeting_detail.html"
    fields = ("held_on", "kind", "topic", "host", "other_attendees")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["people"] = meeting.people.select_related("employer").order_by("sort_key", "id")
        context["units"] = meeting.units.order_by("sort_key", "id")
        context["decisions"] = meeting.decisions.select_related("done_by").order_by("due_on", "id")
        return context


class MeetingEditView(ObjectEditView):
    model = Meeting
    form_class = MeetingForm

    def form_valid(self, form: MeetingForm) -> HttpResponse:
        data = form.cleaned_data
        values = {name: data[name] for name in ("held_on", "kind", "topic", "host", "other_attendees", "summary")}
        minutes = data.get("minutes")
        if minutes is False:  # "clear" ticked
            values["minutes"] = ""
            minutes = None
        try:
            self.object = services.meeting_save(
                by=self.request.user,
                meeting=self.object,
                values=values,
                people=data["people"],
                units=data["units"],
                minutes=minutes if hasattr(minutes, "content_type") else None,
                version=data.get("version"),
                token=data.get("token"),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已保存例会记录“{self.object}”。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class MeetingDeleteView(ObjectDeleteView):
    model = Meeting
    success_url_name = "pledges:meeting_list"

    def form_valid(self, form) -> HttpResponse:
        label = str(self.object)
        services.meeting_delete(meeting=self.object, by=self.request.user)
        messages.success(self.request, f"已删除例会记录“{label}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class MeetingMinutesView(ScopedObjectMixin, View):
    model = Meeting
    action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        meeting = self.get_object()
        return _file_response(meeting.minutes, f"{meeting.held_on:%Y%m%d}_{meeting.topic}_会议纪要")


class DecisionAddView(UserFormMixin, ScopedObjectMixin, FormView):
    model = Meeting
    action = "change"
    form_class = DecisionForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meeting = self.get_object()
        context.update(
            title=f"添加决定事项：{meeting}",
            cancel_url=meeting.get_absolute_url(),
            breadcrumbs=[("安全法治工作例会", reverse("pledges:meeting_list")), (str(meeting), meeting.get_absolute_url())],
        )
        return context

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        meeting = self.get_object()
        data = form.cleaned_data
        try:
            services.decision_add(
                meeting=meeting,
                by=self.request.user,
                text=data["text"],
                owner=data["owner"],
                due_on=data["due_on"],
                token=data.get("token"),
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已添加决定事项。")
        return HttpResponseRedirect(meeting.get_absolute_url())


class DecisionActionView(ScopedObjectMixin, View):
    """办结 / 重新打开: the service checks the right (change_meeting of the own bureau)."""

    model = Decision
    action = "view"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = self.get_object()
        done = self.perform(decision, request)
        messages.success(request, self.message if done else "状态未变化（可能已由他人处理）。")
        return HttpResponseRedirect(decision.get_absolute_url())


class DecisionDoneView(DecisionActionView):
    message = "已标记为办结。"

    def perform(self, decision: Decision, request: HttpRequest) -> bool:
        return services.decision_done(decision=decision, by=request.user)


class DecisionReopenView(DecisionActionView):
    message = "已重新打开。"

    def perform(self, decision: Decision, request: HttpRequest) -> bool:
        return services.decision_reopen(decision=decision, by=request.user)


class DecisionListView(ObjectListView):
    model = Decision
    filterset_class = DecisionFilterSet
    table = DECISION_TABLE
