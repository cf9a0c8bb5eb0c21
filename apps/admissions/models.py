"""教育入学一件事: each school's admissions per year and stage, how many were admitted
online (线上登记验证录取) and how many at the school (线下验证录取), and each year's
admission documents from the 文件库."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel

from .choices import Stage


@audited()
class AdmissionYear(BureauOwnedModel):
    """A year's admissions of the bureau: the documents that governed them."""

    year = models.PositiveIntegerField("招生年度")
    documents = models.ManyToManyField("documents.Document", verbose_name="招生文件", blank=True, related_name="admission_years")
    note = models.TextField("说明", blank=True, help_text="如：小学招生采取“线上登记验证录取+学校线下验证录取”相结合方式。")

    school_lookups = None

    class Meta:
        verbose_name = "招生年度"
        verbose_name_plural = "招生年度"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["bureau", "-year", "-id"], name="admissions_year_list")]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="%(app_label)s_%(class)s_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年招生"

    def get_absolute_url(self) -> str:
        return reverse("admissions:admissionyear", args=[self.pk])


AdmissionYearDocumentEvent = audited_links(
    AdmissionYear.documents.through,
    model_name="AdmissionYearDocumentEvent",
    app_label="admissions",
    verbose_name="招生文件变更记录",
)


@audited()
class Admission(BureauOwnedModel):
    """One school's admissions of one year and stage."""

    year = models.PositiveIntegerField("招生年度")
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="admissions")
    stage = models.CharField("学段", max_length=10, choices=Stage.choices)
    admitted = models.PositiveIntegerField("录取人数")
    admitted_online = models.PositiveIntegerField("线上录取人数", help_text="线上登记验证录取的人数；其余为学校线下验证录取。")
    version = models.PositiveIntegerField("版本", default=1)

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "入学录取"
        verbose_name_plural = "入学录取"
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-year", "-id"], name="admissions_adm_list"),
            models.Index(fields=["bureau", "year", "stage"], name="admissions_adm_stage"),
            models.Index(fields=["school", "-year"], name="admissions_adm_school"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "stage"], name="%(app_label)s_%(class)s_one_per_stage"),
            models.CheckConstraint(
                condition=Q(admitted_online__lte=F("admitted")),
                name="%(app_label)s_%(class)s_online_within_admitted",
                violation_error_message="线上录取人数不能多于录取人数。",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="%(app_label)s_%(class)s_year"),
        ]

    def __str__(self) -> str:
        return f"{self.school}{self.year}年{self.get_stage_display()}招生"

    def get_absolute_url(self) -> str:
        return reverse("admissions:admission", args=[self.pk])

    @property
    def admitted_offline(self) -> int:
        return self.admitted - self.admitted_online
