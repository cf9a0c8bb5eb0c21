"""Creating and changing documents through the form: bureau, 文号, dates, attachments."""

from __future__ import annotations

import datetime
from pathlib import PurePath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.documents.forms import DocumentForm, size_label
from apps.documents.models import Document

from .conftest import docx_upload, make_document, make_law, make_topic, pdf_upload, zip_upload

pytestmark = pytest.mark.django_db

UNSUPPORTED = "附件类型不支持，仅支持 PDF、Word、Excel、OFD 文件。"


def form_data(**overrides) -> dict:
    data = {
        "title": "高平市学科类校外培训机构信用分级分类管理办法",
        "number": "高教发[2024]2号",
        "kind": "measures",
        "issuer": "高平市教育局",
        "issued_on": "2024-06-12",
        "effective_from": "2024-07-01",
        "effective_to": "",
        "status": "valid",
        "summary": "",
    }
    data.update(overrides)
    return data


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_legal_officer_creates_a_document_of_its_bureau_with_the_number_normalised(client_for, users, bureau, other_bureau):
    topic = make_topic(bureau, "校外培训")
    law = make_law("中华人民共和国民办教育促进法")
    data = form_data(topics=[topic.pk], laws=[law.pk], attachment=pdf_upload("办法.pdf"), bureau=other_bureau.pk)
    response = client_for("legal_officer").post(reverse("documents:document_add"), data)

    document = Document.objects.get(title="高平市学科类校外培训机构信用分级分类管理办法")
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.bureau == bureau  # never the posted one
    assert document.number == "高教发〔2024〕2号"
    assert document.issued_on == datetime.date(2024, 6, 12)
    assert list(document.topics.all()) == [topic]
    assert list(document.laws.all()) == [law]
    # Stored under the upload's year (upload_to="documents/%Y/"), named as uploaded.
    assert document.attachment.name == f"documents/{datetime.date.today().year}/办法.pdf"


def test_history_on_the_detail_page_names_the_creating_user(client_for, users):
    client_for("legal_officer").post(reverse("documents:document_add"), form_data())
    document = Document.objects.get(title="高平市学科类校外培训机构信用分级分类管理办法")
    # Read by another user, so the creator's name cannot come from the page header.
    html = client_for("bureau_admin").get(document.get_absolute_url()).content.decode()
    history = html[html.index('id="history-heading"') :]
    row = history[history.index("<tbody>") : history.index("</tbody>")]
    assert "新建" in row
    assert str(users["legal_officer"]) == "t_fagui"
    assert '<td data-label="操作人">t_fagui</td>' in row


def test_success_message_names_the_document(client_for):
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(), follow=True)
    assert "已新建文件“高平市学科类校外培训机构信用分级分类管理办法”。" in response.content.decode()


def test_oversized_attachment_is_rejected_and_nothing_saved(client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    upload = pdf_upload(size=1024 * 1024 + 1)
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(attachment=upload))
    assert response.status_code == 200
    assert errors_of(response) == {"attachment": ["附件不能超过 1 MB。"]}
    assert not Document.objects.exists()


def test_attachment_exactly_at_the_limit_is_accepted(client_for, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(attachment=pdf_upload(size=2048)))
    assert response.status_code == 302
    assert Document.objects.get().attachment.size == 2048


def test_the_default_limit_reads_20_mb(settings):
    assert settings.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024
    assert size_label(settings.ATTACHMENT_MAX_BYTES) == "20 MB"
    assert size_label(1536) == "1.5 KB"
    assert size_label(100) == "100 字节"


def test_a_text_file_named_pdf_is_rejected_and_nothing_saved(client_for):
    fake = SimpleUploadedFile("通知.pdf", "这不是PDF，只是文本。".encode(), content_type="application/pdf")
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(attachment=fake))
    assert errors_of(response) == {"attachment": [UNSUPPORTED]}
    assert UNSUPPORTED in response.content.decode()
    assert not Document.objects.exists()


def test_a_zip_that_is_no_office_file_is_rejected(client_for):
    upload = zip_upload("报告.docx", {"readme.txt": b"hello"})
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(attachment=upload))
    assert errors_of(response) == {"attachment": [UNSUPPORTED]}
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("upload", "extension"),
    [
        (docx_upload("方案.docx"), ".docx"),
        (zip_upload("清单.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), ".xlsx"),
        (zip_upload("公文.ofd", {"OFD.xml": b"<ofd:OFD/>"}), ".ofd"),
        (SimpleUploadedFile("旧表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), ".xls"),
        (SimpleUploadedFile("旧文.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64), ".doc"),
        # Judged by content: a PDF uploaded as .txt is stored as .pdf.
        (pdf_upload("扫描件.txt"), ".pdf"),
    ],
)
def test_supported_attachments_are_stored_under_the_extension_of_their_content(client_for, upload, extension):
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(attachment=upload))
    assert response.status_code == 302
    assert PurePath(Document.objects.get().attachment.name).suffix == extension


def test_effective_to_before_effective_from_is_rejected_on_the_field(client_for):
    data = form_data(effective_from="2024-07-01", effective_to="2024-06-30")
    response = client_for("legal_officer").post(reverse("documents:document_add"), data)
    assert errors_of(response) == {"effective_to": ["失效日期不能早于生效日期。"]}
    assert not Document.objects.exists()


def test_effective_to_on_effective_from_is_accepted(client_for):
    data = form_data(effective_from="2024-07-01", effective_to="2024-07-01")
    assert client_for("legal_officer").post(reverse("documents:document_add"), data).status_code == 302


def test_topics_are_only_the_users_bureau_document_topics(users, bureau, other_bureau):
    own = make_topic(bureau, "依法治校")
    make_topic(bureau, "高平市教育局", kind="issuing_body")
    make_topic(other_bureau, "阳城专题")
    form = DocumentForm(user=users["legal_officer"])
    assert list(form.fields["topics"].queryset) == [own]


def test_another_bureaus_topic_cannot_be_posted(client_for, other_bureau):
    foreign = make_topic(other_bureau, "阳城专题")
    response = client_for("legal_officer").post(reverse("documents:document_add"), form_data(topics=[foreign.pk]))
    assert list(errors_of(response)) == ["topics"]
    assert not Document.objects.exists()


def test_laws_offered_are_those_in_force_plus_those_already_cited(users, bureau):
    in_force = make_law("测试现行法")
    repealed = make_law("测试已废止法", status="repealed")
    assert in_force in DocumentForm(user=users["legal_officer"]).fields["laws"].queryset
    assert repealed not in DocumentForm(user=users["legal_officer"]).fields["laws"].queryset
    document = make_document(bureau)
    document.laws.add(repealed)
    assert repealed in DocumentForm(user=users["legal_officer"], instance=document).fields["laws"].queryset


def test_editing_keeps_the_attachment_and_the_bureau(client_for, document, other_bureau):
    before = document.attachment.name
    data = form_data(title="2024年全市学校安全稳定法治工作要点（修订）", number="高教发（2024）3号", bureau=other_bureau.pk)
    response = client_for("bureau_admin").post(reverse("documents:document_edit", args=[document.pk]), data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "2024年全市学校安全稳定法治工作要点（修订）"
    assert document.number == "高教发〔2024〕3号"
    assert document.attachment.name == before
    assert document.bureau.region_code == "140581"


def test_editing_can_replace_the_attachment_with_one_checked_by_content(client_for, document):
    fake = SimpleUploadedFile("新版.docx", b"plain text")
    url = reverse("documents:document_edit", args=[document.pk])
    response = client_for("bureau_admin").post(url, form_data(attachment=fake))
    assert errors_of(response) == {"attachment": [UNSUPPORTED]}
    response = client_for("bureau_admin").post(url, form_data(attachment=docx_upload("新版.docx")))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.attachment.name.endswith(".docx")


def test_save_without_commit_writes_nothing_and_leaves_save_m2m(users, bureau):
    # Before: DocumentForm.save() ignored commit=False and wrote the row and its links.
    topic = make_topic(bureau, "依法治校")
    form = DocumentForm(form_data(topics=[topic.pk]), user=users["legal_officer"])
    assert form.is_valid(), form.errors
    document = form.save(commit=False)
    assert document.pk is None and document.bureau == bureau
    assert not Document.objects.exists()
    document.save()
    form.save_m2m()
    assert list(document.topics.all()) == [topic]


def test_document_service_refuses_a_user_without_the_right(users):
    from django.core.exceptions import PermissionDenied

    from apps.documents.services import document_save

    document = Document(title="方案", kind="plan", issuer="高平市教育局", issued_on=datetime.date(2024, 3, 1))
    with pytest.raises(PermissionDenied):
        document_save(document=document, by=users["inspector"])
    assert not Document.objects.exists()


def test_law_form_without_commit_writes_nothing(users):
    from apps.documents.forms import LawForm
    from apps.documents.models import Law

    before = Law.objects.count()
    form = LawForm({"name": "测试条例", "level": "local_regulation", "status": "in_force"}, user=users["legal_officer"])
    assert form.is_valid(), form.errors
    law = form.save(commit=False)
    assert law.pk is None and Law.objects.count() == before
    assert form.save().search_text != ""
