"""What a clerk sees in the shared page frame, in a real browser (issue 6: 1, 8, 12, 14,
15, 16): who is signed in, where they are, readable lists on a phone and in 长者模式,
form errors that point at their fields, the dashboard's figures."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests import factories


def test_header_names_the_admin_on_another_users_edit_page(web: Page, portal, login):
    factories.make_user("system_admin", portal["bureau"], username="xitong", full_name="孙系统")
    login("xitong")
    web.goto(portal["url"] + f"/accounts/users/{portal['gp2z'].pk}/edit/")
    nav = web.get_by_role("navigation", name="主导航")
    expect(nav).to_contain_text("孙系统（系统管理员）")
    expect(nav).not_to_contain_text("二中李老师")
    expect(web.get_by_role("heading", level=1)).to_have_text("修改用户：二中李老师")
    crumbs = web.get_by_role("navigation", name="当前位置")
    expect(crumbs.get_by_role("link")).to_have_text(["工作台", "用户", "二中李老师"])


def test_phone_list_in_large_text_is_cards_and_nothing_breaks_mid_number(web: Page, portal, login):
    login("admin")
    web.get_by_role("button", name="长者模式").click()
    expect(web.locator("html")).to_have_class(re.compile("large-text"))
    web.set_viewport_size({"width": 390, "height": 844})
    web.goto(portal["url"] + "/registry/entities/")
    row = web.get_by_role("row").filter(has_text="高平二中")
    name_cell = row.locator("td").first
    # A card, not a column one character wide: the cell spans the card.
    assert name_cell.bounding_box()["width"] > 300
    # The 18-character credit code stays on one line, inside the screen.
    code = row.locator('td[data-label="统一社会信用代码"]')
    expect(code).to_have_class(re.compile("text-nowrap"))
    # The value's own text (not the ::before label) sits on one line.
    lines = code.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"
    )
    assert lines == 1
    wide = web.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 390.5)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 30))"
    )
    assert web.evaluate("document.documentElement.scrollWidth") <= 390, wide
    # Buttons keep their words whole.
    for name in ("新建", "导出 Excel"):
        button = web.get_by_role("link", name=name, exact=True)
        assert button.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    # Each value is labelled by its column's header.
    label = code.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"统一社会信用代码"'


def test_form_errors_are_listed_and_lead_to_their_field(web: Page, portal, login):
    login("admin")
    web.goto(portal["url"] + "/registry/entities/add/")
    web.get_by_label("登记日期").evaluate("e => { e.type = 'text'; e.value = '2024年3月1日'; }")
    web.get_by_role("button", name="保存").click()
    summary = web.locator(".error-summary")
    expect(summary).to_contain_text("请修改以下")
    expect(summary.get_by_role("link", name="请填写“名称”。")).to_be_visible()
    expect(summary).to_contain_text("“登记日期”不是有效的日期，请按 2024-03-01 的格式填写。")
    name = web.locator("#id_name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_class(re.compile("is-invalid"))
    summary.get_by_role("link", name="请填写“名称”。").click()
    expect(web).to_have_url(re.compile("#id_name$"))
    expect(name).to_have_accessible_description(re.compile("请填写“名称”。"))


def test_dashboard_has_figures_and_shortcuts_for_a_school(web: Page, portal, login):
    login("gp2z")
    figures = web.get_by_role("region", name="主要数据")
    staff = figures.get_by_role("link").filter(has_text="教职员工")
    # Two staff of 高平二中 (portal fixture): the school sees its own only.
    expect(staff).to_contain_text("2")
    staff.click()
    expect(web.get_by_text("共 2 条记录")).to_be_visible()
    web.go_back()
    expect(web.get_by_role("region", name="常用功能").get_by_role("link")).not_to_have_count(0)
    expect(web.locator("footer")).to_contain_text("高平市教育局 主办")


def test_city_viewer_sees_all_in_filters_and_its_own_bureau_in_the_footer(web: Page, portal, login):
    factories.make_user("city_viewer", portal["bureau"].parent, username="jincheng", full_name="晋城查看员")
    login("jincheng")
    web.goto(portal["url"] + "/registry/entities/")
    bureau = web.get_by_role("form", name="筛选").get_by_label("所属教育局")
    expect(bureau.locator("option").first).to_have_text("全部")
    expect(web.locator("footer")).to_contain_text("晋城市教育局 主办")
    # Read-only: the detail page draws no edit buttons for the city.
    web.goto(portal["url"] + portal["erzhong"].get_absolute_url())
    expect(web.get_by_role("link", name="修改", exact=True)).to_have_count(0)


def test_public_visitor_finds_a_law_without_signing_in(web: Page, portal):
    from tests.documents.conftest import make_law

    make_law("中华人民共和国未成年人保护法", short_name="未成年人保护法")
    make_law("中华人民共和国教育法")
    web.goto(portal["url"] + "/")
    web.get_by_role("link", name=re.compile("法律法规库")).click()
    web.get_by_label("名称/简称/拼音").fill("未成年人")
    web.get_by_role("button", name="查询").click()
    table = web.get_by_role("table")
    expect(table.get_by_role("link")).to_have_text(["中华人民共和国未成年人保护法"])
    table.get_by_role("link").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("中华人民共和国未成年人保护法")
    expect(web.get_by_role("navigation", name="当前位置").get_by_role("link")).to_have_text(["公开信息", "法律法规库"])
