"""Pages of notices: what a school may open, the zip, forms, query counts."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from django.urls import reverse

from apps.notices import services
from apps.notices.models import Notice, NoticeAddressee
from tests import factories
from tests.conftest import login

from .conftest import in_days, make_notice, pdf_upload


@pytest.fixture
def both(admin, users, school, other_school):
    """Sent to both schools; both replied with an attachment."""

    notice = make_notice(admin, [school, other_school])
    for role, name in (("school_user", "二中报告.pdf"), ("other_school_user", "六中报告.pdf")):
        user = users[role]
        copy = NoticeAddressee.objects.get(notice=notice, school_id=user.school_id)
        services.addressee_acknowledge(addressee=copy, by=user)
        services.addressee_reply(addressee=copy, by=user, text=f"{name}已上传", attachments=[pdf_upload(name)], version=1)
    return notice


def test_a_school_never_opens_another_schools_reply_or_attachment(both, client_for, other_school):
    theirs = NoticeAddressee.objects.get(notice=both, school=other_school)
    client = client_for("school_user")
    assert client.get(reverse("notices:receipt", args=[theirs.pk])).status_code == 404
    attachment = theirs.attachments.get()
    assert client.get(reverse("notices:reply_attachment", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("notices:notice_replies_zip", args=[both.pk])).status_code == 403
    page = client.get(reverse("notices:inbox")).content.decode()
    assert "六中报告" not in page


def test_the_zip_holds_exactly_the_notices_replies_named_by_school(both, admin, school):
    make_notice(admin, [school], title="另一通知")  # its replies must stay out
    response = login(admin).get(reverse("notices:notice_replies_zip", args=[both.pk]))
    assert response.status_code == 200 and response.streaming
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["高平二中_二中报告.pdf", "高平六中_六中报告.pdf"]
    assert archive.read("高平二中_二中报告.pdf").startswith(b"%PDF-")


def test_opening_the_copy_records_the_reading_once(copy, client_for):
    client = client_for("school_user")
    url = reverse("notices:receipt", args=[copy.pk])
    client.get(url)
    first = NoticeAddressee.objects.get(pk=copy.pk).read_at
    client.get(url)
    client.get(reverse("notices:notice", args=[copy.notice_id]))
    assert NoticeAddressee.objects.get(pk=copy.pk).read_at == first is not None


def test_a_school_opening_the_notice_url_lands_on_its_copy(copy, client_for):
    response = client_for("school_user").get(reverse("notices:notice", args=[copy.notice_id]))
    assert response["Location"] == reverse("notices:receipt", args=[copy.pk])


def test_reply_form_refuses_a_stale_version_and_keeps_the_text(copy, client_for, users):
    services.addressee_acknowledge(addressee=copy, by=users["school_user"])
    client = client_for("school_user")
    url = reverse("notices:receipt_reply", args=[copy.pk])
    client.post(url, {"text": "第一次", "version": 1, "token": uuid.uuid4()})
    response = client.post(url, {"text": "旧页面上的修改", "version": 1, "token": uuid.uuid4()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "反馈已被他人修改（您看到的是旧版本），请重新打开后再提交。" in page
    assert "旧页面上的修改" in page
    assert NoticeAddressee.objects.get(pk=copy.pk).reply == "第一次"


def test_reply_with_a_fake_pdf_says_what_is_wrong(copy, client_for, users):
    services.addressee_acknowledge(addressee=copy, by=users["school_user"])
    fake = pdf_upload("报告.pdf")
    fake.file = io.BytesIO(b"not a pdf at all")
    fake.size = 16
    response = client_for("school_user").post(
        reverse("notices:receipt_reply", args=[copy.pk]), {"text": "见附件", "version": 1, "attachments": [fake]}
    )
    assert "“报告.pdf”：附件类型不支持，仅支持 PDF、Word、Excel、OFD 文件。" in response.content.decode()
    assert NoticeAddressee.objects.get(pk=copy.pk).replied_at is None


def test_new_notice_form_keeps_input_and_a_double_click_saves_once(client_for, school):
    client = client_for("bureau_admin")
    url = reverse("notices:notice_add")
    token = str(uuid.uuid4())
    data = {"title": "关于报送自查报告的通知", "body": "请报送。", "kind": "notice", "reply_required": "on",
            "audience": "picked", "token": token}  # fmt: skip
    response = client.post(url, data)
    page = response.content.decode()
    assert "需要反馈的通知必须填写截止日期。" in page and "请至少选择一所下发学校。" in page
    assert "关于报送自查报告的通知" in page and not Notice.objects.exists()
    data.update(deadline=in_days(5).isoformat(), schools=[school.pk])
    first, second = client.post(url, data), client.post(url, data)
    notice = Notice.objects.get()
    assert first["Location"] == second["Location"] == notice.get_absolute_url()
    assert list(notice.addressees.values_list("school__name", flat=True)) == ["高平二中"]


def test_send_by_kind_reaches_every_school_of_those_kinds(client_for, bureau, school, other_school):
    primary = factories.make_school(bureau, name="高平市第一小学", kind="primary")
    client = client_for("bureau_admin")
    client.post(
        reverse("notices:notice_add"),
        {"title": "高中通知", "body": "正文", "kind": "notice", "audience": "kinds", "kinds": ["high"]},
    )
    notice = Notice.objects.get()
    response = client.post(reverse("notices:notice_send", args=[notice.pk]), follow=True)
    assert "通知“高中通知”已下发至 2 所学校。" in response.content.decode()
    assert not notice.addressees.filter(school=primary).exists()


def _many_schools(bureau, n):
    return [factories.make_school(bureau, name=f"规模测试学校{i}", kind="primary") for i in range(n)]


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_schools(size, admin, bureau, school, users, django_assert_max_num_queries):
    schools = [school, *_many_schools(bureau, size)]
    notice = make_notice(admin, schools)
    for _ in range(size // 3 + 1):
        make_notice(admin, [school], title=f"收件{_}")
    staff, school_client = login(admin), login(users["school_user"])
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("notices:notice_receipts", args=[notice.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert school_client.get(reverse("notices:inbox")).status_code == 200
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("notices:notice_list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert staff.get(reverse("notices:receipt_list")).status_code == 200
    # 20: the whole dashboard, the pledges app's school item (one aggregate) included.
    with django_assert_max_num_queries(27):
        assert school_client.get(reverse("core:dashboard")).status_code == 200
