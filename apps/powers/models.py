"""权责清单 (the bureau's public catalogue of powers and duties), kept as a history of
adjustments, and the credit grades of 校外培训机构 given under a 分级分类管理办法.

`PowerItem` is an item as it stands now (what lists, search and export read);
`ItemChange` is what one `Adjustment` did to one item, with the item's whole content
after it: the catalogue as it stood on any day is each code's last change up to that
day, unless that change cancelled it (selectors.changes_as_of).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.audit import audited
from apps.core.models import BureauOwnedModel
from apps.core.validators import validate_phone

from .choices import ChangeAction, Grade, ItemStatus, PowerKind


@audited(exclude=("submit_token",))
class Adjustment(BureauOwnedModel):
    """One dated adjustment of the catalogue (a decision, a province file, an import)."""

    adjusted_on = models.DateField("调整日期")
    reason = models.CharField("调整原因", max_length=500)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name="依据文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="power_adjustments",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The form's one-time token: a double-clicked save makes one adjustment.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    school_lookups = None

    class Meta:
        verbose_name = "清单调整"
        verbose_name_plural = "清单调整"
        ordering = ["-adjusted_on", "-id"]
        indexes = [models.Index(fields=["bureau", "-adjusted_on", "-id"], name="powers_adj_list")]
        constraints = [
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return f"{self.adjusted_on:%Y年%m月%d日}调整：{self.reason}"

    def get_absolute_url(self) -> str:
        return reverse("powers:adjustment", args=[self.pk])


@audited(exclude=("search_text",))
class PowerItem(BureauOwnedModel):
    """A power or duty of the bureau as it stands now (changed only by adjustments)."""

    code = models.CharField("事项编码", max_length=50)
    name = models.CharField("事项名称", max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name="所属主项", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_items"
    )
    kind = models.CharField("事项类型", max_length=20, choices=PowerKind.choices)
    # The kind's place in PowerKind: the catalogue is grouped in the province's order.
    kind_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    implementing_unit = models.CharField("实施主体", max_length=100)
    responsibilities = models.TextField("责任事项", help_text="受理、审查、决定、送达、事后监管等环节的责任，一行一项。")
    accountability = models.TextField("追责情形")
    supervision_phone = models.CharField("监督电话", max_length=30, validators=[validate_phone])
    process = models.TextField("办理流程", blank=True)
    status = models.CharField("状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.CURRENT)
    # Optimistic concurrency: a change based on an older version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    search_text = models.TextField(editable=False, default="")

    school_lookups = None

    class Meta:
        verbose_name = "权责事项"
        verbose_name_plural = "权责事项"
        ordering = ["kind_rank", "code", "id"]
        indexes = [
            models.Index(fields=["bureau", "kind_rank", "code", "id"], name="powers_item_list"),
            models.Index(fields=["bureau", "status", "kind_rank", "code"], name="powers_item_status"),
            models.Index(fields=["bureau", "kind", "code"], name="powers_item_kind"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="powers_item_search"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="%(app_label)s_%(class)s_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("powers:poweritem", args=[self.pk])


@audited()
class PowerBasis(BureauOwnedModel):
    """A legal basis of an item: a law of the catalogue, the article and its words."""

    item = models.ForeignKey(PowerItem, verbose_name="权责事项", on_delete=models.CASCADE, related_name="bases")
    law = models.ForeignKey("documents.Law", verbose_name="法律法规", on_delete=models.PROTECT, related_name="power_bases")
    article = models.CharField("条款", max_length=100, blank=True)
    text = models.TextField("条文内容", blank=True)

    school_lookups = None

    class Meta:
        verbose_name = "法律依据"
        verbose_name_plural = "法律依据"
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return f"《{self.law}》{self.article}"


class ItemChange(BureauOwnedModel):
    """What one adjustment did to one item, and the item's whole content after it."""

    adjustment = models.ForeignKey(Adjustment, verbose_name="清单调整", on_delete=models.PROTECT, related_name="changes")
    item = models.ForeignKey(PowerItem, verbose_name="权责事项", on_delete=models.PROTECT, related_name="changes")
    action = models.CharField("调整类型", max_length=10, choices=ChangeAction.choices)
    # Copied from the adjustment: the as-of query walks one index.
    adjusted_on = models.DateField("调整日期")
    code = models.CharField("事项编码", max_length=50)
    name = models.CharField("事项名称", max_length=200)
    parent_code = models.CharField("所属主项编码", max_length=50, blank=True)
    kind = models.CharField("事项类型", max_length=20, choices=PowerKind.choices)
    kind_rank = models.PositiveSmallIntegerField(default=0)
    implementing_unit = models.CharField("实施主体", max_length=100)
    responsibilities = models.TextField("责任事项")
    accountability = models.TextField("追责情形")
    supervision_phone = models.CharField("监督电话", max_length=30)
    process = models.TextField("办理流程", blank=True)
    # [{"law_id", "law", "article", "text"}], as they stood.
    bases = models.JSONField("法律依据", default=list)

    school_lookups = None

    class Meta:
        verbose_name = "事项调整明细"
        verbose_name_plural = "事项调整明细"
        ordering = ["kind_rank", "code", "id"]
        indexes = [
            # the catalogue on a day: each code's last change up to it
            models.Index(fields=["bureau", "code", "-adjusted_on", "-id"], name="powers_change_asof"),
            models.Index(fields=["adjustment", "id"], name="powers_change_adj"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}：{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("powers:poweritem", args=[self.item_id])

    @property
    def bases_text(self) -> str:
        from .bases import format_bases

        return format_bases(self.bases)


@audited()
class CreditGrade(BureauOwnedModel):
    """A 校外培训机构's credit grade for one year, under the 办法 that sets the grades."""

    entity = models.ForeignKey("registry.Entity", verbose_name="培训机构", on_delete=models.PROTECT, related_name="credit_grades")
    year = models.PositiveIntegerField("评定年度")
    grade = models.CharField("信用等级", max_length=2, choices=Grade.choices)
    basis = models.ForeignKey(
        "documents.Document", verbose_name="评定依据", on_delete=models.PROTECT, related_name="credit_grades"
    )
    reason = models.TextField("评定理由", help_text="评分结果、检查发现、投诉处理等。")
    graded_on = models.DateField("评定日期")
    version = models.PositiveIntegerField("版本", default=1)

    # A training institution has no school account: school users see none.
    school_lookups = ()

    class Meta:
        verbose_name = "信用等级评定"
        verbose_name_plural = "信用等级评定"
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-year", "-id"], name="powers_grade_list"),
            models.Index(fields=["bureau", "grade", "-year"], name="powers_grade_grade"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="%(app_label)s_%(class)s_one_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="%(app_label)s_%(class)s_year"),
        ]

    def __str__(self) -> str:
        return f"{self.entity}（{self.year}年度）"

    def get_absolute_url(self) -> str:
        return reverse("powers:creditgrade", args=[self.pk])
