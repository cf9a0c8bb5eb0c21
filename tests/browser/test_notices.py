"""A notice's journey in a real browser: the bureau sends, a school reads, signs and
replies with an attachment, the bureau sees who is done and who is overdue."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.notices.models import Notice, NoticeAddressee
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _school_page(chromium_browser, portal) -> Page:
    """gp2z in a browser of its own (the admin's session stays open in `web`)."""

    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(portal["url"] + "/accounts/login/")
    page.get_by_label("用户名").fill("gp2z")
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    return page


def test_notice_sent_read_signed_replied_and_followed_up(web: Page, portal, login, chromium_browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deadline = timezone.localdate() + datetime.timedelta(days=5)

    login("admin")
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="通知").click()
    nav.get_by_role("link", name="通知管理").click()
    expect(web.get_by_role("heading", name="通知管理", level=1)).to_be_visible()
    web.get_by_role("link", name="新建").click()
    web.get_by_label("标题").fill("关于报送防治校园欺凌自查报告的通知")
    web.get_by_label("正文").fill("请各中学开展自查，报送自查报告。")
    web.get_by_label("需要反馈").check()
    web.get_by_label("截止日期").fill(deadline.isoformat())
    web.get_by_role("radio", name="按学校类型").check()
    web.get_by_role("checkbox", name="高中").check()
    web.get_by_role("checkbox", name="初中").check()
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("heading", name="关于报送防治校园欺凌自查报告的通知")).to_be_visible()
    web.get_by_role("button", name="下发").click()
    expect(web.get_by_role("status").first).to_contain_text("已下发至 2 所学校")
    notice = Notice.objects.get()
    assert sorted(notice.addressees.values_list("school__name", flat=True)) == ["高平二中", "高平六中"]

    admin_page, web = web, _school_page(chromium_browser, portal)
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="通知").click()
    nav.get_by_role("link", name="收件箱").click()
    row = web.get_by_role("row").filter(has_text="关于报送防治校园欺凌自查报告的通知")
    expect(row).to_contain_text("未读")
    row.get_by_role("link").click()
    expect(web.get_by_role("heading", name="关于报送防治校园欺凌自查报告的通知")).to_be_visible()
    web.get_by_role("button", name="签收").click()
    expect(web.get_by_role("status").first).to_contain_text("已签收。")
    web.get_by_role("link", name="提交反馈").click()
    web.get_by_label("反馈内容").fill("已完成自查，报告见附件。")
    web.get_by_label("附件").set_input_files({"name": "自查报告.pdf", "mimeType": "application/pdf", "buffer": PDF})
    web.get_by_role("button", name="提交反馈").click()
    expect(web.get_by_role("status").first).to_contain_text("反馈已提交。")
    expect(web.get_by_role("link", name="自查报告.pdf")).to_be_visible()

    # The deadline passes.
    Notice.objects.filter(pk=notice.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    school_page, web = web, admin_page
    web.goto(portal["url"] + notice.get_absolute_url())
    web.get_by_role("link", name="签收情况").click()
    table = web.get_by_role("table")
    expect(table.get_by_role("row").filter(has_text="高平二中")).to_contain_text("已反馈")
    liuzhong = table.get_by_role("row").filter(has_text="高平六中")
    expect(liuzhong).to_contain_text("未读")
    expect(liuzhong).to_contain_text("逾期")
    expect(web.get_by_label("签收统计")).to_contain_text("逾期 1")
    assert NoticeAddressee.objects.get(school__name="高平二中").attachments.count() == 1
    expect(web).to_have_url(re.compile(rf"/notices/{notice.pk}/receipts/$"))
    school_page.context.close()
