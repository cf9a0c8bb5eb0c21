from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic.edit import FormView

from apps.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedObjectMixin, UserFormMixin
from apps.documents.views import ATTACHMENT_TYPES

from . import selectors, services
from .filtersets import AddresseeFilterSet, NoticeFilterSet
from .forms import AddSchoolsForm, NoticeForm, ReopenForm, ReplyForm
from .models import Notice, NoticeAddressee, NoticeAttachment, ReplyAttachment
from .tables import INBOX_TABLE, NOTICE_TABLE, RECEIPT_LIST_TABLE, RECEIPT_TABLE
from .zipstream import zip_stream


def _messages_of(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _safe_filename(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip() or "附件"


def _file_response(field, title: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404("附件文件不存在。") from missing
    extension = PurePath(field.name).suffix.lower()
    stem = PurePath(title).stem if PurePath(title).suffix.lower() == extension else title
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{_safe_filename(stem)}{extension}",
        content_type=ATTACHMENT_TYPES.get(extension, "application/octet-stream"),
    )


class BureauSideMixin:
    """Pages of the bureau's side (management list, receipt tables, zip): a school user,
    who holds view_notice for its inbox, has no `view_noticelog`."""

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        super().check_permission(request, action)
        if not request.user.has_perm("notices.view_noticelog"):
            raise PermissionDenied("您没有执行此操作的权限。")


# -- the bureau's side --------------------------------------------------------------


class NoticeListView(BureauSideMixin, ObjectListView):
    model = Notice
    filterset_class = NoticeFilterSet
    table = NOTICE_TABLE
    title = "通知管理"
    add_url_name = "notices:notice_add"


class NoticeDetailView(ObjectDetailView):
    model = Notice
    template_name = "notices/notice_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        notice = self.get_object()
        if request.user.school_id:
            # A school reads a notice through its own copy (which records the reading).
            copy = get_object_or_404(NoticeAddressee.objects.for_user(request.user), notice=notice)
            return HttpResponseRedirect(copy.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice, user = self.object, self.request.user
        context["documents"] = notice.documents.all()
        context["attachments"] = notice.attachments.all()
        context["summary"] = selectors.receipt_summary(notice, user)
        context["events"] = notice.logs.select_related("by")[:50]
        context["is_draft"] = notice.is_draft
        return context


class NoticeEditView(ObjectEditView):
    model = Notice
    form_class = NoticeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and "pk" in kwargs:
            notice = get_object_or_404(Notice.objects.for_user(request.user), pk=kwargs["pk"])
            if not notice.is_draft and request.user.has_perm("notices.change_notice"):
                messages.error(request, services.ALREADY_SENT)
                return HttpResponseRedirect(notice.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: NoticeForm) -> HttpResponse:
        data = form.cleaned_data
        values = {name: data[name] for name in ("title", "number", "kind", "body", "reply_required", "deadline")}
        try:
            self.object = services.notice_save_draft(
                by=self.request.user,
                notice=self.object,
                values=values,
                schools=data["chosen_schools"],
                documents=data["documents"],
                attachments=data.get("attachments") or [],
                remove_attachments=data.get("remove_attachments") or [],
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
        messages.success(self.request, f"已保存通知草稿“{self.object}”。确认无误后请点击“下发”。")
        return HttpResponseRedirect(self.object.get_absolute_url())


class NoticeDeleteView(ObjectDeleteView):
    model = Notice
    success_url_name = "notices:notice_list"

    def form_valid(self, form) -> HttpResponse:
        try:
            services.notice_delete_draft(notice=self.object, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(_messages_of(error)))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(self.request, f"已删除通知草稿“{self.object}”。")
        return HttpResponseRedirect(reverse(self.success_url_name))


class NoticeActionView(ScopedObjectMixin, View):
    """A POST that changes a notice through one service; its message is shown as is."""

    model = Notice
    action = "change"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notice = self.get_object()
        try:
            text = self.perform(notice)
        except ValidationError as error:
            messages.error(request, " ".join(_messages_of(error)))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(self.success_url(notice))

    def success_url(self, notice: Notice) -> str:
        return notice.get_absolute_url()

    def perform(self, notice: Notice) -> str:
        raise NotImplementedError


class NoticeSendView(NoticeActionView):
    def perform(self, notice: Notice) -> str:
        notice = services.notice_send(notice=notice, by=self.request.user)
        return f"通知“{notice}”已下发至 {notice.addressees.count()} 所学校。"


class NoticeRemindView(NoticeActionView):
    def perform(self, notice: Notice) -> str:
        count = services.notice_remind(notice=notice, by=self.request.user)
        return f"已催办 {count} 所学校。" if count else "没有需要催办的学校。"

    def success_url(self, notice: Notice) -> str:
        return reverse("notices:notice_receipts", args=[notice.pk])


class NoticeAddSchoolsView(UserFormMixin, ScopedObjectMixin, FormView):
    model = Notice
    action = "change"
    form_class = AddSchoolsForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"追加下发学校：{self.get_object()}"
        context["cancel_url"] = self.get_object().get_absolute_url()
        return context

    def form_valid(self, form: AddSchoolsForm) -> HttpResponse:
        notice = self.get_object()
        try:
            added = services.notice_add_schools(notice=notice, schools=form.cleaned_data["chosen_schools"], by=self.request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"已追加下发 {len(added)} 所学校。")
        return HttpResponseRedirect(notice.get_absolute_url())


class NoticeReceiptListView(BureauSideMixin, ObjectListView):
    """One notice's schools, laggards first, with its summary and the bureau's actions."""

    model = NoticeAddressee
    filterset_class = AddresseeFilterSet
    table = RECEIPT_TABLE
    template_name = "notices/receipt_list.html"

    def get_queryset(self):
        self.notice = get_object_or_404(Notice.objects.for_user(self.request.user), pk=self.kwargs["pk"])
        return super().get_queryset().filter(notice=self.notice).order_by("progress", "id")

    def get_title(self) -> str:
        return f"签收情况：{self.notice}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["notice"] = self.notice
        context["summary"] = selectors.receipt_summary(self.notice, self.request.user)
        context["can_change"] = self.request.user.has_perm("notices.change_notice") and (
            Notice.objects.for_user(self.request.user, write=True).filter(pk=self.notice.pk).exists()
        )
        return context


class ReceiptListView(BureauSideMixin, ObjectListView):
    """Every notice's schools: the report's receipt figures link here."""

    model = NoticeAddressee
    filterset_class = AddresseeFilterSet
    table = RECEIPT_LIST_TABLE
    title = "签收情况"

    def get_queryset(self):
        return super().get_queryset().exclude(notice__status="draft")


class RepliesZipView(BureauSideMixin, ScopedObjectMixin, View):
    """Every reply attachment of a notice in one zip, school names in the file names;
    streamed as it is written, never built in memory."""

    model = Notice
    action = "view"

    def scoped(self, *, write: bool = False):
        # Replies go to the bureau that sent the notice only, not to a city viewer.
        return Notice.objects.for_user(self.request.user, write=True)

    def get(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        notice = self.get_object()
        files = (
            ReplyAttachment.objects.for_user(request.user, write=True)
            .filter(addressee__notice=notice)
            .select_related("addressee__school")
            .order_by("addressee__school__name", "id")
        )
        response = StreamingHttpResponse(zip_stream(_zip_entries(files)), content_type="application/zip")
        name = f"{_safe_filename(notice.title)}_反馈附件_{timezone.localdate():%Y%m%d}.zip"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response


def _zip_entries(files: Iterable[ReplyAttachment]) -> Iterator[tuple[str, Any]]:
    seen: set[str] = set()
    for attachment in files.iterator(chunk_size=200):
        name = f"{_safe_filename(attachment.addressee.school.name)}_{_safe_filename(attachment.name)}"
        stem, suffix = PurePath(name).stem, PurePath(name).suffix
        n = 1
        while name in seen:
            n += 1
            name = f"{stem}（{n}）{suffix}"
        seen.add(name)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            continue
        yield name, handle


class NoticeAttachmentView(ScopedObjectMixin, View):
    """A notice's attachment, to whoever may read the notice (404 to anyone else)."""

    model = Notice
    action = "view"

    def get(self, request: HttpRequest, pk: int, attachment: int) -> FileResponse:
        notice = self.get_object()
        item = get_object_or_404(NoticeAttachment, notice=notice, pk=attachment)
        return _file_response(item.file, item.name)


# -- the school's side ----------------------------------------------------------------


class InboxView(ObjectListView):
    model = NoticeAddressee
    filterset_class = AddresseeFilterSet
    table = INBOX_TABLE
    title = "收件箱"
    template_name = "notices/inbox.html"
    action = "change"  # a school user's list: bureau staff use 通知管理

    def get_queryset(self):
        return super().get_queryset().order_by("-sent_at", "-id")


class ReceiptDetailView(ObjectDetailView):
    """One school's copy: the notice, its 签收 and reply. Opening it as the school
    records the first reading."""

    model = NoticeAddressee
    template_name = "notices/receipt_detail.html"

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(
                self.scoped().select_related("notice", "school", "read_by", "acknowledged_by", "replied_by"),
                pk=self.kwargs["pk"],
            )
        return self._object

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.addressee_mark_read(addressee=self.get_object(), by=request.user)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        copy, user = self.object, self.request.user
        notice = copy.notice
        own_school = user.school_id == copy.school_id
        context.update(
            notice=notice,
            documents=notice.documents.all(),
            notice_attachments=notice.attachments.all(),
            reply_attachments=copy.attachments.all(),
            own_school=own_school,
            overdue=copy.is_overdue(),
            reply_refusal=services.reply_open(copy) if own_school else None,
            can_review=user.has_perm("notices.change_notice") and not user.school_id and copy.bureau_id == user.bureau_id,
            reopen_form=ReopenForm(user=user),
        )
        return context


class ReceiptActionView(ScopedObjectMixin, View):
    model = NoticeAddressee
    action = "view"  # the service checks who may: the school for its copy, the bureau to review

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        copy = self.get_object()
        try:
            text = self.perform(copy, request)
        except ValidationError as error:
            messages.error(request, " ".join(_messages_of(error)))
        else:
            messages.success(request, text)
        return HttpResponseRedirect(copy.get_absolute_url())


class AcknowledgeView(ReceiptActionView):
    action = "change"

    def perform(self, copy: NoticeAddressee, request: HttpRequest) -> str:
        done = services.addressee_acknowledge(addressee=copy, by=request.user)
        return "已签收。" if done else "该通知此前已签收。"


class AcceptView(ReceiptActionView):
    def perform(self, copy: NoticeAddressee, request: HttpRequest) -> str:
        version = int(request.POST.get("version") or 0)
        services.addressee_accept(addressee=copy, by=request.user, version=version)
        return f"已采纳{copy.school}的反馈。"


class ReopenView(ReceiptActionView):
    def perform(self, copy: NoticeAddressee, request: HttpRequest) -> str:
        form = ReopenForm(request.POST, user=request.user)
        if not form.is_valid():
            raise ValidationError("请填写有效的重新开放日期。")
        until = form.cleaned_data["until"]
        services.addressee_reopen(addressee=copy, by=request.user, until=until)
        return f"已为{copy.school}重新开放反馈，至{until.year}年{until.month}月{until.day}日。"


class ReplyView(UserFormMixin, ScopedObjectMixin, FormView):
    """The school's reply: text and attachments, revisable until the deadline or the
    bureau's acceptance; a save based on an older version is refused."""

    model = NoticeAddressee
    action = "change"
    form_class = ReplyForm
    template_name = "notices/reply_form.html"

    def get_initial(self) -> dict[str, Any]:
        copy = self.get_object()
        return {"text": copy.reply, "version": copy.version}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        copy = self.get_object()
        context.update(object=copy, notice=copy.notice, refusal=services.reply_open(copy))
        return context

    def form_valid(self, form: ReplyForm) -> HttpResponse:
        copy = self.get_object()
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.addressee_reply(
                    addressee=copy,
                    by=self.request.user,
                    text=data["text"],
                    attachments=data.get("attachments") or [],
                    version=data["version"],
                    token=data.get("token"),
                )
        except ValidationError as error:
            form.add_error("text" if hasattr(error, "error_dict") else None, _messages_of(error))
            return self.form_invalid(form)
        messages.success(self.request, "反馈已提交。")
        return HttpResponseRedirect(copy.get_absolute_url())


class ReplyAttachmentView(ScopedObjectMixin, View):
    """A reply's attachment: only the bureau that sent the notice and the replying
    school (the write scope); a city viewer or another school gets 404."""

    model = ReplyAttachment
    action = "view"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm("notices.view_noticeaddressee"):
            raise PermissionDenied("您没有执行此操作的权限。")

    def scoped(self, *, write: bool = False):
        return ReplyAttachment.objects.for_user(self.request.user, write=True).exclude(addressee__notice__status="draft")

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        item = self.get_object()
        return _file_response(item.file, item.name)
