"""Builders and fixtures of the screening tests: staff of 高平二中 with authorisations,
a query platform, batches, and results sheets as the platform returns them."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from apps.core.imports import run_import
from apps.core.models import DictionaryItem
from apps.screening import services
from apps.screening.dictionary import QUERY_PLATFORM
from apps.screening.imports import ResultImporter
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def scan(name: str = "授权书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def xlsx(rows: list[list[Any]], name: str = "结果.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


RESULT_HEADER = ["证件号码", "姓名", "查询结果", "查询编号", "查询日期"]


def results_sheet(rows: list[tuple[Any, str]]) -> SimpleUploadedFile:
    """(person or raw number, outcome label) rows."""

    lines = [RESULT_HEADER]
    for who, outcome in rows:
        if isinstance(who, str):
            lines.append([who, "", outcome, "", ""])
        else:
            lines.append([who.id_number, who.name, outcome, "", ""])
    return xlsx(lines)


def authorise(by, people, day: datetime.date | None = None):
    return services.authorisations_record(by=by, people=people, signed_on=day or timezone.localdate(), scan=scan())


def make_platform(bureau, label: str = "全国教职员工准入查询系统") -> DictionaryItem:
    item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=QUERY_PLATFORM, label=label)
    return item


def make_batch(by, schools, *, day: datetime.date | None = None, selection: str = "unchecked", people=(), title="准入查询"):
    return services.batch_create(
        by=by,
        title=title,
        query_date=day or timezone.localdate(),
        platform=make_platform(by.bureau),
        selection=selection,
        schools=schools,
        people=people,
    )


def record_results(by, batch, rows):
    """Export (as the platform needs it), then import `rows` of results."""

    services.batch_export(batch=batch, by=by)
    return run_import(ResultImporter(by, batch), results_sheet(rows))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def staff(school, users):
    """Four active staff of 高平二中 (teacher, teacher, support, security), authorised by the school."""

    people = [
        factories.make_person(school, name="王老师", category="teacher"),
        factories.make_person(school, name="李老师", category="teacher"),
        factories.make_person(school, name="赵师傅", category="support"),
        factories.make_person(school, name="钱保安", category="security"),
    ]
    authorise(users["school_user"], people)
    return people


@pytest.fixture
def batch(admin, school, staff):
    return make_batch(admin, [school])


def screening_rows(users, school) -> dict[str, Any]:
    """One row of each screening model a URL takes a pk of (tests/core walk every URL)."""

    from apps.screening.models import EthicsEntry, RestrictedCase

    admin = users["bureau_admin"]
    people = [factories.make_person(school, name="查询甲"), factories.make_person(school, name="查询乙")]
    authorise(users["school_user"], people)
    batch = make_batch(admin, [school])
    record_results(admin, batch, [(people[0], "有记录"), (people[1], "无记录")])
    return {
        "Authorisation": people[0].screening_authorisations.get(),
        "QueryBatch": batch,
        "Check": batch.checks.get(person=people[1]),
        "RestrictedCase": RestrictedCase.objects.get(check_record__batch=batch),
        "EthicsEntry": EthicsEntry.objects.create(
            bureau=admin.bureau, person=people[0], kind="commendation", occurred_on="2024-09-10", title="优秀教师"
        ),
    }
