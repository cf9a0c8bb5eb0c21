"""Builders and fixtures of the document library tests.

Uploaded files go to a per-test MEDIA_ROOT, never the project's media folder.
"""

from __future__ import annotations

import datetime
import io
import itertools
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.models import DictionaryItem
from apps.documents.choices import DocumentKind
from apps.documents.dictionary import DOCUMENT_TOPIC
from apps.documents.models import Document, Law
from apps.documents.services import document_index, law_index
from apps.registry.models import Bureau

_seq = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_document(bureau: Bureau, **overrides: Any) -> Document:
    n = next(_seq)
    fields: dict[str, Any] = {
        "bureau": bureau,
        "title": f"测试文件{n}",
        "number": f"高教发〔2024〕{n}号",
        "kind": DocumentKind.NOTICE,
        "issuer": bureau.name,  # the bureau itself (泽州's documents say 泽州)
        "issued_on": datetime.date(2024, 3, 1),
    }
    fields.update(overrides)
    document = Document(**fields)
    document_index(document)
    document.save()
    return document


def make_topic(bureau: Bureau, label: str = "安全稳定", **overrides: Any) -> DictionaryItem:
    fields: dict[str, Any] = {"bureau": bureau, "kind": DOCUMENT_TOPIC, "label": label}
    fields.update(overrides)
    return DictionaryItem.objects.create(**fields)


def make_law(name: str = "测试法", **overrides: Any) -> Law:
    law = Law.objects.filter(name=name).first()
    if law is None:
        law = Law(name=name, **{"level": "law", **overrides})
        law_index(law)
        law.save()
    return law


def pdf_upload(name: str = "通知.pdf", size: int | None = None) -> SimpleUploadedFile:
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def zip_upload(name: str, members: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_upload(name: str = "方案.docx") -> SimpleUploadedFile:
    return zip_upload(name, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def document(bureau) -> Document:
    """A 高平 document with a PDF attachment."""

    document = make_document(bureau, title="2024年全市学校安全稳定法治工作要点", kind=DocumentKind.WORK_POINTS)
    document.attachment.save("gongzuo.pdf", pdf_upload(), save=True)
    return document


@pytest.fixture
def other_document(other_bureau) -> Document:
    """A document of 阳城 (another bureau), with an attachment."""

    document = make_document(other_bureau, title="阳城县教育局保密文件", number="阳教发〔2024〕9号", issuer="阳城县教育局")
    document.attachment.save("baomi.pdf", pdf_upload(), save=True)
    return document
