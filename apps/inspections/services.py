"""Writes of 双随机、一公开: approving a plan, the draw (commit → reveal, or void),
recording, publishing and closing 整改. Each takes the acting user, checks the right
inside, and refuses an invalid transition with a Chinese message the page shows as is.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.registry.choices import ChangeKind, EmploymentStatus, EntityStatus
from apps.registry.models import Entity, EntityChange

from . import drawing
from .calendar import due_soon_limit, publish_due
from .choices import DrawStatus, InspectionStatus, PlanStatus, Result
from .models import Draw, Inspection, InspectionAttachment, Inspector, Plan, Recusal, Task

STALE = "该检查结果已被他人修改（您看到的是旧版本），请重新打开后再保存。"
ALREADY_REVEALED = "该任务的抽取已经揭晓，不能重新抽取；如确有错误，只能填写原因将其作废。"
NOT_APPROVED = "抽查计划尚未批准，不能发起抽取。"


def _require(by: User, perm: str, bureau_id: int) -> None:
    """The bureau's own staff holding `perm`; a school or a city viewer is refused."""

    if not by.has_perm(perm) or by.school_id:
        raise PermissionDenied("您没有执行此操作的权限。")
    if not by.is_superuser and bureau_id != by.bureau_id:
        raise PermissionDenied("您只能操作本局的记录。")


# -- plans ---------------------------------------------------------------------------


def plan_approve(*, plan: Plan, by: User) -> Plan:
    """Approve a plan: from now on it is public, and its tasks can be drawn."""

    _require(by, "inspections.change_plan", plan.bureau_id)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.status == PlanStatus.APPROVED:
            raise ValidationError("该计划已经批准。")
        if not plan.tasks.exists():
            raise ValidationError("计划还没有抽查任务，不能批准。")
        plan.status, plan.approved_at, plan.approved_by = PlanStatus.APPROVED, timezone.now(), by
        plan.version += 1
        plan.save()
    return plan


# -- the candidate lists -------------------------------------------------------------


def entity_code(entity: Entity) -> str:
    """An entity's code in a draw: its 统一社会信用代码, or for a unit without one (a
    canteen) a code made from its registry number."""

    return entity.credit_code or f"E{entity.pk:06d}"


def entities_in_scope(task: Task) -> QuerySet[Entity]:
    """Entities of the task's kinds (and ownership) open on its draw day, less those
    already inspected this year under one of its items (at most once per item per
    entity per year)."""

    day = task.draw_on
    # Open on the draw day, by the registry's dated changes: a school merged after it
    # was still a candidate then; one merged before it, or registered after, was not.
    gone = EntityChange.objects.filter(kind__in=[ChangeKind.MERGED, ChangeKind.CLOSED], effective_on__lte=day)
    reopened = EntityChange.objects.filter(kind=ChangeKind.REOPENED, effective_on__lte=day)
    later = EntityChange.objects.filter(kind=ChangeKind.REGISTERED, effective_on__gt=day)
    qs = (
        Entity.objects.filter(bureau_id=task.bureau_id, kind__in=task.entity_kinds)
        .filter(
            Q(status=EntityStatus.OPEN)
            | Q(changes__kind__in=[ChangeKind.MERGED, ChangeKind.CLOSED], changes__effective_on__gt=day)
        )
        .exclude(pk__in=gone.exclude(entity_id__in=reopened.values("entity_id")).values("entity_id"))
        .exclude(pk__in=later.values("entity_id"))
        .distinct()
    )
    if task.ownership:
        qs = qs.filter(ownership=task.ownership)
    done = Inspection.objects.filter(bureau_id=task.bureau_id, year=task.plan.year, tasks__items__in=task.items.all()).values(
        "entity_id"
    )
    return qs.exclude(pk__in=done)


def eligible_inspectors(task: Task) -> QuerySet[Inspector]:
    """Inspectors whose 执法证 is valid over the whole window and who are at work."""

    return Inspector.objects.filter(
        bureau_id=task.bureau_id,
        valid_from__lte=task.inspect_from,
        valid_to__gte=task.inspect_to,
        person__employment_status__in=[EmploymentStatus.EMPLOYED, EmploymentStatus.SECONDED],
    ).select_related("person")


def draw_size(task: Task, candidates: int) -> int:
    """k: the plan's share of the candidates (rounded up) or its number, whichever is
    larger, never more than there are."""

    by_share = math.ceil(Decimal(candidates) * task.share / 100)
    return min(candidates, max(by_share, task.count or 0, 1))


# -- the draw ------------------------------------------------------------------------


def draw_commit(*, task: Task, by: User) -> Draw:
    """Freeze the candidate lists, make the server seed and publish its commitment.

    Two people pressing the button at once get one draw (the task row is locked, and a
    partial unique index allows one live draw per task)."""

    _require(by, "inspections.add_draw", task.bureau_id)
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
        if task.plan.status != PlanStatus.APPROVED:
            raise ValidationError(NOT_APPROVED)
        live = task.draws.exclude(status=DrawStatus.VOID).first()
        if live is not None:
            if live.is_revealed:
                raise ValidationError(ALREADY_REVEALED)
            return live  # already committed: the same draw
        entities = {entity_code(e): e.name for e in entities_in_scope(task)}
        if not entities:
            raise ValidationError("没有符合该任务范围、且今年尚未按同一事项检查过的对象。")
        inspectors = list(eligible_inspectors(task))
        codes = sorted(i.code for i in inspectors)
        if len(codes) < task.inspectors_per_entity:
            raise ValidationError(
                f"执法证在检查期间有效的执法人员只有 {len(codes)} 名，少于每个对象需要的 {task.inspectors_per_entity} 名。"
            )
        by_pk = {i.pk: i.code for i in inspectors}
        code_of = {e.pk: entity_code(e) for e in Entity.objects.filter(bureau_id=task.bureau_id)}
        pairs = sorted(
            {
                (by_pk[inspector_id], code_of[entity_id])
                for inspector_id, entity_id in Recusal.objects.filter(inspector_id__in=by_pk).values_list(
                    "inspector_id", "entity_id"
                )
                if code_of.get(entity_id) in entities
            }
        )
        entity_list = sorted(entities)
        server_seed = drawing.new_server_seed()
        draw = Draw(
            bureau_id=task.bureau_id,
            task=task,
            entities=entity_list,
            entity_names={code: entities[code] for code in entity_list},
            entities_sha256=drawing.sha256(drawing.canonical(entity_list)),
            inspectors=codes,
            inspector_names={i.code: i.person.name for i in inspectors},
            inspectors_sha256=drawing.sha256(drawing.canonical(codes)),
            recusals=[list(p) for p in pairs],
            k=draw_size(task, len(entity_list)),
            m=task.inspectors_per_entity,
            load_limit=task.load_limit,
            server_seed=server_seed,
            commitment=drawing.commitment_of(server_seed),
            committed_at=timezone.now(),
            committed_by=by,
        )
        try:
            with transaction.atomic():
                draw.save()
        except IntegrityError:  # another session committed between our check and save
            return task.draws.exclude(status=DrawStatus.VOID).get()
    return draw


def draw_reveal(*, draw: Draw, witness_name: str, witness_phrase: str, by: User) -> Draw:
    """The witness's phrase makes the seed; the result is computed and the visits made.
    Once revealed, a draw is never redone: a second press answers with a refusal."""

    _require(by, "inspections.add_draw", draw.bureau_id)
    phrase = witness_phrase.strip()
    if not phrase:
        raise ValidationError({"witness_phrase": "请由监督人员输入口令。"})
    if not witness_name.strip():
        raise ValidationError({"witness_name": "请填写监督人员姓名。"})
    with transaction.atomic():
        current = Draw.objects.select_for_update().select_related("task__plan").get(pk=draw.pk)
        if current.status == DrawStatus.VOID:
            raise ValidationError("该抽取已作废。")
        if current.is_revealed:
            raise ValidationError(ALREADY_REVEALED)
        seed = drawing.seed_of(current.server_seed, phrase)
        try:
            result = drawing.draw(
                seed=seed,
                entities=current.entities,
                inspectors=current.inspectors,
                recusals=current.recusals,
                k=current.k,
                m=current.m,
                load_limit=current.load_limit,
                names=current.entity_names,
            )
        except drawing.DrawError as error:
            raise ValidationError(str(error)) from None
        current.witness_name, current.witness_phrase, current.seed = witness_name.strip(), phrase, seed
        current.result, current.drawn_at, current.drawn_by = result, timezone.now(), by
        current.status = DrawStatus.REVEALED
        current.save()
        _make_visits(current, result)
    return current


def _make_visits(draw: Draw, result: list[dict[str, Any]]) -> None:
    """One visit per drawn entity; a visit of a joint task to the same entity this year
    that has not happened yet absorbs it (one visit, both tasks, all the inspectors)."""

    task = draw.task
    code_to_entity = {entity_code(e): e for e in Entity.objects.filter(bureau_id=draw.bureau_id)}
    inspectors = {i.code: i for i in Inspector.objects.filter(bureau_id=draw.bureau_id, code__in=draw.inspectors)}
    for row in result:
        entity = code_to_entity[row["entity"]]
        visit = (
            Inspection.objects.select_for_update()
            .filter(bureau_id=draw.bureau_id, entity=entity, year=task.plan.year, status=InspectionStatus.ASSIGNED)
            .order_by("id")
            .first()
        )
        if visit is None:
            visit = Inspection.objects.create(
                bureau_id=draw.bureau_id, entity=entity, entity_name=entity.name, year=task.plan.year
            )
        visit.tasks.add(task)
        visit.draws.add(draw)
        visit.inspectors.add(*[inspectors[code] for code in row["inspectors"]])


def draw_void(*, draw: Draw, reason: str, by: User) -> Draw:
    """Void a draw, visibly (its public page and the audit say so, with the reason).
    Visits it made that have no result yet go; a draw with results cannot be voided."""

    _require(by, "inspections.delete_draw", draw.bureau_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写作废原因。"})
    with transaction.atomic():
        current = Draw.objects.select_for_update().get(pk=draw.pk)
        if current.status == DrawStatus.VOID:
            raise ValidationError("该抽取已经作废。")
        visits = list(current.inspections.select_for_update())
        if any(v.status != InspectionStatus.ASSIGNED for v in visits):
            raise ValidationError("该抽取的检查对象已有检查结果，不能作废。")
        for visit in visits:
            visit.draws.remove(current)
            visit.tasks.remove(current.task)
            if not visit.draws.exists():
                visit.delete()
            else:
                codes = {c for row in current.result for c in row["inspectors"]}
                visit.inspectors.remove(*visit.inspectors.filter(code__in=codes))
        current.status, current.voided_at, current.voided_by, current.void_reason = (
            DrawStatus.VOID,
            timezone.now(),
            by,
            reason,
        )
        current.save()
    return current


# -- results -------------------------------------------------------------------------


def _may_record(by: User, visit: Inspection) -> bool:
    if by.school_id or not by.has_perm("inspections.change_inspection"):
        return False
    if visit.bureau_id != by.bureau_id and not by.is_superuser:
        return False
    if by.has_perm("inspections.review_inspection"):
        return True
    return visit.inspectors.filter(user=by).exists()


RESULT_FIELDS = ("inspected_on", "contents", "result", "handling", "rectify_by")


def inspection_record(
    *,
    inspection: Inspection,
    by: User,
    values: dict[str, Any],
    attachments: Sequence[UploadedFile] = (),
    version: int,
    token: uuid.UUID | None = None,
) -> Inspection:
    """Record (or correct, until published) a visit's result. The publication deadline
    (20 working days from the inspection) is set from the date."""

    if not _may_record(by, inspection):
        raise PermissionDenied("只有被指派的执法人员可以录入检查结果。")
    errors: dict[str, str] = {}
    day = values.get("inspected_on")
    if day is None:
        errors["inspected_on"] = "请填写“检查日期”。"
    elif day > timezone.localdate():
        errors["inspected_on"] = "检查日期不能晚于今天。"
    if not (values.get("contents") or "").strip():
        errors["contents"] = "请填写“检查内容及发现”。"
    if not values.get("result"):
        errors["result"] = "请选择“检查结果”。"
    elif values["result"] == Result.RECTIFY and not values.get("rectify_by"):
        errors["rectify_by"] = "责令整改的，请填写“整改期限”。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if token is not None and current.submit_token == token:
            return current  # the same form posted twice
        if current.status == InspectionStatus.PUBLISHED:
            raise ValidationError("检查结果已公示，不能再修改。")
        if current.version != version:
            raise ValidationError(STALE)
        for field in RESULT_FIELDS:
            setattr(current, field, values.get(field) or ("" if field in ("contents", "handling", "result") else None))
        if current.result != Result.RECTIFY:
            current.rectify_by = None
        current.publish_due = publish_due(current.inspected_on)
        current.status = InspectionStatus.RECORDED
        current.recorded_at, current.recorded_by = timezone.now(), by
        current.version += 1
        current.submit_token = token
        current.full_clean(exclude=["bureau", "entity", "recorded_by", "published_by"])
        current.save()
        for upload in attachments:
            InspectionAttachment.objects.create(bureau_id=current.bureau_id, inspection=current, file=upload, name=upload.name)
    return current


def inspection_publish(*, inspection: Inspection, by: User, on: datetime.date | None = None) -> Inspection:
    """Publish a recorded result on the public site."""

    _require(by, "inspections.publish_inspection", inspection.bureau_id)
    with transaction.atomic():
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if current.status == InspectionStatus.PUBLISHED:
            raise ValidationError("该检查结果已经公示。")
        if current.status != InspectionStatus.RECORDED:
            raise ValidationError("检查结果尚未录入，不能公示。")
        now = timezone.now()
        current.status, current.published_at, current.published_by = InspectionStatus.PUBLISHED, now, by
        current.published_on = on or timezone.localdate()
        current.version += 1
        current.save()
    return current


def rectification_close(*, inspection: Inspection, by: User, rectified_on: datetime.date, note: str, version: int) -> Inspection:
    """整改 done: the date it was verified and how."""

    if not _may_record(by, inspection):
        raise PermissionDenied("您没有执行此操作的权限。")
    if not note.strip():
        raise ValidationError({"note": "请填写“整改情况”。"})
    with transaction.atomic():
        current = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if current.version != version:
            raise ValidationError(STALE)
        if current.result != Result.RECTIFY:
            raise ValidationError("该检查未责令整改。")
        if current.rectified_on is not None:
            raise ValidationError("整改已经销号。")
        if current.inspected_on and rectified_on < current.inspected_on:
            raise ValidationError({"rectified_on": "整改完成日期不能早于检查日期。"})
        current.rectified_on, current.rectification_note = rectified_on, note.strip()
        current.version += 1
        current.save()
    return current


# -- the calendar --------------------------------------------------------------------


def calendar_changed(days: Sequence[datetime.date]) -> int:
    """A holiday or 调休 day added, changed or removed: the publication deadlines it
    moves are counted again (results recorded but not yet published whose 20 working
    days may span the day: each year's calendar is announced late, after results of
    December were recorded). Returns how many deadlines moved."""

    due_soon_limit.cache_clear()  # the dashboard's "due within 5 working days" moves too
    days = [d for d in days if d is not None]
    if not days:
        return 0
    # 20 working days never span more than ~45 calendar days (add_working_days).
    span = Q(inspected_on__gte=min(days) - datetime.timedelta(days=70), inspected_on__lt=max(days))
    moved = 0
    with transaction.atomic():
        for visit in Inspection.objects.select_for_update().filter(span, status=InspectionStatus.RECORDED):
            due = publish_due(visit.inspected_on)
            if due != visit.publish_due:
                visit.publish_due = due
                visit.save(update_fields=["publish_due", "updated_at"])
                moved += 1
    return moved
