"""Writes of 欺凌防治: checklists and their versions, rounds (sent as a notice), a school's
form (drafts, evidence, submission), the bureau's review and 整改, spot checks and their
findings, trainings and incidents. Each takes the acting user, checks the right inside,
and refuses an invalid transition with a message the page shows as is."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.accounts.models import User
from apps.notices import services as notices
from apps.registry.models import Entity
from apps.registry.selectors import schools_for

from .choices import SCHOOLS_TURN, AnswerType, Compliance, Conclusion, LogKind, Progress, VersionStatus
from .models import (
    Answer,
    Checklist,
    ChecklistItem,
    ChecklistVersion,
    Evidence,
    Incident,
    InspectionLog,
    Rectification,
    Round,
    SelfInspection,
    SpotCheck,
    SpotCheckVisit,
    Training,
    TrainingMaterial,
)

STALE_FORM = "该自查表已在别处保存过（您看到的是旧版本），本次保存未生效。请刷新页面，核对后再保存。"
STALE_REVIEW = "该自查表在您审核期间已有变化（您看到的是旧版本），本次审核未生效。请刷新页面后重新审核。"
STALE_RECTIFICATION = "该整改事项已被他人修改（您看到的是旧版本），请刷新页面后再提交。"
PUBLISHED_FROZEN = "该版本已发布，不能再修改；请先点击“修改清单（生成新草稿版本）”。"
NOT_EDITABLE = "该自查表已提交，等待教育局审核，不能再修改。"
PASSED_FINAL = "该自查表已审核通过，不能再修改。"


def _require_bureau(by: User, bureau_id: int, perm: str) -> None:
    """The bureau's own staff with the right; a school or a city viewer is refused."""

    if not by.has_perm(perm) or by.school_id:
        raise PermissionDenied("您没有执行此操作的权限。")
    if not by.is_superuser and bureau_id != by.bureau_id:
        raise PermissionDenied("您只能操作本局的记录。")


def _require_school(by: User, school_id: int, perm: str) -> None:
    if not by.has_perm(perm) or by.school_id != school_id:
        raise PermissionDenied("只有本校的用户可以填报。")


# -- checklists ---------------------------------------------------------------------------


def checklist_save(*, by: User, checklist: Checklist | None = None, values: Mapping[str, Any]) -> Checklist:
    """Create a checklist (with its first, draft version) or change its title and document."""

    if checklist is None:
        if not by.has_perm("bullying.add_checklist") or by.school_id or by.bureau_id is None:
            raise PermissionDenied("您没有新建检查清单的权限。")
        checklist = Checklist(bureau_id=by.bureau_id)
    else:
        _require_bureau(by, checklist.bureau_id, "bullying.change_checklist")
    for name, value in values.items():
        setattr(checklist, name, value)
    checklist.full_clean(exclude=["bureau"])
    with transaction.atomic():
        created = checklist.pk is None
        checklist.save()
        if created:
            ChecklistVersion.objects.create(bureau_id=checklist.bureau_id, checklist=checklist, number=1)
    return checklist


def checklist_draft(*, checklist: Checklist, by: User) -> ChecklistVersion:
    """The draft to edit: the existing one, or a copy of the newest published version.
    Answers already given stay tied to the version they answered."""

    _require_bureau(by, checklist.bureau_id, "bullying.change_checklist")
    with transaction.atomic():
        Checklist.objects.select_for_update().get(pk=checklist.pk)
        draft = checklist.versions.filter(status=VersionStatus.DRAFT).first()
        if draft is not None:
            return draft
        latest = checklist.versions.order_by("-number").first()
        draft = ChecklistVersion.objects.create(
            bureau_id=checklist.bureau_id, checklist=checklist, number=(latest.number + 1) if latest else 1
        )
        if latest is not None:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    bureau_id=item.bureau_id,
                    version=draft,
                    position=item.position,
                    section=item.section,
                    text=item.text,
                    answer_type=item.answer_type,
                    evidence_required=item.evidence_required,
                    guidance=item.guidance,
                )
                for item in latest.items.all()
            )
    return draft


def checklist_publish(*, version: ChecklistVersion, by: User) -> ChecklistVersion:
    """Freeze a draft: from now on rounds may use it and its items cannot change."""

    _require_bureau(by, version.bureau_id, "bullying.change_checklist")
    with transaction.atomic():
        version = ChecklistVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != VersionStatus.DRAFT:
            raise ValidationError("该版本已经发布。")
        if not version.items.exists():
            raise ValidationError("清单还没有检查项，不能发布。")
        version.status, version.published_at, version.published_by = VersionStatus.PUBLISHED, timezone.now(), by
        version.save()
    return version


def _editable_version(version: ChecklistVersion) -> None:
    if ChecklistVersion.objects.filter(pk=version.pk, status=VersionStatus.PUBLISHED).exists():
        raise ValidationError(PUBLISHED_FROZEN)


def item_save(
    *, by: User, version: ChecklistVersion, item: ChecklistItem | None = None, values: Mapping[str, Any]
) -> ChecklistItem:
    _require_bureau(by, version.bureau_id, "bullying.change_checklist")
    _editable_version(version)
    if item is None:
        top = version.items.aggregate(top=Max("position"))["top"] or 0
        item = ChecklistItem(bureau_id=version.bureau_id, version=version, position=top + 1)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean(exclude=["bureau", "version"])
    item.save()
    return item


def item_delete(*, by: User, item: ChecklistItem) -> None:
    _require_bureau(by, item.bureau_id, "bullying.change_checklist")
    _editable_version(item.version)
    item.delete()


# -- rounds -------------------------------------------------------------------------------


def round_open(
    *,
    by: User,
    title: str,
    version: ChecklistVersion,
    period: str,
    year: int,
    kinds: Sequence[str],
    deadline: datetime.date,
    token: uuid.UUID | None = None,
    notify: bool = True,
) -> Round:
    """Open a round for every open school of the chosen kinds, each with an empty form,
    and send it to them as a notice (the notices app's service), citing the document that
    sets the checklist. A double-clicked 发起 opens one round."""

    if not by.has_perm("bullying.add_round") or by.school_id or by.bureau_id is None:
        raise PermissionDenied("您没有发起自查的权限。")
    if token is not None:
        existing = Round.objects.filter(submit_token=token, bureau_id=by.bureau_id).first()
        if existing is not None:
            return existing
    if version.bureau_id != by.bureau_id:
        raise PermissionDenied("只能使用本局的检查清单。")
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"version": "只能使用已发布的清单版本。"})
    if not kinds:
        raise ValidationError({"kinds": "请选择学校类型。"})
    schools = list(schools_for(by).filter(bureau_id=by.bureau_id, kind__in=kinds).order_by("sort_key", "id"))
    if not schools:
        raise ValidationError({"kinds": "所选类型没有在办学校。"})
    with transaction.atomic():
        round_ = Round(
            bureau_id=by.bureau_id,
            title=title,
            version=version,
            period=period,
            year=year,
            kinds=list(kinds),
            deadline=deadline,
            opened_by=by,
            submit_token=token,
        )
        round_.full_clean(exclude=["bureau", "notice"])
        round_.save()
        SelfInspection.objects.bulk_create(
            SelfInspection(bureau_id=by.bureau_id, round=round_, school=school) for school in schools
        )
        if notify:
            document = version.checklist.document
            round_.notice = notices.notice_create_for(
                by=by,
                title=f"关于开展{title}的通知",
                body=(
                    f"请各校对照《{version.checklist.title}》开展{period}防治校园暴力与学生欺凌工作自查，"
                    f"在平台“学校自查”中逐项填报并上传佐证材料，于{deadline.year}年{deadline.month}月{deadline.day}日前提交。"
                ),
                schools=schools,
                documents=[document] if document else [],
                deadline=deadline,
                purpose="bullying",
            )
            round_.save(update_fields=["notice", "updated_at"])
    return round_


# -- a school's form ----------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """Something a submission lacks: the form field to jump to and what to do."""

    anchor: str
    message: str


class Incomplete(ValidationError):
    def __init__(self, missing: list[Missing]) -> None:
        super().__init__([m.message for m in missing])
        self.missing = missing


def check_value(item: ChecklistItem, value: str) -> str:
    """The answer as stored, or a ValidationError saying what the item expects."""

    value = (value or "").strip()
    if not value:
        return ""
    if item.answer_type == AnswerType.COMPLIANCE and value not in Compliance.values:
        raise ValidationError("请选择“符合”“不符合”或“不适用”。")
    if item.answer_type == AnswerType.NUMBER:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError("请填写数字。") from None
        if not number.is_finite() or number < 0 or number > Decimal("1e9"):
            raise ValidationError("请填写 0 到 10 亿之间的数字。")
    if len(value) > 500:
        raise ValidationError(f"最多 500 个字，现在有 {len(value)} 个。")
    return value


def _store_files(files: Iterable[UploadedFile], *, school_id: int, bureau_id: int, by: User, **owner: Any) -> None:
    for upload in files:
        Evidence.objects.create(
            bureau_id=bureau_id,
            school_id=school_id,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            uploaded_by=by,
            **owner,
        )


def inspection_save(
    *,
    inspection: SelfInspection,
    by: User,
    answers: Mapping[int, tuple[str, str]],
    evidence: Mapping[int, Sequence[UploadedFile]] | None = None,
    replies: Mapping[int, str] | None = None,
    reply_evidence: Mapping[int, Sequence[UploadedFile]] | None = None,
    remove_evidence: Iterable[int] = (),
    version: int,
    token: uuid.UUID | None = None,
) -> tuple[SelfInspection, bool]:
    """Save the school's draft: answers (item id → (value, note)), files per item, its
    answers to the open 整改 items, files ticked for removal. Refused when `version` is not
    the form's current one (another tab or colleague saved in between). Returns the form
    and whether anything was written (False: the same rendering posted twice)."""

    _require_school(by, inspection.school_id, "bullying.change_selfinspection")
    evidence, replies, reply_evidence = evidence or {}, replies or {}, reply_evidence or {}
    with transaction.atomic():
        current = SelfInspection.objects.select_for_update().select_related("round").get(pk=inspection.pk)
        if token is not None and current.submit_token == token:
            return current, False
        if current.progress == Progress.PASSED:
            raise ValidationError(PASSED_FINAL)
        if current.progress == Progress.SUBMITTED:
            raise ValidationError(NOT_EDITABLE)
        if current.version != version:
            raise ValidationError(STALE_FORM)
        items = {item.pk: item for item in current.round.version.items.all()}
        unknown = (set(answers) | set(evidence)) - set(items)
        if unknown:
            raise ValidationError("表单中有不属于本清单的检查项，请刷新页面后重新填写。")
        existing = {a.item_id: a for a in current.answers.all()}
        for item_id, (value, note) in answers.items():
            value = check_value(items[item_id], value)
            answer = existing.get(item_id)
            if answer is None:
                if not value and not note.strip() and not evidence.get(item_id):
                    continue
                answer = existing[item_id] = Answer(bureau_id=current.bureau_id, inspection=current, item_id=item_id)
            if answer.pk is None or (answer.value, answer.note) != (value, note.strip()):
                answer.value, answer.note = value, note.strip()
                answer.save()
        for item_id, files in evidence.items():
            if files:
                answer = existing.get(item_id) or Answer.objects.create(
                    bureau_id=current.bureau_id, inspection=current, item_id=item_id
                )
                existing[item_id] = answer
                _store_files(files, school_id=current.school_id, bureau_id=current.bureau_id, by=by, answer=answer)
        if remove_evidence:
            doomed = list(
                Evidence.objects.filter(pk__in=list(remove_evidence), answer__inspection=current)
                | Evidence.objects.filter(
                    pk__in=list(remove_evidence), rectification__inspection=current, rectification__answered_at__isnull=True
                )
            )
            for item in doomed:
                item.delete()
                transaction.on_commit(lambda f=item.file: f.delete(save=False))
        if replies or reply_evidence:
            open_items = {r.pk: r for r in current.rectifications.filter(trip=current.trip, answered_at__isnull=True)}
            if (set(replies) | set(reply_evidence)) - set(open_items):
                raise ValidationError("整改事项已答复或不存在，请刷新页面。")
            for pk, text in replies.items():
                rectification = open_items[pk]
                if rectification.answer != text.strip():
                    rectification.answer = text.strip()
                    rectification.save(update_fields=["answer", "updated_at"])
            for pk, files in reply_evidence.items():
                _store_files(files, school_id=current.school_id, bureau_id=current.bureau_id, by=by, rectification=open_items[pk])
        if current.progress == Progress.NOT_STARTED:
            current.progress, current.started_at = Progress.DRAFT, timezone.now()
        current.version += 1
        current.submit_token = token
        current.save()
    return current, True


def missing_for(inspection: SelfInspection) -> list[Missing]:
    """What stops the form from being submitted: unanswered items, required evidence not
    attached, 整改 items not answered. Each names its item and links to its field."""

    missing: list[Missing] = []
    answers = {a.item_id: a for a in inspection.answers.all()}
    with_files = set(Evidence.objects.filter(answer__inspection=inspection).values_list("answer__item_id", flat=True).distinct())
    for item in inspection.round.version.items.all():
        answer = answers.get(item.pk)
        if answer is None or not answer.value:
            missing.append(Missing(f"item-{item.pk}", f"第{item.position}项未填写：{item.text[:30]}"))
        elif item.evidence_required and item.pk not in with_files:
            missing.append(Missing(f"item-{item.pk}", f"第{item.position}项须上传佐证材料：{item.text[:30]}"))
    if inspection.progress == Progress.RECTIFY:
        for rectification in inspection.rectifications.filter(trip=inspection.trip).select_related("item"):
            if not rectification.answer:
                position = rectification.item.position if rectification.item else ""
                missing.append(Missing(f"rect-{rectification.pk}", f"第{position}项的整改意见未答复"))
    return missing


def inspection_submit(*, inspection: SelfInspection, by: User, token: uuid.UUID | None = None) -> tuple[SelfInspection, bool]:
    """Submit (or, after 整改, resubmit) the saved form. Refused with the list of what is
    missing; the draft stays as saved. A second click of the same form does nothing."""

    _require_school(by, inspection.school_id, "bullying.change_selfinspection")
    with transaction.atomic():
        current = SelfInspection.objects.select_for_update().select_related("round__version").get(pk=inspection.pk)
        if current.progress in (Progress.SUBMITTED, Progress.PASSED):
            if token is not None and current.submit_token == token:
                return current, False  # the same form's second click
            raise ValidationError(NOT_EDITABLE if current.progress == Progress.SUBMITTED else PASSED_FINAL)
        missing = missing_for(current)
        if missing:
            raise Incomplete(missing)
        now = timezone.now()
        kind = LogKind.RESUBMITTED if current.progress == Progress.RECTIFY else LogKind.SUBMITTED
        if kind == LogKind.RESUBMITTED:
            current.rectifications.filter(trip=current.trip, answered_at__isnull=True).update(
                answered_at=now, answered_by=by, updated_at=now
            )
        current.progress, current.submitted_at, current.submitted_by = Progress.SUBMITTED, now, by
        current.version += 1
        current.submit_token = token
        current.save()
        InspectionLog.objects.create(bureau_id=current.bureau_id, inspection=current, kind=kind, trip=current.trip, by=by)
    return current, True


def inspection_review(*, inspection: SelfInspection, by: User, comments: Mapping[int, str], version: int) -> SelfInspection:
    """The bureau's review of a submitted form: 通过 (no comments), or 需整改 with a comment
    per item. Comments are sent as 整改 items that can never be edited nor deleted."""

    _require_bureau(by, inspection.bureau_id, "bullying.change_selfinspection")
    comments = {pk: text.strip() for pk, text in comments.items() if text and text.strip()}
    with transaction.atomic():
        current = SelfInspection.objects.select_for_update().select_related("round__version").get(pk=inspection.pk)
        if current.version != version:
            raise ValidationError(STALE_REVIEW)
        if current.progress != Progress.SUBMITTED:
            raise ValidationError("只有已提交、等待审核的自查表可以审核。")
        items = set(current.round.version.items.values_list("pk", flat=True))
        if set(comments) - items:
            raise ValidationError("整改意见对应的检查项不属于本清单。")
        now = timezone.now()
        # The previous trip's answers are accepted by this review either way.
        current.rectifications.filter(closed_at__isnull=True).update(closed_at=now, closed_by=by, updated_at=now)
        if comments:
            current.trip += 1
            Rectification.objects.bulk_create(
                Rectification(
                    bureau_id=current.bureau_id,
                    school_id=current.school_id,
                    inspection=current,
                    item_id=pk,
                    trip=current.trip,
                    comment=text,
                    created_by=by,
                )
                for pk, text in sorted(comments.items())
            )
            current.progress = Progress.RECTIFY
            kind, detail = LogKind.RETURNED, f"{len(comments)} 项需整改"
        else:
            current.progress = Progress.PASSED
            kind, detail = LogKind.PASSED, ""
        current.reviewed_at, current.reviewed_by = now, by
        current.version += 1
        current.save()
        InspectionLog.objects.create(
            bureau_id=current.bureau_id, inspection=current, kind=kind, trip=current.trip, detail=detail, by=by
        )
    return current


# -- spot checks --------------------------------------------------------------------------


def spot_check_save(
    *,
    by: User,
    spot_check: SpotCheck | None = None,
    values: Mapping[str, Any],
    schools: Iterable[Entity],
    team: Iterable[User],
) -> SpotCheck:
    """Plan (or change the plan of) a spot check. Schools whose findings are recorded stay."""

    if spot_check is None:
        if not by.has_perm("bullying.add_spotcheck") or by.school_id or by.bureau_id is None:
            raise PermissionDenied("您没有制定督查计划的权限。")
        spot_check = SpotCheck(bureau_id=by.bureau_id, created_by=by)
    else:
        _require_bureau(by, spot_check.bureau_id, "bullying.change_spotcheck")
    schools, team = list(schools), list(team)
    if not schools:
        raise ValidationError({"schools": "请至少选择一所学校。"})
    if any(s.bureau_id != spot_check.bureau_id for s in schools):
        raise ValidationError({"schools": "只能督查本局的学校。"})
    if any(u.bureau_id != spot_check.bureau_id or u.school_id for u in team):
        raise ValidationError({"team": "督查组成员须是本局工作人员。"})
    for name, value in values.items():
        setattr(spot_check, name, value)
    version = values.get("version")
    if version is not None and (version.status != VersionStatus.PUBLISHED or version.bureau_id != spot_check.bureau_id):
        raise ValidationError({"version": "只能使用本局已发布的清单版本。"})
    spot_check.full_clean(exclude=["bureau", "team"])
    with transaction.atomic():
        spot_check.save()
        spot_check.team.set(team)
        wanted = {s.pk for s in schools}
        spot_check.visits.filter(recorded_at__isnull=True).exclude(school_id__in=wanted).delete()
        have = set(spot_check.visits.values_list("school_id", flat=True))
        SpotCheckVisit.objects.bulk_create(
            SpotCheckVisit(bureau_id=spot_check.bureau_id, spot_check=spot_check, school_id=pk) for pk in sorted(wanted - have)
        )
    return spot_check


@dataclass(frozen=True)
class RectificationDraft:
    item_id: int | None
    comment: str
    owner: str
    due_on: datetime.date


def visit_record(
    *,
    visit: SpotCheckVisit,
    by: User,
    visited_on: datetime.date,
    conclusion: str,
    summary: str,
    findings: Mapping[int, tuple[str, str]],
    rectifications: Sequence[RectificationDraft],
) -> SpotCheckVisit:
    """Record what the team found at one school, once: findings per item, the conclusion
    and the 整改 items (owner, due date). From now on the school sees this visit."""

    _require_bureau(by, visit.bureau_id, "bullying.change_spotcheckvisit")
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": "请选择结论。"})
    if conclusion == Conclusion.RECTIFY and not rectifications:
        raise ValidationError({"conclusion": "结论为“限期整改”时，请至少填写一项整改要求。"})
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": "检查日期不能晚于今天。"})
    with transaction.atomic():
        current = SpotCheckVisit.objects.select_for_update().select_related("spot_check__version").get(pk=visit.pk)
        if current.recorded_at is not None:
            raise ValidationError("该校的督查结果已录入，不能重复录入。")
        items = {i.pk: i for i in current.spot_check.version.items.all()}
        if set(findings) - set(items) or {r.item_id for r in rectifications if r.item_id} - set(items):
            raise ValidationError("检查项不属于本次督查使用的清单。")
        from .models import Finding

        Finding.objects.bulk_create(
            Finding(
                bureau_id=current.bureau_id, visit=current, item_id=pk, result=check_value(items[pk], result), note=note.strip()
            )
            for pk, (result, note) in sorted(findings.items())
            if result or note.strip()
        )
        Rectification.objects.bulk_create(
            Rectification(
                bureau_id=current.bureau_id,
                school_id=current.school_id,
                visit=current,
                item_id=r.item_id,
                comment=r.comment.strip(),
                owner=r.owner.strip(),
                due_on=r.due_on,
                created_by=by,
            )
            for r in rectifications
        )
        current.visited_on, current.conclusion, current.summary = visited_on, conclusion, summary.strip()
        current.recorded_at, current.recorded_by = timezone.now(), by
        current.save()
    return current


def rectification_answer(
    *, rectification: Rectification, by: User, text: str, files: Sequence[UploadedFile] = (), version: int
) -> Rectification:
    """The school answers a 督查's 整改 item (a self-inspection's are answered in its form)."""

    _require_school(by, rectification.school_id, "bullying.change_rectification")
    if rectification.visit_id is None:
        raise ValidationError("自查的整改意见请在自查表中答复并重新提交。")
    if not text.strip():
        raise ValidationError({"text": "请填写整改情况。"})
    with transaction.atomic():
        current = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if current.closed_at is not None:
            raise ValidationError("教育局已验收该整改事项，不能再修改。")
        if current.version != version:
            raise ValidationError(STALE_RECTIFICATION)
        current.answer, current.answered_at, current.answered_by = text.strip(), timezone.now(), by
        current.version += 1
        current.save()
        _store_files(files, school_id=current.school_id, bureau_id=current.bureau_id, by=by, rectification=current)
    return current


def rectification_close(*, rectification: Rectification, by: User, version: int) -> Rectification:
    """The bureau accepts (验收) a 督查 整改 item the school has answered."""

    _require_bureau(by, rectification.bureau_id, "bullying.change_rectification")
    with transaction.atomic():
        current = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if current.visit_id is None:
            raise ValidationError("自查的整改意见在审核自查表时一并验收。")
        if current.version != version:
            raise ValidationError(STALE_RECTIFICATION)
        if current.answered_at is None:
            raise ValidationError("学校尚未答复整改情况，不能验收。")
        if current.closed_at is not None:
            raise ValidationError("该整改事项已验收。")
        current.closed_at, current.closed_by = timezone.now(), by
        current.version += 1
        current.save()
    return current


# -- trainings and incidents ----------------------------------------------------------------


def training_save(
    *,
    by: User,
    training: Training | None = None,
    values: Mapping[str, Any],
    audience: Iterable[Any],
    materials: Sequence[UploadedFile] = (),
) -> Training:
    if training is None:
        if not by.has_perm("bullying.add_training") or by.school_id or by.bureau_id is None:
            raise PermissionDenied("您没有登记培训的权限。")
        training = Training(bureau_id=by.bureau_id)
    else:
        _require_bureau(by, training.bureau_id, "bullying.change_training")
    for name, value in values.items():
        setattr(training, name, value)
    venue = values.get("venue")
    if venue is not None and venue.bureau_id != training.bureau_id:
        raise ValidationError({"venue": "培训地点须是本局的学校。"})
    training.full_clean(exclude=["bureau", "audience"])
    with transaction.atomic():
        training.save()
        training.audience.set(list(audience))
        for upload in materials:
            TrainingMaterial.objects.create(bureau_id=training.bureau_id, training=training, file=upload, name=upload.name[:200])
    return training


def incident_save(
    *,
    by: User,
    incident: Incident | None = None,
    values: Mapping[str, Any],
    handling: Iterable[Any],
    real_names: str = "",
) -> Incident:
    """A school records an incident of its own school; the real names (if given) are
    encrypted, and left as they were when the field is left blank."""

    if incident is None:
        if not by.has_perm("bullying.add_incident") or not by.school_id:
            raise PermissionDenied("欺凌事件由学校登记。")
        incident = Incident(bureau_id=by.bureau_id, school_id=by.school_id, recorded_by=by)
    elif not by.has_perm("bullying.change_incident") or by.school_id != incident.school_id:
        raise PermissionDenied("只有本校可以修改本校的欺凌事件档案。")
    for name, value in values.items():
        setattr(incident, name, value)
    if real_names.strip():
        incident.real_names = real_names
    incident.full_clean(exclude=["bureau", "handling"])
    with transaction.atomic():
        incident.save()
        incident.handling.set(list(handling))
    return incident


__all__ = [
    "Incomplete",
    "Missing",
    "RectificationDraft",
    "SCHOOLS_TURN",
]
