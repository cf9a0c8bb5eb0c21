"""Builders of the 欺凌防治 tests: a published checklist, a round of the high schools
(高平二中 and 高平六中 of tests/conftest.py), spot checks. Uploads go to a per-test MEDIA_ROOT."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.bullying import services
from apps.bullying.choices import AnswerType
from apps.bullying.models import ChecklistItem, ChecklistVersion, Round, SelfInspection

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

ITEMS = [
    ("一、组织领导", "成立学生欺凌治理委员会。", AnswerType.COMPLIANCE, True),
    ("二、教育预防", "本学期专题教育次数。", AnswerType.NUMBER, False),
    ("二、教育预防", "其他需要说明的情况。", AnswerType.TEXT, False),
]


def pdf_upload(name: str = "佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png_upload(name: str = "照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_version(admin, items=ITEMS, title: str = "中小学防治校园暴力与学生欺凌检查清单") -> ChecklistVersion:
    checklist = services.checklist_save(by=admin, values={"title": title})
    draft = checklist.versions.get()
    for section, text, answer_type, evidence in items:
        services.item_save(
            by=admin,
            version=draft,
            values={"section": section, "text": text, "answer_type": answer_type, "evidence_required": evidence},
        )
    return services.checklist_publish(version=draft, by=admin)


def make_round(admin, version=None, *, kinds=("high",), deadline=None, year: int | None = None, **values: Any) -> Round:
    version = version or make_version(admin)
    return services.round_open(
        by=admin,
        title=values.pop("title", "2024年春季学期防治校园欺凌自查"),
        version=version,
        period=values.pop("period", "2024年春季学期"),
        year=year or timezone.localdate().year,
        kinds=list(kinds),
        deadline=deadline or in_days(14),
    )


def fill(inspection: SelfInspection, user, *, evidence: bool = True, token=None) -> SelfInspection:
    """Answer every item (with evidence where the item asks for it) and save the draft."""

    items = list(inspection.round.version.items.all())
    answers = {}
    for item in items:
        value = {"compliance": "符合", "number": "3", "text": "无"}[item.answer_type]
        answers[item.pk] = (value, "")
    files = {item.pk: [pdf_upload()] for item in items if item.evidence_required and evidence}
    inspection.refresh_from_db()
    saved, _ = services.inspection_save(
        inspection=inspection, by=user, answers=answers, evidence=files, version=inspection.version, token=token
    )
    return saved


def items_of(inspection) -> list[ChecklistItem]:
    return list(inspection.round.version.items.all())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def version(admin):
    return make_version(admin)


@pytest.fixture
def round_(admin, version, school, other_school):
    return make_round(admin, version)


@pytest.fixture
def mine(round_, school) -> SelfInspection:
    """高平二中's form."""

    return round_.inspections.get(school=school)


@pytest.fixture
def theirs(round_, other_school) -> SelfInspection:
    """高平六中's form."""

    return round_.inspections.get(school=other_school)


@pytest.fixture
def submitted(mine, users) -> SelfInspection:
    user = users["school_user"]
    fill(mine, user)
    done, _ = services.inspection_submit(inspection=mine, by=user)
    return done
