"""Admissions from the 晋城市统一招生报名录取平台's XLSX: a row per school, year and
stage; a school is found by its name among the bureau's own; a row of a school, year
and stage already recorded updates it; all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from apps.core.imports import ImportColumn, Importer, Row
from apps.registry.selectors import example_schools, schools_for

from .choices import Stage
from .models import Admission


def _stage(text: str) -> str:
    for value, label in Stage.choices:
        if text in (label, value):
            return value
    raise ValidationError(f"“{text}”不是有效的学段，应为：小学、初中。")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValidationError(f"“{text}”不是整数。") from None
    if value < 0:
        raise ValidationError("人数不能为负数。")
    return value


def _year(text: str) -> int:
    value = _count(text)
    if not 2000 <= value <= 2100:
        raise ValidationError(f"“{text}”不是有效的年度。")
    return value


class AdmissionImporter(Importer):
    model = Admission
    reason = "招生平台Excel导入"
    update_fields = ("admitted", "admitted_online", "version")

    @property
    def title(self) -> str:
        return "入学录取"

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("招生年度", "year", required=True, example="2024", convert=_year),
            ImportColumn("学校", "school_name", required=True, example=example_schools(self.user, 1)[0]),
            ImportColumn("学段", "stage", required=True, example="初中", convert=_stage),
            ImportColumn("录取人数", "admitted", required=True, example="100", convert=_count),
            ImportColumn("线上录取人数", "admitted_online", required=True, example="98", convert=_count),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """Schools by name in one query; existing records of those schools in one more."""

        names = {row.values.get("school_name") for row in rows if row.values.get("school_name")}
        schools = {s.name: s for s in schools_for(self.user).filter(bureau_id=self.user.bureau_id, name__in=names)}
        keys: dict[tuple, int] = {}
        for row in rows:
            name = row.values.get("school_name")
            if name and name not in schools:
                row.error("学校", f"本局名录中没有学校“{name}”。")
                continue
            if name:
                row.values["school"] = schools[name]
            admitted, online = row.values.get("admitted"), row.values.get("admitted_online")
            if admitted is not None and online is not None and online > admitted:
                row.error("线上录取人数", "线上录取人数不能多于录取人数。")
            key = (name, row.values.get("year"), row.values.get("stage"))
            if None not in key:
                if key in keys:
                    row.error("", f"与第{keys[key]}行是同一学校、年度和学段。")
                else:
                    keys[key] = row.number
        existing = Admission.objects.for_user(self.user, write=True).filter(school__in=list(schools.values()))
        found = {(a.school.name, a.year, a.stage): a for a in existing.select_related("school")}
        for row in rows:
            key = (row.values.get("school_name"), row.values.get("year"), row.values.get("stage"))
            row.existing = found.get(key)

    def build(self, row: Row) -> Admission:
        obj = row.existing or Admission(bureau_id=self.user.bureau_id)
        obj.school = row.values["school"]
        obj.year = row.values["year"]
        obj.stage = row.values["stage"]
        obj.admitted = row.values["admitted"]
        obj.admitted_online = row.values["admitted_online"]
        if obj.pk:
            obj.version += 1
        return obj

    def save(self, created: list[Any], updated: list[Any]) -> None:
        Admission.objects.bulk_create(created, batch_size=1000)
        if updated:
            Admission.objects.bulk_update(updated, [*self.update_fields, "updated_at"], batch_size=1000)
