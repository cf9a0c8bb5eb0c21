"""教职员工准入查询: written authorisations, query batches, each person's check (its
outcome encrypted), the restricted cases a hit opens, 师德师风档案 entries, and the log
of every export that carries results or whole 身份证号.

People are the registry's `Person` rows: nothing here copies a name or a number.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core import crypto
from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel

from .choices import BatchStatus, CaseAction, CaseStatus, CheckStatus, EntryKind, ExportKind, Outcome, Selection


@audited()
class Authorisation(BureauOwnedModel):
    """A person's written consent (授权书) to the criminal-record query, recorded by the school."""

    person = models.ForeignKey(
        "registry.Person", verbose_name="教职员工", on_delete=models.PROTECT, related_name="screening_authorisations"
    )
    signed_on = models.DateField("签署日期")
    scan = models.FileField("授权书扫描件", upload_to="screening/authorisations/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    school_lookups = ("person__employer_id", "person__employer__parent_id")

    class Meta:
        verbose_name = "授权书"
        verbose_name_plural = "授权书"
        ordering = ["-signed_on", "-id"]
        constraints = [
            # A double-clicked 保存 records one authorisation.
            models.UniqueConstraint(fields=["person", "signed_on"], name="%(app_label)s_%(class)s_one_a_day"),
        ]
        indexes = [models.Index(fields=["bureau", "-signed_on", "-id"], name="screening_auth_list")]

    def __str__(self) -> str:
        return f"{self.person}的授权书（{self.signed_on:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("screening:authorisation", args=[self.pk])


@audited(exclude=("submit_token",))
class QueryBatch(BureauOwnedModel):
    """One query on the platform: its date, the platform, the schools and who is in it."""

    title = models.CharField("批次名称", max_length=100)
    query_date = models.DateField("查询日期")
    platform = models.ForeignKey("core.DictionaryItem", verbose_name="查询平台", on_delete=models.PROTECT, related_name="+")
    selection = models.CharField("查询对象", max_length=20, choices=Selection.choices, default=Selection.UNCHECKED)
    schools = models.ManyToManyField("registry.Entity", verbose_name="学校", related_name="+")
    status = models.CharField("状态", max_length=20, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField("首次导出时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    # Batches are the bureau's: a school sees its people's checks, not the batches.
    school_lookups = ()

    class Meta:
        verbose_name = "查询批次"
        verbose_name_plural = "查询批次"
        ordering = ["-query_date", "-id"]
        permissions = [("export_querybatch", "导出含完整身份证号的查询名单")]
        constraints = [models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token")]
        indexes = [models.Index(fields=["bureau", "-query_date", "-id"], name="screening_batch_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("screening:querybatch", args=[self.pk])


QueryBatchSchoolEvent = audited_links(
    QueryBatch.schools.through, model_name="QueryBatchSchoolEvent", app_label="screening", verbose_name="查询批次学校变更记录"
)


@audited()
class Check(BureauOwnedModel):
    """One person in one batch. `status` says whether the query was done (a school may
    see that); the outcome itself (无记录/有记录) is encrypted and shown only to holders
    of `view_result_check`."""

    batch = models.ForeignKey(QueryBatch, verbose_name="查询批次", on_delete=models.PROTECT, related_name="checks")
    person = models.ForeignKey(
        "registry.Person", verbose_name="教职员工", on_delete=models.PROTECT, related_name="screening_checks"
    )
    # The employer when the batch was made: the school whose coverage it counts for.
    school = models.ForeignKey("registry.Entity", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("查询状态", max_length=10, choices=CheckStatus.choices, default=CheckStatus.PENDING)
    checked_on = models.DateField("查询日期", null=True, blank=True)
    outcome_encrypted = models.TextField("查询结果（密文）", editable=False, default="")
    reference = models.CharField("查询编号", max_length=50, blank=True)
    filed_on = models.DateField("列入师德师风档案日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回填人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "查询记录"
        verbose_name_plural = "查询记录"
        ordering = ["-id"]
        permissions = [("view_result_check", "查看查询结果与受限处置")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="%(app_label)s_%(class)s_once_a_batch"),
            models.CheckConstraint(
                condition=~Q(status=CheckStatus.CHECKED) | (Q(checked_on__isnull=False) & ~Q(outcome_encrypted="")),
                name="%(app_label)s_%(class)s_checked_has_outcome",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "-id"], name="screening_check_list"),
            models.Index(fields=["batch", "-id"], name="screening_check_batch"),
            models.Index(fields=["school", "-id"], name="screening_check_school"),
            # coverage, the overdue list and the report: a person's / a school's checks by date
            models.Index(fields=["person", "status", "checked_on"], name="screening_check_person"),
            models.Index(fields=["school", "status", "checked_on"], name="screening_check_school_date"),
            models.Index(fields=["bureau", "status", "checked_on"], name="screening_check_date"),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.batch}）"

    def get_absolute_url(self) -> str:
        return reverse("screening:check", args=[self.pk])

    @property
    def outcome(self) -> str:
        """无记录 / 有记录 (Outcome value), decrypted; "" while pending or failed."""

        return crypto.decrypt(self.outcome_encrypted) if self.outcome_encrypted else ""

    @outcome.setter
    def outcome(self, value: str) -> None:
        # A random IV per row: equal outcomes do not look alike in the table.
        self.outcome_encrypted = crypto.encrypt(value) if value else ""

    def get_outcome_display(self) -> str:
        if self.status != CheckStatus.CHECKED:
            return self.get_status_display()
        return Outcome(self.outcome).label if self.outcome else ""


@audited()
class RestrictedCase(BureauOwnedModel):
    """What was done about a 有记录 result: the action, its dates and document, closure.
    Case details are not kept (collect only what the duty needs)."""

    check_record = models.OneToOneField(Check, verbose_name="查询记录", on_delete=models.PROTECT, related_name="case")
    person = models.ForeignKey("registry.Person", verbose_name="教职员工", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField("立案日期")
    action = models.CharField("处置措施", max_length=20, choices=CaseAction.choices, blank=True)
    action_detail = models.CharField("措施说明", max_length=200, blank=True, help_text="选择“其他”时必填。")
    decided_on = models.DateField("处置决定日期", null=True, blank=True)
    document_number = models.CharField("处置文书文号", max_length=100, blank=True)
    document = models.FileField("处置文书", upload_to="screening/cases/%Y/", blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.CharField("结案说明", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    school_lookups = ()

    class Meta:
        verbose_name = "受限处置"
        verbose_name_plural = "受限处置"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.CLOSED)
                | (~Q(action="") & Q(decided_on__isnull=False) & Q(closed_on__isnull=False)),
                name="%(app_label)s_%(class)s_closed_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="%(app_label)s_%(class)s_closed_after_opened",
            ),
        ]
        indexes = [models.Index(fields=["bureau", "-opened_on", "-id"], name="screening_case_list")]

    def __str__(self) -> str:
        return f"{self.person}的受限处置"

    def get_absolute_url(self) -> str:
        return reverse("screening:restrictedcase", args=[self.pk])


@audited()
class EthicsEntry(BureauOwnedModel):
    """An entry of a person's 师德师风档案 besides the checks: a commendation, a violation, a sanction."""

    person = models.ForeignKey("registry.Person", verbose_name="教职员工", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=20, choices=EntryKind.choices)
    occurred_on = models.DateField("日期")
    title = models.CharField("事项", max_length=200)
    detail = models.TextField("说明", blank=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    school_lookups = ()

    class Meta:
        verbose_name = "师德师风档案记录"
        verbose_name_plural = "师德师风档案记录"
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-occurred_on", "-id"], name="screening_entry_list"),
            models.Index(fields=["person", "-occurred_on"], name="screening_entry_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("screening:ethicsentry", args=[self.pk])


class ExportLog(BureauOwnedModel):
    """Who exported personal data (a batch's whole 身份证号, results, cases) and when.
    Kept as evidence: no update, no delete, whoever asks."""

    kind = models.CharField("导出内容", max_length=20, choices=ExportKind.choices)
    batch = models.ForeignKey(
        QueryBatch, verbose_name="查询批次", null=True, blank=True, on_delete=models.PROTECT, related_name="exports"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导出人", on_delete=models.PROTECT, related_name="+")
    rows = models.PositiveIntegerField("行数", default=0)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    school_lookups = ()

    class Meta:
        verbose_name = "个人信息导出记录"
        verbose_name_plural = "个人信息导出记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["bureau", "-id"], name="screening_export_list")]
        triggers = [pgtrigger.Protect(name="kept_as_evidence", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("screening:exportlog_list")
