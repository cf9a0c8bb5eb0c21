"""双随机、一公开: the item list, yearly plans and their tasks, the inspector registry
(执法证, recusals), the verifiable draws, the visits with their results and 整改, the
working-day calendar the publication deadline counts on, and the bureau's setting."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from apps.core.audit import audited, audited_links
from apps.core.models import BureauOwnedModel, ScopedManager, ScopedQuerySet, TimeStampedModel
from apps.registry.choices import EntityKind, Ownership

from .choices import ConflictKind, DayKind, DrawStatus, InspectionStatus, Method, PlanStatus, Result

# Who sees every result of the bureau (not only their own assignments): the permission
# an inspector lacks (permissions.py).
REVIEW_PERMISSION = "inspections.review_inspection"


@audited()
class InspectionItem(BureauOwnedModel):
    """An entry of the 随机抽查事项清单: what may be checked, on what legal basis, by whom."""

    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("抽查事项", max_length=200)
    laws = models.ManyToManyField("documents.Law", verbose_name="法律依据", blank=True, related_name="inspection_items")
    basis = models.TextField("依据条款", blank=True, help_text="如：《中华人民共和国食品安全法》第五十七条")
    inspecting_unit = models.CharField("检查实施单位", max_length=100)
    content = models.TextField("检查内容")
    method = models.CharField("检查方式", max_length=20, choices=Method.choices, default=Method.ON_SITE)
    entity_kinds = ArrayField(
        models.CharField(max_length=20, choices=EntityKind.choices), verbose_name="适用对象类型", default=list
    )
    joint_departments = models.CharField("联合检查部门", max_length=200, blank=True)
    is_active = models.BooleanField("在用", default=True)
    version = models.PositiveIntegerField("版本", default=1)  # a stale edit is refused (forms.VersionedForm)

    school_lookups = None  # the list is public

    class Meta:
        verbose_name = "抽查事项"
        verbose_name_plural = "随机抽查事项清单"
        ordering = ["code", "id"]
        indexes = [models.Index(fields=["bureau", "code", "id"], name="inspections_item_list")]
        constraints = [models.UniqueConstraint(fields=["bureau", "code"], name="%(app_label)s_%(class)s_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspectionitem", args=[self.pk])

    def get_entity_kinds_display(self) -> str:
        labels = dict(EntityKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.entity_kinds)


InspectionItemLawEvent = audited_links(
    InspectionItem.laws.through, model_name="InspectionItemLawEvent", app_label="inspections", verbose_name="抽查事项依据变更记录"
)


@audited()
class Plan(BureauOwnedModel):
    """A year's 抽查检查计划: its tasks; public once approved."""

    year = models.PositiveIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField("计划名称", max_length=200)
    description = models.TextField("说明", blank=True)
    status = models.CharField("状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    school_lookups = ()  # a school sees nothing of a plan (only its own published results)

    class Meta:
        verbose_name = "抽查计划"
        verbose_name_plural = "抽查计划"
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["bureau", "-year", "-id"], name="inspections_plan_list")]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "title"], name="%(app_label)s_%(class)s_unique_title"),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | Q(approved_at__isnull=False),
                name="%(app_label)s_%(class)s_approved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan", args=[self.pk])

    @property
    def is_approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


@audited()
class Task(BureauOwnedModel):
    """One task of a plan: its items, which entities are in scope, how many to draw,
    how many inspectors per entity, and its window."""

    plan = models.ForeignKey(Plan, verbose_name="抽查计划", on_delete=models.CASCADE, related_name="tasks")
    name = models.CharField("任务名称", max_length=200)
    items = models.ManyToManyField(InspectionItem, verbose_name="抽查事项", related_name="tasks")
    entity_kinds = ArrayField(models.CharField(max_length=20, choices=EntityKind.choices), verbose_name="抽查对象类型")
    ownership = models.CharField("举办性质", max_length=10, choices=Ownership.choices, blank=True, help_text="留空表示不限。")
    share = models.DecimalField(
        "抽取比例（%）",
        max_digits=5,
        decimal_places=2,
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="计划规定的下限，如 5 表示不少于 5%。",
    )
    count = models.PositiveIntegerField("抽取数量", null=True, blank=True, help_text="不少于此数；与比例取较大者。")
    inspectors_per_entity = models.PositiveSmallIntegerField("每个对象执法人员数", default=2, validators=[MinValueValidator(2)])
    load_limit = models.PositiveSmallIntegerField("每人本轮最多检查对象数", default=3, validators=[MinValueValidator(1)])
    draw_on = models.DateField("抽取日期")
    inspect_from = models.DateField("检查开始日期")
    inspect_to = models.DateField("检查结束日期")
    joint_departments = models.CharField("联合检查部门", max_length=200, blank=True)

    school_lookups = ()

    class Meta:
        verbose_name = "抽查任务"
        verbose_name_plural = "抽查任务"
        ordering = ["plan", "draw_on", "id"]
        indexes = [models.Index(fields=["bureau", "draw_on", "id"], name="inspections_task_list")]
        constraints = [
            models.CheckConstraint(condition=Q(inspect_to__gte=F("inspect_from")), name="%(app_label)s_%(class)s_window"),
            models.CheckConstraint(condition=Q(inspect_from__gte=F("draw_on")), name="%(app_label)s_%(class)s_draw_first"),
            models.CheckConstraint(condition=Q(inspectors_per_entity__gte=2), name="%(app_label)s_%(class)s_two_inspectors"),
            # A double-clicked 保存 on the new-task form makes one task, not two.
            models.UniqueConstraint(fields=["plan", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:task", args=[self.pk])

    def get_entity_kinds_display(self) -> str:
        labels = dict(EntityKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.entity_kinds)


TaskItemEvent = audited_links(
    Task.items.through, model_name="TaskItemEvent", app_label="inspections", verbose_name="抽查任务事项变更记录"
)


@audited(exclude=("search_text",))
class Inspector(BureauOwnedModel):
    """A registry person holding a 执法证 (执法人员名录库). The credential number is for
    staff only: pages for the public show the inspector's public code (and name, if the
    bureau publishes names), never the number."""

    person = models.ForeignKey("registry.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="inspector_records")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspector_records",
        help_text="执法人员用此账号查看自己的检查任务、录入结果。",
    )
    code = models.CharField("执法人员编号", max_length=20, help_text="抽取时公开使用的编号，如 ZF-001。")
    credential_number = models.CharField("执法证号", max_length=40)
    issuing_authority = models.CharField("发证机关", max_length=100)
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    version = models.PositiveIntegerField("版本", default=1)  # a stale edit is refused (forms.VersionedForm)
    search_text = models.TextField(editable=False, default="")

    school_lookups = ()

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员名录库"
        ordering = ["code", "id"]
        indexes = [
            models.Index(fields=["bureau", "code", "id"], name="inspections_inspector_list"),
            models.Index(fields=["bureau", "valid_to"], name="inspections_inspector_valid"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="%(app_label)s_%(class)s_unique_code"),
            models.UniqueConstraint(fields=["bureau", "credential_number"], name="%(app_label)s_%(class)s_unique_credential"),
            models.UniqueConstraint(fields=["bureau", "person"], name="%(app_label)s_%(class)s_one_per_person"),
            models.CheckConstraint(condition=Q(valid_to__gte=F("valid_from")), name="%(app_label)s_%(class)s_validity"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.person.name}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspector", args=[self.pk])

    def valid_between(self, start: datetime.date, end: datetime.date) -> bool:
        return self.valid_from <= start and end <= self.valid_to


@audited()
class Recusal(BureauOwnedModel):
    """A declared conflict (回避): the inspector is never drawn for that entity."""

    inspector = models.ForeignKey(Inspector, verbose_name="执法人员", on_delete=models.CASCADE, related_name="recusals")
    entity = models.ForeignKey("registry.Entity", verbose_name="回避对象", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("回避事由", max_length=20, choices=ConflictKind.choices)
    note = models.CharField("说明", max_length=200, blank=True)

    school_lookups = ()

    class Meta:
        # Not "回避关系": the audit screens promise no "关系" (Django's name for link rows).
        verbose_name = "回避登记"
        verbose_name_plural = "回避登记"
        ordering = ["inspector", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "entity"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} 回避 {self.entity}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspector", args=[self.inspector_id])


# The server seed is kept out of the audit trail for good: before the reveal it would
# give the draw away, after it the draw's own page shows it.
@audited(exclude=("server_seed",))
class Draw(BureauOwnedModel):
    """One verifiable draw of a task (DESIGN.md, 双随机): the frozen candidate lists and
    their hashes, the commitment, the witness phrase, the seed and the result.

    `server_seed` never leaves the server before the reveal (no page, export, log or
    audit row): `public_json()` leaves it out until then."""

    task = models.ForeignKey(Task, verbose_name="抽查任务", on_delete=models.PROTECT, related_name="draws")
    status = models.CharField("状态", max_length=10, choices=DrawStatus.choices, default=DrawStatus.COMMITTED)
    entities = models.JSONField("候选对象编码", default=list)
    entity_names = models.JSONField("候选对象名称", default=dict)
    entities_sha256 = models.CharField("候选对象清单SHA-256", max_length=64)
    inspectors = models.JSONField("候选执法人员编号", default=list)
    inspector_names = models.JSONField("执法人员姓名", default=dict)
    inspectors_sha256 = models.CharField("执法人员清单SHA-256", max_length=64)
    recusals = models.JSONField("回避对", default=list)
    k = models.PositiveIntegerField("抽取对象数")
    m = models.PositiveSmallIntegerField("每个对象执法人员数", validators=[MinValueValidator(2)])
    load_limit = models.PositiveSmallIntegerField("每人最多检查对象数")
    server_seed = models.CharField("服务器种子", max_length=64, editable=False)
    commitment = models.CharField("承诺值", max_length=64)
    committed_at = models.DateTimeField("承诺时间")
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="+")
    witness_name = models.CharField("监督人员", max_length=50, blank=True)
    witness_phrase = models.CharField("监督人员口令", max_length=200, blank=True)
    seed = models.CharField("抽取种子", max_length=64, blank=True)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="抽取人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result = models.JSONField("抽取结果", default=list)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField("作废原因", max_length=300, blank=True)

    school_lookups = ()

    class Meta:
        verbose_name = "抽取"
        verbose_name_plural = "抽取记录"
        ordering = ["-committed_at", "-id"]
        indexes = [models.Index(fields=["bureau", "-committed_at", "-id"], name="inspections_draw_list")]
        constraints = [
            # One live draw per task: two people pressing 抽取 get the same one.
            models.UniqueConstraint(
                fields=["task"], condition=~Q(status=DrawStatus.VOID), name="%(app_label)s_%(class)s_one_live_per_task"
            ),
            models.CheckConstraint(
                condition=~Q(status=DrawStatus.REVEALED) | Q(drawn_at__isnull=False, seed__regex=r"^[0-9a-f]{64}$"),
                name="%(app_label)s_%(class)s_revealed_has_seed",
            ),
            models.CheckConstraint(
                condition=~Q(status=DrawStatus.VOID) | ~Q(void_reason=""), name="%(app_label)s_%(class)s_void_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}（抽取 #{self.pk}）"

    def get_absolute_url(self) -> str:
        return reverse("inspections:draw", args=[self.pk])

    @property
    def is_revealed(self) -> bool:
        return self.drawn_at is not None

    def public_json(self) -> dict[str, Any]:
        """The draw as DESIGN.md publishes it; the server seed (and so the seed and the
        result) only once revealed."""

        revealed = self.is_revealed
        data: dict[str, Any] = {
            "plan": f"{self.task.plan.title}：{self.task.name}",
            "entities": self.entities,
            "entities_sha256": self.entities_sha256,
            "inspectors": self.inspectors,
            "inspectors_sha256": self.inspectors_sha256,
            "recusals": self.recusals,
            "k": self.k,
            "m": self.m,
            "load_limit": self.load_limit,
            "commitment": self.commitment,
            "committed_at": self.committed_at.isoformat(),
            "server_seed": self.server_seed if revealed else None,
            "witness_phrase": self.witness_phrase if revealed else None,
            "seed": self.seed if revealed else None,
            "drawn_at": self.drawn_at.isoformat() if revealed else None,
            "result": self.result if revealed else [],
        }
        if self.status == DrawStatus.VOID:
            data["voided"] = {"at": self.voided_at.isoformat() if self.voided_at else None, "reason": self.void_reason}
        return data


class InspectionQuerySet(ScopedQuerySet):
    """A school sees only its own published results; an inspector without the review
    right sees only the visits assigned to them."""

    def for_user(self, user: Any, *, write: bool = False) -> InspectionQuerySet:
        qs = super().for_user(user, write=write)
        if not getattr(user, "is_authenticated", False) or user.is_superuser:
            return qs
        if user.school_id:
            return qs.filter(status=InspectionStatus.PUBLISHED)
        if not user.has_perm(REVIEW_PERMISSION):
            mine = Inspection.inspectors.through.objects.filter(inspector__user=user).values("inspection_id")
            qs = qs.filter(pk__in=mine)
        return qs

    def published(self) -> InspectionQuerySet:
        return self.filter(status=InspectionStatus.PUBLISHED)


@audited(exclude=("search_text", "submit_token"))
class Inspection(BureauOwnedModel):
    """One visit to one entity: the tasks it covers (joint tasks merge into one visit),
    its inspectors, the result, 整改 and publication."""

    entity = models.ForeignKey("registry.Entity", verbose_name="检查对象", on_delete=models.PROTECT, related_name="inspections")
    # The entity's name when it was drawn: the record keeps it through renames and merges.
    entity_name = models.CharField("检查对象名称", max_length=100)
    year = models.PositiveIntegerField("年度")
    tasks = models.ManyToManyField(Task, verbose_name="抽查任务", related_name="inspections")
    draws = models.ManyToManyField(Draw, verbose_name="抽取", related_name="inspections")
    inspectors = models.ManyToManyField(Inspector, verbose_name="执法人员", related_name="inspections")
    status = models.CharField("状态", max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.ASSIGNED)
    inspected_on = models.DateField("检查日期", null=True, blank=True)
    contents = models.TextField("检查内容及发现", blank=True)
    result = models.CharField("检查结果", max_length=20, choices=Result.choices, blank=True)
    handling = models.TextField("处理情况", blank=True)
    rectify_by = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)
    publish_due = models.DateField("公示期限", null=True, blank=True, help_text="检查之日起20个工作日内。")
    recorded_at = models.DateTimeField("录入时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="公示人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_where = models.CharField("公示渠道", max_length=100, blank=True, default="本门户公开信息栏目")
    version = models.PositiveIntegerField("版本", default=1)
    submit_token = models.UUIDField(null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")

    objects = InspectionQuerySet.as_manager()

    school_lookups = ("entity_id", "entity__parent_id")

    class Meta:
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        ordering = ["-year", "-id"]
        permissions = [
            ("review_inspection", "查看本局全部检查结果"),
            ("publish_inspection", "公示检查结果"),
        ]
        indexes = [
            models.Index(fields=["bureau", "-year", "-id"], name="inspections_insp_list"),
            models.Index(fields=["bureau", "status", "publish_due"], name="inspections_insp_due"),
            models.Index(fields=["bureau", "result", "-year"], name="inspections_insp_result"),
            models.Index(fields=["entity", "year"], name="inspections_insp_entity"),
            # the public list: published results of a bureau, newest year first
            models.Index(
                fields=["bureau", "-year", "-id"],
                condition=Q(status="published"),
                name="inspections_insp_public",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=InspectionStatus.ASSIGNED) | (Q(inspected_on__isnull=False) & ~Q(result="")),
                name="%(app_label)s_%(class)s_recorded_has_result",
            ),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.PUBLISHED) | Q(published_on__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
            models.UniqueConstraint(fields=["submit_token"], name="%(app_label)s_%(class)s_unique_token"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.entity_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.entity_name.lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection", args=[self.pk])

    @property
    def rectification_open(self) -> bool:
        return self.result == Result.RECTIFY and self.rectified_on is None


InspectionInspectorEvent = audited_links(
    Inspection.inspectors.through,
    model_name="InspectionInspectorEvent",
    app_label="inspections",
    verbose_name="检查执法人员变更记录",
)


class InspectionAttachment(BureauOwnedModel):
    """A file of a result (检查记录表, photos): staff only, never on the public pages."""

    inspection = models.ForeignKey(Inspection, verbose_name="检查结果", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", upload_to="inspections/%Y/")
    name = models.CharField("文件名", max_length=200)

    school_lookups = ()

    class Meta:
        verbose_name = "检查附件"
        verbose_name_plural = "检查附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CalendarQuerySet(models.QuerySet):
    def for_user(self, user: Any, *, write: bool = False) -> CalendarQuerySet:
        """The national calendar: every signed-in user reads it; who may edit is the
        permission's business (like the law catalogue)."""

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self


@audited()
class CalendarDay(TimeStampedModel):
    """A day off the usual week: a public holiday on a weekday, or a weekend make-up
    working day (调休上班). Seeded from the State Council's notices; each year's is
    announced late in the year before, so the bureau adds it here."""

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=20)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:calendarday_edit", args=[self.pk])


@audited()
class InspectionSetting(BureauOwnedModel):
    """The bureau's choices for its public pages."""

    publish_inspector_names = models.BooleanField(
        "公开执法人员姓名", default=False, help_text="公开页面是否显示执法人员姓名；执法证号任何时候都不公开。"
    )

    objects = ScopedManager()
    school_lookups = ()

    class Meta:
        verbose_name = "双随机公开设置"
        verbose_name_plural = "双随机公开设置"
        constraints = [models.UniqueConstraint(fields=["bureau"], name="%(app_label)s_%(class)s_one_per_bureau")]

    def __str__(self) -> str:
        return "双随机公开设置"
