"""目标责任承诺书 and 安全法治工作例会: a year's pledge campaign (its guidance documents,
the pledge text, the schools, the deadline), each school's pledge, and the bureau's
safety and rule-of-law meetings with the decisions taken there."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel
from apps.registry.choices import EntityKind

from .choices import PledgeStatus


@audited(exclude=("submit_token",))
class Campaign(BureauOwnedModel):
    """One year's 目标责任承诺书 campaign, sent to its schools as a notice."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    pledge_document = models.ForeignKey(
        "documents.Document", verbose_name="承诺书文本", on_delete=models.PROTECT, related_name="pledge_texts"
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name="指导性文件", blank=True, related_name="pledge_campaigns"
    )
    deadline = models.DateField("签订截止日期")
    body = models.TextField("通知正文", blank=True)
    # The notice that carried it to the schools' inboxes (notices.services.notice_create_for).
    notice = models.ForeignKey(
        "notices.Notice", verbose_name="下发通知", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    launched_at = models.DateTimeField("发起时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The form's one-time token: a double-clicked "发起" makes one campaign.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    # Schools see their own pledge, never the campaign's table of every school.
    school_lookups = ()

    class Meta:
        verbose_name = "承诺书签订"
        verbose_name_plural = "承诺书签订"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["bureau", "-year", "-id"], name="pledges_campaign_list")]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="%(app_label)s_%(class)s_one_per_year"),
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:campaign", args=[self.pk])


CampaignDocumentEvent = audited_links(
    Campaign.documents.through,
    model_name="CampaignDocumentEvent",
    app_label="pledges",
    verbose_name="承诺书签订文件变更记录",
)


@audited(exclude=("sign_token",))
class Pledge(BureauOwnedModel):
    """One school's pledge of a campaign: 待签订 → 已签订 (signer, date, signed scan),
    or → 退回 (reason) and back to the school to sign again."""

    # No index of its own: (campaign, status, id) serves every lookup by campaign and
    # reads the campaign page (unsigned first) in order.
    campaign = models.ForeignKey(
        Campaign, verbose_name="承诺书签订", on_delete=models.PROTECT, related_name="pledges", db_index=False
    )
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="pledges")
    # Copied at launch: the school's kind and the campaign's year, so the campaign page's
    # by-kind filter and the year filter read one index each, without a join.
    school_kind = models.CharField("学校类型", max_length=20, choices=EntityKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    status = models.PositiveSmallIntegerField("状态", choices=PledgeStatus.choices, default=PledgeStatus.PENDING)
    signer = models.CharField("签订人", max_length=50, blank=True, help_text="学校主要负责人姓名")
    signed_on = models.DateField("签订日期", null=True, blank=True)
    scan = models.FileField("签字盖章扫描件", upload_to="pledges/%Y/", blank=True)
    signed_at = models.DateTimeField("上传时间", null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="退回人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a signing or return based on an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    sign_token = models.UUIDField(null=True, blank=True, editable=False)

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "承诺书"
        verbose_name_plural = "承诺书"
        ordering = ["status", "id"]
        # A school's own right: its menu shows 本校承诺书 (staff, who may also upload a
        # scan, hold change_pledge only).
        permissions = [("sign_pledge", "签订本校承诺书")]
        indexes = [
            # a campaign's page, unsigned first; by kind
            models.Index(fields=["campaign", "status", "id"], name="pledges_pledge_campaign"),
            models.Index(fields=["campaign", "school_kind", "status", "id"], name="pledges_pledge_kind"),
            # every pledge of a year (the report's figures), unsigned first
            models.Index(fields=["bureau", "year", "status", "id"], name="pledges_pledge_year"),
            models.Index(fields=["bureau", "status", "id"], name="pledges_pledge_list"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="%(app_label)s_%(class)s_one_per_school"),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.SIGNED) | (Q(signed_on__isnull=False) & ~Q(signer="") & ~Q(scan="")),
                name="%(app_label)s_%(class)s_signed_has_signer_date_scan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}（{self.year}年度承诺书）"

    def get_absolute_url(self) -> str:
        return reverse("pledges:pledge", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == PledgeStatus.SIGNED


@audited(exclude=("submit_token",))
class Meeting(BureauOwnedModel):
    """A 安全法治工作例会 (or another kind of meeting): who attended, the minutes, and
    the decisions taken."""

    held_on = models.DateField("会议日期")
    kind = models.ForeignKey("core.DictionaryItem", verbose_name="会议类型", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("议题", max_length=200)
    host = models.CharField("主持人", max_length=50, blank=True)
    people = models.ManyToManyField("registry.Person", verbose_name="参会人员", blank=True, related_name="pledge_meetings")
    units = models.ManyToManyField("registry.Entity", verbose_name="参会单位", blank=True, related_name="pledge_meetings")
    other_attendees = models.CharField("其他参会人员", max_length=500, blank=True, help_text="如：局领导班子成员、各股室负责人")
    summary = models.TextField("会议内容", blank=True)
    minutes = models.FileField("会议纪要", upload_to="pledges/meetings/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    school_lookups = ()

    class Meta:
        verbose_name = "安全法治工作例会"
        verbose_name_plural = "安全法治工作例会"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-held_on", "-id"], name="pledges_meeting_list"),
            models.Index(fields=["bureau", "kind", "-held_on"], name="pledges_meeting_kind"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("pledges:meeting", args=[self.pk])


MeetingPersonEvent = audited_links(
    Meeting.people.through, model_name="MeetingPersonEvent", app_label="pledges", verbose_name="例会参会人员变更记录"
)
MeetingUnitEvent = audited_links(
    Meeting.units.through, model_name="MeetingUnitEvent", app_label="pledges", verbose_name="例会参会单位变更记录"
)


@audited(exclude=("submit_token",))
class Decision(BureauOwnedModel):
    """A decision of a meeting: who owns it, by when; ticked off when done."""

    meeting = models.ForeignKey(Meeting, verbose_name="例会", on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("决定事项", max_length=500)
    owner = models.CharField("责任人/责任股室", max_length=100)
    due_on = models.DateField("完成时限")
    done_on = models.DateField("办结日期", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办结登记人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    school_lookups = ()

    class Meta:
        verbose_name = "例会决定事项"
        verbose_name_plural = "例会决定事项"
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["bureau", "due_on", "id"], name="pledges_decision_list"),
            # the dashboard's open decisions past due
            models.Index(fields=["bureau", "due_on", "id"], condition=Q(done_on__isnull=True), name="pledges_decision_open"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        # Decisions live on their meeting's page.
        return reverse("pledges:meeting", args=[self.meeting_id]) + f"#decision-{self.pk}"

    def is_overdue(self, today: Any = None) -> bool:
        from django.utils import timezone

        return self.done_on is None and self.due_on < (today or timezone.localdate())
