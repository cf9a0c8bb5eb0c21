"""Writes of the campus app. Each takes the acting user, checks the right and the scope
inside, validates, and refuses an invalid change with a message the page shows as is.

Every record's save goes through `record_save`: the permission, the one-time token (a
double-clicked submit saves once), the version (a save based on an older version is
refused), the model's own rules (`full_clean`) and the app's rules (`check`), then the
write scope of the saved row (a school cannot move a record to another school).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from apps.accounts.models import User
from apps.registry.models import Entity

from . import images
from .models import Appointment, Evaluation, Event, EventPhoto, RectificationItem, Review

STALE = "该记录已被他人修改（您看到的是旧版本），请重新打开后再修改。"
NOT_YOURS = "您没有执行此操作的权限。"
OTHER_SCHOOL = "只能为本校填报。"
OUTSIDE_BUREAU = "只能选择本局的学校。"
MAX_SCHOOLS = 2
RETIREE_MAX_AGE = 65
MAX_PHOTOS = 9


def _perm(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def check_school(by: User, school: Entity | None, field: str = "school") -> None:
    """A school user records for its own school only; bureau staff for their bureau's."""

    if school is None:
        return
    if by.school_id and school.pk != by.school_id:
        raise ValidationError({field: OTHER_SCHOOL})
    if not by.is_superuser and school.bureau_id != by.bureau_id:
        raise ValidationError({field: OUTSIDE_BUREAU})


def record_save(
    *,
    by: User,
    model: type[models.Model],
    instance: models.Model | None = None,
    values: dict[str, Any],
    m2m: dict[str, Iterable[Any]] | None = None,
    version: int | None = None,
    token: uuid.UUID | None = None,
    check: Callable[[models.Model, dict[str, list[Any]]], None] | None = None,
    after: Callable[[models.Model], None] | None = None,
) -> models.Model:
    """Create (`instance` None) or change one record of `model` for `by`."""

    action = "change" if instance is not None and instance.pk else "add"
    if not by.has_perm(_perm(model, action)) or (by.bureau_id is None and not by.is_superuser):
        raise PermissionDenied(NOT_YOURS)
    has_token = any(f.name == "submit_token" for f in model._meta.fields)
    if action == "add" and has_token and token is not None:
        existing = model.objects.filter(submit_token=token, bureau_id=by.bureau_id).first()
        if existing is not None:
            return existing  # the same form posted twice
    links = {name: list(items) for name, items in (m2m or {}).items()}
    try:
        with transaction.atomic():
            if action == "change":
                current = model.objects.for_user(by, write=True).select_for_update(of=("self",)).filter(pk=instance.pk).first()
                if current is None:
                    raise PermissionDenied(NOT_YOURS)
                if hasattr(current, "version"):
                    if version is not None and current.version != version:
                        raise ValidationError(STALE)
                    instance.version = current.version + 1
            else:
                instance = instance or model()
                instance.bureau_id = by.bureau_id
                if has_token:
                    instance.submit_token = token
            for name, value in values.items():
                setattr(instance, name, value)
            if check is not None:
                check(instance, links)
            instance.full_clean(exclude=["bureau", *links])
            instance.save()
            for name, items in links.items():
                getattr(instance, name).set(items)
            if after is not None:
                after(instance)
            # Whatever was set, the saved row must be the user's to write.
            if not model.objects.for_user(by, write=True).filter(pk=instance.pk).exists():
                raise PermissionDenied(NOT_YOURS)
    except IntegrityError:
        if action == "add" and has_token and token is not None:
            existing = model.objects.filter(submit_token=token, bureau_id=by.bureau_id).first()
            if existing is not None:  # the twin request won the race
                return existing
        raise
    return instance


def record_delete(*, by: User, instance: models.Model) -> None:
    model = type(instance)
    if not by.has_perm(_perm(model, "delete")):
        raise PermissionDenied(NOT_YOURS)
    if not model.objects.for_user(by, write=True).filter(pk=instance.pk).exists():
        raise PermissionDenied(NOT_YOURS)
    with transaction.atomic():
        instance.delete()


# -- events and photos ----------------------------------------------------------------


def _check_event(by: User) -> Callable[[Event, dict[str, list[Any]]], None]:
    def check(event: Event, links: dict[str, list[Any]]) -> None:
        if by.school_id:
            event.school_id = by.school_id  # a school never chooses the school
        check_school(by, event.school)
        if event.speaker_id and not event.speaker.schools.filter(pk=event.school_id).exists():
            raise ValidationError({"speaker": "主讲人须是本校的法治副校长（或交通安全辅导员）。"})
        if event.end_on and event.end_on < event.start_on:
            raise ValidationError({"end_on": "结束日期不能早于活动日期。"})

    return check


def event_save(
    *,
    by: User,
    event: Event | None = None,
    values: dict[str, Any],
    themes: Iterable[Any] = (),
    photos: Sequence[Any] = (),
    remove_photos: Iterable[EventPhoto] = (),
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> Event:
    """Record or change an event with its themes and photos (added, and the ticked ones
    removed): all or nothing."""

    removed = list(remove_photos)

    def after(saved: Event) -> None:
        if any(photo.event_id != saved.pk for photo in removed):
            raise ValidationError({"remove_photos": "只能删除本活动的照片。"})
        for photo in removed:
            photo.delete()
            transaction.on_commit(lambda p=photo: (p.image.delete(save=False), p.thumbnail.delete(save=False)))
        if saved.photos.count() + len(photos) > MAX_PHOTOS:
            raise ValidationError({"photos": f"每个活动最多 {MAX_PHOTOS} 张照片。"})
        for upload in photos:
            photo_add(event=saved, upload=upload)

    if by.school_id and event is None:
        values = {**values, "school": Entity.objects.get(pk=by.school_id)}
    if event is None:
        values = {**values, "created_by": by}
    return record_save(
        by=by,
        model=Event,
        instance=event,
        values=values,
        m2m={"themes": themes},
        version=version,
        token=token,
        check=_check_event(by),
        after=after,
    )


def photo_add(*, event: Event, upload: Any) -> EventPhoto:
    """Store a photo judged by its content, with its thumbnail; the stored name says
    what the content is, whatever the uploaded name claimed."""

    upload.seek(0)
    data = upload.read()
    try:
        info = images.inspect(data)
    except images.ImageRejected:
        raise ValidationError({"photos": images.NOT_AN_IMAGE.format(name=upload.name)}) from None
    stem = PurePath(upload.name).stem or "照片"
    photo = EventPhoto(
        bureau_id=event.bureau_id,
        event=event,
        name=f"{stem}{info.extension}",
        content_type=info.content_type,
        width=info.width,
        height=info.height,
    )
    photo.image.save(f"{uuid.uuid4().hex}{info.extension}", ContentFile(data), save=False)
    thumb = images.thumbnail(data, info)
    if thumb is not None:
        content, extension = thumb
        photo.thumbnail.save(f"{uuid.uuid4().hex}{extension}", ContentFile(content), save=False)
    photo.save()
    # Files are written before the row commits: after a rollback no row points at them
    # and no view serves them (docs/decisions.md: 活动照片).
    return photo


# -- appointments -----------------------------------------------------------------------


def _same_person(appointment: Appointment) -> models.QuerySet[Appointment]:
    """Other appointments of the same person: the same name at the same unit, or the
    same name and birth date, in the same bureau."""

    same = Q(unit=appointment.unit)
    if appointment.birth_date:
        same |= Q(birth_date=appointment.birth_date)
    qs = Appointment.objects.filter(same, bureau_id=appointment.bureau_id, name=appointment.name)
    return qs.exclude(pk=appointment.pk) if appointment.pk else qs


def check_appointment(appointment: Appointment, schools: list[Entity]) -> None:
    """The rules the portal enforces: at most two schools at a time; a retiree is at most
    65 at appointment and serves one term."""

    if not schools:
        raise ValidationError({"schools": "请选择服务学校。"})
    if len(schools) > MAX_SCHOOLS:
        raise ValidationError({"schools": f"一人同时最多在 {MAX_SCHOOLS} 所学校任职，现在选择了 {len(schools)} 所。"})
    if any(school.bureau_id != appointment.bureau_id for school in schools):
        raise ValidationError({"schools": OUTSIDE_BUREAU})
    if appointment.term_start and appointment.term_end:
        overlapping = _same_person(appointment).filter(term_start__lte=appointment.term_end, term_end__gte=appointment.term_start)
        others = set(Entity.objects.filter(campus_appointments__in=overlapping).values_list("name", flat=True).distinct())
        mine = {school.name for school in schools}
        if len(others | mine) > MAX_SCHOOLS:
            raise ValidationError(
                {
                    "schools": f"{appointment.name}在该任期内已在{'、'.join(sorted(others))}任职，"
                    f"一人同时最多服务 {MAX_SCHOOLS} 所学校。"
                }
            )
    if appointment.retired:
        if not appointment.birth_date:
            raise ValidationError({"birth_date": "退休人员须填写出生日期。"})
        age = appointment.age_on(appointment.term_start)
        if age is not None and age > RETIREE_MAX_AGE:
            raise ValidationError(
                {"birth_date": f"退休人员聘任时不得超过{RETIREE_MAX_AGE}周岁（{appointment.name}聘任时{age}周岁）。"}
            )
        earlier = _same_person(appointment).filter(retired=True).order_by("term_start").first()
        if earlier is not None:
            raise ValidationError({"retired": f"退休人员只能聘任一届：{appointment.name}已于{earlier.term_start.year}年聘任过。"})


def appointment_save(
    *,
    by: User,
    appointment: Appointment | None = None,
    values: dict[str, Any],
    schools: Iterable[Entity],
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> Appointment:
    if by.school_id:
        raise PermissionDenied(NOT_YOURS)
    return record_save(
        by=by,
        model=Appointment,
        instance=appointment,
        values=values,
        m2m={"schools": schools},
        version=version,
        token=token,
        check=lambda obj, links: check_appointment(obj, links["schools"]),
    )


def evaluation_save(
    *, by: User, appointment: Appointment, school: Entity, year: int, rating: str, comment: str = ""
) -> Evaluation:
    """A school's yearly evaluation of an appointee serving it; evaluating again in the
    same year changes that year's evaluation."""

    check_school(by, school)
    if not appointment.schools.filter(pk=school.pk).exists():
        raise ValidationError({"school": f"{appointment.name}不在{school}任职。"})
    existing = Evaluation.objects.filter(appointment=appointment, school=school, year=year).first()
    return record_save(
        by=by,
        model=Evaluation,
        instance=existing,
        values={
            "appointment": appointment,
            "school": school,
            "year": year,
            "rating": rating,
            "comment": comment,
            "evaluated_by": by,
        },
    )


# -- 先进校创建 ---------------------------------------------------------------------------


def item_save(
    *,
    by: User,
    item: RectificationItem | None = None,
    review: Review | None = None,
    values: dict[str, Any],
    version: int | None = None,
    token: uuid.UUID | None = None,
) -> RectificationItem:
    """A 整改 item: the bureau records it from a review; the school (and the bureau)
    marks it done, with its evidence."""

    if by.school_id:
        allowed = {"done_on", "evidence"}
        if item is None or set(values) - allowed:
            raise PermissionDenied(NOT_YOURS)
    if item is None:
        values = {**values, "review": review, "school_id": review.campaign.school_id}

    def check(obj: RectificationItem, links: dict[str, list[Any]]) -> None:
        if obj.done_on and not obj.evidence.strip():
            raise ValidationError({"evidence": "标记完成时请填写整改情况及佐证。"})
        if obj.done_on and obj.done_on > datetime.date.today() + datetime.timedelta(days=1):
            raise ValidationError({"done_on": "完成日期不能晚于今天。"})

    return record_save(by=by, model=RectificationItem, instance=item, values=values, version=version, token=token, check=check)
