"""欺凌防治: versioned checklists, self-inspection rounds and their forms, the bureau's
review and 整改, unannounced spot checks (督查), trainings and the restricted incident file."""

from __future__ import annotations

import datetime
from typing import Any

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core import crypto
from apps.core.audit import audited
from apps.core.models import BureauOwnedModel, ScopedQuerySet

from .choices import SCHOOLS_TURN, AnswerType, Conclusion, IncidentStatus, LogKind, Progress, VersionStatus

USER = settings.AUTH_USER_MODEL


# -- checklists ---------------------------------------------------------------------------


@audited()
class Checklist(BureauOwnedModel):
    """A checklist the bureau sets (《中小学防治校园暴力与学生欺凌检查清单》); its items live
    in versions, so what a school answered stays as it was when the checklist changes."""

    title = models.CharField("名称", max_length=200)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="依据文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bullying_checklists",
        help_text="文件库中印发该清单的文件。",
    )
    related_documents = models.ManyToManyField(
        "documents.Document",
        verbose_name="相关文件",
        blank=True,
        related_name="+",
        help_text="与清单一并印发或转发的文件（如综合治理方案、“十项要求”）。",
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "检查清单"
        verbose_name_plural = "检查清单"
        ordering = ["-id"]
        indexes = [models.Index(fields=["bureau", "-id"], name="bullying_checklist_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bullying:checklist", args=[self.pk])


@audited()
class ChecklistVersion(BureauOwnedModel):
    """One version of a checklist. Publishing freezes it (a trigger refuses any change to
    its items); a change after that is made in a new draft version."""

    checklist = models.ForeignKey(Checklist, verbose_name="检查清单", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "检查清单版本"
        verbose_name_plural = "检查清单版本"
        ordering = ["checklist", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="%(app_label)s_%(class)s_unique_number"),
            # one draft at a time: edits go to it
            models.UniqueConstraint(
                fields=["checklist"], condition=Q(status=VersionStatus.DRAFT), name="%(app_label)s_%(class)s_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.DRAFT) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist}（第{self.number}版）"

    def get_absolute_url(self) -> str:
        return reverse("bullying:checklist", args=[self.checklist_id]) + f"?version={self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


FROZEN_ITEM = """
DECLARE vid bigint;
BEGIN
    IF TG_OP = 'INSERT' THEN vid := NEW.version_id; ELSE vid := OLD.version_id; END IF;
    IF EXISTS (SELECT 1 FROM bullying_checklistversion v WHERE v.id = vid AND v.status = 'published') THEN
        RAISE EXCEPTION '检查清单版本已发布，不能再修改其检查项。' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
"""


@audited()
class ChecklistItem(BureauOwnedModel):
    """An item of a checklist version: its section, text, expected answer, whether evidence
    is required and guidance. Frozen in the database once its version is published."""

    version = models.ForeignKey(ChecklistVersion, verbose_name="版本", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("序号")
    section = models.CharField("部分", max_length=100)
    text = models.TextField("检查内容")
    answer_type = models.CharField("答案类型", max_length=12, choices=AnswerType.choices, default=AnswerType.COMPLIANCE)
    evidence_required = models.BooleanField("须附佐证材料", default=False)
    guidance = models.TextField("填报说明", blank=True)

    class Meta:
        verbose_name = "检查项"
        verbose_name_plural = "检查项"
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="%(app_label)s_%(class)s_unique_position"),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="frozen_when_published",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=FROZEN_ITEM,
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("bullying:checklistitem_edit", args=[self.pk])


# -- self-inspection rounds ---------------------------------------------------------------


@audited()
class Round(BureauOwnedModel):
    """A self-inspection round (学校自查): a published checklist version, a period, the
    schools (all open schools of chosen kinds) and a deadline; sent to them as a notice."""

    title = models.CharField("名称", max_length=200)
    version = models.ForeignKey(ChecklistVersion, verbose_name="检查清单版本", on_delete=models.PROTECT, related_name="rounds")
    period = models.CharField("学期", max_length=50, help_text="如：2024年春季学期")
    year = models.PositiveIntegerField("年度")
    kinds = ArrayField(models.CharField(max_length=20), verbose_name="学校类型")
    deadline = models.DateField("截止日期")
    opened_at = models.DateTimeField("开始时间", default=timezone.now)
    opened_by = models.ForeignKey(USER, verbose_name="发起人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notice = models.ForeignKey(
        "notices.Notice", verbose_name="通知", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submit_token = models.UUIDField(null=True, blank=True, editable=False, unique=True)

    class Meta:
        verbose_name = "自查轮次"
        verbose_name_plural = "自查轮次"
        ordering = ["-deadline", "-id"]
        indexes = [models.Index(fields=["bureau", "-deadline", "-id"], name="bullying_round_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bullying:round", args=[self.pk])


class InspectionQuerySet(ScopedQuerySet):
    def overdue(self, today: datetime.date | None = None) -> InspectionQuerySet:
        return self.filter(overdue_q(today))


def overdue_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """Past the round's deadline and still the school's turn (not started, draft, 需整改)."""

    today = today or timezone.localdate()
    return Q(**{f"{prefix}round__deadline__lt": today, f"{prefix}progress__in": SCHOOLS_TURN})


@audited(exclude=("submit_token",))
class SelfInspection(BureauOwnedModel):
    """One school's form in a round: its answers, evidence, review and 整改 round trips."""

    round = models.ForeignKey(
        Round, verbose_name="自查轮次", on_delete=models.CASCADE, related_name="inspections", db_index=False
    )
    school = models.ForeignKey(
        "registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="bullying_inspections"
    )
    progress = models.PositiveSmallIntegerField("状态", choices=Progress.choices, default=Progress.NOT_STARTED)
    # Round trips of 整改 so far (0 before any review asked for one).
    trip = models.PositiveSmallIntegerField("整改轮次", default=0)
    started_at = models.DateTimeField("开始填报时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name="提交人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a school's draft or a bureau review based on an older
    # version is refused. `submit_token`: a double-clicked 提交 submits once.
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = InspectionQuerySet.as_manager()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "学校自查"
        verbose_name_plural = "学校自查"
        ordering = ["progress", "id"]
        indexes = [
            # a round's page, laggards first
            models.Index(fields=["round", "progress", "id"], name="bullying_insp_round"),
            models.Index(fields=["school", "-id"], name="bullying_insp_school"),
            models.Index(fields=["bureau", "progress", "id"], name="bullying_insp_bureau"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["round", "school"], name="%(app_label)s_%(class)s_one_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.round}（{self.school}）"

    def get_absolute_url(self) -> str:
        return reverse("bullying:selfinspection", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.round.deadline < today and self.progress in SCHOOLS_TURN


@audited()
class Answer(BureauOwnedModel):
    """A school's answer to one item of the version its round uses."""

    inspection = models.ForeignKey(SelfInspection, verbose_name="学校自查", on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, verbose_name="检查项", on_delete=models.PROTECT, related_name="answers")
    value = models.CharField("答案", max_length=500, blank=True)
    note = models.TextField("说明", blank=True)

    school_lookups = ("inspection__school_id",)

    class Meta:
        verbose_name = "自查答案"
        verbose_name_plural = "自查答案"
        ordering = ["item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="%(app_label)s_%(class)s_one_per_item")]

    def __str__(self) -> str:
        return self.value


class InspectionLog(BureauOwnedModel):
    """The timeline of a self-inspection: each submission, review and resubmission."""

    inspection = models.ForeignKey(SelfInspection, verbose_name="学校自查", on_delete=models.CASCADE, related_name="logs")
    kind = models.CharField("事项", max_length=20, choices=LogKind.choices)
    trip = models.PositiveSmallIntegerField("整改轮次", default=0)
    detail = models.CharField("说明", max_length=500, blank=True)
    by = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT, related_name="+")
    # When it happened (the demo's history is dated in the past; rows are never updated).
    at = models.DateTimeField("时间", default=timezone.now)

    school_lookups = ("inspection__school_id",)

    class Meta:
        verbose_name = "自查记录"
        verbose_name_plural = "自查记录"
        ordering = ["at", "id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail}"


# -- spot checks (督查, "四不两直") ----------------------------------------------------------


@audited()
class SpotCheck(BureauOwnedModel):
    """An unannounced spot check the bureau plans: its date, schools and team. A school never
    sees the plan; it sees its own visit once the findings are recorded."""

    title = models.CharField("名称", max_length=200)
    planned_on = models.DateField("督查日期")
    method = models.CharField("方式", max_length=50, default="四不两直")
    version = models.ForeignKey(
        ChecklistVersion, verbose_name="检查清单版本", on_delete=models.PROTECT, related_name="spot_checks"
    )
    team = models.ManyToManyField(USER, verbose_name="督查组成员", related_name="bullying_spot_checks", blank=True)
    notes = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(USER, verbose_name="制定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    school_lookups: tuple[str, ...] = ()

    class Meta:
        verbose_name = "督查"
        verbose_name_plural = "督查"
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-planned_on", "-id"], name="bullying_spot_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("bullying:spotcheck", args=[self.pk])


class VisitQuerySet(ScopedQuerySet):
    """A school never sees a visit before its findings are recorded."""

    def for_user(self, user: Any, *, write: bool = False) -> VisitQuerySet:
        qs = super().for_user(user, write=write)
        if getattr(user, "school_id", None) and not user.is_superuser:
            qs = qs.filter(recorded_at__isnull=False)
        return qs


@audited()
class SpotCheckVisit(BureauOwnedModel):
    """One school of a spot check: the findings per item, the conclusion, the 整改 items."""

    spot_check = models.ForeignKey(SpotCheck, verbose_name="督查", on_delete=models.CASCADE, related_name="visits")
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="bullying_visits")
    visited_on = models.DateField("检查日期", null=True, blank=True)
    conclusion = models.CharField("结论", max_length=10, choices=Conclusion.choices, blank=True)
    summary = models.TextField("总体情况", blank=True)
    recorded_at = models.DateTimeField("结果录入时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = VisitQuerySet.as_manager()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "督查结果"
        verbose_name_plural = "督查结果"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["bureau", "-id"], name="bullying_visit_list"),
            models.Index(fields=["school", "-id"], name="bullying_visit_school"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "school"], name="%(app_label)s_%(class)s_one_per_school"),
            models.CheckConstraint(
                condition=Q(recorded_at__isnull=True) | ~Q(conclusion=""), name="%(app_label)s_%(class)s_recorded_has_conclusion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spot_check}（{self.school}）"

    def get_absolute_url(self) -> str:
        return reverse("bullying:spotcheckvisit", args=[self.pk])


@audited()
class Finding(BureauOwnedModel):
    """What the team found at one school on one checklist item."""

    visit = models.ForeignKey(SpotCheckVisit, verbose_name="督查结果", on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, verbose_name="检查项", on_delete=models.PROTECT, related_name="findings")
    result = models.CharField("检查结果", max_length=500, blank=True)
    note = models.TextField("发现的问题", blank=True)

    school_lookups = ("visit__school_id",)

    class Meta:
        verbose_name = "督查发现"
        verbose_name_plural = "督查发现"
        ordering = ["item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="%(app_label)s_%(class)s_one_per_item")]

    def __str__(self) -> str:
        return f"{self.item}：{self.result}"


# -- 整改 ----------------------------------------------------------------------------------


class RectificationQuerySet(ScopedQuerySet):
    def open(self) -> RectificationQuerySet:
        return self.filter(closed_at__isnull=True)

    def overdue(self, today: datetime.date | None = None) -> RectificationQuerySet:
        """A 督查's 整改 past its due date that the school has not answered."""

        today = today or timezone.localdate()
        return self.filter(due_on__lt=today, answered_at__isnull=True, closed_at__isnull=True)


@audited()
class Rectification(BureauOwnedModel):
    """A 整改 item the bureau sends: on a self-inspection item (a review's comment) or from a
    spot check's findings (with owner and due date). Its comment is never edited nor
    deleted once sent (a trigger refuses it); only the school's answer and the bureau's
    acceptance (验收) are written on it afterwards, by the services."""

    school = models.ForeignKey(
        "registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="bullying_rectifications"
    )
    inspection = models.ForeignKey(
        SelfInspection, verbose_name="学校自查", null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications"
    )
    visit = models.ForeignKey(
        SpotCheckVisit, verbose_name="督查结果", null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name="检查项", null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications"
    )
    trip = models.PositiveSmallIntegerField("整改轮次", default=1)
    comment = models.TextField("整改意见")
    owner = models.CharField("整改责任人", max_length=100, blank=True)
    due_on = models.DateField("整改期限", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="提出人", on_delete=models.PROTECT, related_name="+")
    # The school's answer: written while drafting, fixed once sent (answered_at).
    answer = models.TextField("整改情况", blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        USER, verbose_name="答复人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField("验收时间", null=True, blank=True)
    closed_by = models.ForeignKey(USER, verbose_name="验收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField("版本", default=1)

    objects = RectificationQuerySet.as_manager()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["bureau", "-id"], name="bullying_rect_list"),
            models.Index(fields=["school", "-id"], name="bullying_rect_school"),
            models.Index(fields=["bureau", "due_on"], condition=Q(closed_at__isnull=True), name="bullying_rect_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection__isnull=False, visit__isnull=True) | Q(inspection__isnull=True, visit__isnull=False),
                name="%(app_label)s_%(class)s_one_source",
            ),
            models.CheckConstraint(
                condition=Q(visit__isnull=True) | Q(due_on__isnull=False), name="%(app_label)s_%(class)s_visit_has_due"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="comment_kept", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="comment_unchanged",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    "school", "inspection", "visit", "item", "trip", "comment", "owner", "due_on", "created_by", "created_at"
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.comment[:40]

    def get_absolute_url(self) -> str:
        return reverse("bullying:rectification", args=[self.pk])

    @property
    def source(self) -> str:
        return "督查" if self.visit_id else "学校自查"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_on and self.due_on < today and self.answered_at is None and self.closed_at is None)


class Evidence(BureauOwnedModel):
    """A file proving an answer (documents, photos, survey results) or a 整改 answer;
    judged by its content and size on upload."""

    answer = models.ForeignKey(
        Answer, verbose_name="自查答案", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    rectification = models.ForeignKey(
        Rectification, verbose_name="整改事项", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("文件", upload_to="bullying/evidence/%Y/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", null=True, on_delete=models.PROTECT, related_name="+")

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__isnull=False, rectification__isnull=True)
                | Q(answer__isnull=True, rectification__isnull=False),
                name="%(app_label)s_%(class)s_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


# -- trainings ----------------------------------------------------------------------------


@audited()
class Training(BureauOwnedModel):
    """A training on preventing bullying: date, venue, organiser, audience, attendance,
    speakers, topics and materials."""

    title = models.CharField("名称", max_length=200)
    held_on = models.DateField("日期")
    venue = models.ForeignKey(
        "registry.Entity", verbose_name="地点（学校）", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organiser = models.CharField("组织单位", max_length=100)
    audience = models.ManyToManyField("core.DictionaryItem", verbose_name="培训对象", related_name="+")
    attendance = models.PositiveIntegerField("参训人数")
    speakers = models.TextField("主讲人", help_text="每行一位：姓名，单位，职称（如：董新良，山西师范大学，教授）。")
    topics = models.TextField("培训内容", blank=True)
    search_text = models.TextField(editable=False, default="")

    # County-wide events the schools took part in: they may read them.
    school_lookups = None

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-held_on", "-id"], name="bullying_training_list")]
        constraints = [
            models.CheckConstraint(condition=Q(attendance__lte=100000), name="%(app_label)s_%(class)s_attendance_sane")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = f"{self.title} {self.speakers} {self.topics}".lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("bullying:training", args=[self.pk])

    @property
    def speaker_list(self) -> list[tuple[str, str, str]]:
        """(name, affiliation, title) per line of `speakers`."""

        out = []
        for line in self.speakers.splitlines():
            parts = [p.strip() for p in line.replace(",", "，").split("，")]
            if parts and parts[0]:
                out.append((parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
        return out

    @property
    def speaker_text(self) -> str:
        return "；".join(f"{affiliation}{title}{name}" for name, affiliation, title in self.speaker_list)


class TrainingMaterial(BureauOwnedModel):
    """A file of a training (slides, sign-in sheet)."""

    training = models.ForeignKey(Training, verbose_name="培训", on_delete=models.CASCADE, related_name="materials")
    file = models.FileField("文件", upload_to="bullying/trainings/%Y/")
    name = models.CharField("文件名", max_length=200)

    school_lookups = None

    class Meta:
        verbose_name = "培训材料"
        verbose_name_plural = "培训材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


# -- the incident file (专门档案) -----------------------------------------------------------


@audited()
class Incident(BureauOwnedModel):
    """A bullying incident in the school's 专门档案. Students are named by pseudonym; the real
    names are encrypted at rest (apps.core.crypto) and shown only on a deliberate, logged
    POST. Readable only by the school itself and bureau roles granted `view_incident`."""

    school = models.ForeignKey(
        "registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="bullying_incidents"
    )
    occurred_on = models.DateField("发生日期")
    description = models.TextField("事件经过")
    students = models.CharField("涉事学生（化名）", max_length=300, help_text="用化名，如：学生甲、学生乙。")
    names_encrypted = models.TextField("真实姓名（密文）", editable=False, default="")
    handling = models.ManyToManyField("core.DictionaryItem", verbose_name="处置方式", related_name="+", blank=True)
    status = models.CharField("状态", max_length=12, choices=IncidentStatus.choices, default=IncidentStatus.HANDLING)
    follow_up = models.TextField("跟踪回访", blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name="记录人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "欺凌事件"
        verbose_name_plural = "欺凌事件"
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-occurred_on", "-id"], name="bullying_incident_list"),
            models.Index(fields=["school", "-occurred_on", "-id"], name="bullying_incident_school"),
        ]
        permissions = [("reveal_incident", "查看涉事学生真实姓名")]

    def __str__(self) -> str:
        return f"{self.school} {self.occurred_on:%Y-%m-%d} 欺凌事件"

    def get_absolute_url(self) -> str:
        return reverse("bullying:incident", args=[self.pk])

    @property
    def real_names(self) -> str:
        """The decrypted names: only for the reveal view, which logs every call."""

        return crypto.decrypt(self.names_encrypted)

    @real_names.setter
    def real_names(self, value: str) -> None:
        self.names_encrypted = crypto.encrypt(value.strip())

    @property
    def has_real_names(self) -> bool:
        return bool(self.names_encrypted)
