"""A session's sign-in sheet (签到表) as XLSX, on the core importer: every row checked
and named, all or nothing. A row names a person of the registry by 姓名 and 工作单位
(or by 身份证号 where two colleagues share a name); the same person twice is an error."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils import timezone

from apps.core import crypto
from apps.core.imports import ImportColumn, Importer, ImportFailed, Row, RowError
from apps.core.validators import normalize_resident_id, validate_resident_id
from apps.registry.imports import choice
from apps.registry.models import Person

from .choices import AttendanceStatus
from .models import Attendance, StudySession

TOO_MANY = "签到表一次最多导入 {limit} 行。"


def _resident_id(text: str) -> str:
    value = normalize_resident_id(text)
    validate_resident_id(value)
    return value


class AttendanceImporter(Importer):
    """The attendance of one session; an existing row of the same person is updated."""

    model = Attendance
    reason = "Excel导入签到表"
    update_fields = ("status", "note", "date")

    def __init__(self, user: Any, session: StudySession | None = None) -> None:
        super().__init__(user)
        self.session = session

    @property
    def title(self) -> str:
        return "签到表"

    def _offices_example(self) -> str:
        # The user's own bureau's offices (泽州县教育局机关), not the demo's.
        bureau = self.user.bureau if getattr(self.user, "bureau_id", None) else None
        return f"{bureau.name}机关" if bureau is not None else "某某县教育局机关"

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("姓名", "name", required=True, example="王志刚"),
            ImportColumn("工作单位", "employer", required=True, example=self._offices_example()),
            ImportColumn("身份证号", "id_number", example="", convert=_resident_id),
            ImportColumn("出席情况", "status", example="出席", convert=choice(AttendanceStatus, "出席情况")),
            ImportColumn("备注", "note", example=""),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """Each row's person, in the user's write scope: two queries for the whole sheet."""

        people = Person.objects.for_user(self.user, write=True).select_related("employer")
        names = {row.values["name"] for row in rows if row.values.get("name")}
        by_name: dict[tuple[str, str], list[Person]] = {}
        for person in people.filter(name__in=names):
            by_name.setdefault((person.name, person.employer.name), []).append(person)
        digests = {crypto.digest(row.values["id_number"]) for row in rows if row.values.get("id_number")}
        by_digest = {p.id_number_digest: p for p in people.filter(id_number_digest__in=digests)} if digests else {}
        existing = {a.person_id: a for a in self.session.attendances.all()} if self.session else {}
        seen: dict[int, int] = {}
        for row in rows:
            values = row.values
            if "name" not in values or "employer" not in values:
                continue
            if values.get("id_number"):
                person = by_digest.get(crypto.digest(values["id_number"]))
                if person is None or person.name != values["name"]:
                    row.error("身份证号", f"名录库中没有身份证号为该号码的“{values['name']}”，请核对。")
                    continue
            else:
                found = by_name.get((values["name"], values["employer"]), [])
                if not found:
                    row.error("姓名", f"名录库中“{values['employer']}”没有“{values['name']}”，请核对姓名和工作单位。")
                    continue
                if len(found) > 1:
                    row.error("姓名", f"“{values['employer']}”有 {len(found)} 位“{values['name']}”，请填写身份证号以区分。")
                    continue
                person = found[0]
            if person.pk in seen:
                row.error("姓名", f"与第{seen[person.pk]}行是同一人，请删除重复的行。")
                continue
            seen[person.pk] = row.number
            values["person"] = person
            row.existing = existing.get(person.pk)

    def build(self, row: Row) -> Attendance:
        values = row.values
        attendance = row.existing or Attendance(bureau_id=self.session.bureau_id, session=self.session, person=values["person"])
        # A blank 出席情况 means 出席: a sign-in sheet lists who came.
        attendance.status = values.get("status") or AttendanceStatus.PRESENT
        attendance.note = values.get("note", "")
        attendance.date = self.session.date
        attendance.updated_at = timezone.now()
        return attendance

    def save(self, created: list[Attendance], updated: list[Attendance]) -> None:
        super().save(created, updated)
        # Anyone editing the list on screen meanwhile is now on an older version.
        StudySession.objects.filter(pk=self.session.pk).update(version=F("version") + 1, updated_at=timezone.now())


def too_many(limit: int) -> ImportFailed:
    return ImportFailed([RowError(0, "", TOO_MANY.format(limit=limit))])


def attendance_columns(user: Any) -> list[ImportColumn]:
    return AttendanceImporter(user).columns()
