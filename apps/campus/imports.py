"""The appointments' Excel import (a whole batch at once, e.g. the August re-appointment):
every row checked by the same rules as the form (at most two schools a person, the
retiree rules, no second appointment to the same school), all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from apps.core.imports import ImportColumn, Importer, Row
from apps.core.pinyin import search_key
from apps.registry.selectors import bureau_examples, example_schools, schools_for

from .choices import AppointmentRole, NominatingBody
from .models import Appointment, AppointmentBatch
from .services import MAX_SCHOOLS, check_appointment

SEPARATORS = ("、", "，", ",", "；", ";", "/")
FIELD_HEADERS = {"schools": "服务学校", "birth_date": "出生日期", "retired": "是否退休", "term_end": "任期结束"}


def choice(choices: type, header: str):
    by_label = {str(label): value for value, label in choices.choices}

    def convert(text: str) -> str:
        if text in by_label:
            return by_label[text]
        if text in by_label.values():
            return text
        raise ValueError(f"“{text}”不是有效的{header}，应为：{'、'.join(by_label)}。")

    return convert


def yes_no(text: str) -> bool:
    if text in ("是", "退休", "已退休", "Y", "y", "1"):
        return True
    if text in ("否", "在职", "N", "n", "0"):
        return False
    raise ValueError(f"“{text}”无效，请填写“是”或“否”。")


def split_names(text: str) -> list[str]:
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, SEPARATORS[0])
    return [name.strip() for name in text.split(SEPARATORS[0]) if name.strip()]


def appointment_columns(user: Any) -> list[ImportColumn]:
    return AppointmentImporter(user).columns()


class AppointmentImporter(Importer):
    model = Appointment
    reason = "Excel导入法治副校长/交通安全辅导员"

    def columns(self) -> list[ImportColumn]:
        # The sample names the user's own county and schools (it imports as it is).
        place = bureau_examples(self.user)["place"]
        return [
            ImportColumn("姓名", "name", required=True, example="王建国"),
            ImportColumn("职务类别", "role", required=True, example="法治副校长", convert=choice(AppointmentRole, "职务类别")),
            ImportColumn("推荐单位类别", "body", required=True, example="公安", convert=choice(NominatingBody, "推荐单位类别")),
            ImportColumn("工作单位", "unit", required=True, example=f"{place}公安局城关派出所"),
            ImportColumn("职务", "post", example="副所长"),
            ImportColumn("联系电话", "phone", example="13903561234"),
            ImportColumn("服务学校", "school_names", required=True, example="、".join(example_schools(self.user))),
            ImportColumn("任期开始", "term_start", required=True, example="2024-09-01"),
            ImportColumn("任期结束", "term_end", required=True, example="2027-08-31"),
            # No example: a batch must exist first (聘任批次), or the template would not import as it is.
            ImportColumn("聘任批次", "batch_name", example=""),
            ImportColumn("是否退休", "retired", example="否", convert=yes_no),
            ImportColumn("出生日期", "birth_date", example=""),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """Schools and batches by name, one query each, inside the user's write scope."""

        schools = {s.name: s for s in schools_for(self.user).filter(bureau_id=self.user.bureau_id)}
        batches = {b.name: b for b in AppointmentBatch.objects.for_user(self.user, write=True)}
        for row in rows:
            names = split_names(row.values.pop("school_names", "") or "")
            found = []
            for name in names:
                if name not in schools:
                    row.error("服务学校", f"本局在办学校中没有“{name}”，请核对名称。")
                else:
                    found.append(schools[name])
            if len(names) > MAX_SCHOOLS:
                row.error("服务学校", f"一人同时最多在 {MAX_SCHOOLS} 所学校任职，本行有 {len(names)} 所。")
            row.values["schools"] = found
            batch_name = row.values.pop("batch_name", "")
            if batch_name:
                if batch_name in batches:
                    row.values["batch"] = batches[batch_name]
                else:
                    row.error("聘任批次", f"没有名为“{batch_name}”的聘任批次，请先在“聘任批次”中登记。")
        self.seen: dict[tuple[str, str], tuple[int, set[str]]] = {}

    def clean_row(self, row: Row) -> None:
        schools = row.values["schools"]
        appointment = self.build(row)
        try:
            check_appointment(appointment, schools)
            appointment.full_clean(exclude=["bureau", "schools"])
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                row.error(FIELD_HEADERS.get(field, ""), messages[0])
            return
        # The same person on two rows of the file: the two-school rule across them.
        key = (appointment.name, appointment.unit)
        names = {s.name for s in schools}
        if key in self.seen:
            first, earlier = self.seen[key]
            if len(earlier | names) > MAX_SCHOOLS:
                row.error("服务学校", f"与第{first}行是同一人，合计超过 {MAX_SCHOOLS} 所学校。")
        else:
            self.seen[key] = (row.number, names)

    def build(self, row: Row) -> Appointment:
        values = {k: v for k, v in row.values.items() if k != "schools"}
        appointment = Appointment(bureau_id=self.user.bureau_id, **values)
        appointment.search_text = f"{search_key(appointment.name, is_person=True)} {search_key(appointment.unit)}".strip()
        appointment._schools = row.values.get("schools", [])
        return appointment

    def save(self, created: list[Appointment], updated: list[Appointment]) -> None:
        saved = Appointment.objects.bulk_create(created, batch_size=500)
        links = Appointment.schools.through
        links.objects.bulk_create(
            [links(appointment_id=a.pk, entity_id=s.pk) for a, c in zip(saved, created, strict=True) for s in c._schools]
        )
