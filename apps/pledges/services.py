"""Writes of the pledges app: launching a year's campaign (sent to the schools as a
notice), signing and returning a school's pledge, recording meetings and their
decisions. Each takes the acting user, checks the right inside, is atomic, and refuses
an invalid transition with a message the page shows as is."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.documents.models import Document
from apps.notices import selectors as notice_selectors
from apps.notices import services as notice_services
from apps.notices.choices import NoticeKind
from apps.registry.models import Bureau, Entity, Person

from .choices import PledgeStatus
from .models import Campaign, Decision, Meeting, Pledge

ALREADY_SIGNED = "承诺书已签订，不能再修改；如签订有误，请联系教育局退回后重新签订。"
STALE_PLEDGE = "该承诺书已被他人修改（您看到的是旧版本），请重新打开后再操作。"
STALE_MEETING = "该例会记录已被他人修改（您看到的是旧版本），请重新打开后再修改。"
YEAR_TAKEN = "{year}年度的承诺书签订已经发起，不能重复发起。"
NO_SCHOOLS = "请至少选择一所签订学校。"
DENIED = "您没有执行此操作的权限。"


def _require_staff(by: User, perm: str, obj: Any = None) -> None:
    """The bureau's own staff with the right; a school or a city viewer is refused, and a
    row of another bureau (even one the user reads) is not theirs to change."""

    if not by.has_perm(perm) or by.school_id or (by.bureau_id is None and not by.is_superuser):
        raise PermissionDenied(DENIED)
    if obj is not None and not by.is_superuser and obj.bureau_id != by.bureau_id:
        raise PermissionDenied("您只能操作本局的记录。")


# -- campaigns and pledges ------------------------------------------------------------


def _notice_body(campaign: Campaign, guidance: list[Document]) -> str:
    names = "".join(f"《{d.title}》" for d in guidance)
    deadline = campaign.deadline
    text = (f"请各校认真学习{names}，" if names else "请各校") + (
        f"由学校主要负责人签订《{campaign.pledge_document.title}》，"
        f"于{deadline.year}年{deadline.month}月{deadline.day}日前在平台“本校承诺书”中上传签字盖章的扫描件。"
    )
    return f"{campaign.body.strip()}\n\n{text}" if campaign.body.strip() else text


@transaction.atomic
def campaign_launch(
    *,
    by: User,
    year: int,
    title: str,
    pledge_document: Document,
    documents: Iterable[Document],
    schools: Iterable[Entity],
    deadline: datetime.date,
    body: str = "",
    token: uuid.UUID | None = None,
) -> Campaign:
    """Start a year's campaign: one 待签订 pledge per school, and a notice to those
    schools carrying the pledge text and the guidance documents (their inbox)."""

    _require_staff(by, "pledges.add_campaign")
    if token is not None:
        existing = Campaign.objects.filter(submit_token=token, created_by=by).first()
        if existing is not None:
            return existing  # the same form posted twice
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": NO_SCHOOLS})
    if any(school.bureau_id != by.bureau_id for school in schools):
        raise ValidationError({"schools": "只能选择本局的学校。"})
    guidance = list(documents)
    if any(d.bureau_id != by.bureau_id for d in [pledge_document, *guidance]):
        raise ValidationError({"documents": "只能选择本局文件库中的文件。"})
    # Serialise launches of one bureau (its row locked): the year check below then holds.
    Bureau.objects.select_for_update().filter(pk=by.bureau_id).first()
    if Campaign.objects.filter(bureau_id=by.bureau_id, year=year).exists():
        raise ValidationError({"year": YEAR_TAKEN.format(year=year)})
    campaign = Campaign(
        bureau_id=by.bureau_id,
        year=year,
        title=title.strip(),
        pledge_document=pledge_document,
        deadline=deadline,
        body=body,
        launched_at=timezone.now(),
        created_by=by,
        submit_token=token,
    )
    campaign.full_clean(exclude=["bureau", "documents", "notice"])
    campaign.save()
    campaign.documents.set(guidance)
    schools.sort(key=lambda s: (s.sort_key, s.pk))
    Pledge.objects.bulk_create(
        Pledge(bureau_id=campaign.bureau_id, campaign=campaign, school=s, school_kind=s.kind, year=year) for s in schools
    )
    campaign.notice = notice_services.notice_create_for(
        by=by,
        title=f"关于签订《{pledge_document.title}》的通知",
        body=_notice_body(campaign, guidance),
        schools=schools,
        documents=[pledge_document, *guidance],
        deadline=deadline,
        purpose="pledges",
        kind=NoticeKind.NOTICE,
    )
    campaign.save(update_fields=["notice", "updated_at"])
    return campaign


def _may_sign(by: User, pledge: Pledge) -> None:
    """The pledge's own school, or the bureau's staff (uploading a scan sent on paper)."""

    if not by.has_perm("pledges.change_pledge"):
        raise PermissionDenied(DENIED)
    if by.school_id:
        if by.school_id != pledge.school_id:
            raise PermissionDenied("只能签订本校的承诺书。")
        return
    _require_staff(by, "pledges.change_pledge", pledge)


def pledge_sign(
    *,
    pledge: Pledge,
    by: User,
    signer: str,
    signed_on: datetime.date,
    scan: UploadedFile,
    version: int,
    token: uuid.UUID | None = None,
) -> Pledge:
    """待签订 or 退回 → 已签订, with the signer, the date and the signed scan. Once signed
    the school cannot change it; only the bureau's return reopens it."""

    _may_sign(by, pledge)
    errors: dict[str, str] = {}
    if not signer.strip():
        errors["signer"] = "请填写“签订人”。"
    if signed_on is None:
        errors["signed_on"] = "请填写“签订日期”。"
    elif signed_on > timezone.localdate():
        errors["signed_on"] = "签订日期不能晚于今天。"
    if not scan:
        errors["scan"] = "请上传签字盖章的承诺书扫描件。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if token is not None and current.sign_token == token:
            return current  # the same form posted twice
        if current.status == PledgeStatus.SIGNED:
            raise ValidationError(ALREADY_SIGNED)
        if current.version != version:
            raise ValidationError(STALE_PLEDGE)
        current.status = PledgeStatus.SIGNED
        current.signer, current.signed_on, current.scan = signer.strip(), signed_on, scan
        current.signed_at, current.signed_by, current.sign_token = timezone.now(), by, token
        current.version += 1
        current.full_clean(exclude=["bureau", "campaign", "school"])
        current.save()
        if by.school_id:
            # Signing the pledge is also the 签收 of the notice that brought it.
            copy = notice_selectors.inbox(by).filter(notice_id=current.campaign.notice_id).first()
            if copy is not None:
                notice_services.addressee_acknowledge(addressee=copy, by=by)
    return current


def pledge_return(*, pledge: Pledge, by: User, reason: str, version: int) -> Pledge:
    """已签订 → 退回 by the bureau (a wrong or unreadable scan): the school signs again."""

    _require_staff(by, "pledges.change_campaign", pledge)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回原因。"})
    with transaction.atomic():
        current = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if current.version != version:
            raise ValidationError(STALE_PLEDGE)
        if current.status != PledgeStatus.SIGNED:
            raise ValidationError("只有已签订的承诺书可以退回。")
        current.status = PledgeStatus.RETURNED
        current.return_reason = reason.strip()[:500]
        current.returned_at, current.returned_by = timezone.now(), by
        current.version += 1
        current.save()
    return current


# -- meetings and decisions -------------------------------------------------------------


def meeting_save(
    *,
    by: User,
    meeting: Meeting | None = None,
    values: dict[str, Any],
    people: Iterable[Person] = (),
    units: Iterable[Entity] = (),
    minutes: UploadedFile | None = None,
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> Meeting:
    """Create or change a meeting record with its attendees and minutes. A change based
    on an older version is refused; a double-clicked save creates one."""

    if meeting is None or meeting.pk is None:
        _require_staff(by, "pledges.add_meeting")
        if token is not None:
            existing = Meeting.objects.filter(submit_token=token, created_by=by).first()
            if existing is not None:
                return existing
        meeting = meeting or Meeting()
        meeting.bureau_id, meeting.created_by, meeting.submit_token = by.bureau_id, by, token
    else:
        _require_staff(by, "pledges.change_meeting", meeting)
    people, units = list(people), list(units)
    if any(p.bureau_id != by.bureau_id for p in people) or any(u.bureau_id != by.bureau_id for u in units):
        raise ValidationError("参会人员和参会单位只能选择本局名录库中的。")
    with transaction.atomic():
        if meeting.pk:
            current = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if token is not None and current.submit_token == token:
                return current
            if version is not None and current.version != version:
                raise ValidationError(STALE_MEETING)
            meeting.version = current.version + 1
            meeting.submit_token = token
        for field, value in values.items():
            setattr(meeting, field, value)
        if minutes:
            meeting.minutes = minutes
        meeting.full_clean(exclude=["bureau", "people", "units"])
        meeting.save()
        meeting.people.set(people)
        meeting.units.set(units)
    return meeting


def meeting_delete(*, meeting: Meeting, by: User) -> None:
    _require_staff(by, "pledges.delete_meeting", meeting)
    with transaction.atomic():
        meeting.decisions.all().delete()
        meeting.delete()


def decision_add(
    *, meeting: Meeting, by: User, text: str, owner: str, due_on: datetime.date, token: uuid.UUID | None = None
) -> Decision:
    _require_staff(by, "pledges.change_meeting", meeting)
    if token is not None:
        existing = Decision.objects.filter(submit_token=token, meeting=meeting).first()
        if existing is not None:
            return existing
    decision = Decision(
        bureau_id=meeting.bureau_id,
        meeting=meeting,
        text=text.strip(),
        owner=owner.strip(),
        due_on=due_on,
        submit_token=token,
    )
    errors = {}
    if due_on is not None and due_on < meeting.held_on:
        errors["due_on"] = "完成时限不能早于会议日期。"
    try:
        decision.full_clean(exclude=["bureau", "meeting"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    decision.save()
    return decision


def decision_done(*, decision: Decision, by: User, on: datetime.date | None = None) -> bool:
    """Tick a decision off; a second click changes nothing (one conditional UPDATE)."""

    _require_staff(by, "pledges.change_meeting", decision)
    on = on or timezone.localdate()
    done = Decision.objects.filter(pk=decision.pk, done_on__isnull=True).update(done_on=on, done_by=by, updated_at=timezone.now())
    return bool(done)


def decision_reopen(*, decision: Decision, by: User) -> bool:
    _require_staff(by, "pledges.change_meeting", decision)
    done = Decision.objects.filter(pk=decision.pk, done_on__isnull=False).update(
        done_on=None, done_by=None, updated_at=timezone.now()
    )
    return bool(done)
