"""通知下发: a notice, the schools it goes to (one row each: read, 签收, reply), its
attachments and the replies' attachments, and the dated events of sending it."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel, ScopedQuerySet
from apps.core.templatetags.portal import doc_number

from .choices import EventKind, NoticeKind, NoticeStatus, Progress


class DraftHiddenQuerySet(ScopedQuerySet):
    """A school never sees a draft, even one already addressed to it."""

    sent_lookup = "status"

    def for_user(self, user: Any, *, write: bool = False) -> DraftHiddenQuerySet:
        qs = super().for_user(user, write=write)
        if getattr(user, "school_id", None) and not user.is_superuser:
            qs = qs.exclude(**{self.sent_lookup: NoticeStatus.DRAFT})
        return qs


class NoticeQuerySet(DraftHiddenQuerySet):
    sent_lookup = "status"


class AddresseeQuerySet(DraftHiddenQuerySet):
    sent_lookup = "notice__status"

    def overdue(self, today: datetime.date | None = None) -> AddresseeQuerySet:
        """Past the deadline without what the notice asks: a reply where one is
        required, else the 签收; unless the bureau reopened it past today."""

        return self.filter(overdue_q(today))


def overdue_q(today: datetime.date | None = None) -> Q:
    """The overdue condition on a copy's own row and its notice: usable in a filter or
    inside an aggregate's `filter=` (one pass over a notice's copies, no subquery)."""

    today = today or timezone.localdate()
    late = Q(notice__deadline__lt=today) & (Q(reopened_until__isnull=True) | Q(reopened_until__lt=today))
    missing = Q(notice__reply_required=True, progress__lt=Progress.REPLIED) | Q(
        notice__reply_required=False, progress__lt=Progress.ACKNOWLEDGED
    )
    return late & missing & Q(notice__status=NoticeStatus.SENT)


@audited(exclude=("search_text", "submit_token"))
class Notice(BureauOwnedModel):
    """A notice from the bureau to schools: it may issue (印发) or forward (转发) documents."""

    title = models.CharField("标题", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True, help_text="如：高教发〔2024〕3号")
    kind = models.CharField("类别", max_length=20, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    body = models.TextField("正文")
    documents = models.ManyToManyField("documents.Document", verbose_name="印发/转发的文件", blank=True, related_name="notices")
    reply_required = models.BooleanField("需要反馈", default=False)
    deadline = models.DateField("截止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    # Who asked for it: "" for the bureau's own notices, e.g. "pledges" when another app sends.
    purpose = models.CharField("来源", max_length=40, blank=True)
    sent_at = models.DateTimeField("下发时间", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下发人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a draft saved from an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    # The form's one-time token: a double-clicked "保存" creates one notice.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = NoticeQuerySet.as_manager()

    school_lookups = ("addressees__school_id",)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["bureau", "-id"], name="notices_notice_list"),
            models.Index(fields=["bureau", "status", "sent_at"], name="notices_notice_sent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
            models.CheckConstraint(
                condition=Q(status=NoticeStatus.DRAFT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number = doc_number(self.number.strip())
        self.search_text = f"{self.title} {self.number}".lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("notices:notice", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT


NoticeDocumentEvent = audited_links(
    Notice.documents.through, model_name="NoticeDocumentEvent", app_label="notices", verbose_name="通知文件变更记录"
)


@audited()
class NoticeAttachment(BureauOwnedModel):
    """A file sent with a notice; downloaded only through the notice's scope."""

    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="notices/%Y/")
    name = models.CharField("文件名", max_length=200)

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


@audited(exclude=("reply_token",))
class NoticeAddressee(BureauOwnedModel):
    """One school's copy of a notice: when it was read and signed for, and its reply."""

    # No index of its own: (notice, progress, id) below serves every lookup by notice and,
    # unlike a plain notice_id index the planner preferred, reads the receipt table's first
    # page in order instead of sorting all of a province bureau's 1,700 copies.
    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="addressees", db_index=False)
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="notice_copies")
    progress = models.PositiveSmallIntegerField("状态", choices=Progress.choices, default=Progress.UNREAD)
    # Copied from the notice when it is sent: the inbox is ordered by it on one index.
    sent_at = models.DateTimeField("下发时间", null=True, blank=True)
    added_after_send = models.BooleanField("追加下发", default=False)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="阅读人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="签收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply = models.TextField("反馈内容", blank=True)
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="反馈人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField("采纳时间", null=True, blank=True)
    reopened_until = models.DateField("反馈重新开放至", null=True, blank=True)
    reminded_at = models.DateTimeField("最近催办时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    reply_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = AddresseeQuerySet.as_manager()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "签收记录"
        verbose_name_plural = "签收记录"
        ordering = ["-sent_at", "-id"]
        indexes = [
            # the school's inbox, newest first
            models.Index(fields=["school", "-sent_at", "-id"], name="notices_addr_inbox"),
            # a notice's receipt table, laggards first
            models.Index(fields=["notice", "progress", "id"], name="notices_addr_receipts"),
            models.Index(fields=["bureau", "-sent_at", "-id"], name="notices_addr_bureau"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["notice", "school"], name="%(app_label)s_%(class)s_one_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.notice}（{self.school}）"

    def get_absolute_url(self) -> str:
        return reverse("notices:receipt", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """The Python twin of AddresseeQuerySet.overdue, for a row already loaded."""

        today = today or timezone.localdate()
        notice = self.notice
        if notice.is_draft or notice.deadline is None or notice.deadline >= today:
            return False
        if self.reopened_until and self.reopened_until >= today:
            return False
        wanted = Progress.REPLIED if notice.reply_required else Progress.ACKNOWLEDGED
        return self.progress < wanted

    @property
    def reply_deadline(self) -> datetime.date | None:
        return max(filter(None, [self.notice.deadline, self.reopened_until]), default=None)


class ReplyAttachment(BureauOwnedModel):
    """A file of a school's reply: only the bureau and that school may download it."""

    addressee = models.ForeignKey(NoticeAddressee, verbose_name="签收记录", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="notices/replies/%Y/")
    name = models.CharField("文件名", max_length=200)

    school_lookups = ("addressee__school_id",)

    class Meta:
        verbose_name = "反馈附件"
        verbose_name_plural = "反馈附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class NoticeLog(BureauOwnedModel):
    """What happened to a sent notice: sent, schools added, reminders, reopenings."""

    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="logs")
    kind = models.CharField("事项", max_length=20, choices=EventKind.choices)
    detail = models.CharField("说明", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "通知记录"
        verbose_name_plural = "通知记录"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail}"
