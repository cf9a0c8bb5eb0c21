"""The pledge journey in a real browser: the bureau's campaign reaches 高平二中, whose
user `gp2z` signs its pledge with a scan; `admin` sees the campaign's count change."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.documents.choices import DocumentKind
from apps.pledges import services
from apps.pledges.choices import PledgeStatus
from apps.pledges.models import Pledge
from tests import factories
from tests.documents.conftest import make_document

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


def test_gp2z_signs_its_pledge_with_a_scan_and_admin_sees_the_count_change(
    web: Page, portal, login, chromium_browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year
    bureau = portal["bureau"]
    campaign = services.campaign_launch(
        by=portal["admin"],
        year=year,
        title=f"{year}年度学校安全综治法治工作目标责任承诺书签订",
        pledge_document=make_document(bureau, title=f"{year}年度学校安全综治法治工作目标责任承诺书", kind=DocumentKind.OTHER),
        documents=[make_document(bureau, title=f"{year}年全市学校安全稳定法治工作要点", kind=DocumentKind.WORK_POINTS)],
        schools=[portal["erzhong"], portal["liuzhong"], portal["primary"]],
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )

    login("admin")
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="责任落实").click()
    nav.get_by_role("link", name="承诺书签订").click()
    expect(web.get_by_role("heading", name="承诺书签订", level=1)).to_be_visible()
    web.get_by_role("link", name=campaign.title).click()
    expect(web.get_by_label("签订统计")).to_contain_text("共 3 所学校：已签订 0，未签订 3。")

    admin_page, web = web, _school_page(chromium_browser, portal)
    expect(web.get_by_role("link", name=re.compile("待签订的目标责任承诺书"))).to_be_visible()
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="责任落实").click()
    nav.get_by_role("link", name="本校承诺书").click()
    row = web.get_by_role("row").filter(has_text="高平二中")
    expect(row).to_contain_text("待签订")
    expect(web.get_by_role("row").filter(has_text="高平六中")).to_have_count(0)
    row.get_by_role("link").click()
    web.get_by_role("link", name="签订承诺书").click()
    web.get_by_label("签订人").fill("张三")
    web.get_by_label("签订日期").fill(timezone.localdate().isoformat())
    web.get_by_label("签字盖章扫描件").set_input_files({"name": "二中承诺书.pdf", "mimeType": "application/pdf", "buffer": PDF})
    web.get_by_role("button", name="签订").click()
    expect(web.get_by_role("status").first).to_contain_text("承诺书已签订。")
    expect(web.get_by_role("link", name="下载签字盖章扫描件")).to_be_visible()
    expect(web.get_by_role("link", name="签订承诺书")).to_have_count(0)
    pledge = Pledge.objects.get(campaign=campaign, school=portal["erzhong"])
    assert pledge.status == PledgeStatus.SIGNED and pledge.signed_by == portal["gp2z"]

    school_page, web = web, admin_page
    web.reload()
    expect(web.get_by_label("签订统计")).to_contain_text("共 3 所学校：已签订 1，未签订 2。")
    expect(web.get_by_role("table").last.get_by_role("row").filter(has_text="高平二中")).to_contain_text("已签订")
    school_page.context.close()
