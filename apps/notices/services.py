"""Writes of notices: drafts, sending, adding schools, reading, 签收, replies, the
bureau's acceptance, reopening and reminders. Each takes the acting user, checks the
right inside, and refuses an invalid transition with a message the page shows as is.

Other apps send their own notices with `notice_create_for(...)`, so schools find
everything in one inbox.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.registry.models import Entity

from .choices import EventKind, NoticeKind, NoticeStatus, Progress
from .models import Notice, NoticeAddressee, NoticeAttachment, NoticeLog, ReplyAttachment

STALE_DRAFT = "该通知已被他人修改（您看到的是旧版本），请重新打开后再修改。"
STALE_REPLY = "反馈已被他人修改（您看到的是旧版本），请重新打开后再提交。"
ALREADY_SENT = "通知已下发，不能再修改正文和下发学校；如需追加学校，请使用“追加下发学校”。"
NO_SCHOOLS = "请至少选择一所下发学校。"
PAST_DEADLINE = "已过反馈截止日期（{date}），不能再提交反馈；如需补交，请联系教育局重新开放。"
ALREADY_ACCEPTED = "教育局已采纳该反馈，不能再修改。"
NOT_REQUIRED = "该通知不需要反馈。"
ACK_FIRST = "请先签收通知，再提交反馈。"


def _require_bureau(by: User, notice: Notice, perm: str = "notices.change_notice") -> None:
    """The bureau's own staff with the right; a school or a city viewer is refused."""

    if not by.has_perm(perm) or by.school_id:
        raise PermissionDenied("您没有执行此操作的权限。")
    if not by.is_superuser and notice.bureau_id != by.bureau_id:
        raise PermissionDenied("您只能操作本局的通知。")


def _require_school(by: User, addressee: NoticeAddressee) -> None:
    """Only a user of the addressed school acts on its copy."""

    if not by.has_perm("notices.change_noticeaddressee") or by.school_id != addressee.school_id:
        raise PermissionDenied("只有收文学校的用户可以签收或反馈。")
    if addressee.notice.status != NoticeStatus.SENT:
        raise PermissionDenied("通知尚未下发。")


def _check_schools(bureau_id: int, schools: Iterable[Entity]) -> list[Entity]:
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": NO_SCHOOLS})
    if any(school.bureau_id != bureau_id for school in schools):
        raise ValidationError({"schools": "只能下发给本局的学校。"})
    return schools


def _attach(notice: Notice, files: Sequence[UploadedFile]) -> None:
    for upload in files:
        NoticeAttachment.objects.create(bureau_id=notice.bureau_id, notice=notice, file=upload, name=upload.name)


def _detach(notice: Notice, attachments: Iterable[NoticeAttachment]) -> None:
    """Delete the draft's own attachments (audited: the deleted row stays in the trail);
    an attachment of another notice is refused, never silently skipped."""

    attachments = list(attachments)
    if any(attachment.notice_id != notice.pk for attachment in attachments):
        raise ValidationError({"remove_attachments": "只能删除本通知的附件。"})
    for attachment in attachments:
        attachment.delete()
        # The row's history keeps who removed it; the file goes once the transaction holds.
        transaction.on_commit(lambda f=attachment.file: f.delete(save=False))


def notice_save_draft(
    *,
    by: User,
    notice: Notice | None = None,
    values: dict[str, Any],
    schools: Iterable[Entity],
    documents: Iterable[Any] = (),
    attachments: Sequence[UploadedFile] = (),
    remove_attachments: Iterable[NoticeAttachment] = (),
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> Notice:
    """Create or change a draft: its fields, documents, attachments (added, and the
    ticked ones removed) and schools.

    `version` is the draft's version the form was based on: an older one is refused
    (another clerk saved in between). `token` makes a double-clicked save create one."""

    if notice is None:
        if not by.has_perm("notices.add_notice") or by.school_id or by.bureau_id is None:
            raise PermissionDenied("您没有新建通知的权限。")
        if token is not None:
            existing = Notice.objects.filter(submit_token=token, created_by=by).first()
            if existing is not None:
                return existing
        notice = Notice(bureau_id=by.bureau_id, created_by=by, submit_token=token)
    else:
        _require_bureau(by, notice)
    with transaction.atomic():
        if notice.pk:
            current = Notice.objects.select_for_update().get(pk=notice.pk)
            if current.status != NoticeStatus.DRAFT:
                raise ValidationError(ALREADY_SENT)
            if version is not None and current.version != version:
                raise ValidationError(STALE_DRAFT)
            if token is not None and current.submit_token == token:
                return current  # the same form posted twice
            notice.version = current.version + 1
            notice.submit_token = token
        for field, value in values.items():
            setattr(notice, field, value)
        notice.full_clean(exclude=["bureau", "documents"])
        notice.save()
        notice.documents.set(list(documents))
        _detach(notice, remove_attachments)
        _attach(notice, attachments)
        wanted = {school.pk for school in _check_schools(notice.bureau_id, schools)}
        notice.addressees.exclude(school_id__in=wanted).delete()
        have = set(notice.addressees.values_list("school_id", flat=True))
        NoticeAddressee.objects.bulk_create(
            NoticeAddressee(bureau_id=notice.bureau_id, notice=notice, school_id=pk) for pk in sorted(wanted - have)
        )
    return notice


def notice_send(*, notice: Notice, by: User) -> Notice:
    """Send a draft to its schools. From now on its schools only grow, each addition recorded."""

    _require_bureau(by, notice)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        if notice.status != NoticeStatus.DRAFT:
            raise ValidationError("该通知已经下发，不能重复下发。")
        count = notice.addressees.count()
        if not count:
            raise ValidationError(NO_SCHOOLS)
        if notice.reply_required and notice.deadline is None:
            raise ValidationError("需要反馈的通知必须填写截止日期。")
        now = timezone.now()
        notice.status, notice.sent_at, notice.sent_by = NoticeStatus.SENT, now, by
        notice.save(update_fields=["status", "sent_at", "sent_by", "updated_at", "search_text", "number"])
        notice.addressees.update(sent_at=now)
        NoticeLog.objects.create(
            bureau_id=notice.bureau_id, notice=notice, kind=EventKind.SENT, detail=f"下发至 {count} 所学校", by=by
        )
    return notice


def notice_create_for(
    *,
    by: User,
    title: str,
    body: str,
    schools: Iterable[Entity],
    documents: Iterable[Any] = (),
    reply_required: bool = False,
    deadline: datetime.date | None = None,
    purpose: str = "",
    kind: str = NoticeKind.NOTICE,
    number: str = "",
) -> Notice:
    """For other apps: write and send a notice in one step (a pledge campaign, a
    self-inspection round), so the schools find it in their inbox with the rest."""

    with transaction.atomic():
        notice = notice_save_draft(
            by=by,
            values={
                "title": title,
                "body": body,
                "reply_required": reply_required,
                "deadline": deadline,
                "purpose": purpose,
                "kind": kind,
                "number": number,
            },
            schools=schools,
            documents=documents,
        )
        return notice_send(notice=notice, by=by)


def notice_add_schools(*, notice: Notice, schools: Iterable[Entity], by: User) -> list[NoticeAddressee]:
    """Send a sent notice to more schools; recorded as an event naming them."""

    _require_bureau(by, notice)
    if notice.status != NoticeStatus.SENT:
        raise ValidationError("草稿可直接修改下发学校。")
    schools = _check_schools(notice.bureau_id, schools)
    with transaction.atomic():
        have = set(notice.addressees.values_list("school_id", flat=True))
        new = [school for school in schools if school.pk not in have]
        if not new:
            raise ValidationError({"schools": "所选学校都已在下发范围内。"})
        now = timezone.now()
        added = NoticeAddressee.objects.bulk_create(
            NoticeAddressee(bureau_id=notice.bureau_id, notice=notice, school=s, sent_at=now, added_after_send=True) for s in new
        )
        NoticeLog.objects.create(
            bureau_id=notice.bureau_id,
            notice=notice,
            kind=EventKind.SCHOOLS_ADDED,
            detail="追加：" + "、".join(s.name for s in new),
            by=by,
        )
    return added


def addressee_mark_read(*, addressee: NoticeAddressee, by: User) -> bool:
    """Record the first reading by the school; later openings change nothing.
    One conditional UPDATE, so two tabs opening at once still record one reading."""

    if by.school_id != addressee.school_id or addressee.notice.status != NoticeStatus.SENT:
        return False
    now = timezone.now()
    done = NoticeAddressee.objects.filter(pk=addressee.pk, read_at__isnull=True).update(
        read_at=now, read_by=by, progress=Progress.READ, updated_at=now
    )
    if done:
        addressee.read_at, addressee.read_by, addressee.progress = now, by, Progress.READ
    return bool(done)


def addressee_acknowledge(*, addressee: NoticeAddressee, by: User) -> bool:
    """签收: once; a second click is a no-op (returns False)."""

    _require_school(by, addressee)
    addressee_mark_read(addressee=addressee, by=by)
    now = timezone.now()
    done = NoticeAddressee.objects.filter(pk=addressee.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by, progress=Progress.ACKNOWLEDGED, updated_at=now
    )
    if done:
        addressee.acknowledged_at, addressee.acknowledged_by, addressee.progress = now, by, Progress.ACKNOWLEDGED
    return bool(done)


def reply_open(addressee: NoticeAddressee, today: datetime.date | None = None) -> str | None:
    """Why the school cannot (re)submit its reply now, or None if it can."""

    today = today or timezone.localdate()
    if not addressee.notice.reply_required:
        return NOT_REQUIRED
    if addressee.progress == Progress.ACCEPTED:
        return ALREADY_ACCEPTED
    if addressee.acknowledged_at is None:
        return ACK_FIRST
    deadline = addressee.reply_deadline
    if deadline is not None and today > deadline:
        return PAST_DEADLINE.format(date=f"{deadline.year}年{deadline.month}月{deadline.day}日")
    return None


def addressee_reply(
    *,
    addressee: NoticeAddressee,
    by: User,
    text: str,
    attachments: Sequence[UploadedFile] = (),
    version: int,
    token: uuid.UUID | None = None,
) -> NoticeAddressee:
    """Submit or revise the school's reply, until the deadline (or the date the bureau
    reopened it to) and until the bureau accepts it."""

    _require_school(by, addressee)
    if not text.strip():
        raise ValidationError({"text": "请填写反馈内容。"})
    with transaction.atomic():
        current = NoticeAddressee.objects.select_related("notice").select_for_update(of=("self",)).get(pk=addressee.pk)
        if token is not None and current.reply_token == token:
            return current  # the same form posted twice
        refusal = reply_open(current)
        if refusal:
            raise ValidationError(refusal)
        if current.version != version:
            raise ValidationError(STALE_REPLY)
        now = timezone.now()
        current.reply, current.replied_at, current.replied_by = text.strip(), now, by
        current.progress, current.reply_token = Progress.REPLIED, token
        current.version += 1
        current.save()
        for upload in attachments:
            ReplyAttachment.objects.create(bureau_id=current.bureau_id, addressee=current, file=upload, name=upload.name)
    return current


def addressee_accept(*, addressee: NoticeAddressee, by: User, version: int) -> NoticeAddressee:
    """The bureau accepts a reply: the school can no longer revise it."""

    _require_bureau(by, addressee.notice)
    with transaction.atomic():
        current = NoticeAddressee.objects.select_for_update().get(pk=addressee.pk)
        if current.version != version:
            raise ValidationError(STALE_REPLY)
        if current.progress != Progress.REPLIED:
            raise ValidationError("只有已反馈、尚未采纳的反馈可以采纳。")
        current.progress, current.accepted_at = Progress.ACCEPTED, timezone.now()
        current.version += 1
        current.save()
        NoticeLog.objects.create(
            bureau_id=current.bureau_id,
            notice_id=current.notice_id,
            kind=EventKind.ACCEPTED,
            detail=current.school.name,
            by=by,
        )
    return current


def addressee_reopen(*, addressee: NoticeAddressee, by: User, until: datetime.date) -> NoticeAddressee:
    """Let one school reply (again) until `until`, past the notice's deadline."""

    _require_bureau(by, addressee.notice)
    if not addressee.notice.reply_required:
        raise ValidationError(NOT_REQUIRED)
    if until < timezone.localdate():
        raise ValidationError({"until": "重新开放的截止日期不能早于今天。"})
    with transaction.atomic():
        current = NoticeAddressee.objects.select_for_update().get(pk=addressee.pk)
        current.reopened_until = until
        if current.progress == Progress.ACCEPTED:
            current.progress = Progress.REPLIED
            current.accepted_at = None
        current.version += 1
        current.save()
        NoticeLog.objects.create(
            bureau_id=current.bureau_id,
            notice_id=current.notice_id,
            kind=EventKind.REOPENED,
            detail=f"{current.school.name}，至{until:%Y-%m-%d}",
            by=by,
        )
    return current


def notice_remind(*, notice: Notice, by: User) -> int:
    """Mark the laggards (not yet signed for, or a required reply missing) as reminded:
    their dashboard and inbox show it. Returns how many schools were reminded."""

    _require_bureau(by, notice)
    if notice.status != NoticeStatus.SENT:
        raise ValidationError("通知尚未下发。")
    wanted = Progress.REPLIED if notice.reply_required else Progress.ACKNOWLEDGED
    with transaction.atomic():
        count = notice.addressees.filter(progress__lt=wanted).update(reminded_at=timezone.now())
        if count:
            NoticeLog.objects.create(
                bureau_id=notice.bureau_id, notice=notice, kind=EventKind.REMINDED, detail=f"催办 {count} 所学校", by=by
            )
    return count


def notice_delete_draft(*, notice: Notice, by: User) -> None:
    _require_bureau(by, notice, "notices.delete_notice")
    if notice.status != NoticeStatus.DRAFT:
        raise ValidationError("已下发的通知不能删除。")
    notice.delete()
