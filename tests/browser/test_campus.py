"""A school records its 宪法晨读 on the phone-sized form with a photo, and the bureau
sees the school among those that took part in this year's 宪法宣传周."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import expect

from apps.campus import images
from apps.campus.dictionary import CAMPAIGN
from apps.campus.models import Event
from apps.core.models import DictionaryItem
from tests import factories


def test_gp6z_records_a_morning_reading_that_the_bureau_rollup_shows(web, portal, login, chromium_browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    week = DictionaryItem.objects.create(bureau=portal["bureau"], kind=CAMPAIGN, label="宪法宣传周")
    factories.make_user("school_user", school=portal["liuzhong"], username="gp6z", full_name="六中赵老师")

    # gp6z on a phone-sized screen of its own.
    phone = chromium_browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.set_default_timeout(10_000)
    page = phone.new_page()
    page.goto(portal["url"] + "/accounts/login/")
    page.get_by_label("用户名").fill("gp6z")
    page.get_by_label("密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/dashboard/$"))
    page.get_by_role("link", name="学校法治工作").first.click()
    expect(page.get_by_role("heading", name="高平六中", level=1)).to_be_visible()
    page.get_by_role("link", name="记录活动").click()
    page.get_by_label("活动类型").select_option(label="宪法晨读")
    page.get_by_label("宣传活动").select_option(label="宪法宣传周")
    page.get_by_label("参加学生（人次）").fill("860")
    page.get_by_label("参加教师（人次）").fill("64")
    page.get_by_label("照片").set_input_files(
        {"name": "晨读.png", "mimeType": "image/png", "buffer": images.generated_photo(640, 480, 3)}
    )
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").first).to_contain_text("已新建法治进校园活动")
    photo = page.get_by_role("img", name=re.compile("照片1"))
    expect(photo).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", photo.element_handle()) > 0
    event = Event.objects.get()
    assert event.school == portal["liuzhong"] and event.campaign == week and event.start_on == timezone.localdate()
    phone.close()

    login("admin")
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="法治进校园").click()
    nav.get_by_role("link", name="宣传活动汇总").click()
    year = timezone.localdate().year
    expect(web.get_by_role("heading", name=f"{year}年宪法宣传周汇总", level=1)).to_be_visible()
    expect(web.get_by_label("活动统计")).to_contain_text("学生 860 人次，教师 64 人次")
    table = web.get_by_role("table", name=re.compile("宪法宣传周汇总"))
    expect(table.get_by_role("row").filter(has_text="高平六中")).to_contain_text("是")
    expect(table.get_by_role("row").filter(has_text="高平二中")).to_contain_text("否")
