"""双随机、一公开 in a real browser: `admin` commits a task's draw, the witness enters a
phrase, the draw is revealed, `zhifa1` records a result, `admin` publishes it, and an
anonymous visitor finds it and verifies the downloaded draw JSON with the script."""

from __future__ import annotations

import base64
import datetime
import re
import subprocess
import sys

from django.conf import settings
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from apps.inspections import services
from apps.inspections.models import Draw, Inspection, InspectionItem, Inspector, Plan, Task
from apps.registry.choices import EntityKind
from tests import factories


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/(dashboard|accounts/otp/setup)/"))
    if "/accounts/otp/setup/" in page.url:
        secret = page.locator("code").inner_text().strip()
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.get_by_label("6位验证码").fill(f"{totp(key):06d}")
        page.get_by_role("button", name="完成绑定").click()
        page.get_by_role("link", name="我已保存，继续").click()
    page.wait_for_url(re.compile(r"/dashboard/$"))


def _new_page(chromium_browser) -> Page:
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(30_000)  # the shared machine is slow at times
    return context.new_page()


def test_draw_record_publish_find_and_verify(web: Page, portal, login, chromium_browser, tmp_path):
    web.context.set_default_timeout(30_000)  # the shared machine is slow at times
    bureau, admin = portal["bureau"], portal["admin"]
    zhifa1 = factories.make_user("inspector", bureau, username="zhifa1", full_name="赵建军")
    organ = factories.make_school(bureau, name="高平市教育局机关", kind=EntityKind.OTHER)
    for code, user in (("ZF-001", zhifa1), ("ZF-002", None)):
        Inspector.objects.create(
            bureau=bureau, person=factories.make_person(organ), user=user, code=code, credential_number=f"1405812019{code[-3:]}",
            issuing_authority="山西省人民政府", valid_from=datetime.date(2022, 1, 1), valid_to=datetime.date(2027, 12, 31),
        )  # fmt: skip
    item = InspectionItem.objects.create(
        bureau=bureau, code="GPJY-SJ-001", name="中小学教育装备产品检查", inspecting_unit="高平市教育局", content="装备质量",
        entity_kinds=[EntityKind.HIGH_SCHOOL],
    )  # fmt: skip
    plan = Plan.objects.create(bureau=bureau, year=2024, title="2024年度抽查检查计划")
    task = Task.objects.create(
        bureau=bureau, plan=plan, name="中小学教育装备产品双随机抽查", entity_kinds=[EntityKind.HIGH_SCHOOL], count=2,
        draw_on=datetime.date(2024, 5, 6), inspect_from=datetime.date(2024, 5, 8), inspect_to=datetime.date(2024, 5, 24),
    )  # fmt: skip
    task.items.set([item])
    services.plan_approve(plan=plan, by=admin)

    # admin: commit the draw (the commitment is published), the witness's phrase, reveal.
    login("admin")
    web.goto(portal["url"] + f"/inspections/tasks/{task.pk}/")
    web.get_by_role("button", name="发起抽取（公布承诺值）").click()
    expect(web.get_by_role("status").first).to_contain_text("承诺值已公布")
    draw = Draw.objects.get()
    expect(web.get_by_test_id("commitment")).to_have_text(draw.commitment)
    assert draw.server_seed not in web.content()
    web.get_by_role("link", name="抽取", exact=True).click()
    web.locator("#id_witness_name").fill("李晓红")
    web.locator("#id_witness_phrase").fill("二〇二四年五月六日上午 监督抽取")
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("status").first).to_contain_text("抽取完成")
    draw.refresh_from_db()
    assert draw.is_revealed and draw.server_seed in web.content()
    visit = Inspection.objects.filter(entity=portal["erzhong"]).get()

    # zhifa1: the assignment, the result.
    inspector = _new_page(chromium_browser)
    _sign_in(inspector, portal["url"], "zhifa1")
    nav = inspector.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="双随机、一公开").click()
    nav.get_by_role("link", name="检查结果").click()
    inspector.get_by_role("link", name="高平二中").click()
    inspector.get_by_role("link", name="录入检查结果").click()
    inspector.get_by_label("检查日期").fill("2024-05-10")
    inspector.get_by_label("检查内容及发现").fill("查验教学仪器采购验收记录和质量合格证明，未发现问题。")
    inspector.get_by_label("检查结果").select_option(label="未发现问题")
    inspector.get_by_role("button", name="保存").click()
    expect(inspector.get_by_role("status").first).to_contain_text("检查结果已保存")

    # admin: publish.
    web.goto(portal["url"] + f"/inspections/results/{visit.pk}/")
    web.get_by_role("button", name="公示").click()
    expect(web.get_by_role("status").first).to_contain_text("已公示")

    # anyone: find it, open the draw, download its JSON, verify it.
    public = _new_page(chromium_browser)
    public.goto(portal["url"] + "/")
    public.get_by_role("link", name="双随机抽查结果公示").click()
    public.get_by_label("检查对象").fill("二中")
    public.get_by_role("button", name="查询").click()
    public.get_by_role("link", name="高平二中").click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("高平二中")
    public.get_by_role("link", name=re.compile("抽取记录")).click()
    with public.expect_download() as download:
        public.get_by_role("link", name="抽取数据（JSON）").click()
    path = tmp_path / "draw.json"
    download.value.save_as(path)
    done = subprocess.run(
        [sys.executable, "-I", str(settings.BASE_DIR / "scripts" / "verify_draw.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout
    assert "核验通过" in done.stdout
