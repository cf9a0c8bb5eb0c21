"""The pledge journey in a real browser: the bureau's campaign reaches 高平二中, whose
user `gp2z` signs its pledge with a scan; `admin` sees the campaign's count change."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.documents.choices import DocumentKind
from apps.pledges import services
from apps.pledges.choices import PledgeStatus
from apps.pledges.models import Pledge
from tests import factories
from tests.browser.test_accessibility import serious_violations
from tests.documents.conftest import make_document
from tests.pledges.conftest import make_meeting

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def axe_web(chromium_browser):
    """A page whose CSP is bypassed so the test can inject axe-core."""

    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


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


def _launch(portal):
    year = timezone.localdate().year
    bureau = portal["bureau"]
    return services.campaign_launch(
        by=portal["admin"],
        year=year,
        title=f"{year}年度学校安全综治法治工作目标责任承诺书签订",
        pledge_document=make_document(bureau, title=f"{year}年度学校安全综治法治工作目标责任承诺书", kind=DocumentKind.OTHER),
        documents=[make_document(bureau, title=f"{year}年全市学校安全稳定法治工作要点", kind=DocumentKind.WORK_POINTS)],
        schools=[portal["erzhong"], portal["liuzhong"], portal["primary"]],
        deadline=timezone.localdate() + datetime.timedelta(days=7),
    )


def test_gp2z_signs_its_pledge_with_a_scan_and_admin_sees_the_count_change(
    web: Page, portal, login, chromium_browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    campaign = _launch(portal)

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


def test_the_pledges_pages_pass_axe(axe_web: Page, portal, settings, tmp_path):
    """The staff's and the school's pages of the app: no serious or critical problem."""

    settings.MEDIA_ROOT = tmp_path
    campaign = _launch(portal)
    pledge = campaign.pledges.get(school=portal["erzhong"])
    meeting = make_meeting(portal["admin"], decisions=2)
    from django.urls import reverse

    pages = {
        "admin": [
            reverse("pledges:campaign_list"),
            campaign.get_absolute_url(),
            reverse("pledges:campaign_add"),
            pledge.get_absolute_url(),
            reverse("pledges:meeting_list"),
            meeting.get_absolute_url(),
            reverse("pledges:meeting_add"),
            reverse("pledges:decision_list"),
        ],
        "gp2z": [reverse("pledges:pledge_list"), pledge.get_absolute_url(), reverse("pledges:pledge_sign", args=[pledge.pk])],
    }
    failures = {}
    for username, urls in pages.items():
        axe_web.context.clear_cookies()
        user = portal["admin"] if username == "admin" else portal["gp2z"]
        _sign_in(axe_web, portal, user)
        for url in urls:
            response = axe_web.goto(portal["url"] + url)
            assert response is not None and response.status == 200, url
            assert axe_web.url == portal["url"] + url, (url, axe_web.url)  # not sent to the login page
            found = serious_violations(axe_web)
            if found:
                failures[url] = found
    assert not failures, failures


def _sign_in(page: Page, portal, user) -> None:
    """A signed-in session without the form (the journey above goes through it): the
    session cookie of a test client whose second factor is done."""

    from tests.conftest import login as client_login

    client = client_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": portal["url"]}])
