"""文件库 (the bureau's own documents) and 法律法规库 (the laws every app cites)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel, ScopedManager, TimeStampedModel

from .choices import (
    CleanupDecisionKind,
    CleanupStatus,
    DocumentKind,
    DocumentStatus,
    LawLevel,
    LawStatus,
    ReviewConclusion,
    ReviewKind,
)

SYSTEM_ADMIN = "system_admin"


def maintains_national_laws(user) -> bool:
    """The national catalogue is kept by the system administrator and by the bureaus the
    system administrator names (`LawMaintainer`); cached on the user for the request."""

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_maintains_national_laws"):
        user._maintains_national_laws = user.has_perm("documents.change_law") and (
            getattr(user, "role", None) == SYSTEM_ADMIN
            or (user.bureau_id is not None and LawMaintainer.objects.filter(bureau_id=user.bureau_id).exists())
        )
    return user._maintains_national_laws


class LawQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """Every signed-in user reads the national catalogue, and the local entries (地方性
        法规, a bureau's own rules) of its bureau and the bureaus under it. Writes: a
        bureau's own local entries; national entries only for their maintainers."""

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if write:
            own = Q(bureau_id=user.bureau_id) if user.bureau_id else Q(pk__in=[])
            return self.filter(own | Q(bureau__isnull=True)) if maintains_national_laws(user) else self.filter(own)
        return self.filter(Q(bureau__isnull=True) | Q(bureau_id__in=user.visible_bureau_ids()))

    def national(self):
        return self.filter(bureau__isnull=True)


@audited(exclude=("search_text",))
class Law(TimeStampedModel):
    """A law, regulation or rule in the catalogue that records cite as their basis."""

    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=100, blank=True)
    level = models.CharField("效力层级", max_length=20, choices=LawLevel.choices)
    issuing_body = models.CharField("制定机关", max_length=100, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField("时效性", max_length=20, choices=LawStatus.choices, default=LawStatus.IN_FORCE)
    # Empty: a national entry, read-only to bureaus. Set: a local entry of that bureau,
    # seen and cited by it and the bureaus above it.
    bureau = models.ForeignKey(
        "registry.Bureau",
        verbose_name="维护单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空表示全国通用条目。",
    )
    # Filled by services.law_index (the catalogue's `q`).
    search_text = models.TextField(editable=False, default="")

    objects = LawQuerySet.as_manager()

    class Meta:
        verbose_name = "法律法规"
        verbose_name_plural = "法律法规"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["level", "name"], name="documents_law_level"),
            models.Index(fields=["status", "name"], name="documents_law_status"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="documents_law_search"),
            models.Index(fields=["bureau", "name"], name="documents_law_bureau"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(bureau__isnull=True),
                name="%(app_label)s_%(class)s_unique_national_name",
                violation_error_message="法律法规库中已有同名的全国通用条目。",
                violation_error_code="unique",
            ),
            models.UniqueConstraint(
                fields=["bureau", "name"],
                condition=Q(bureau__isnull=False),
                name="%(app_label)s_%(class)s_unique_local_name",
                violation_error_message="本单位已有同名的法律法规条目。",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(promulgated_on__isnull=True)
                | Q(effective_on__gte=F("promulgated_on")),
                name="%(app_label)s_%(class)s_effective_after_promulgation",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:law", args=[self.pk])

    @property
    def is_national(self) -> bool:
        return self.bureau_id is None


class LawMaintainerQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """A short national list, no bureau's record: every signed-in user is in its scope
        (so a bureau role gets 403 for want of the right, not 404)."""

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self


@audited()
class LawMaintainer(TimeStampedModel):
    """A bureau the system administrator names to maintain the national catalogue too."""

    bureau = models.OneToOneField(
        "registry.Bureau", verbose_name="教育局", on_delete=models.PROTECT, related_name="law_maintainer"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="指定人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LawMaintainerQuerySet.as_manager()

    class Meta:
        verbose_name = "法律法规库维护单位"
        verbose_name_plural = "法律法规库维护单位"
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.bureau)

    def get_absolute_url(self) -> str:
        return reverse("documents:lawmaintainer_list")


@audited(exclude=("search_text",))
class Document(BureauOwnedModel):
    """A document the bureau issues or receives: 工作要点, 方案, 清单, 办法, 规范性文件."""

    title = models.CharField("标题", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True, help_text="如：高市竞争联办发〔2024〕2号")
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    issuer = models.CharField("发文机关", max_length=100)
    issued_on = models.DateField("发文日期")
    effective_from = models.DateField("生效日期", null=True, blank=True)
    effective_to = models.DateField("失效日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.VALID)
    # A 规范性文件 that touches market activity is issued only after a fair-competition review.
    touches_market = models.BooleanField("涉及市场主体经济活动", default=False)
    # Optimistic concurrency of the edit form: a save from an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    attachment = models.FileField("附件", upload_to="documents/%Y/", blank=True)
    topics = models.ManyToManyField("core.DictionaryItem", verbose_name="主题", blank=True, related_name="documents")
    laws = models.ManyToManyField(Law, verbose_name="依据法律法规", blank=True, related_name="documents")
    summary = models.TextField("摘要", blank=True)
    # Filled by services.document_index with the 文号's 〔〕 (the list's `q`).
    search_text = models.TextField(editable=False, default="")

    objects = ScopedManager()

    # School staff read their bureau's documents.
    school_lookups = None

    class Meta:
        verbose_name = "文件"
        verbose_name_plural = "文件"
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-issued_on", "-id"], name="documents_doc_list"),
            models.Index(fields=["bureau", "kind", "-issued_on"], name="documents_doc_kind"),
            models.Index(fields=["bureau", "status", "-issued_on"], name="documents_doc_status"),
            # the dashboard's "expiring within six months"
            models.Index(fields=["bureau", "status", "effective_to"], name="documents_doc_expiry"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="documents_doc_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="%(app_label)s_%(class)s_effective_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document", args=[self.pk])


# Topics and cited laws are link rows: record every link added or removed.
DocumentTopicEvent = audited_links(
    Document.topics.through, model_name="DocumentTopicEvent", app_label="documents", verbose_name="文件主题变更记录"
)
DocumentLawEvent = audited_links(
    Document.laws.through, model_name="DocumentLawEvent", app_label="documents", verbose_name="文件依据变更记录"
)


@audited()
class DocumentReview(BureauOwnedModel):
    """A 合法性审核 or 公平竞争审查 of a document: recorded, never edited (a new review
    supersedes an old one)."""

    document = models.ForeignKey(Document, verbose_name="文件", on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField("审查类型", max_length=20, choices=ReviewKind.choices)
    # 公平竞争审查 only: whether the measure touches market activity at all.
    touches_market = models.BooleanField("涉及市场主体经济活动", null=True, blank=True)
    conclusion = models.CharField("审查结论", max_length=20, choices=ReviewConclusion.choices)
    reviewer = models.CharField("审查人", max_length=100)
    reviewed_on = models.DateField("审查日期")
    opinion = models.TextField("审查意见", blank=True)
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    school_lookups = None

    class Meta:
        verbose_name = "文件审查记录"
        verbose_name_plural = "文件审查记录"
        ordering = ["-reviewed_on", "-id"]
        indexes = [models.Index(fields=["document", "kind", "-reviewed_on"], name="documents_review_doc")]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_conclusion_display()}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document", args=[self.document_id])


@audited()
class CleanupCampaign(BureauOwnedModel):
    """A 专项清理 of the bureau's documents made in a period, under a notice, with a
    decision per document and published results lists."""

    title = models.CharField("清理名称", max_length=200)
    basis_title = models.CharField("依据通知", max_length=200, blank=True)
    basis_number = models.CharField("依据文号", max_length=100, blank=True, help_text="如：高市竞争联办发〔2024〕2号")
    scope_from = models.DateField("清理范围起")
    scope_to = models.DateField("清理范围止")
    started_on = models.DateField("开始日期")
    status = models.CharField("状态", max_length=20, choices=CleanupStatus.choices, default=CleanupStatus.IN_PROGRESS)
    published_on = models.DateField("结果公布日期", null=True, blank=True)
    summary = models.TextField("清理情况说明", blank=True)

    # Schools read the bureau's documents, and so its clean-ups.
    school_lookups = None

    class Meta:
        verbose_name = "专项清理"
        verbose_name_plural = "专项清理"
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-started_on", "-id"], name="documents_cleanup_list")]
        constraints = [
            models.CheckConstraint(condition=Q(scope_to__gte=F("scope_from")), name="%(app_label)s_%(class)s_scope_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:cleanup", args=[self.pk])


@audited()
class CleanupDecision(BureauOwnedModel):
    """A clean-up's decision on one document, with who reviewed it and why."""

    campaign = models.ForeignKey(CleanupCampaign, verbose_name="专项清理", on_delete=models.CASCADE, related_name="decisions")
    document = models.ForeignKey(Document, verbose_name="文件", on_delete=models.PROTECT, related_name="cleanup_decisions")
    decision = models.CharField("清理意见", max_length=20, choices=CleanupDecisionKind.choices)
    reviewer = models.CharField("审查人", max_length=100)
    reason = models.TextField("理由")
    decided_on = models.DateField("审查日期")

    school_lookups = None

    class Meta:
        verbose_name = "清理意见"
        verbose_name_plural = "清理意见"
        ordering = ["campaign_id", "id"]
        indexes = [models.Index(fields=["bureau", "decision"], name="documents_decision_kind")]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "document"], name="%(app_label)s_%(class)s_one_per_document"),
        ]

    def __str__(self) -> str:
        return f"{self.document}：{self.get_decision_display()}"

    def get_absolute_url(self) -> str:
        return reverse("documents:cleanup", args=[self.campaign_id])
