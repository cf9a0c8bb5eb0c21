"""Builders and fixtures of the notices tests. Uploads go to a per-test MEDIA_ROOT."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.notices import services
from apps.notices.models import Notice

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "自查报告.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def make_notice(by, schools, *, send: bool = True, **values: Any) -> Notice:
    fields: dict[str, Any] = {
        "title": "关于开展校园欺凌自查的通知",
        "body": "请各校开展自查，并于截止日期前反馈自查报告。",
        "kind": "notice",
        "reply_required": True,
        "deadline": in_days(7),
    }
    documents = values.pop("documents", ())
    attachments = values.pop("attachments", ())
    fields.update(values)
    notice = services.notice_save_draft(by=by, values=fields, schools=schools, documents=documents, attachments=attachments)
    return services.notice_send(notice=notice, by=by) if send else notice


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def notice(admin, school):
    """Sent to 高平二中 only, a reply required in a week, with one attachment."""

    return make_notice(admin, [school], attachments=[pdf_upload("通知附件.pdf")])


@pytest.fixture
def copy(notice, school):
    return notice.addressees.get(school=school)


@pytest.fixture
def replied(copy, users):
    """高平二中 has signed for the notice and replied with an attachment."""

    user = users["school_user"]
    services.addressee_acknowledge(addressee=copy, by=user)
    return services.addressee_reply(
        addressee=copy, by=user, text="已完成自查。", attachments=[pdf_upload()], version=copy.version
    )
