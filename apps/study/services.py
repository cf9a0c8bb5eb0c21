"""Writes of 学法: sessions and their attendance. Each takes the acting user, checks the
right inside, and refuses a stale or invalid write with a message the page shows as is."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.core.models import DictionaryItem
from apps.registry.models import Person

from .choices import AttendanceStatus
from .dictionary import STUDY_ORGANISER, STUDY_TOPIC
from .models import Attendance, StudySession

STALE = "该学法活动已被他人修改（您看到的是旧版本），请重新打开后再保存。"
NOT_YOURS = "您只能修改本局的学法活动。"


def _require(by: User, perm: str, session: StudySession | None = None) -> None:
    """The bureau's own staff with the right; a school or a city viewer is refused."""

    if not by.has_perm(perm) or by.school_id or (by.bureau_id is None and not by.is_superuser):
        raise PermissionDenied("您没有执行此操作的权限。")
    if session is not None and session.pk and not by.is_superuser and session.bureau_id != by.bureau_id:
        raise PermissionDenied(NOT_YOURS)


def _check_items(bureau_id: int, organiser: DictionaryItem | None, topics: list[DictionaryItem]) -> None:
    errors: dict[str, str] = {}
    if organiser is not None and (organiser.bureau_id != bureau_id or organiser.kind != STUDY_ORGANISER):
        errors["organiser"] = "请从本局的“学法组织单位”中选择。"
    if any(t.bureau_id != bureau_id or t.kind != STUDY_TOPIC for t in topics):
        errors["topics"] = "请从本局的“学法主题”中选择。"
    if errors:
        raise ValidationError(errors)


def session_save(
    *,
    by: User,
    session: StudySession | None = None,
    values: Mapping[str, Any],
    topics: Iterable[DictionaryItem] = (),
    laws: Iterable[Any] = (),
    materials: UploadedFile | None = None,
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> StudySession:
    """Create or change a session with its topics and laws.

    `version` is the session's version the form was based on: an older one is refused
    (someone saved in between). `token` makes a double-clicked save record one session."""

    topics = list(topics)
    if session is None or session.pk is None:
        _require(by, "study.add_studysession")
        if token is not None:
            existing = StudySession.objects.filter(submit_token=token, created_by=by).first()
            if existing is not None:
                return existing
        session = StudySession(bureau_id=by.bureau_id, created_by=by, submit_token=token)
    else:
        _require(by, "study.change_studysession", session)
    with transaction.atomic():
        if session.pk:
            current = StudySession.objects.select_for_update().get(pk=session.pk)
            if token is not None and current.submit_token == token:
                return current  # the same form posted twice
            if version is not None and current.version != version:
                raise ValidationError(STALE)
            session.version = current.version + 1
            session.submit_token = token
        for field, value in values.items():
            setattr(session, field, value)
        if materials is not None:
            session.materials = materials
            session.materials_name = materials.name
        _check_items(session.bureau_id, session.organiser, topics)
        session.full_clean(exclude=["bureau", "created_by", "submit_token"])
        session.save()
        session.topics.set(topics)
        session.laws.set(list(laws))
        # Attendance carries the session's date (its indexes read a person's year).
        session.attendances.exclude(date=session.date).update(date=session.date)
    return session


def session_delete(*, session: StudySession, by: User) -> None:
    _require(by, "study.delete_studysession", session)
    with transaction.atomic():
        session.attendances.all().delete()
        session.delete()


def attendance_set(
    *,
    session: StudySession,
    by: User,
    statuses: Mapping[int, str],
    notes: Mapping[int, str] | None = None,
    version: int,
) -> StudySession:
    """Record who attended: person id → 出席/请假/缺席, or "" to take the person off the
    list. People must be in the user's write scope (its own bureau's registry). The
    whole list is one write; a list based on an older version of the session is refused."""

    _require(by, "study.change_attendance", session)
    notes = notes or {}
    wanted = {int(pk): status for pk, status in statuses.items()}
    bad = [s for s in wanted.values() if s and s not in AttendanceStatus.values]
    if bad:
        raise ValidationError("出席情况只能是出席、请假或缺席。")
    with transaction.atomic():
        current = StudySession.objects.select_for_update().get(pk=session.pk)
        if current.version != version:
            raise ValidationError(STALE)
        people = set(Person.objects.for_user(by, write=True).filter(pk__in=list(wanted)).values_list("pk", flat=True))
        if people != set(wanted):
            raise ValidationError("所选人员不在本局的名录库中，请重新选择。")
        have = {a.person_id: a for a in current.attendances.all()}
        current.attendances.filter(person_id__in=[pk for pk, s in wanted.items() if not s]).delete()
        changed, created = [], []
        for pk, status in wanted.items():
            if not status:
                continue
            note = (notes.get(pk) or "").strip()[:200]
            row = have.get(pk)
            if row is None:
                created.append(
                    Attendance(
                        bureau_id=current.bureau_id, session=current, person_id=pk, status=status, note=note, date=current.date
                    )
                )
            elif row.status != status or row.note != note:
                row.status, row.note, row.updated_at = status, note, timezone.now()
                changed.append(row)
        Attendance.objects.bulk_create(created)
        if changed:
            Attendance.objects.bulk_update(changed, ["status", "note", "updated_at"])
        current.version += 1
        current.save(update_fields=["version", "updated_at", "search_text"])
    return current
