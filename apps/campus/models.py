"""法治进校园: schools' events (with photos), 法治副校长 / 交通安全辅导员 appointments and
their batches and yearly evaluations, competitions and their entries, and 先进校创建
(campaigns, outside reviews, 整改 items)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel
from apps.core.pinyin import search_key
from apps.core.validators import validate_phone
from apps.registry.models import Entity

from .choices import (
    AppointmentRole,
    CreationStatus,
    EventKind,
    Group,
    Level,
    NominatingBody,
    Prize,
    Rating,
    Stage,
)


def _user_fk(verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


def _token() -> models.UUIDField:
    # The form's one-time token: a double-clicked "保存" creates one record.
    return models.UUIDField(null=True, blank=True, editable=False, unique=True)


class CampusSchool(Entity):
    """A school as the campus pages see it: its events, appointees and 创建 on one page
    (the school's main page), and the roll-ups that list schools. A proxy: no table."""

    class Meta:
        proxy = True
        verbose_name = "学校法治工作"
        verbose_name_plural = "学校法治工作"

    def get_absolute_url(self) -> str:
        return reverse("campus:school", args=[self.pk])


@audited()
class AppointmentBatch(BureauOwnedModel):
    """A round of appointments (e.g. the August 2024 re-appointment led by 市委政法委)."""

    name = models.CharField("批次名称", max_length=100)
    led_by = models.CharField("牵头单位", max_length=100, blank=True, help_text="如：市委政法委")
    appointed_on = models.DateField("聘任日期")
    note = models.TextField("说明", blank=True)

    school_lookups = None  # schools see the bureau's batches

    class Meta:
        verbose_name = "聘任批次"
        verbose_name_plural = "聘任批次"
        ordering = ["-appointed_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-appointed_on", "-id"], name="campus_batch_list")]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campus:appointmentbatch", args=[self.pk])


@audited(exclude=("search_text", "submit_token"))
class Appointment(BureauOwnedModel):
    """An outsider appointed as a school's 法治副校长 or 交通安全辅导员 for a term.
    Not a registry Person: they are not the school's staff."""

    name = models.CharField("姓名", max_length=50)
    role = models.CharField("职务类别", max_length=20, choices=AppointmentRole.choices)
    body = models.CharField("推荐单位类别", max_length=20, choices=NominatingBody.choices)
    unit = models.CharField("工作单位", max_length=100, help_text="如：高平市公安局北城派出所")
    post = models.CharField("职务", max_length=50, blank=True, help_text="在本单位的职务，如：副所长")
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    schools = models.ManyToManyField("registry.Entity", verbose_name="服务学校", related_name="campus_appointments")
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期结束")
    batch = models.ForeignKey(
        AppointmentBatch, verbose_name="聘任批次", null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    retired = models.BooleanField("已退休", default=False)
    birth_date = models.DateField("出生日期", null=True, blank=True, help_text="退休人员必填：聘任时不超过65周岁。")
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = _token()
    search_text = models.TextField(editable=False, default="")

    # A school sees the appointees who serve it.
    school_lookups = ("schools__id",)

    class Meta:
        verbose_name = "法治副校长/交通安全辅导员"
        verbose_name_plural = "法治副校长/交通安全辅导员"
        ordering = ["-term_start", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-term_start", "-id"], name="campus_appt_list"),
            models.Index(fields=["bureau", "role", "term_end"], name="campus_appt_role_end"),
            models.Index(fields=["bureau", "term_end"], name="campus_appt_end"),
            models.Index(fields=["bureau", "name", "unit"], name="campus_appt_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")),
                name="%(app_label)s_%(class)s_term_order",
                violation_error_message="任期结束须晚于任期开始。",
            ),
            models.CheckConstraint(
                condition=Q(retired=False) | Q(birth_date__isnull=False),
                name="%(app_label)s_%(class)s_retiree_birth_date",
                violation_error_message="退休人员须填写出生日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = f"{search_key(self.name, is_person=True)} {search_key(self.unit)}".strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("campus:appointment", args=[self.pk])

    def is_current(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.term_start <= day <= self.term_end

    def age_on(self, day: datetime.date) -> int | None:
        if not self.birth_date:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


AppointmentSchoolEvent = audited_links(
    Appointment.schools.through, model_name="AppointmentSchoolEvent", app_label="campus", verbose_name="服务学校变更记录"
)


@audited()
class Evaluation(BureauOwnedModel):
    """A school's yearly evaluation of an appointee who serves it."""

    appointment = models.ForeignKey(Appointment, verbose_name="被评价人", on_delete=models.CASCADE, related_name="evaluations")
    school = models.ForeignKey("registry.Entity", verbose_name="评价学校", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    rating = models.CharField("评价等次", max_length=20, choices=Rating.choices)
    comment = models.TextField("评价意见", blank=True)
    evaluated_by = _user_fk("评价人")

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "年度评价"
        verbose_name_plural = "年度评价"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["bureau", "-year", "-id"], name="campus_eval_list")]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "school", "year"], name="%(app_label)s_%(class)s_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.appointment.name}（{self.school}）"

    def get_absolute_url(self) -> str:
        return reverse("campus:appointment", args=[self.appointment_id])


@audited(exclude=("submit_token",))
class Event(BureauOwnedModel):
    """A 法治进校园 event one school held: its kind, themes, campaign, speaker and
    participants, an account and photos."""

    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="campus_events")
    kind = models.CharField("活动类型", max_length=20, choices=EventKind.choices)
    start_on = models.DateField("活动日期")
    end_on = models.DateField("结束日期", null=True, blank=True, help_text="持续多天的活动填写。")
    themes = models.ManyToManyField("core.DictionaryItem", verbose_name="主题", blank=True, related_name="campus_events")
    campaign = models.ForeignKey(
        "core.DictionaryItem",
        verbose_name="宣传活动",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campus_campaign_events",
        help_text="如：宪法宣传周、民法典宣传月。",
    )
    speaker = models.ForeignKey(
        Appointment,
        verbose_name="主讲人（法治副校长）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="talks",
    )
    class_hours = models.DecimalField(
        "课时",
        max_digits=4,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("40"))],
        help_text="法治教育课时，计入主讲人的年度授课课时。",
    )
    students = models.PositiveIntegerField("参加学生（人次）", default=0)
    teachers = models.PositiveIntegerField("参加教师（人次）", default=0)
    summary = models.TextField("活动简介", blank=True)
    news_url = models.URLField("新闻链接", blank=True)
    created_by = _user_fk("填报人")
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = _token()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "法治进校园活动"
        verbose_name_plural = "法治进校园活动"
        ordering = ["-start_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-start_on", "-id"], name="campus_event_list"),
            models.Index(fields=["school", "-start_on", "-id"], name="campus_event_school"),
            models.Index(fields=["bureau", "kind", "start_on"], name="campus_event_kind"),
            models.Index(fields=["bureau", "campaign", "start_on"], name="campus_event_campaign"),
            models.Index(fields=["speaker", "start_on"], name="campus_event_speaker"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="%(app_label)s_%(class)s_dates_in_order",
                violation_error_message="结束日期不能早于活动日期。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.get_kind_display()}（{self.start_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("campus:event", args=[self.pk])

    @property
    def participants(self) -> int:
        return self.students + self.teachers


EventThemeEvent = audited_links(
    Event.themes.through, model_name="EventThemeEvent", app_label="campus", verbose_name="活动主题变更记录"
)


@audited()
class EventPhoto(BureauOwnedModel):
    """A photo of an event: checked by content as an image, served only through the
    event's scope (apps/campus/views.PhotoView), never from a public media URL."""

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="campus/photos/%Y/")
    thumbnail = models.FileField("缩略图", upload_to="campus/thumbs/%Y/", blank=True)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("格式", max_length=40)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)

    school_lookups = ("event__school_id",)

    class Meta:
        verbose_name = "活动照片"
        verbose_name_plural = "活动照片"
        ordering = ["id"]
        indexes = [models.Index(fields=["event", "id"], name="campus_photo_event")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campus:photo", args=[self.pk])


@audited()
class Competition(BureauOwnedModel):
    """A competition the bureau's students took part in, at one level and stage."""

    name = models.CharField("竞赛名称", max_length=200)
    organiser = models.CharField("主办单位", max_length=100, blank=True)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    stage = models.CharField("赛段", max_length=20, choices=Stage.choices)
    held_on = models.DateField("比赛日期")

    school_lookups = None  # a school sees the competitions; entries are scoped to it

    class Meta:
        verbose_name = "竞赛"
        verbose_name_plural = "竞赛"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-held_on", "-id"], name="campus_comp_list")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}{self.get_stage_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("campus:competition", args=[self.pk])


@audited(exclude=("submit_token",))
class Entry(BureauOwnedModel):
    """A student's entry in a competition and its result. Students are minors: the name
    shows only to staff of the bureau and of the student's own school (scope), and in
    the report the bureau publishes."""

    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="entries")
    student_name = models.CharField("学生姓名", max_length=50)
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    group = models.CharField("组别", max_length=20, choices=Group.choices)
    represented = models.CharField("代表", max_length=50, blank=True, help_text="如：晋城市")
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    prize = models.CharField("奖项", max_length=20, choices=Prize.choices, default=Prize.NONE)
    submit_token = _token()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "参赛学生"
        verbose_name_plural = "参赛学生"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["bureau", "-id"], name="campus_entry_list"),
            models.Index(fields=["competition", "group", "rank", "id"], name="campus_entry_comp"),
            models.Index(fields=["bureau", "prize"], name="campus_entry_prize"),
            models.Index(fields=["school", "id"], name="campus_entry_school"),
        ]

    def __str__(self) -> str:
        return f"{self.competition.name} {self.get_group_display()}"

    def get_absolute_url(self) -> str:
        return reverse("campus:entry", args=[self.pk])

    @property
    def result(self) -> str:
        parts = []
        if self.rank:
            parts.append(f"第{self.rank}名")
        if self.prize != Prize.NONE:
            parts.append(self.get_prize_display())
        return "，".join(parts) or "参赛"


@audited()
class CreationCampaign(BureauOwnedModel):
    """One school's 先进校创建 (青少年法治安全教育先进校) since its start year."""

    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("创建名称", max_length=100, default="青少年法治安全教育先进校")
    start_year = models.PositiveSmallIntegerField("开始年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = models.CharField("状态", max_length=20, choices=CreationStatus.choices, default=CreationStatus.IN_PROGRESS)
    status_year = models.PositiveSmallIntegerField("命名/撤销年度", null=True, blank=True)

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "先进校创建"
        verbose_name_plural = "先进校创建"
        ordering = ["-start_year", "-id"]
        indexes = [models.Index(fields=["bureau", "-start_year", "-id"], name="campus_creation_list")]
        constraints = [
            models.UniqueConstraint(fields=["school", "title"], name="%(app_label)s_%(class)s_one_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.school}（{self.title}）"

    def get_absolute_url(self) -> str:
        return reverse("campus:creationcampaign", args=[self.pk])


@audited(exclude=("submit_token",))
class Review(BureauOwnedModel):
    """An outside body's review of a school's 创建 (e.g. 晋城市关工委), with its findings
    and guidance."""

    campaign = models.ForeignKey(CreationCampaign, verbose_name="创建", on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField("检查日期")
    body = models.CharField("检查单位", max_length=100, help_text="如：晋城市关工委")
    findings = models.TextField("检查意见", blank=True)
    guidance = models.TextField("指导意见", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = _token()

    school_lookups = ("campaign__school_id",)

    class Meta:
        verbose_name = "创建检查"
        verbose_name_plural = "创建检查"
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-reviewed_on", "-id"], name="campus_review_list")]

    def __str__(self) -> str:
        return f"{self.campaign.school} {self.reviewed_on:%Y-%m-%d} {self.body}检查"

    def get_absolute_url(self) -> str:
        return reverse("campus:review", args=[self.pk])


@audited(exclude=("submit_token",))
class RectificationItem(BureauOwnedModel):
    """A 整改 item from a review: the finding, who owns it, when it is due, and when it
    was done with what evidence."""

    review = models.ForeignKey(Review, verbose_name="检查", on_delete=models.CASCADE, related_name="items")
    # Copied from the review's campaign: the school's open items are one indexed lookup.
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    finding = models.TextField("问题")
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("整改期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    evidence = models.TextField("整改情况及佐证", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = _token()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["bureau", "due_on", "id"], name="campus_item_list"),
            models.Index(fields=["school", "due_on", "id"], name="campus_item_school"),
            # the overdue dashboard item: open items by due date
            models.Index(fields=["bureau", "due_on"], condition=Q(done_on__isnull=True), name="campus_item_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(evidence=""),
                name="%(app_label)s_%(class)s_done_has_evidence",
                violation_error_message="标记完成时请填写整改情况及佐证。",
            ),
        ]

    def __str__(self) -> str:
        text = self.finding.strip().splitlines()[0] if self.finding.strip() else "整改事项"
        return text[:40]

    def get_absolute_url(self) -> str:
        return reverse("campus:rectificationitem", args=[self.pk])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())
