"""The annual report (法治政府建设年度报告): an outline of sections a bureau can adjust,
a report per bureau and year with the narrative of each section, and on publication a
frozen snapshot of the figures and the text."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse

from apps.core.audit import audited
from apps.core.models import BureauOwnedModel

from .choices import OutlineKind, ReportStatus


@audited()
class Outline(BureauOwnedModel):
    """A bureau's outline: its sections' titles, order and the facts feeding each."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("基于", max_length=20, choices=OutlineKind.choices)

    class Meta:
        verbose_name = "报告提纲"
        verbose_name_plural = "报告提纲"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["bureau", "name"], name="reports_outline_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:outline", args=[self.pk])


@audited()
class OutlineSection(BureauOwnedModel):
    """One heading of an outline. `facts` are key prefixes (`study.`, `powers.items`):
    the facts whose key starts with one of them feed this section. `template` names the
    sentences that draft it (templates/reports/sections/<template>.txt); blank means the
    section is written by hand, with `guidance`."""

    outline = models.ForeignKey(Outline, verbose_name="提纲", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("顺序")
    level = models.PositiveSmallIntegerField("层级", choices=[(0, "导语"), (1, "一级标题"), (2, "二级标题")], default=1)
    title = models.CharField("标题", max_length=200, blank=True)
    facts = ArrayField(models.CharField(max_length=100), verbose_name="数据来源", default=list, blank=True)
    template = models.CharField("起草模板", max_length=50, blank=True)
    guidance = models.TextField("填写提示", blank=True)
    requires_text = models.BooleanField("送审前必须填写", default=False)

    class Meta:
        verbose_name = "提纲章节"
        verbose_name_plural = "提纲章节"
        ordering = ["outline", "position"]
        constraints = [models.UniqueConstraint(fields=["outline", "position"], name="reports_outlinesection_unique_position")]

    def __str__(self) -> str:
        return self.title or "导语"

    def get_absolute_url(self) -> str:
        return reverse("reports:outline", args=[self.outline_id])


@audited(exclude=("snapshot",))
class AnnualReport(BureauOwnedModel):
    """A bureau's report for one year."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    outline = models.ForeignKey(Outline, verbose_name="提纲", on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="送审人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField("送审时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    review_conclusion = models.TextField("保密审查结论", blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unpublish_reason = models.TextField("撤回发布原因", blank=True)
    # The frozen figures (key → label, value, unit, url, last year's value) of a
    # published report; empty while it is a draft, whose figures are live.
    snapshot = models.JSONField("发布时的数据", default=dict, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    # The live figures a draft was just built from, kept on the instance so that showing
    # it in the same request does not gather every app's facts a second time.
    gathered: dict | None = None

    school_lookups = ()

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "-id"]
        permissions = [("publish_annualreport", "Can publish the annual report")]
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="reports_annualreport_one_per_year")]
        indexes = [models.Index(fields=["bureau", "status", "year"], name="reports_report_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


@audited(exclude=("drafted_values",))
class ReportSection(BureauOwnedModel):
    """A section of one report: copied from the outline when the report is made, with
    its narrative. `text` holds the figures as `{{fact.key}}` markers, so a figure is
    always the record count it names (frozen on publication), and a click away from
    the records. `drafted_values` are the figures the text was last drafted from."""

    report = models.ForeignKey(AnnualReport, verbose_name="报告", on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField("顺序")
    level = models.PositiveSmallIntegerField("层级", default=1)
    title = models.CharField("标题", max_length=200, blank=True)
    facts = ArrayField(models.CharField(max_length=100), verbose_name="数据来源", default=list, blank=True)
    template = models.CharField("起草模板", max_length=50, blank=True)
    guidance = models.TextField("填写提示", blank=True)
    requires_text = models.BooleanField("送审前必须填写", default=False)
    text = models.TextField("正文", blank=True)
    drafted_values = models.JSONField("起草时的数据", default=dict, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    school_lookups = ()

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="reports_reportsection_unique_position")]

    def __str__(self) -> str:
        return self.title or "导语"

    def get_absolute_url(self) -> str:
        return f"{self.report.get_absolute_url()}#section-{self.pk}"
