"""Writes of the registry: entity registration and dated changes, imports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractUser as User  # type hints: registry sits below accounts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .choices import ChangeKind, EntityStatus
from .models import Entity, EntityChange

# The fields whose every change is a dated, reasoned event (the registry "as of" a date
# is rebuilt from them).
TRACKED_FIELDS = {
    "name": ChangeKind.RENAMED,
    "legal_representative": ChangeKind.REPRESENTATIVE,
    "status": None,  # the kind follows the new status
}
STATUS_KIND = {
    EntityStatus.MERGED: ChangeKind.MERGED,
    EntityStatus.CLOSED: ChangeKind.CLOSED,
    EntityStatus.OPEN: ChangeKind.REOPENED,
}


def _require(by: User, perm: str, entity: Entity | None = None) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied
    if entity is not None and entity.pk and not Entity.objects.for_user(by, write=True).filter(pk=entity.pk).exists():
        raise PermissionDenied


def entity_register(*, entity: Entity, by: User, effective_on: datetime.date | None = None, reason: str = "") -> Entity:
    """Save a new entity with its 登记 event."""

    _require(by, "registry.add_entity")
    with transaction.atomic():
        entity.full_clean()
        entity.save()
        EntityChange.objects.create(
            bureau_id=entity.bureau_id,
            entity=entity,
            kind=ChangeKind.REGISTERED,
            effective_on=effective_on or entity.established_on or timezone.localdate(),
            new_value=entity.name,
            reason=reason or "新登记",
            recorded_by=by,
        )
    return entity


def entity_change(
    *,
    entity: Entity,
    by: User,
    effective_on: datetime.date,
    reason: str,
    basis: str = "",
    batch: str = "",
    **changes: Any,
) -> list[EntityChange]:
    """Apply changes of tracked fields (name, legal_representative, status, merged_into)
    and record one dated event per field. Nothing is saved if anything is invalid."""

    _require(by, "registry.change_entity", entity)
    if not reason:
        raise ValidationError({"reason": "请填写变更原因。"})
    unknown = set(changes) - {*TRACKED_FIELDS, "merged_into"}
    if unknown:
        raise ValueError(f"not tracked: {unknown}")
    events = []
    with transaction.atomic():
        entity = Entity.objects.select_for_update().get(pk=entity.pk)
        merged_into = changes.pop("merged_into", None)
        if changes.get("status") == EntityStatus.MERGED:
            if merged_into is None:
                raise ValidationError({"merged_into": "撤并时必须选择并入单位。"})
            if merged_into.pk == entity.pk:
                raise ValidationError({"merged_into": "不能并入自身。"})
            entity.merged_into = merged_into
        elif "status" in changes:
            entity.merged_into = None
        for field, new in changes.items():
            old = getattr(entity, field)
            if new == old:
                continue
            setattr(entity, field, new)
            kind = TRACKED_FIELDS[field] or STATUS_KIND[new]
            events.append(
                EntityChange(
                    bureau_id=entity.bureau_id,
                    entity=entity,
                    kind=kind,
                    effective_on=effective_on,
                    field=field,
                    old_value=old,
                    new_value=new,
                    reason=reason,
                    basis=basis,
                    batch=batch,
                    recorded_by=by,
                )
            )
        if not events:
            raise ValidationError("没有需要记录的变更：新值与当前值相同。")
        entity.full_clean()
        entity.save()
        for event in events:
            event.full_clean()
        EntityChange.objects.bulk_create(events)
    return events
