"""A draft's attachments: listed on the edit form, each with a 删除 box, removed through
`notice_save_draft` (audited), only by the bureau's staff and only while a draft."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.notices import services
from apps.notices.models import NoticeAttachment, NoticeAttachmentEvent

from .conftest import in_days, make_notice, pdf_upload


@pytest.fixture
def draft(admin, school):
    return make_notice(admin, [school], send=False, attachments=[pdf_upload("旧附件.pdf"), pdf_upload("保留.pdf")])


def _form_data(notice, school, **extra):
    data = {"title": notice.title, "body": notice.body, "kind": notice.kind, "reply_required": "on",
            "deadline": in_days(7).isoformat(), "audience": "picked", "schools": [school.pk],
            "version": notice.version}  # fmt: skip
    data.update(extra)
    return data


def test_edit_form_lists_the_drafts_attachments_each_with_a_delete_box(draft, client_for):
    page = client_for("bureau_admin").get(reverse("notices:notice_edit", args=[draft.pk])).content.decode()
    assert "已上传的附件" in page
    for attachment in draft.attachments.all():
        assert f'name="remove_attachments" value="{attachment.pk}"' in page
        assert f"删除 {attachment.name}" in page


def test_ticking_delete_removes_that_attachment_and_the_trail_records_it(draft, client_for, school, users):
    old = draft.attachments.get(name="旧附件.pdf")
    response = client_for("bureau_admin").post(
        reverse("notices:notice_edit", args=[draft.pk]), _form_data(draft, school, remove_attachments=[old.pk])
    )
    assert response.status_code == 302
    assert list(draft.attachments.values_list("name", flat=True)) == ["保留.pdf"]
    deleted = NoticeAttachmentEvent.objects.get(pgh_obj_id=old.pk, pgh_label="delete")
    assert deleted.name == "旧附件.pdf"
    assert deleted.pgh_context.metadata["user"] == users["bureau_admin"].pk


def test_an_attachment_of_another_notice_is_not_offered_nor_removed(draft, admin, school, client_for):
    other = make_notice(admin, [school], send=False, attachments=[pdf_upload("别的通知.pdf")])
    foreign = other.attachments.get()
    response = client_for("bureau_admin").post(
        reverse("notices:notice_edit", args=[draft.pk]), _form_data(draft, school, remove_attachments=[foreign.pk])
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert NoticeAttachment.objects.filter(pk=foreign.pk).exists()
    with pytest.raises(ValidationError) as refused:
        services.notice_save_draft(by=admin, notice=draft, values={}, schools=[school], remove_attachments=[foreign])
    assert refused.value.message_dict == {"remove_attachments": ["只能删除本通知的附件。"]}
    assert NoticeAttachment.objects.filter(pk=foreign.pk).exists()


def test_a_school_user_cannot_remove_an_attachment(draft, users, school, client_for):
    old = draft.attachments.get(name="旧附件.pdf")
    url = reverse("notices:notice_edit", args=[draft.pk])
    response = client_for("school_user").post(url, _form_data(draft, school, remove_attachments=[old.pk]))
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.notice_save_draft(by=users["school_user"], notice=draft, values={}, schools=[school], remove_attachments=[old])
    assert draft.attachments.count() == 2


def test_another_bureau_cannot_remove_an_attachment(draft, users, school, client_for):
    old = draft.attachments.get(name="旧附件.pdf")
    url = reverse("notices:notice_edit", args=[draft.pk])
    response = client_for("other_bureau_admin").post(url, _form_data(draft, school, remove_attachments=[old.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied) as refused:
        services.notice_save_draft(
            by=users["other_bureau_admin"], notice=draft, values={}, schools=[school], remove_attachments=[old]
        )
    assert str(refused.value) == "您只能操作本局的通知。"
    assert draft.attachments.count() == 2


def test_a_sent_notices_attachments_cannot_be_removed(notice, admin, school, client_for):
    attachment = notice.attachments.get()
    url = reverse("notices:notice_edit", args=[notice.pk])
    response = client_for("bureau_admin").post(url, _form_data(notice, school, remove_attachments=[attachment.pk]))
    assert response.status_code == 302 and response["Location"] == notice.get_absolute_url()
    with pytest.raises(ValidationError) as refused:
        services.notice_save_draft(by=admin, notice=notice, values={}, schools=[school], remove_attachments=[attachment])
    assert refused.value.messages == [services.ALREADY_SENT]
    assert NoticeAttachment.objects.filter(pk=attachment.pk).exists()
