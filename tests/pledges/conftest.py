"""Builders and fixtures of the pledges tests. Uploads go to a per-test MEDIA_ROOT."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.models import DictionaryItem
from apps.documents.choices import DocumentKind
from apps.pledges import services
from apps.pledges.dictionary import MEETING_KIND
from apps.pledges.models import Campaign, Meeting
from tests.documents.conftest import make_document

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def scan_upload(name: str = "承诺书.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_campaign(by, schools, *, year: int | None = None, deadline: datetime.date | None = None, **values: Any) -> Campaign:
    bureau = by.bureau
    year = year or timezone.localdate().year
    pledge_document = values.pop("pledge_document", None) or make_document(
        bureau, title=f"{year}年度学校安全综治法治工作目标责任承诺书", kind=DocumentKind.OTHER
    )
    documents = values.pop("documents", None)
    if documents is None:
        documents = [
            make_document(
                bureau,
                title=f"{year}年全市学校安全稳定法治工作要点",
                kind=DocumentKind.WORK_POINTS,
                issued_on=datetime.date(year, 3, 8),
            )
        ]
    return services.campaign_launch(
        by=by,
        year=year,
        title=values.pop("title", f"{year}年度学校安全综治法治工作目标责任承诺书签订"),
        pledge_document=pledge_document,
        documents=documents,
        schools=schools,
        deadline=deadline or in_days(14),
        **values,
    )


def sign(pledge, by, **overrides: Any):
    fields: dict[str, Any] = {
        "signer": "张三",
        "signed_on": timezone.localdate(),
        "scan": scan_upload(),
        "version": pledge.version,
    }
    fields.update(overrides)
    return services.pledge_sign(pledge=pledge, by=by, **fields)


def meeting_kind(bureau, label: str = "安全法治工作例会") -> DictionaryItem:
    item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=MEETING_KIND, label=label)
    return item


def make_meeting(by, *, held_on: datetime.date | None = None, decisions: int = 0, **values: Any) -> Meeting:
    fields: dict[str, Any] = {
        "held_on": held_on or timezone.localdate() - datetime.timedelta(days=30),
        "kind": values.pop("kind", None) or meeting_kind(by.bureau),
        "topic": "春季开学安全检查",
        "host": "局长",
    }
    fields.update(values)
    meeting = services.meeting_save(by=by, values=fields)
    for i in range(decisions):
        services.decision_add(
            meeting=meeting, by=by, text=f"决定事项{i + 1}", owner="安全股", due_on=fields["held_on"] + datetime.timedelta(days=7)
        )
    return meeting


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def campaign(admin, school, other_school):
    """This year's campaign to 高平二中 and 高平六中, due in two weeks."""

    return make_campaign(admin, [school, other_school])


@pytest.fixture
def pledge(campaign, school):
    """高平二中's pledge, 待签订."""

    return campaign.pledges.get(school=school)


@pytest.fixture
def other_pledge(campaign, other_school):
    return campaign.pledges.get(school=other_school)


@pytest.fixture
def signed(pledge, users):
    """高平二中 has signed its pledge with a scan."""

    return sign(pledge, users["school_user"])


@pytest.fixture
def meeting(admin):
    """A meeting a month ago with two decisions, due a week after it (so overdue)."""

    return make_meeting(admin, decisions=2)
