"""文件库 (the bureau's own documents) and 法律法规库 (the laws every app cites)."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel, ScopedManager, TimeStampedModel

from .choices import DocumentKind, DocumentStatus, LawLevel, LawStatus


class LawQuerySet(models.QuerySet):
    def for_user(self, user, *, write: bool = False):
        """Laws are national reference data: every signed-in user reads the catalogue."""

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self


@audited(exclude=("search_text",))
class Law(TimeStampedModel):
    """A law, regulation or rule in the catalogue that records cite as their basis."""

    name = models.CharField("名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=100, blank=True)
    level = models.CharField("效力层级", max_length=20, choices=LawLevel.choices)
    issuing_body = models.CharField("制定机关", max_length=100, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    status = models.CharField("时效性", max_length=20, choices=LawStatus.choices, default=LawStatus.IN_FORCE)
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
        ]
        constraints = [
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
