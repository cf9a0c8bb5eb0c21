"""Whole journeys through the portal in a real browser (Chromium, Playwright sync API)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from apps.registry.choices import ChangeKind
from apps.registry.models import Entity, EntityChange, Person
from tests import factories


def test_admin_records_a_representative_change(web: Page, portal, login):
    """Log in, find 高平二中 through the menu, filters and pinyin, record a change."""

    login("admin")
    expect(web.get_by_role("heading", name="工作台")).to_be_visible()

    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="名录库").click()
    nav.get_by_role("link", name="监管对象").click()
    expect(web.get_by_role("heading", name="监管对象", level=1)).to_be_visible()

    filters = web.get_by_role("form", name="筛选")
    filters.get_by_label("类型", exact=True).select_option(label="高中")
    filters.get_by_label("名称/拼音/信用代码").fill("gpez")
    filters.get_by_role("button", name="筛选").click()
    expect(web).to_have_url(re.compile(r"kind=high.*q=gpez|q=gpez.*kind=high"))
    table = web.get_by_role("table")
    expect(table.get_by_role("link", name="高平二中")).to_be_visible()
    expect(table.get_by_role("link", name="高平六中")).to_have_count(0)
    expect(table.get_by_role("link", name="高平市第一小学")).to_have_count(0)

    table.get_by_role("link", name="高平二中").click()
    expect(web.get_by_role("heading", name="高平二中", level=1)).to_be_visible()
    web.get_by_role("link", name=re.compile("^登记变更")).click()
    expect(web.get_by_role("heading", name=re.compile("登记变更"))).to_be_visible()

    web.get_by_label("变更类型").select_option(label="法定代表人变更")
    web.get_by_label("新名称/新法定代表人").fill("李四")
    web.get_by_label("生效日期").fill("2024-09-01")
    web.get_by_label("变更原因").fill("原校长退休")
    web.get_by_label("依据文号").fill("高教发〔2024〕35号")
    web.get_by_role("button", name="保存").click()

    erzhong = portal["erzhong"]
    expect(web).to_have_url(re.compile(rf"/registry/entities/{erzhong.pk}/$"))
    expect(web.get_by_role("status")).to_contain_text("已登记变更（法定代表人变更）")
    expect(web.get_by_role("row", name=re.compile("法定代表人")).first).to_contain_text("李四")

    changes = web.get_by_role("region", name="名录变更历史")
    row = changes.get_by_role("row").filter(has_text="法定代表人变更")
    expect(row).to_have_count(1)
    for text in ("2024", "张三", "李四", "原校长退休"):
        expect(row).to_contain_text(text)

    history = web.get_by_role("region", name="修改记录")
    edit = history.get_by_role("row").filter(has_text="李四")
    expect(edit.first).to_contain_text("王局管")
    expect(edit.first).to_contain_text("修改")

    erzhong.refresh_from_db()
    assert erzhong.legal_representative == "李四"
    change = EntityChange.objects.get(entity=erzhong, kind=ChangeKind.REPRESENTATIVE)
    assert (change.old_value, change.new_value, change.recorded_by) == ("张三", "李四", portal["admin"])


def test_school_user_sees_only_its_own_school(web: Page, portal, login):
    login("gp2z")
    nav = web.get_by_role("navigation", name="主导航")
    expect(nav).to_contain_text("名录库")
    expect(nav).not_to_contain_text("系统管理")
    expect(nav.get_by_role("button", name="系统管理")).to_have_count(0)

    response = web.goto(portal["url"] + portal["liuzhong"].get_absolute_url())
    assert response is not None and response.status == 404
    expect(web.locator("body")).not_to_contain_text("高平六中")

    response = web.goto(portal["url"] + portal["erzhong"].get_absolute_url())
    assert response is not None and response.status == 200
    expect(web.get_by_role("heading", name="高平二中", level=1)).to_be_visible()
    # A school user may read its school but not record registry changes.
    expect(web.get_by_role("link", name=re.compile("^登记变更"))).to_have_count(0)
    expect(web.get_by_role("navigation", name="主导航")).not_to_contain_text("系统管理")

    web.goto(portal["url"] + "/registry/entities/")
    table = web.get_by_role("table")
    expect(table.get_by_role("link", name="高平二中")).to_be_visible()
    expect(table.get_by_role("link")).to_have_count(1)
    expect(web.get_by_role("link", name="新建")).to_have_count(0)


LARGE = re.compile(r"\blarge-text\b")


def test_large_text_mode_for_a_visitor(web: Page, portal):
    web.goto(portal["url"] + "/")
    html = web.locator("html")
    expect(html).not_to_have_class(LARGE)

    web.get_by_role("button", name="长者模式").click()
    expect(html).to_have_class(LARGE)
    expect(web.get_by_role("button", name="标准字号")).to_have_attribute("aria-pressed", "true")

    web.get_by_role("link", name="工作人员登录").click()
    expect(web.get_by_role("heading", name="工作人员登录")).to_be_visible()
    expect(html).to_have_class(LARGE)

    web.get_by_role("button", name="标准字号").click()
    expect(html).not_to_have_class(LARGE)
    expect(web).to_have_url(re.compile(r"/accounts/login/$"))


def test_large_text_mode_for_a_signed_in_user(web: Page, portal, login):
    login("admin")
    html = web.locator("html")
    expect(html).not_to_have_class(LARGE)

    web.get_by_role("button", name="长者模式").click()
    expect(html).to_have_class(LARGE)
    expect(web).to_have_url(re.compile(r"/dashboard/$"))  # back where it was asked for

    web.goto(portal["url"] + "/registry/entities/")
    expect(html).to_have_class(LARGE)
    expect(web.get_by_role("button", name="标准字号")).to_have_attribute("aria-pressed", "true")
    portal["admin"].refresh_from_db()
    assert portal["admin"].large_text is True  # remembered on the account

    web.get_by_role("button", name="标准字号").click()
    expect(html).not_to_have_class(LARGE)
    expect(web).to_have_url(re.compile(r"/registry/entities/$"))
    web.goto(portal["url"] + "/dashboard/")
    expect(html).not_to_have_class(LARGE)


CSP_WATCH = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.reportCspViolation(location.pathname + ": " + e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_pages_run_under_the_csp_without_violations(web: Page, portal, login):
    messages: list[str] = []
    web.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}") if msg.type in ("error", "warning") else None)
    web.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    broken: list[str] = []
    web.on("response", lambda r: broken.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)
    violations: list[str] = []
    web.expose_function("reportCspViolation", lambda text: violations.append(text))
    web.add_init_script(CSP_WATCH)

    login("admin")
    web.goto(portal["url"] + "/registry/entities/")
    expect(web.get_by_role("heading", name="监管对象", level=1)).to_be_visible()
    assert web.evaluate("typeof window.htmx") == "object"
    assert web.evaluate("typeof window.bootstrap") == "object"
    assert web.evaluate("window.htmx.config.includeIndicatorStyles") is False
    # Bootstrap's JavaScript works: the dropdown opens.
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="名录库").click()
    expect(nav.get_by_role("link", name="监管对象")).to_be_visible()

    # An htmx request and swap on the person form, under the same policy.
    web.goto(portal["url"] + "/registry/people/add/")
    web.get_by_placeholder("输入名称或拼音首字母搜索").fill("gpez")
    expect(web.locator("#id_employer option", has_text="高平二中")).to_have_count(1)

    csp_messages = [m for m in messages if re.search(r"Content Security Policy|Refused to", m, re.I)]
    assert violations == [], violations
    assert csp_messages == [], csp_messages
    assert broken == [], broken
    assert [m for m in messages if m.startswith("pageerror")] == []


def test_double_click_on_save_makes_one_person(web: Page, portal, login):
    """A double click, and an impatient third click while the server is still busy,
    send one POST and make one record; the user sees it saved, not a duplicate error.

    Chromium itself folds a fast double click into one submission, so the POST is held
    back (as a slow server would) while the user clicks again.
    """

    login("admin")
    web.goto(portal["url"] + "/registry/people/add/")
    expect(web.get_by_role("heading", name="新建教职员工")).to_be_visible()

    id_number = factories.make_resident_id(birth="19900101")
    web.get_by_label("姓名").fill("双击测试")
    web.get_by_label("性别").select_option(label="男")
    web.get_by_label("身份证号").fill(id_number)
    web.get_by_placeholder("输入名称或拼音首字母搜索").fill("高平二")
    employer = web.get_by_label("工作单位")
    expect(employer.locator("option", has_text="高平二中")).to_have_count(1)
    employer.select_option(label="高平二中")
    web.get_by_label("人员类别").select_option(label="专任教师")
    web.get_by_label("职务/岗位").fill("数学教师")

    held = []
    web.route(
        "**/registry/people/add/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    box = web.get_by_role("button", name="保存").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    web.mouse.dblclick(x, y)
    web.wait_for_timeout(300)
    web.mouse.click(x, y)
    web.wait_for_timeout(300)
    sent = len(held)
    # Let every POST the browser sent reach the server, the last one as the navigation.
    for route in held[:-1]:
        route.fetch(max_redirects=0)
        route.abort()
    held[-1].continue_()

    expect(web.get_by_role("heading", name="双击测试", level=1)).to_be_visible()
    expect(web.get_by_role("status")).to_contain_text("已新建教职员工")
    assert sent == 1, f"the form was submitted {sent} times"

    people = Person.objects.filter(name="双击测试")
    assert people.count() == 1
    person = people.get()
    assert person.employer == portal["erzhong"]
    assert person.bureau == portal["bureau"]
    assert person.id_number == id_number
    assert Entity.objects.count() == 3
