"""Writes of the screening app. Each takes the acting user, checks the right and the
scope inside, and refuses an invalid step with a Chinese message (ValidationError)."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.registry.choices import EmploymentStatus
from apps.registry.models import Entity, Person
from apps.registry.selectors import SCHOOL_KINDS

from .choices import BatchStatus, CaseStatus, CheckStatus, ExportKind, Selection
from .models import Authorisation, Check, EthicsEntry, ExportLog, QueryBatch, RestrictedCase

ACTIVE = (EmploymentStatus.EMPLOYED, EmploymentStatus.SECONDED)
STALE = "该记录已被他人修改，您看到的是旧版本。请刷新页面，核对最新内容后再保存。"
SCAN_TYPES = {b"%PDF-": ".pdf", b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
SCAN_MAX_BYTES = 10 * 1024 * 1024
EPOCH = datetime.date(1900, 1, 1)


def _require(user: Any, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied("您没有执行此操作的权限。")


def school_of_employer() -> Coalesce:
    """A person's school: the employer, or the school a unit (a canteen) belongs to."""

    return Coalesce(F("employer__parent_id"), F("employer_id"))


# -- authorisations -------------------------------------------------------------------


def scan_extension(upload: Any) -> str:
    """The scan's real type by its first bytes (PDF, JPEG, PNG); anything else refused."""

    if upload.size > SCAN_MAX_BYTES:
        raise ValidationError({"scan": f"扫描件不能超过 {SCAN_MAX_BYTES // 1048576} MB。"})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for magic, extension in SCAN_TYPES.items():
        if head.startswith(magic):
            return extension
    raise ValidationError({"scan": "扫描件应为 PDF、JPG 或 PNG 文件。"})


def authorisations_record(*, by: Any, people: Iterable[Person], signed_on: datetime.date, scan: Any) -> list[Authorisation]:
    """One authorisation per person, all sharing one scan (a school scans the signed
    forms together). A person who already has one of that date keeps it: a repeated
    submit records nothing twice."""

    _require(by, "screening.add_authorisation")
    people = list(people)
    if not people:
        raise ValidationError({"people": "请选择至少一名教职员工。"})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "签署日期不能晚于今天。"})
    allowed = set(Person.objects.for_user(by, write=True).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    if len(allowed) != len({p.pk for p in people}):
        raise PermissionDenied("所选人员不在您可以管理的范围内。")
    if scan is None:
        raise ValidationError({"scan": "请上传授权书扫描件。"})
    extension = scan_extension(scan)
    with transaction.atomic():
        have = set(Authorisation.objects.filter(person__in=people, signed_on=signed_on).values_list("person_id", flat=True))
        new = [p for p in people if p.pk not in have]
        if not new:
            return []
        scan.seek(0)
        stored = ContentFile(scan.read())
        created = []
        first_name = ""
        for person in new:
            item = Authorisation(bureau_id=person.bureau_id, person=person, signed_on=signed_on, recorded_by=by)
            if first_name:
                item.scan.name = first_name
            else:
                item.scan.save(f"{uuid.uuid4().hex}{extension}", stored, save=False)
                first_name = item.scan.name
            created.append(item)
        Authorisation.objects.bulk_create(created)
    return created


# -- who goes into a batch ----------------------------------------------------------


def _checked_in(year: int) -> QuerySet[Check]:
    return Check.objects.filter(person=OuterRef("pk"), status=CheckStatus.CHECKED, checked_on__year=year)


def candidates(
    *, bureau_id: int, schools: Iterable[Any], selection: str, year: int, people: Iterable[Any] = ()
) -> QuerySet[Person]:
    """The active staff of `schools` (and their units) a batch of `selection` takes,
    authorised or not; never anyone already waiting for a result in another batch."""

    school_ids = [getattr(s, "pk", s) for s in schools]
    qs = Person.objects.filter(bureau_id=bureau_id, employment_status__in=ACTIVE).filter(
        Q(employer_id__in=school_ids) | Q(employer__parent_id__in=school_ids)
    )
    if selection == Selection.HIRED_SINCE:
        last = (
            Check.objects.filter(school_id=OuterRef("_school"), status=CheckStatus.CHECKED)
            .order_by("-checked_on")
            .values("checked_on")[:1]
        )
        qs = qs.annotate(_school=school_of_employer()).filter(
            hired_on__isnull=False, hired_on__gt=Coalesce(Subquery(last), EPOCH)
        )
    else:
        qs = qs.exclude(Exists(_checked_in(year)))
        if selection == Selection.PICKED:
            qs = qs.filter(pk__in=[getattr(p, "pk", p) for p in people])
    return qs.exclude(Exists(Check.objects.filter(person=OuterRef("pk"), status=CheckStatus.PENDING)))


def authorised() -> Exists:
    return Exists(Authorisation.objects.filter(person=OuterRef("pk")))


def batch_missing_authorisation(batch: QueryBatch) -> QuerySet[Person]:
    """Who the batch's rule takes today but cannot go in: no authorisation on file."""

    return (
        candidates(
            bureau_id=batch.bureau_id,
            schools=batch.schools.values_list("pk", flat=True),
            selection=batch.selection if batch.selection != Selection.PICKED else Selection.UNCHECKED,
            year=batch.query_date.year,
        )
        .exclude(authorised())
        .exclude(screening_checks__batch=batch)
        .select_related("employer")
        .order_by("employer__sort_key", "sort_key", "id")
    )


def _add_members(batch: QueryBatch, people: QuerySet[Person]) -> int:
    rows = people.filter(authorised()).annotate(_school=school_of_employer()).values_list("pk", "_school")
    checks = [Check(bureau_id=batch.bureau_id, batch=batch, person_id=pk, school_id=school) for pk, school in rows]
    Check.objects.bulk_create(checks, batch_size=2000, ignore_conflicts=True)
    return len(checks)


def batch_create(
    *,
    by: Any,
    title: str,
    query_date: datetime.date,
    platform: Any,
    selection: str,
    schools: Iterable[Entity],
    people: Iterable[Person] = (),
    token: uuid.UUID | None = None,
) -> QueryBatch:
    """A batch of the chosen schools' staff by `selection`; only people with an
    authorisation go in. A repeated submit (same token) returns the first batch."""

    _require(by, "screening.add_querybatch")
    if token is not None:
        done = QueryBatch.objects.filter(bureau_id=by.bureau_id, submit_token=token).first()
        if done is not None:
            return done
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": "请选择至少一所学校。"})
    own = Entity.objects.for_user(by, write=True).filter(kind__in=SCHOOL_KINDS, pk__in=[s.pk for s in schools])
    if own.count() != len({s.pk for s in schools}):
        raise PermissionDenied("所选学校不在您可以管理的范围内。")
    people = list(people)
    if selection == Selection.PICKED and not people:
        raise ValidationError({"people": "选择“指定人员”时，请至少选择一名教职员工。"})
    try:
        with transaction.atomic():
            batch = QueryBatch(
                bureau_id=by.bureau_id,
                title=title,
                query_date=query_date,
                platform=platform,
                selection=selection,
                created_by=by,
                submit_token=token,
            )
            batch.full_clean(exclude=["schools"])
            batch.save()
            batch.schools.set(schools)
            wanted = candidates(bureau_id=by.bureau_id, schools=schools, selection=selection, year=query_date.year, people=people)
            if not _add_members(batch, wanted):
                raise ValidationError(
                    "所选学校中没有符合条件且已登记授权书的人员，未创建批次。请先由学校登记授权书，或调整学校和查询对象。"
                )
    except IntegrityError:
        # The same token committed by a concurrent double click: that batch stands.
        done = QueryBatch.objects.filter(bureau_id=by.bureau_id, submit_token=token).first()
        if done is None:
            raise
        return done
    return batch


def _check_version(obj: Any, version: Any) -> None:
    if version is None:
        return
    try:
        same = int(version) == obj.version
    except (TypeError, ValueError):
        same = False
    if not same:
        raise ValidationError(STALE)


def batch_refresh(*, batch: QueryBatch, by: Any, version: int | None = None) -> int:
    """Before export: take in the people authorised since the batch was made."""

    _require(by, "screening.change_querybatch")
    with transaction.atomic():
        batch = QueryBatch.objects.for_user(by, write=True).select_for_update().get(pk=batch.pk)
        _check_version(batch, version)
        if batch.status != BatchStatus.DRAFT:
            raise ValidationError("批次已导出，不能再更改名单。如有遗漏的人员，请新建批次。")
        if batch.selection == Selection.PICKED:
            raise ValidationError("“指定人员”批次的名单在创建时确定，不能更新。")
        added = _add_members(
            batch,
            candidates(
                bureau_id=batch.bureau_id,
                schools=batch.schools.all(),
                selection=batch.selection,
                year=batch.query_date.year,
            ),
        )
        QueryBatch.objects.filter(pk=batch.pk).update(version=F("version") + 1, updated_at=timezone.now())
    return added


EXPORT_HEADERS = ["序号", "姓名", "性别", "证件类型", "证件号码", "工作单位", "人员类别", "职务/岗位"]
PERSONAL_DATA_NOTE = (
    "本文件含个人信息（完整身份证号），仅用于教职员工准入违法犯罪信息查询。请勿转发、复制或存放在公共位置，查询完成后立即删除。"
)


def batch_export(*, batch: QueryBatch, by: Any, address: str | None = None) -> tuple[bytes, str, int]:
    """The sheet the query platform takes, with the whole 身份证号: the only export that
    carries it. Needs its own permission; every export is logged (who, when, rows)."""

    if not by.has_perm("screening.export_querybatch"):
        raise PermissionDenied("导出含完整身份证号的查询名单需要专门授权。")
    if not QueryBatch.objects.for_user(by, write=True).filter(pk=batch.pk).exists():
        raise PermissionDenied("您只能导出本局的查询批次。")
    checks = Check.objects.filter(batch=batch).select_related("person__employer").order_by("school_id", "person__sort_key", "id")
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{batch.title} 查询名单"
    workbook.properties.subject = "个人信息"
    workbook.properties.keywords = "个人信息;身份证号;准入查询"
    workbook.properties.description = PERSONAL_DATA_NOTE
    sheet = workbook.create_sheet("查询名单")
    for i, width in enumerate([6, 10, 6, 12, 22, 24, 10, 14]):
        sheet.column_dimensions[chr(65 + i)].width = width

    def text(value: Any, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text: an 18-digit number must not become 1.4E+17
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text(h, bold=True) for h in EXPORT_HEADERS])
    rows = 0
    for n, check in enumerate(checks.iterator(chunk_size=2000), start=1):
        person = check.person
        sheet.append(
            [
                n,
                text(person.name),
                text(person.get_gender_display()),
                text("居民身份证"),
                text(person.id_number),
                text(person.employer.name),
                text(person.get_category_display()),
                text(person.position),
            ]
        )
        rows = n
    note = workbook.create_sheet("说明")
    now = timezone.localtime()
    for line in (
        PERSONAL_DATA_NOTE,
        f"查询批次：{batch.title}（查询日期 {batch.query_date:%Y-%m-%d}）",
        f"导出人：{by.get_full_name() or by.username}；导出时间：{now:%Y-%m-%d %H:%M}；共 {rows} 人。",
    ):
        note.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file_name = f"{batch.title}_查询名单_含个人信息_{now:%Y%m%d}.xlsx"
    with transaction.atomic():
        ExportLog.objects.create(
            bureau_id=batch.bureau_id,
            kind=ExportKind.BATCH,
            batch=batch,
            by=by,
            rows=rows,
            file_name=file_name,
            address=address,
        )
        QueryBatch.objects.filter(pk=batch.pk, status=BatchStatus.DRAFT).update(
            status=BatchStatus.EXPORTED, exported_at=now, version=F("version") + 1, updated_at=now
        )
    return buffer.getvalue(), file_name, rows


def export_log(*, by: Any, kind: str, rows: int = 0, file_name: str = "", address: str | None = None) -> None:
    """Record an export of results or cases (a list's CSV/XLSX)."""

    ExportLog.objects.create(bureau_id=by.bureau_id, kind=kind, by=by, rows=rows, file_name=file_name, address=address)


def batch_complete_if_done(batch: QueryBatch) -> bool:
    """A batch with no result outstanding is complete."""

    if Check.objects.filter(batch=batch, status=CheckStatus.PENDING).exists():
        return False
    QueryBatch.objects.filter(pk=batch.pk).exclude(status=BatchStatus.COMPLETED).update(
        status=BatchStatus.COMPLETED, version=F("version") + 1, updated_at=timezone.now()
    )
    return True


# -- cases ----------------------------------------------------------------------------

CASE_FIELDS = ("action", "action_detail", "decided_on", "document_number")


def case_save(
    *, case: RestrictedCase, by: Any, values: dict[str, Any], version: int | None, document: Any = None
) -> RestrictedCase:
    """Record the action taken; refused on a closed case or a stale version."""

    _require(by, "screening.change_restrictedcase")
    with transaction.atomic():
        case = RestrictedCase.objects.for_user(by, write=True).select_for_update().get(pk=case.pk)
        _check_version(case, version)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError("该处置已结案，不能再修改。")
        for name in CASE_FIELDS:
            if name in values:
                setattr(case, name, values[name])
        if case.action == "other" and not case.action_detail:
            raise ValidationError({"action_detail": "处置措施为“其他”时，请填写措施说明。"})
        if case.decided_on and case.decided_on < case.opened_on:
            raise ValidationError({"decided_on": "处置决定日期不能早于立案日期。"})
        if document is not None:
            case.document = document
        case.version += 1
        case.full_clean()
        case.save()
    return case


def case_close(*, case: RestrictedCase, by: Any, closed_on: datetime.date, note: str, version: int | None) -> RestrictedCase:
    _require(by, "screening.change_restrictedcase")
    with transaction.atomic():
        case = RestrictedCase.objects.for_user(by, write=True).select_for_update().get(pk=case.pk)
        _check_version(case, version)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError("该处置已结案。")
        if not case.action or not case.decided_on:
            raise ValidationError("请先登记处置措施和处置决定日期，再结案。")
        if closed_on < case.opened_on:
            raise ValidationError({"closed_on": "结案日期不能早于立案日期。"})
        case.status = CaseStatus.CLOSED
        case.closed_on = closed_on
        case.closing_note = note
        case.version += 1
        case.full_clean()
        case.save()
    return case


# -- 师德师风档案 -----------------------------------------------------------------------


def ethics_entry_save(*, entry: EthicsEntry, by: Any) -> EthicsEntry:
    """Save an entry of the person's file; the person must be in the user's write scope."""

    _require(by, f"screening.{'change' if entry.pk else 'add'}_ethicsentry")
    if not Person.objects.for_user(by, write=True).filter(pk=entry.person_id).exists():
        raise PermissionDenied("该人员不在您可以管理的范围内。")
    if entry.occurred_on and entry.occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "日期不能晚于今天。"})
    if not entry.pk:
        entry.bureau_id = by.bureau_id
        entry.recorded_by = by
    entry.full_clean()
    entry.save()
    return entry
