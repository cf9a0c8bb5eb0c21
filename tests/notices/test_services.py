"""The rules of notices: scope, receipts recorded once, deadlines, versions, double submits."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.notices import selectors, services
from apps.notices.choices import EventKind, NoticeKind, Progress
from apps.notices.models import Notice, NoticeAddressee, NoticeLog
from tests import factories

from .conftest import in_days, make_notice, pdf_upload


def test_school_never_sees_a_notice_not_addressed_to_it_nor_a_draft(admin, users, school, other_school, notice):
    make_notice(admin, [school], send=False, title="草稿")
    assert list(Notice.objects.for_user(users["school_user"])) == [notice]
    assert not Notice.objects.for_user(users["other_school_user"]).exists()
    assert not NoticeAddressee.objects.for_user(users["other_school_user"]).exists()
    assert Notice.objects.for_user(users["other_bureau_admin"]).count() == 0


def test_reading_and_signing_are_recorded_once(copy, users):
    user = users["school_user"]
    assert services.addressee_mark_read(addressee=copy, by=user) is True
    first = NoticeAddressee.objects.get(pk=copy.pk).read_at
    assert services.addressee_mark_read(addressee=copy, by=user) is False
    assert services.addressee_acknowledge(addressee=copy, by=user) is True
    assert services.addressee_acknowledge(addressee=copy, by=user) is False
    copy.refresh_from_db()
    assert copy.read_at == first and copy.progress == Progress.ACKNOWLEDGED
    assert copy.events.filter(pgh_label="update").count() == 3  # sending, one reading, one 签收


def test_the_bureau_opening_a_copy_records_no_reading(copy, admin):
    assert services.addressee_mark_read(addressee=copy, by=admin) is False
    copy.refresh_from_db()
    assert copy.read_at is None


def test_another_school_cannot_sign_for_a_copy(copy, users):
    with pytest.raises(PermissionDenied):
        services.addressee_acknowledge(addressee=copy, by=users["other_school_user"])


def test_reply_after_the_deadline_is_refused_unless_reopened(admin, users, school):
    notice = make_notice(admin, [school], deadline=in_days(1))
    Notice.objects.filter(pk=notice.pk).update(deadline=in_days(-1))
    copy = NoticeAddressee.objects.get(notice=notice)
    user = users["school_user"]
    services.addressee_acknowledge(addressee=copy, by=user)
    deadline = in_days(-1)
    with pytest.raises(ValidationError) as refused:
        services.addressee_reply(addressee=copy, by=user, text="补交", version=copy.version)
    assert refused.value.messages == [
        f"已过反馈截止日期（{deadline.year}年{deadline.month}月{deadline.day}日），不能再提交反馈；如需补交，请联系教育局重新开放。"
    ]
    assert copy in NoticeAddressee.objects.overdue()
    services.addressee_reopen(addressee=copy, by=admin, until=in_days(3))
    copy.refresh_from_db()
    assert copy not in NoticeAddressee.objects.overdue()
    copy = services.addressee_reply(addressee=copy, by=user, text="补交", version=copy.version)
    assert copy.progress == Progress.REPLIED
    assert NoticeLog.objects.filter(notice=notice, kind=EventKind.REOPENED).count() == 1


def test_a_reply_from_an_older_version_is_refused(replied, users):
    user = users["school_user"]
    old = replied.version - 1
    with pytest.raises(ValidationError) as refused:
        services.addressee_reply(addressee=replied, by=user, text="覆盖", version=old)
    assert refused.value.messages == ["反馈已被他人修改（您看到的是旧版本），请重新打开后再提交。"]
    replied.refresh_from_db()
    assert replied.reply == "已完成自查。"


def test_a_double_submitted_reply_saves_once(copy, users):
    user = users["school_user"]
    services.addressee_acknowledge(addressee=copy, by=user)
    token = uuid.uuid4()
    version = NoticeAddressee.objects.get(pk=copy.pk).version
    for _ in range(2):
        services.addressee_reply(addressee=copy, by=user, text="一次", attachments=[pdf_upload()], version=version, token=token)
    copy.refresh_from_db()
    assert copy.version == version + 1 and copy.attachments.count() == 1


def test_an_accepted_reply_cannot_be_revised(replied, users, admin):
    services.addressee_accept(addressee=replied, by=admin, version=replied.version)
    replied.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.addressee_reply(addressee=replied, by=users["school_user"], text="再改", version=replied.version)
    assert refused.value.messages == ["教育局已采纳该反馈，不能再修改。"]


def test_a_draft_saved_from_an_older_version_is_refused(admin, users, school):
    draft = make_notice(admin, [school], send=False)
    values = {"title": "甲的修改", "body": "正文", "kind": NoticeKind.NOTICE}
    services.notice_save_draft(by=admin, notice=draft, values=values, schools=[school], version=1)
    with pytest.raises(ValidationError) as refused:
        services.notice_save_draft(
            by=users["legal_officer"], notice=draft, values={**values, "title": "乙的修改"}, schools=[school], version=1
        )
    assert refused.value.messages == ["该通知已被他人修改（您看到的是旧版本），请重新打开后再修改。"]
    assert Notice.objects.get(pk=draft.pk).title == "甲的修改"


def test_a_double_submitted_new_notice_creates_one(admin, school):
    token = uuid.uuid4()
    values = {"title": "一次", "body": "正文", "kind": NoticeKind.NOTICE}
    first = services.notice_save_draft(by=admin, values=values, schools=[school], token=token)
    second = services.notice_save_draft(by=admin, values=values, schools=[school], token=token)
    assert first.pk == second.pk and Notice.objects.count() == 1


def test_schools_of_a_sent_notice_only_grow_and_each_addition_is_recorded(admin, school, other_school, notice):
    values = {"title": "改", "body": "改", "kind": NoticeKind.NOTICE}
    with pytest.raises(ValidationError) as refused:
        services.notice_save_draft(by=admin, notice=notice, values=values, schools=[other_school])
    assert refused.value.messages == ["通知已下发，不能再修改正文和下发学校；如需追加学校，请使用“追加下发学校”。"]
    services.notice_add_schools(notice=notice, schools=[school, other_school], by=admin)
    assert set(notice.addressees.values_list("school__name", flat=True)) == {"高平二中", "高平六中"}
    log = NoticeLog.objects.get(notice=notice, kind=EventKind.SCHOOLS_ADDED)
    assert log.detail == "追加：高平六中"
    assert notice.addressees.get(school=other_school).added_after_send


def test_other_apps_send_through_notice_create_for(admin, school, users):
    notice = services.notice_create_for(
        by=admin,
        title="关于签订2025年度目标责任承诺书的通知",
        body="请签订承诺书。",
        schools=[school],
        reply_required=True,
        deadline=in_days(10),
        purpose="pledges",
    )
    assert notice.status == "sent" and notice.purpose == "pledges"
    assert [c.notice for c in selectors.inbox(users["school_user"])] == [notice]


def test_a_school_cannot_write_notices_and_another_bureau_cannot_send_ours(users, school, notice):
    with pytest.raises(PermissionDenied):
        services.notice_save_draft(by=users["school_user"], values={"title": "x", "body": "x"}, schools=[school])
    with pytest.raises(PermissionDenied):
        services.notice_remind(notice=notice, by=users["other_bureau_admin"])
    other = factories.make_school(factories.make_bureau(), name="外县学校")
    with pytest.raises(ValidationError):
        services.notice_add_schools(notice=notice, schools=[other], by=users["bureau_admin"])


def test_remind_marks_only_the_laggards(admin, users, school, other_school):
    notice = make_notice(admin, [school, other_school])
    done = notice.addressees.get(school=school)
    services.addressee_acknowledge(addressee=done, by=users["school_user"])
    services.addressee_reply(addressee=done, by=users["school_user"], text="好", version=done.version + 0)
    assert services.notice_remind(notice=notice, by=admin) == 1
    assert list(notice.addressees.filter(reminded_at__isnull=False).values_list("school__name", flat=True)) == ["高平六中"]
    items = {item.title: item.count for item in selectors.attention(users["other_school_user"])}
    assert items == {"未签收的通知": 1, "待提交的反馈": 1, "教育局催办的通知": 1}


def test_attention_counts_notices_with_overdue_schools(admin, school, notice):
    assert {i.title: i.count for i in selectors.attention(admin)} == {"有学校逾期未签收或未反馈的通知": 0}
    Notice.objects.filter(pk=notice.pk).update(deadline=datetime.date(2020, 1, 1))
    assert {i.title: i.count for i in selectors.attention(admin)} == {"有学校逾期未签收或未反馈的通知": 1}


def test_key_figures_count_this_years_notices_for_each_side(admin, users, school, notice):
    make_notice(admin, [school], send=False, title="草稿不计")
    (staff,) = selectors.key_figures(admin)
    assert (staff.label, staff.value) == ("今年下发通知", 1)
    (mine,) = selectors.key_figures(users["school_user"])
    assert (mine.label, mine.value) == ("今年收到通知", 1)
    (theirs,) = selectors.key_figures(users["other_school_user"])
    assert theirs.value == 0
