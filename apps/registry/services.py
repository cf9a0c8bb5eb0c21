"""Writes of the registry: entity registration and dated changes, imports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractUser as User  # type hints: registry sits below accounts
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone

from apps.core.dictionary import dictionary_copy_defaults

from .choices import ChangeKind, EntityStatus
from .models import Bureau, Entity, EntityChange

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


# -- bureaus (onboarding a county) ---------------------------------------------------

LOGO_MAX_BYTES = 200 * 1024
_LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def bureau_create(*, by: User, name: str, region_code: str, parent: Bureau | None, short_name: str = "") -> Bureau:
    """The system administrator opens a new bureau (a county under its city): saved with
    its region code, then given every registered 字典管理 list's defaults, which are its
    own from then on (apps.core.dictionary)."""

    if not by.has_perm("registry.add_bureau"):
        raise PermissionDenied("只有系统管理员可以新建教育局。")
    bureau = Bureau(name=name.strip(), region_code=region_code.strip(), parent=parent, short_name=short_name.strip())
    if parent is not None:
        _check_region_under(bureau.region_code, parent)
    with transaction.atomic():
        bureau.full_clean()
        bureau.save()
        dictionary_copy_defaults(bureau)
    return bureau


def _check_region_under(code: str, parent: Bureau) -> None:
    """A county's code continues its city's (140525 under 140500): 2 digits under a
    province (xx0000), 4 under a city (xxxx00)."""

    keep = 2 if parent.region_code.endswith("0000") else 4 if parent.region_code.endswith("00") else 6
    if code[:keep] != parent.region_code[:keep] or code == parent.region_code:
        raise ValidationError(
            {"region_code": f"行政区划代码应以上级“{parent.name}”的代码 {parent.region_code[:keep]} 开头，且不能与上级相同。"}
        )


SITE_FIELDS = ("name", "short_name", "site_name", "host_name", "icp_record", "police_record", "contact")


def bureau_site_update(
    *, bureau: Bureau, by: User, data: dict[str, Any], logo: bytes | None = None, remove_logo: bool = False
) -> Bureau:
    """A bureau admin changes what its pages say about it (name, portal name, footer, logo).
    Its own bureau only; the region code and parent are the system administrator's."""

    if not by.has_perm("registry.change_bureau") or (not by.is_superuser and bureau.pk != by.bureau_id):
        raise PermissionDenied("只能修改本局的门户信息。")
    for field in SITE_FIELDS:
        if field in data:
            setattr(bureau, field, (data[field] or "").strip())
    if logo is not None:
        bureau.logo, bureau.logo_type = logo, logo_content_type(logo)
    elif remove_logo:
        bureau.logo, bureau.logo_type = b"", ""
    with transaction.atomic():
        bureau.full_clean()
        bureau.save()
    return bureau


def logo_content_type(data: bytes) -> str:
    """The logo's type read from its content (PNG or JPEG, at most 200 KB), never its name."""

    import io

    from PIL import Image, UnidentifiedImageError

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError({"logo": f"标志图片不能超过 {LOGO_MAX_BYTES // 1024} KB。"})
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in _LOGO_TYPES:
        raise ValidationError({"logo": "标志图片须为 PNG 或 JPEG 格式。"})
    return _LOGO_TYPES[kind]


def bureau_lists_reviewed(*, bureau: Bureau, by: User) -> None:
    """The bureau admin confirms its 字典管理 lists: the checklist's last step."""

    if not by.has_perm("core.change_dictionaryitem") or bureau.pk != by.bureau_id:
        raise PermissionDenied("只能确认本局的字典。")
    bureau.lists_reviewed_at = timezone.now()
    bureau.save(update_fields=["lists_reviewed_at", "updated_at"])


def entity_delete(*, entity: Entity, by: User) -> None:
    """Remove an entity registered by mistake: only while nothing refers to it but its own
    登记 record (staff, units, accounts or any app's rows make it 办学状态 business:
    close it instead). The deletion is audited like every write."""

    _require(by, "registry.delete_entity", entity)
    refused = ValidationError(
        f"“{entity.name}”已有关联记录（教职员工、附属单位、账号、变更记录或业务记录），不能删除；如已停办，请登记“停办”变更。"
    )
    with transaction.atomic():
        EntityChange.objects.filter(entity=entity, kind=ChangeKind.REGISTERED).delete()
        try:
            with transaction.atomic():
                if _would_take_other_rows(entity):
                    raise refused
                entity.delete()
        except (ProtectedError, ValidationError):
            transaction.set_rollback(True)
            raise refused from None


def _would_take_other_rows(entity: Entity) -> bool:
    """Whether deleting would also delete another row: an app's CASCADE foreign key or a
    many-to-many link (a 法治副校长's 服务学校) protects nothing, but is a record all the same."""

    collector = Collector(using=router.db_for_write(Entity))
    collector.collect([entity])  # PROTECT raises ProtectedError
    for model, rows in collector.data.items():
        if any(not (model is Entity and row.pk == entity.pk) for row in rows):
            return True
    return any(queryset.exists() for queryset in collector.fast_deletes)
