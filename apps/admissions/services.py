"""Writes of admissions: keyword-only, the acting user first, checked, atomic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.registry.selectors import SCHOOL_KINDS

from .models import Admission, AdmissionYear

STALE = "该记录已被他人修改（您看到的是旧版本），请重新打开后再修改。"


def _require_staff(by: Any, perm: str) -> None:
    if not by.has_perm(perm) or by.school_id or by.bureau_id is None:
        raise PermissionDenied("您没有执行此操作的权限。")


@transaction.atomic
def admission_save(*, admission: Admission, by: Any, version: int | None = None) -> Admission:
    """Create or correct one school's admissions of a year and stage."""

    _require_staff(by, "admissions.change_admission" if admission.pk else "admissions.add_admission")
    if admission.pk is None:
        admission.bureau_id = by.bureau_id
    else:
        current = Admission.objects.for_user(by, write=True).select_for_update().filter(pk=admission.pk).first()
        if current is None:
            raise PermissionDenied("您只能查看此记录，不能修改。")
        if version is not None and current.version != version:
            raise ValidationError(STALE)
        admission.version = current.version + 1
    if admission.school_id and (admission.school.bureau_id != by.bureau_id or admission.school.kind not in SCHOOL_KINDS):
        raise ValidationError({"school": "只能登记本局的学校。"})
    admission.full_clean()
    admission.save()
    return admission


@transaction.atomic
def admission_year_save(*, year: AdmissionYear, by: Any, documents: Iterable[Any] | None = None) -> AdmissionYear:
    """A year's admission documents (from the bureau's 文件库)."""

    _require_staff(by, "admissions.change_admissionyear" if year.pk else "admissions.add_admissionyear")
    if year.pk is None:
        year.bureau_id = by.bureau_id
    elif not AdmissionYear.objects.for_user(by, write=True).filter(pk=year.pk).exists():
        raise PermissionDenied("您只能查看此记录，不能修改。")
    documents = list(documents) if documents is not None else None
    if documents and any(d.bureau_id != by.bureau_id for d in documents):
        raise ValidationError({"documents": "只能选择本局文件库中的文件。"})
    year.full_clean()
    year.save()
    if documents is not None:
        year.documents.set(documents)
    return year
