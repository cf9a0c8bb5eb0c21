"""Shared model bases: timestamps, the bureau (tenant) key and the scoped queryset."""

from __future__ import annotations

from typing import Any

import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser as User  # type hints: core imports no app above it
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .audit import audited
from .seams import dictionary_kinds


class ScopedQuerySet(models.QuerySet):
    """The one place rows are scoped to a user; every view and export calls `for_user`.

    A model says how it is scoped with two class attributes:
    - `bureau_lookup`: path to its tenant key (default "bureau").
    - `school_lookups`: paths that equal the school a school user belongs to; a school
      user sees a row when any of them matches. `None` means school users see the
      bureau's rows (reference data such as documents); `()` means they see none.
    """

    def for_user(self, user: User | Any, *, write: bool = False) -> ScopedQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        model = self.model
        bureau_lookup = getattr(model, "bureau_lookup", "bureau")
        if write:
            # Changes stay inside the user's own bureau; a city sees its counties read-only.
            qs = self.filter(**{bureau_lookup: user.bureau_id})
        else:
            qs = self.filter(**{f"{bureau_lookup}__in": user.visible_bureau_ids()})
        if user.school_id:
            lookups = getattr(model, "school_lookups", ())
            if lookups is None:
                return qs
            if not lookups:
                return qs.none()
            condition = Q()
            for lookup in lookups:
                condition |= _school_condition(model, lookup, user.school_id)
            qs = qs.filter(condition)
        return qs


def _school_condition(model: type[models.Model], lookup: str, school_id: int) -> Q:
    """`…__parent_id = school` (a school's units: its canteen, its branch) written as
    `… IN (the units' ids)`: both sides of the school user's OR then use an index,
    where the join's OR read every row of the bureau at province scale (docs/benchmark.md)."""

    path = lookup.removesuffix("__parent_id")
    if path == lookup:
        return Q(**{lookup: school_id})
    related = model
    for part in path.split("__"):
        related = related._meta.get_field(part).related_model
    units = related._base_manager.filter(parent_id=school_id).values("pk")
    return Q(**{f"{path}__in": units})


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


class TimeStampedModel(models.Model):
    """Created and updated times on every row."""

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class BureauOwnedModel(TimeStampedModel):
    """A row that belongs to one bureau (the tenant key, and Citus's shard key later)."""

    bureau = models.ForeignKey("registry.Bureau", verbose_name="所属教育局", on_delete=models.PROTECT, related_name="+")

    objects = ScopedManager()

    school_lookups: tuple[str, ...] | None = ()

    class Meta:
        abstract = True


@audited()
class DictionaryItem(BureauOwnedModel):
    """An entry of a list a bureau extends without a programmer (字典管理)."""

    # No choices here: each app declares its kinds (`<app>/dictionary.py`), checked in clean().
    kind = models.CharField("字典类型", max_length=40)
    label = models.CharField("名称", max_length=100)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    school_lookups = None

    class Meta:
        verbose_name = "字典项"
        verbose_name_plural = "字典项"
        ordering = ["kind", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "kind", "label"], name="%(app_label)s_%(class)s_unique_label"),
        ]
        indexes = [models.Index(fields=["bureau", "kind", "sort_order"])]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:dictionaryitem_edit", args=[self.pk])

    def clean(self) -> None:
        if self.kind and self.kind not in dict(dictionary_kinds()):
            raise ValidationError({"kind": f"字典类型“{self.kind}”不存在。"})

    def get_kind_display(self) -> str:
        return dict(dictionary_kinds()).get(self.kind, self.kind)


class BackupCheck(models.Model):
    """A recorded restore test (等保 8.1.4.9 a): a dump restored into a fresh database and
    compared table by table (row counts and checksums). Kept as evidence: append-only."""

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")
    dump_file = models.CharField("备份文件", max_length=500)
    dump_bytes = models.BigIntegerField("备份大小（字节）")
    dump_sha256 = models.CharField("备份文件SHA-256", max_length=64)
    tables = models.PositiveIntegerField("比对表数")
    rows = models.BigIntegerField("比对行数")
    ok = models.BooleanField("恢复一致")
    detail = models.TextField("差异说明", blank=True)

    class Meta:
        verbose_name = "备份恢复演练记录"
        verbose_name_plural = "备份恢复演练记录"
        ordering = ["-started_at"]
        triggers = [pgtrigger.Protect(name="kept_as_evidence", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {'一致' if self.ok else '不一致'}"


class ImportJob(models.Model):
    """An upload too large to import within the request: stored here for the task worker
    (apps/core/tasks.py), with its progress and outcome for the uploader's progress page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队等待"
        RUNNING = "running", "正在导入"
        DONE = "done", "导入完成"
        FAILED = "failed", "导入未完成"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+")
    importer = models.CharField("导入器", max_length=200)  # dotted path of the Importer class
    title = models.CharField("导入内容", max_length=100)
    file_name = models.CharField("文件名", max_length=255)
    # The uploaded file until the worker has read it; emptied afterwards (it holds personal data).
    content = models.BinaryField("文件内容", default=b"")
    return_url = models.CharField("完成后返回", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    errors = models.JSONField("错误", default=list, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title}：{self.file_name}"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0
