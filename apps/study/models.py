"""学法: the bureau's study sessions (中心组学习, 主题党日, 机关大讲堂, trainings…), the laws
they studied, and who attended. Hours count for a person when the person attended (出席)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel
from apps.core.pinyin import search_key

from .choices import AttendanceStatus, Mode, SessionKind


@audited(exclude=("search_text", "submit_token"))
class StudySession(BureauOwnedModel):
    """One study session of the bureau: when, what kind, what was studied, for how long."""

    date = models.DateField("日期")
    kind = models.CharField("形式", max_length=20, choices=SessionKind.choices)
    title = models.CharField("名称", max_length=200)
    organiser = models.ForeignKey(
        "core.DictionaryItem", verbose_name="组织单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topics = models.ManyToManyField("core.DictionaryItem", verbose_name="主题", blank=True, related_name="study_sessions")
    laws = models.ManyToManyField("documents.Law", verbose_name="学习的法律法规", blank=True, related_name="study_sessions")
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))], help_text="如 1.5"
    )
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    # 行政执法人员培训: the report names these by title; the attendees are enforcement staff.
    enforcement_training = models.BooleanField("执法人员培训", default=False)
    location = models.CharField("地点", max_length=100, blank=True)
    content = models.TextField("学习内容", blank=True)
    materials = models.FileField("学习材料", upload_to="study/%Y/", blank=True)
    materials_name = models.CharField("材料文件名", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a save (or an attendance change) from an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    # The form's one-time token: a double-clicked "保存" records one session.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    # The bureau's own work: school users see none of it.
    school_lookups = ()

    class Meta:
        verbose_name = "学法活动"
        verbose_name_plural = "学法活动"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-date", "-id"], name="study_session_list"),
            models.Index(fields=["bureau", "kind", "-date", "-id"], name="study_session_kind"),
            models.Index(fields=["bureau", "enforcement_training", "-date"], name="study_session_enforcement"),
            models.Index(fields=["bureau", "mode", "-date"], name="study_session_mode"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="%(app_label)s_%(class)s_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("study:studysession", args=[self.pk])


StudySessionTopicEvent = audited_links(
    StudySession.topics.through, model_name="StudySessionTopicEvent", app_label="study", verbose_name="学法主题变更记录"
)
StudySessionLawEvent = audited_links(
    StudySession.laws.through, model_name="StudySessionLawEvent", app_label="study", verbose_name="学法法规变更记录"
)


@audited()
class Attendance(BureauOwnedModel):
    """One person at one session: 出席, 请假 or 缺席 (only 出席 earns the session's hours)."""

    # No index of its own: the unique (session, person) below serves lookups by session.
    session = models.ForeignKey(
        StudySession, verbose_name="学法活动", on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    person = models.ForeignKey("registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="study_attendances")
    status = models.CharField("出席情况", max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT)
    # The session's date, copied by the services: a person's year and the list's order
    # are read on this table's own indexes, without joining the sessions.
    date = models.DateField("日期")
    note = models.CharField("备注", max_length=200, blank=True)

    school_lookups = ()

    class Meta:
        verbose_name = "学法记录"
        verbose_name_plural = "学法记录"
        ordering = ["-date", "-id"]
        indexes = [
            # a person's year: the per-person page, hours_by_person, the person filter
            models.Index(fields=["person", "date"], name="study_attendance_person"),
            models.Index(fields=["bureau", "-date", "-id"], name="study_attendance_list"),
            models.Index(fields=["bureau", "status", "-date", "-id"], name="study_attendance_status"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="%(app_label)s_%(class)s_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.session}）"

    def get_absolute_url(self) -> str:
        return reverse("study:studysession", args=[self.session_id])
