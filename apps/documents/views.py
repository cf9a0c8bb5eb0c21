from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView

from apps.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedObjectMixin,
    ServiceErrorsMixin,
    UserFormMixin,
    list_crumb,
)

from . import selectors, services
from .choices import CleanupStatus, DocumentStatus
from .filtersets import CleanupFilterSet, DocumentFilterSet, LawFilterSet
from .forms import CleanupForm, DecisionForm, DocumentForm, LawForm, LawMaintainerForm, ReviewForm
from .models import CleanupCampaign, Document, Law, LawMaintainer
from .tables import CLEANUP_TABLE, DOCUMENT_TABLE, LAW_TABLE, MAINTAINER_TABLE

ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ofd": "application/ofd",
}


class DocumentListView(ObjectListView):
    model = Document
    filterset_class = DocumentFilterSet
    table = DOCUMENT_TABLE
    title = "文件库"
    add_url_name = "documents:document_add"


class DocumentDetailView(ObjectDetailView):
    model = Document
    template_name = "documents/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["topics"] = document.topics.all()
        context["laws"] = document.laws.all()
        context["lapsed"] = (
            document.status == DocumentStatus.VALID
            and document.effective_to is not None
            and document.effective_to < timezone.localdate()
        )
        context["reviews"] = document.reviews.all()
        context["cleanups"] = document.cleanup_decisions.select_related("campaign")
        context["is_draft"] = document.status == DocumentStatus.DRAFT
        return context


class DocumentEditView(ServiceErrorsMixin, ObjectEditView):
    model = Document
    form_class = DocumentForm


class DocumentDeleteView(ObjectDeleteView):
    model = Document
    template_name = "documents/document_delete.html"
    success_url_name = "documents:document_list"


class DocumentAttachmentView(ScopedObjectMixin, View):
    """The attachment, to those who may read the document (404 to anyone else), under
    the document's title. Files are never linked through MEDIA_URL."""

    model = Document
    action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = self.get_object()
        if not document.attachment:
            raise Http404("该文件没有附件。")
        try:
            handle = document.attachment.open("rb")
        except FileNotFoundError as missing:
            raise Http404("附件文件不存在。") from missing
        extension = PurePath(document.attachment.name).suffix.lower()
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{_safe_filename(document.title)}{extension}",
            content_type=ATTACHMENT_TYPES.get(extension, "application/octet-stream"),
        )


def _safe_filename(title: str) -> str:
    # A title may hold "/" (e.g. 方案/清单) or control characters; neither belongs in a file name.
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip() or "附件"


class LawListView(ObjectListView):
    model = Law
    filterset_class = LawFilterSet
    table = LAW_TABLE
    title = "法律法规库"
    add_url_name = "documents:law_add"


class LawDetailView(ObjectDetailView):
    model = Law
    template_name = "documents/law_detail.html"
    fields = ("name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status", "bureau")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_read = user.has_perm("documents.view_document")
        context["citing"] = selectors.documents_citing(self.object, user)[:50] if can_read else None
        return context


class LawEditView(ServiceErrorsMixin, ObjectEditView):
    model = Law
    form_class = LawForm


class DocumentIssueView(ScopedObjectMixin, View):
    """POST: 印发 a draft; refused with the reason (e.g. no fair-competition review)."""

    model = Document
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self.get_object()
        try:
            services.document_issue(document=document, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已印发“{document}”。")
        return HttpResponseRedirect(document.get_absolute_url())


class DocumentReviewAddView(UserFormMixin, ScopedObjectMixin, FormView):
    """Record a 合法性审核 or 公平竞争审查 on a document of the user's bureau."""

    model = Document
    action = "change"
    form_class = ReviewForm
    template_name = "generic/object_edit.html"

    def form_valid(self, form) -> HttpResponse:
        document = self.get_object()
        review = form.save(commit=False)
        try:
            services.review_add(document=document, by=self.request.user, review=review, token=form.cleaned_data.get("token"))
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, f"已记录{review.get_kind_display()}。")
        return HttpResponseRedirect(document.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        document = self.get_object()
        context["title"] = f"录入审查：{document}"
        context["cancel_url"] = document.get_absolute_url()
        context["breadcrumbs"] = [*list_crumb(Document), (str(document), document.get_absolute_url())]
        return context


class LawMaintainerListView(ObjectListView):
    model = LawMaintainer
    table = MAINTAINER_TABLE
    title = "法律法规库维护单位"
    add_url_name = "documents:lawmaintainer_add"


class LawMaintainerEditView(ObjectEditView):
    model = LawMaintainer
    form_class = LawMaintainerForm

    def get_success_url(self) -> str:
        return reverse("documents:lawmaintainer_list")


class LawMaintainerDeleteView(ObjectDeleteView):
    model = LawMaintainer
    success_url_name = "documents:lawmaintainer_list"


class CleanupListView(ObjectListView):
    model = CleanupCampaign
    filterset_class = CleanupFilterSet
    table = CLEANUP_TABLE
    title = "专项清理"
    add_url_name = "documents:cleanup_add"


class CleanupDetailView(ObjectDetailView):
    model = CleanupCampaign
    template_name = "documents/cleanup_detail.html"
    fields = ("title", "basis_title", "basis_number", "scope_from", "scope_to", "started_on", "status", "published_on", "summary")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.object
        decisions = {d.document_id: d for d in campaign.decisions.all()}
        in_scope = list(services.documents_in_scope(campaign).order_by("issued_on", "id"))
        context["scope_rows"] = [(document, decisions.get(document.pk)) for document in in_scope]
        context["undecided"] = sum(1 for document in in_scope if document.pk not in decisions)
        context["results"] = selectors.cleanup_results(campaign)
        context["open"] = campaign.status == CleanupStatus.IN_PROGRESS
        if not context["open"]:
            context["actions"] = []
        return context


class CleanupEditView(ServiceErrorsMixin, ObjectEditView):
    model = CleanupCampaign
    form_class = CleanupForm


class CleanupDecideView(ScopedObjectMixin, FormView):
    """The campaign's decision on one document in its scope (`?document=<id>` preselects it)."""

    model = CleanupCampaign
    action = "change"
    form_class = DecisionForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, campaign=self.get_object())
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = {"decided_on": timezone.localdate(), "reviewer": getattr(self.request.user, "full_name", "")}
        document = self.request.GET.get("document", "")
        if document.isdigit():
            initial["document"] = int(document)
        return initial

    def form_valid(self, form) -> HttpResponse:
        campaign = self.get_object()
        data = form.cleaned_data
        try:
            services.cleanup_decide(
                campaign=campaign,
                document=data["document"],
                by=self.request.user,
                decision=data["decision"],
                reviewer=data["reviewer"],
                reason=data["reason"],
                decided_on=data["decided_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, f"已记录“{data['document']}”的清理意见。")
        return HttpResponseRedirect(campaign.get_absolute_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign = self.get_object()
        context["title"] = f"填写清理意见：{campaign}"
        context["cancel_url"] = campaign.get_absolute_url()
        context["breadcrumbs"] = [*list_crumb(CleanupCampaign), (str(campaign), campaign.get_absolute_url())]
        return context


class CleanupPublishView(ScopedObjectMixin, View):
    """POST: publish the results lists (every document in scope decided)."""

    model = CleanupCampaign
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.get_object()
        try:
            services.cleanup_publish(campaign=campaign, by=request.user, published_on=timezone.localdate())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "已公布清理结果。")
        return HttpResponseRedirect(campaign.get_absolute_url())
