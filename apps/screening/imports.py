"""The platform's results, imported into one batch: rows keyed by 身份证号, matched by
the keyed digest (nothing is decrypted to find a person), all or nothing.

An invalid number, an unknown number, a person outside the batch, a duplicate row or
a result that contradicts one already recorded is named by row, and nothing is saved.
A 有记录 result opens a restricted case in the same transaction; every result is
filed into the person's 师德师风档案 (`filed_on`)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone

from apps.core import crypto
from apps.core.imports import ImportColumn, Importer, Row
from apps.core.validators import mask_resident_id, normalize_resident_id, validate_resident_id
from apps.registry.models import Person
from apps.registry.selectors import bureau_examples

from . import services
from .choices import CheckStatus, Outcome
from .models import Check, QueryBatch, RestrictedCase


def _resident_id(text: str) -> str:
    value = normalize_resident_id(text)
    validate_resident_id(value)
    return value


def _outcome(text: str) -> str:
    by_label = {str(label): value for value, label in Outcome.choices}
    if text in by_label:
        return by_label[text]
    if text in by_label.values():
        return text
    raise ValueError(f"“{text}”不是有效的查询结果，应为：{'、'.join(by_label)}。")


def _update_results(checks: list[Check]) -> None:
    """One UPDATE … FROM unnest(arrays) for all the rows. Django's bulk_update writes a
    CASE of a thousand WHENs per column, which PostgreSQL evaluates for every row (62
    rows/s in the bench); a VALUES list of seven placeholders a row spent most of its
    time in the driver's placeholder parsing. Seven arrays: seven parameters, whatever
    the rows. The audit triggers still fire for every row."""

    if not checks:
        return
    fields = ("pk", "status", "outcome_encrypted", "checked_on", "reference", "filed_on", "recorded_by_id")
    columns = [[getattr(c, name) for c in checks] for name in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE screening_check AS c SET status = v.status, outcome_encrypted = v.outcome_encrypted,
               checked_on = v.checked_on, reference = v.reference, filed_on = v.filed_on,
               recorded_by_id = v.recorded_by_id, updated_at = now()
               FROM unnest(%s::bigint[], %s::varchar[], %s::text[], %s::date[], %s::varchar[], %s::date[], %s::bigint[])
                    AS v (id, status, outcome_encrypted, checked_on, reference, filed_on, recorded_by_id)
               WHERE c.id = v.id""",
            columns,
        )


class ResultImporter(Importer):
    model = Check
    reason = "导入准入查询结果"

    def __init__(self, user: Any, batch: QueryBatch) -> None:
        super().__init__(user)
        self.batch = batch
        self.today = timezone.localdate()

    @property
    def title(self) -> str:
        return "查询结果"

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn(
                "证件号码", "id_number", required=True, example=bureau_examples(self.user)["resident_id"], convert=_resident_id
            ),
            ImportColumn("姓名", "name", example="张三"),
            ImportColumn("查询结果", "outcome", required=True, example="无记录", convert=_outcome),
            ImportColumn("查询编号", "reference", example="CX2024000123"),
            ImportColumn("查询日期", "checked_on", example=""),
        ]

    def prepare(self, rows: list[Row]) -> None:
        digests: dict[str, list[Row]] = {}
        for row in rows:
            number = row.values.get("id_number")
            if number:
                digests.setdefault(crypto.digest(number), []).append(row)
        if not digests:
            return
        # One query for the batch's people, one for the numbers not in it.
        in_batch = {
            check.person.id_number_digest: check
            for check in Check.objects.filter(batch=self.batch, person__id_number_digest__in=list(digests)).select_related(
                "person", "case"
            )
        }
        missing = [d for d in digests if d not in in_batch]
        known = set(
            Person.objects.filter(bureau_id=self.batch.bureau_id, id_number_digest__in=missing).values_list(
                "id_number_digest", flat=True
            )
        )
        for digest, matched in digests.items():
            first = matched[0]
            for row in matched[1:]:
                row.error("证件号码", f"与第{first.number}行重复。")
            masked = mask_resident_id(first.values["id_number"])
            check = in_batch.get(digest)
            if check is None:
                if digest in known:
                    first.error("证件号码", f"{masked} 的人员不在本批次中，不能导入其结果。")
                else:
                    first.error("证件号码", f"系统中没有证件号码为 {masked} 的教职员工。")
                continue
            first.existing = check

    def clean_row(self, row: Row) -> None:
        check = row.existing
        values = row.values
        name = values.get("name")
        if name and name != check.person.name:
            row.error("姓名", f"姓名与证件号码不符（本批次中该号码的人员为“{check.person.name}”）。")
        day = values.get("checked_on") or self.batch.query_date
        if day > self.today:
            row.error("查询日期", "查询日期不能晚于今天。")
        if check.status == CheckStatus.CHECKED:
            outcome = values.get("outcome")
            if outcome != check.outcome:
                row.error(
                    "查询结果", f"该人员的结果已登记为“{check.get_outcome_display()}”，不能更改为“{Outcome(outcome).label}”。"
                )

    def build(self, row: Row) -> Check:
        check = row.existing
        if check.status == CheckStatus.CHECKED:
            return check  # the same result again: nothing changes
        values = row.values
        outcome = values["outcome"]
        day = values.get("checked_on") or self.batch.query_date
        if outcome == Outcome.FAILED:
            check.status = CheckStatus.FAILED
            check.outcome = ""
            check.filed_on = None
        else:
            check.status = CheckStatus.CHECKED
            check.outcome = outcome
            # Filed into the person's 师德师风档案 as it is recorded (the 2024 report's words).
            check.filed_on = self.today
        check.checked_on = day
        check.reference = values.get("reference", "")
        check.recorded_by = self.user
        check.updated_at = timezone.now()
        check._hit = outcome == Outcome.RECORD
        return check

    def save(self, created: list[Check], updated: list[Check]) -> None:
        changed = [c for c in updated if hasattr(c, "_hit")]
        _update_results(changed)
        RestrictedCase.objects.bulk_create(
            RestrictedCase(bureau_id=c.bureau_id, check_record=c, person_id=c.person_id, opened_on=c.checked_on)
            for c in changed
            if c._hit
        )
        services.batch_complete_if_done(self.batch)
