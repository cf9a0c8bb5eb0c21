"""监管对象名录库: bureaus (the tenants), the entities they supervise, and staff."""

from __future__ import annotations

import re

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse

from apps.core import crypto
from apps.core.audit import audited
from apps.core.models import BureauOwnedModel, ScopedManager, ScopedQuerySet, TimeStampedModel
from apps.core.pinyin import search_key, sort_key
from apps.core.validators import mask_resident_id, normalize_resident_id, validate_phone, validate_uscc

from .choices import (
    ChangeKind,
    EmploymentStatus,
    EntityKind,
    EntityStatus,
    Gender,
    Ownership,
    StaffCategory,
)


def search_grams_field() -> models.GeneratedField:
    """One- and two-character pieces of `search_text`, bureau-prefixed, for the GIN
    index behind apps.core.filtersets.text_search (core migration 0005's function)."""

    return models.GeneratedField(
        expression=Func(F("bureau_id"), F("search_text"), function="portal_search_grams"),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )


def sort_key_field() -> models.TextField:
    # Byte order ("C"): the key is built for it (apps.core.pinyin.sort_key).
    return models.TextField("排序键", editable=False, default="", db_collation="C")


def validate_region_code(value: str) -> None:
    if not re.fullmatch(r"\d{6}", value or ""):
        raise ValidationError("行政区划代码应为6位数字，如 140525。")


def short_name_of(name: str) -> str:
    """泽州县教育局 → 泽州, 高平市教育局 → 高平, 城区教育局 → 城区: the name people say."""

    base = re.sub(r"(教育局|教育和体育局|教育体育局|教体局)$", "", name or "")
    if len(base) > 2 and base[-1] in "县市区旗":
        base = base[:-1]
    return base


def document_number_hint(user: object) -> str:
    """The 文号 example of a form, in the user's own bureau's style (如：泽教发〔2024〕35号)."""

    bureau = getattr(user, "bureau", None) if getattr(user, "bureau_id", None) else None
    return bureau.document_number_example if bureau is not None else "如：×教发〔2024〕35号"


# The logo is served by a view from the row (apps/registry/public_views.py), not from
# MEDIA (never served directly); its bytes stay out of the audit copy.
@audited(exclude=("logo",))
class Bureau(TimeStampedModel):
    """An education bureau: the tenant. Its parent is the bureau above it (晋城 above 高平).

    It also carries what its pages say about it: the portal's name, the footer lines
    and the logo (every page names the signed-in user's bureau, visitors' the chosen one).
    """

    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("行政区划代码", max_length=6, unique=True, validators=[validate_region_code])
    parent = models.ForeignKey(
        "self", verbose_name="上级教育局", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of region codes ("140500/140581/"): one indexed prefix query
    # gives a bureau and everything under it.
    path = models.CharField("层级路径", max_length=200, editable=False, db_index=True)
    short_name = models.CharField(
        "简称", max_length=20, blank=True, help_text="用于门户名称和文号示例；不填时由名称去掉“县/市/区”和“教育局”得出。"
    )
    site_name = models.CharField("门户名称", max_length=50, blank=True, help_text="页头和标题中的名称；不填时为“简称+教育法治”。")
    host_name = models.CharField("主办单位", max_length=100, blank=True, help_text="页脚“主办”一行；不填时为本局名称。")
    icp_record = models.CharField("ICP备案号", max_length=50, blank=True, help_text="如：晋ICP备12345678号")
    police_record = models.CharField("公安备案号", max_length=50, blank=True, help_text="如：晋公网安备 14058102000001号")
    contact = models.CharField("联系方式", max_length=100, blank=True, help_text="页脚显示的地址或电话。")
    logo = models.BinaryField("标志图片", blank=True, default=b"", editable=False)
    logo_type = models.CharField("标志图片类型", max_length=20, blank=True, editable=False)
    # The setup checklist's last step (字典已核对): set when the admin confirms the lists.
    lists_reviewed_at = models.DateTimeField("字典核对时间", null=True, blank=True, editable=False)

    objects = ScopedManager()

    bureau_lookup = "pk"
    school_lookups = None

    class Meta:
        verbose_name = "教育局"
        verbose_name_plural = "教育局"
        ordering = ["path"]
        permissions = [("view_conflict", "查看跨局代码冲突")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = (self.parent.path if self.parent else "") + self.region_code + "/"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:bureau", args=[self.pk])

    @property
    def display_short_name(self) -> str:
        return self.short_name or short_name_of(self.name)

    @property
    def display_site_name(self) -> str:
        return self.site_name or f"{self.display_short_name}教育法治"

    @property
    def display_host(self) -> str:
        return self.host_name or self.name

    @property
    def document_number_example(self) -> str:
        """如：泽教发〔2024〕35号 — the bureau's own prefix in form hints."""

        import datetime

        return f"如：{self.display_short_name[:1]}教发〔{datetime.date.today().year}〕35号"


@audited(exclude=("search_text", "search_grams", "sort_key"))
class Entity(BureauOwnedModel):
    """A supervised entity: a school, kindergarten, canteen or training institution."""

    kind = models.CharField("类型", max_length=20, choices=EntityKind.choices)
    ownership = models.CharField("举办性质", max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True, validators=[validate_uscc])
    address = models.CharField("地址", max_length=200, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    parent = models.ForeignKey(
        "self",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text="学校食堂等附属单位所属的学校。",
    )
    status = models.CharField("办学状态", max_length=10, choices=EntityStatus.choices, default=EntityStatus.OPEN)
    merged_into = models.ForeignKey(
        "self", verbose_name="并入单位", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    established_on = models.DateField("登记日期", null=True, blank=True)
    # Name, short name, full pinyin and initials for the one search box (gpez → 高平二中).
    search_text = models.TextField(editable=False, default="")
    search_grams = search_grams_field()
    # 高平一中, 高平二中 … 高平十中: numerals by value, then pinyin (lists and pager).
    sort_key = sort_key_field()

    school_lookups = ("id", "parent_id")

    class Meta:
        verbose_name = "监管对象"
        verbose_name_plural = "监管对象"
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "credit_code"],
                condition=~Q(credit_code=""),
                name="%(app_label)s_%(class)s_unique_credit_code",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | ~Q(status="merged"),
                name="%(app_label)s_%(class)s_merged_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["bureau", "sort_key", "id"], name="registry_entity_list"),
            models.Index(fields=["bureau", "kind", "sort_key"], name="registry_entity_kind"),
            models.Index(fields=["bureau", "status", "sort_key"], name="registry_entity_status"),
            models.Index(fields=["bureau", "ownership", "sort_key"], name="registry_entity_ownership"),
            GinIndex(fields=["search_grams"], name="registry_entity_grams"),
            # The city's 跨局代码冲突 page: one code held by two bureaus.
            models.Index(fields=["credit_code"], name="registry_entity_credit_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_key(self.name, self.short_name)
        self.sort_key = sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:entity", args=[self.pk])


@audited()
class EntityChange(BureauOwnedModel):
    """A dated change of an entity (name, representative, status, merge) and why."""

    entity = models.ForeignKey(Entity, verbose_name="监管对象", on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField("变更类型", max_length=20, choices=ChangeKind.choices)
    effective_on = models.DateField("生效日期")
    field = models.CharField("变更字段", max_length=40, blank=True)
    old_value = models.CharField("变更前", max_length=200, blank=True)
    new_value = models.CharField("变更后", max_length=200, blank=True)
    reason = models.CharField("变更原因", max_length=200)
    basis = models.CharField("依据文号", max_length=100, blank=True)
    batch = models.CharField("调整批次", max_length=100, blank=True, help_text="如：2024年9月名录库动态调整")
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name="记录人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    school_lookups = ("entity_id", "entity__parent_id")
    # The audit trail shows `field` (a name like legal_representative) as the Entity
    # field's Chinese name (apps.core.audit).
    audit_field_name_columns = {"field": Entity}

    class Meta:
        verbose_name = "名录变更记录"
        verbose_name_plural = "名录变更记录"
        ordering = ["-effective_on", "-id"]
        indexes = [
            models.Index(fields=["entity", "field", "effective_on"], name="registry_change_asof"),
            models.Index(fields=["bureau", "effective_on"], name="registry_change_date"),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("registry:entity", args=[self.entity_id])


class PersonQuerySet(ScopedQuerySet):
    def with_id_number(self, value: str) -> PersonQuerySet:
        """Exact search by 身份证号, on its digest: nothing is decrypted to find it."""

        return self.filter(id_number_digest=crypto.digest(normalize_resident_id(value)))


@audited(exclude=("search_text", "search_grams", "sort_key"))
class Person(BureauOwnedModel):
    """A member of staff of an entity; checks, study and credentials hang on it later."""

    employer = models.ForeignKey(Entity, verbose_name="工作单位", on_delete=models.PROTECT, related_name="staff")
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    # The 身份证号 is never stored in the clear (apps.core.crypto): ciphertext, a keyed
    # digest for uniqueness and search, and the masked form every page shows.
    id_number_encrypted = models.TextField("身份证号（密文）", editable=False, default="")
    id_number_digest = models.CharField("身份证号摘要", max_length=64, editable=False, default="")
    id_number_masked = models.CharField("身份证号", max_length=18, editable=False, default="")
    category = models.CharField("人员类别", max_length=20, choices=StaffCategory.choices)
    position = models.CharField("职务/岗位", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[validate_phone])
    employment_status = models.CharField(
        "在岗状态", max_length=20, choices=EmploymentStatus.choices, default=EmploymentStatus.EMPLOYED
    )
    # The background checks (screening) ask who was hired since a school's last check.
    hired_on = models.DateField("入职日期", null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    search_grams = search_grams_field()
    sort_key = sort_key_field()

    objects = PersonQuerySet.as_manager()

    school_lookups = ("employer_id", "employer__parent_id")

    class Meta:
        verbose_name = "教职员工"
        verbose_name_plural = "教职员工"
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "id_number_digest"], name="%(app_label)s_%(class)s_unique_id_number"),
        ]
        indexes = [
            models.Index(fields=["bureau", "sort_key", "id"], name="registry_person_list"),
            models.Index(fields=["employer", "sort_key", "id"], name="registry_person_employer"),
            models.Index(fields=["bureau", "category", "sort_key", "id"], name="registry_person_category"),
            models.Index(fields=["bureau", "employment_status", "sort_key", "id"], name="registry_person_status"),
            # Any one or two characters of a name, its pinyin or initials (慧敏, wj):
            # apps.core.filtersets.text_search.
            GinIndex(fields=["search_grams"], name="registry_person_grams"),
            models.Index(fields=["id_number_digest"], name="registry_person_id_digest"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_text = search_key(self.name, is_person=True)
        self.sort_key = sort_key(self.name, is_person=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("registry:person", args=[self.pk])

    @property
    def id_number(self) -> str:
        """The whole number, decrypted: only for the holder of the right, and logged."""

        return crypto.decrypt(self.id_number_encrypted)

    @id_number.setter
    def id_number(self, value: str) -> None:
        value = normalize_resident_id(value)
        self.id_number_encrypted = crypto.encrypt(value)
        self.id_number_digest = crypto.digest(value)
        self.id_number_masked = mask_resident_id(value)

    @property
    def masked_id_number(self) -> str:
        return self.id_number_masked
