"""Writes of the 权责清单 and of credit grades: keyword-only, the acting user first,
the right checked inside, atomic; an invalid change is refused with a message the page
shows as is.

The catalogue is never overwritten: every change is part of an `Adjustment` (dated, with
its reason and document), which records an `ItemChange` per item it adds, changes or
cancels. The form, the cancel button and the XLSX import all go through
`adjustment_apply`; a whole import is one adjustment.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.pinyin import search_key
from apps.registry.choices import EntityKind

from .bases import Basis
from .choices import KIND_RANK, ChangeAction, ItemStatus
from .models import Adjustment, CreditGrade, ItemChange, PowerBasis, PowerItem

STALE_ITEM = "事项“{name}”已被他人修改（您看到的是旧版本），请重新打开后再修改。"
STALE_GRADE = "该评定已被他人修改（您看到的是旧版本），请重新打开后再修改。"
ITEM_FIELDS = (
    "name",
    "kind",
    "implementing_unit",
    "responsibilities",
    "accountability",
    "supervision_phone",
    "process",
)


@dataclass
class ItemDraft:
    """What an adjustment does to the item `code`: add or change it to `values` with
    `bases`, or cancel it. `version` is the item's version the user saw (None: don't check)."""

    code: str
    action: str = ChangeAction.CHANGE
    values: dict[str, Any] = field(default_factory=dict)
    bases: Sequence[Basis] = ()
    parent_code: str = ""
    version: int | None = None


def _require_staff(by: Any, perm: str) -> None:
    """The bureau's own staff with the right; schools and city viewers change nothing."""

    if not by.has_perm(perm) or by.school_id or by.bureau_id is None:
        raise PermissionDenied("您没有执行此操作的权限。")


def _snapshot(item: PowerItem, bases: Sequence[Basis], parent_code: str) -> dict[str, Any]:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    values.update(code=item.code, kind_rank=item.kind_rank, parent_code=parent_code, bases=[b.as_dict() for b in bases])
    return values


def _same(item: PowerItem, draft: ItemDraft, parent_code: str) -> bool:
    if any(getattr(item, name) != draft.values.get(name, getattr(item, name)) for name in ITEM_FIELDS):
        return False
    if parent_code != draft.parent_code:
        return False
    have = [(b.law_id, b.article, b.text) for b in item.bases.all()]
    return have == [(b.law.pk, b.article, b.text) for b in draft.bases]


@transaction.atomic
def adjustment_apply(
    *,
    by: Any,
    adjusted_on: datetime.date,
    reason: str,
    drafts: Sequence[ItemDraft],
    document: Any = None,
    token: uuid.UUID | None = None,
) -> Adjustment | None:
    """Record one adjustment of `by`'s bureau's catalogue. Drafts that change nothing are
    skipped; an adjustment that changes nothing is not recorded (None)."""

    adding = any(d.action == ChangeAction.ADD for d in drafts)
    _require_staff(by, "powers.add_poweritem" if adding else "powers.change_poweritem")
    if token is not None:
        done = Adjustment.objects.filter(submit_token=token, bureau_id=by.bureau_id).first()
        if done is not None:
            return done  # the same form posted twice
    errors = {}
    if not adjusted_on:
        errors["adjusted_on"] = "请填写“调整日期”。"
    if not (reason or "").strip():
        errors["reason"] = "请填写“调整原因”。"
    if document is not None and document.bureau_id != by.bureau_id:
        errors["document"] = "只能选择本局的文件作为调整依据。"
    if errors:
        raise ValidationError(errors)
    adjustment = Adjustment.objects.create(
        bureau_id=by.bureau_id,
        adjusted_on=adjusted_on,
        reason=reason.strip(),
        document=document,
        made_by=by if by.pk else None,
        submit_token=token,
    )
    codes = [d.code for d in drafts] + [d.parent_code for d in drafts if d.parent_code]
    items = {i.code: i for i in PowerItem.objects.select_for_update().filter(bureau_id=by.bureau_id, code__in=codes)}
    parents = {i.pk: i.code for i in items.values()}
    missing_parents = {i.parent_id for i in items.values() if i.parent_id and i.parent_id not in parents}
    parents.update(PowerItem.objects.filter(pk__in=missing_parents).values_list("pk", "code"))
    recorded = 0
    # Main items before their sub-items, so a sub-item's parent exists when it is saved.
    for draft in sorted(drafts, key=lambda d: bool(d.parent_code)):
        item = items.get(draft.code)
        current_parent = parents.get(item.parent_id, "") if item is not None and item.parent_id else ""
        if draft.action == ChangeAction.CANCEL:
            if item is not None and item.status == ItemStatus.CANCELLED and draft.version is None:
                continue  # a re-imported sheet still lists it as cancelled
            if item is None or item.status == ItemStatus.CANCELLED:
                raise ValidationError(f"事项“{draft.code}”不存在或已经取消。")
            if draft.version is not None and draft.version != item.version:
                raise ValidationError(STALE_ITEM.format(name=item.name))
            item.status = ItemStatus.CANCELLED
            action = ChangeAction.CANCEL
            bases = [Basis(b.law, b.article, b.text) for b in item.bases.select_related("law")]
            parent_code = current_parent
        else:
            if item is None:
                item = PowerItem(bureau_id=by.bureau_id, code=draft.code)
                action = ChangeAction.ADD
            elif draft.action == ChangeAction.ADD and item.status == ItemStatus.CURRENT:
                raise ValidationError({"code": f"事项编码“{draft.code}”已在清单中，不能重复新增。"})
            else:
                if draft.version is not None and draft.version != item.version:
                    raise ValidationError(STALE_ITEM.format(name=item.name))
                if item.status == ItemStatus.CURRENT and _same(item, draft, current_parent):
                    continue
                action = ChangeAction.ADD if item.status == ItemStatus.CANCELLED else ChangeAction.CHANGE
            if not draft.bases:
                raise ValidationError({"bases": f"事项“{draft.code}”缺少法律依据，每个事项至少要有一项。"})
            for name in ITEM_FIELDS:
                if name in draft.values:
                    setattr(item, name, draft.values[name])
            item.status = ItemStatus.CURRENT
            item.parent = None
            if draft.parent_code:
                parent = (
                    items.get(draft.parent_code)
                    or PowerItem.objects.filter(bureau_id=by.bureau_id, code=draft.parent_code, status=ItemStatus.CURRENT).first()
                )
                if parent is None or parent.code == draft.code:
                    raise ValidationError({"parent": f"所属主项编码“{draft.parent_code}”不在本局现行清单中。"})
                item.parent = parent
            bases = list(draft.bases)
            parent_code = draft.parent_code
        item.kind_rank = KIND_RANK.get(item.kind, 0)
        item.search_text = search_key(item.name, item.code)
        if item.pk:
            item.version += 1
        item.full_clean(validate_constraints=False)
        item.save()
        items[item.code] = item
        parents[item.pk] = item.code
        if action != ChangeAction.CANCEL:
            item.bases.all().delete()
            PowerBasis.objects.bulk_create(
                [PowerBasis(bureau_id=item.bureau_id, item=item, law=b.law, article=b.article, text=b.text) for b in bases]
            )
        ItemChange.objects.create(
            bureau_id=item.bureau_id,
            adjustment=adjustment,
            item=item,
            action=action,
            adjusted_on=adjusted_on,
            **_snapshot(item, bases, parent_code),
        )
        recorded += 1
    if not recorded:
        adjustment.delete()
        return None
    return adjustment


@transaction.atomic
def grade_save(*, grade: CreditGrade, by: Any, version: int | None = None) -> CreditGrade:
    """Create or change a credit grade of a training institution of `by`'s bureau."""

    _require_staff(by, "powers.change_creditgrade" if grade.pk else "powers.add_creditgrade")
    if grade.pk is None:
        grade.bureau_id = by.bureau_id
    else:
        current = CreditGrade.objects.select_for_update().filter(pk=grade.pk, bureau_id=by.bureau_id).first()
        if current is None:
            raise PermissionDenied("您只能查看此记录，不能修改。")
        if version is not None and current.version != version:
            raise ValidationError(STALE_GRADE)
        grade.version = current.version + 1
    errors = {}
    if grade.entity_id and (grade.entity.bureau_id != by.bureau_id or grade.entity.kind != EntityKind.TRAINING):
        errors["entity"] = "只能评定本局登记的校外培训机构。"
    if grade.basis_id and grade.basis.bureau_id != by.bureau_id:
        errors["basis"] = "评定依据须是本局文件库中的文件。"
    if errors:
        raise ValidationError(errors)
    grade.full_clean()
    grade.save()
    return grade
