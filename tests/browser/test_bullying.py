"""A self-inspection's journey in a real browser: 高平二中 (gp2z) fills its form item by
item and submits it with evidence; the bureau (admin) asks for 整改 on one item; gp2z
answers it with a note and evidence and resubmits; admin passes it. The timeline keeps
every round trip."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.bullying import services
from apps.bullying.choices import AnswerType, Progress
from apps.bullying.models import Rectification, SelfInspection
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _page_of(chromium_browser, portal, username: str) -> Page:
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(portal["url"] + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    return page


def test_self_inspection_filled_returned_for_rectification_answered_and_passed(
    web: Page, portal, login, chromium_browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    admin = portal["admin"]
    checklist = services.checklist_save(by=admin, values={"title": "中小学防治校园暴力与学生欺凌检查清单"})
    draft = checklist.versions.get()
    for section, text, kind, evidence in (
        ("一、组织领导", "成立学生欺凌治理委员会。", AnswerType.COMPLIANCE, True),
        ("二、教育预防", "本学期专题教育次数。", AnswerType.NUMBER, False),
    ):
        services.item_save(
            by=admin, version=draft, values={"section": section, "text": text, "answer_type": kind, "evidence_required": evidence}
        )
    version = services.checklist_publish(version=draft, by=admin)
    round_ = services.round_open(
        by=admin, title="2025年春季学期防治校园欺凌自查", version=version, period="2025年春季学期", year=2025,
        kinds=["high"], deadline=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip
    form = round_.inspections.get(school=portal["erzhong"])

    # gp2z, on a phone: the dashboard leads to the form.
    school = _page_of(chromium_browser, portal, "gp2z")
    school.get_by_role("link", name=re.compile("待填报的欺凌防治自查表")).click()
    school.get_by_role("link", name="高平二中").click()
    expect(school.get_by_role("heading", name=re.compile("2025年春季学期防治校园欺凌自查"))).to_be_visible()
    school.get_by_role("radio", name="符合", exact=True).check()
    school.get_by_label("答案（数字）").fill("3")
    # Submitting without the required evidence: refused, the answers kept as a draft.
    school.get_by_role("button", name="提交", exact=True).click()
    expect(school.get_by_role("link", name="第1项须上传佐证材料：成立学生欺凌治理委员会。")).to_be_visible()
    assert SelfInspection.objects.get(pk=form.pk).progress == Progress.DRAFT
    expect(school.get_by_label("答案（数字）")).to_have_value("3")
    school.get_by_label("第1项佐证材料").set_input_files({"name": "成立文件.pdf", "mimeType": "application/pdf", "buffer": PDF})
    school.get_by_role("button", name="提交", exact=True).click()
    expect(school.get_by_role("status").first).to_contain_text("自查表已提交，等待教育局审核。")
    expect(school.get_by_test_id("progress")).to_have_text("已提交")
    expect(school.get_by_role("link", name="成立文件.pdf")).to_be_visible()

    # admin asks for 整改 on the first item.
    login("admin")
    web.goto(portal["url"] + round_.get_absolute_url())
    web.get_by_role("link", name="高平二中").click()
    web.get_by_role("link", name="审核").click()
    web.get_by_label("第1项整改意见").fill("成立文件未盖章，请上传盖章版本。")
    web.get_by_role("button", name="要求整改").click()
    expect(web.get_by_role("status").first).to_contain_text("已要求高平二中整改")
    rectification = Rectification.objects.get(inspection=form)

    # gp2z answers it with a note and a photo, and resubmits.
    school.goto(portal["url"] + form.get_absolute_url())
    expect(school.get_by_text("教育局整改意见：成立文件未盖章，请上传盖章版本。")).to_be_visible()
    school.get_by_label("整改情况").fill("已上传盖章的成立文件。")
    school.get_by_label("整改佐证材料").set_input_files({"name": "盖章文件.png", "mimeType": "image/png", "buffer": PNG})
    school.get_by_role("button", name="提交整改").click()
    expect(school.get_by_role("status").first).to_contain_text("自查表已提交")
    rectification.refresh_from_db()
    assert rectification.answer == "已上传盖章的成立文件。" and rectification.evidence.count() == 1

    # admin passes it; the timeline shows the whole round trip.
    web.goto(portal["url"] + reverse_review(form))
    web.get_by_role("button", name="通过").click()
    expect(web.get_by_role("status").first).to_contain_text("高平二中的自查表已审核通过。")
    timeline = web.locator("ol.timeline")
    expect(timeline).to_contain_text("提交自查")
    expect(timeline).to_contain_text("要求整改")
    expect(timeline).to_contain_text("成立文件未盖章，请上传盖章版本。")
    expect(timeline).to_contain_text("整改后重新提交")
    expect(timeline).to_contain_text("审核通过")
    assert SelfInspection.objects.get(pk=form.pk).progress == Progress.PASSED


def reverse_review(form) -> str:
    from django.urls import reverse

    return reverse("bullying:selfinspection_review", args=[form.pk])
