"""The annual report's journey in a real browser: the 法规股 builds last year's report
and writes part 六, the bureau admin reviews and publishes it, and a visitor downloads
it as .docx and PDF from the public site."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect

from apps.reports.models import AnnualReport
from tests import factories
from tests.notices.conftest import make_notice

YEAR = timezone.localdate().year - 1


def test_report_built_edited_reviewed_published_and_downloaded(web: Page, portal, login, chromium_browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factories.make_user("legal_officer", portal["bureau"], username="fagui", full_name="李法规")
    make_notice(portal["admin"], [portal["erzhong"], portal["liuzhong"]], reply_required=False, deadline=None)

    login("fagui")
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="年度报告").click()
    nav.get_by_role("link", name="法治政府建设年度报告").click()
    web.get_by_role("link", name="新建").click()
    expect(web.get_by_label("年度")).to_have_value(str(YEAR))
    web.get_by_role("button", name="保存").click()
    title = f"高平市教育局{YEAR}年法治政府建设工作年度报告"
    expect(web.get_by_role("heading", name=title).first).to_be_visible()
    # part 六 must be written before review
    web.get_by_role("button", name="送审").click()
    expect(web.get_by_role("status").first).to_contain_text("还没有填写")
    web.get_by_role("link", name=re.compile(f"修改“六、{YEAR + 1}年")).click()
    web.get_by_label("正文").fill("（一）加强理论学习。继续深入学习习近平法治思想。")
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_text("（一）加强理论学习。")).to_be_visible()
    web.get_by_role("button", name="送审").click()
    expect(web.get_by_text("已送审")).to_be_visible()
    web.context.clear_cookies()

    login("admin")
    report = AnnualReport.objects.get(year=YEAR)
    web.goto(portal["url"] + report.get_absolute_url())
    web.get_by_role("link", name="保密审查").click()
    web.get_by_label("保密审查结论").fill("不涉及国家秘密和工作秘密，同意公开。")
    web.get_by_role("button", name="审核通过并发布").click()
    expect(web.get_by_text("审核通过，报告已发布。")).to_be_visible()
    web.context.clear_cookies()

    web.goto(portal["url"] + "/")
    web.get_by_role("link", name="法治政府建设年度报告").first.click()
    web.get_by_role("link", name=title).click()
    expect(web.get_by_text("（一）加强理论学习。")).to_be_visible()
    with web.expect_download() as docx:
        web.get_by_role("link", name="下载 Word（.docx）").click()
    doc = Document(docx.value.path())
    assert doc.paragraphs[0].text == title
    with web.expect_download() as pdf:
        web.get_by_role("link", name="下载 PDF").click()
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
