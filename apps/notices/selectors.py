"""Reads of notices: the inbox, a notice's receipt table and its summary, and the
dashboard's seams. Every read is scoped by `for_user`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem, KeyFigure

from .choices import NoticeStatus, Progress
from .models import Notice, NoticeAddressee


def notices_for(user: Any, *, write: bool = False) -> QuerySet[Notice]:
    return Notice.objects.for_user(user, write=write)


def inbox(user: Any) -> QuerySet[NoticeAddressee]:
    """The school's copies of sent notices, newest first."""

    return NoticeAddressee.objects.for_user(user).select_related("notice").order_by("-sent_at", "-id")


def receipts(notice: Notice, user: Any) -> QuerySet[NoticeAddressee]:
    """A notice's schools, laggards first (unread, read, signed, replied, accepted)."""

    return (
        NoticeAddressee.objects.for_user(user).filter(notice=notice).select_related("school", "notice").order_by("progress", "id")
    )


def receipt_summary(notice: Notice, user: Any) -> dict[str, int]:
    """How many schools read, signed, replied and are overdue: one aggregate over the
    notice's copies alone (the notice's own deadline is known here, so no join)."""

    today = timezone.localdate()
    wanted = Progress.REPLIED if notice.reply_required else Progress.ACKNOWLEDGED
    not_reopened = Q(reopened_until__isnull=True) | Q(reopened_until__lt=today)
    summary = (
        NoticeAddressee.objects.for_user(user)
        .filter(notice=notice)
        .aggregate(
            total=Count("pk"),
            read=Count("pk", filter=Q(progress__gte=Progress.READ)),
            acknowledged=Count("pk", filter=Q(progress__gte=Progress.ACKNOWLEDGED)),
            replied=Count("pk", filter=Q(progress__gte=Progress.REPLIED)),
            late=Count("pk", filter=Q(progress__lt=wanted) & not_reopened),
        )
    )
    past = notice.status == NoticeStatus.SENT and notice.deadline is not None and notice.deadline < today
    summary["overdue"] = summary.pop("late") if past else 0
    return summary


def notices_with_overdue(user: Any) -> QuerySet[Notice]:
    late = NoticeAddressee.objects.for_user(user, write=True).overdue().values("notice_id")
    return notices_for(user, write=True).filter(status=NoticeStatus.SENT, pk__in=late)


def attention(user: Any) -> list[AttentionItem]:
    """A school: notices to sign for, replies due, reminders. The bureau: notices with
    overdue schools."""

    items: list[AttentionItem] = []
    if user.has_perm("notices.change_noticeaddressee") and user.school_id:
        mine = NoticeAddressee.objects.for_user(user, write=True)
        counts = mine.aggregate(
            unsigned=Count("pk", filter=Q(progress__lt=Progress.ACKNOWLEDGED)),
            due=Count(
                "pk",
                filter=Q(notice__reply_required=True, progress__lt=Progress.REPLIED)
                & (Q(notice__deadline__gte=timezone.localdate()) | Q(reopened_until__gte=timezone.localdate())),
            ),
            reminded=Count("pk", filter=Q(reminded_at__isnull=False, progress__lt=Progress.REPLIED)),
        )
        url = reverse("notices:inbox")
        items += [
            AttentionItem("未签收的通知", counts["unsigned"], f"{url}?progress=pending", "danger"),
            AttentionItem("待提交的反馈", counts["due"], f"{url}?progress=reply_due"),
            AttentionItem("教育局催办的通知", counts["reminded"], f"{url}?reminded=true", "danger"),
        ]
    if user.has_perm("notices.change_notice") and not user.school_id:
        items.append(
            AttentionItem(
                "有学校逾期未签收或未反馈的通知",
                notices_with_overdue(user).count(),
                reverse("notices:notice_list") + "?overdue=true",
                "danger",
            )
        )
    return items


def key_figures(user: Any) -> list[KeyFigure]:
    year = timezone.localdate().year
    if user.school_id and user.has_perm("notices.change_noticeaddressee"):
        count = NoticeAddressee.objects.for_user(user).filter(sent_at__year=year).count()
        return [KeyFigure("今年收到通知", count, "件", reverse("notices:inbox") + f"?year={year}")]
    if user.has_perm("notices.view_noticelog"):
        count = notices_for(user).filter(status=NoticeStatus.SENT, sent_at__year=year).count()
        return [KeyFigure("今年下发通知", count, "件", reverse("notices:notice_list") + f"?year={year}")]
    return []


def sent_document_ids(bureau: Any, year: int, kind: str) -> QuerySet:
    """The ids of the 文件库 documents the bureau sent to schools in `year` with notices of
    `kind` (印发 / 转发): another app's report asks which of its documents went out."""

    return (
        Notice.objects.filter(bureau=bureau, status=NoticeStatus.SENT, sent_at__year=year, kind=kind)
        .exclude(documents__isnull=True)
        .values("documents")
    )
