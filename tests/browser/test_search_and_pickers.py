"""Finding and choosing, as a clerk does it in a real browser (issue 6: 2, 3, 9, 10, 17):
search inside names, reading order, page numbers, the autocomplete's hint, the searchable
multi-select and its pointer to 字典管理 when a list is empty."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Page, expect

from apps.documents.models import Law
from tests import factories
from tests.browser.conftest import RESULTS
from tests.browser.test_accessibility import serious_violations
from tests.documents.conftest import make_law

DIGITS = "一二三四五六七八九"
AXE_TESTS = ("test_pickers_pass_axe",)


@pytest.fixture
def web(chromium_browser, request):
    """As conftest's `web`; only the axe test bypasses the CSP (to inject axe-core), so
    every other test here also proves picker.js runs under the portal's policy."""

    bypass = request.node.originalname in AXE_TESTS
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=bypass)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (up to 99)."""

    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + (DIGITS[ones - 1] if ones else "")


def search(web: Page, label: str, text: str) -> None:
    web.get_by_label(label, exact=True).fill(text)
    web.get_by_role("button", name="筛选", exact=True).click()


def row_links(web: Page) -> list[str]:
    return [t.strip() for t in web.get_by_role("table").locator("tbody tr td:first-child").all_inner_texts()]


def test_entity_search_finds_the_middle_of_names(web: Page, portal, login):
    factories.make_school(portal["bureau"], name="高平市第一中学", kind="high")
    login("admin")
    web.goto(portal["url"] + "/registry/entities/")

    search(web, "名称/拼音/信用代码", "二中")
    expect(web.get_by_text("共 1 条记录")).to_be_visible()
    assert row_links(web) == ["高平二中"]

    search(web, "名称/拼音/信用代码", "中学")
    assert row_links(web) == ["高平市第一中学"]

    search(web, "名称/拼音/信用代码", "gpez")
    assert row_links(web) == ["高平二中"]


def test_staff_search_finds_a_given_name_and_an_employer(web: Page, portal, login):
    factories.make_person(portal["erzhong"], name="李慧敏")
    factories.make_person(portal["liuzhong"], name="王建国")
    login("admin")
    web.goto(portal["url"] + "/registry/people/")

    search(web, "姓名/拼音/身份证号", "慧敏")
    assert row_links(web) == ["李慧敏"]

    web.get_by_label("姓名/拼音/身份证号", exact=True).fill("")
    search(web, "工作单位", "二中")
    rows = web.get_by_role("table").locator("tbody tr")
    expect(rows.filter(has_text="李慧敏")).to_have_count(1)
    expect(rows.filter(has_text="王建国")).to_have_count(0)
    expect(rows.filter(has_text="高平六中")).to_have_count(0)


def test_entity_list_reads_in_order_and_pages_by_number(web: Page, portal, login):
    # 60 numbered schools with 高平二中 and 高平六中 of the fixture, and 高平市第一小学: 61 rows.
    for n in range(1, 61):
        if n not in (2, 6):
            factories.make_school(portal["bureau"], name=f"高平{chinese_number(n)}中", kind="high")
    login("admin")
    web.goto(portal["url"] + "/registry/entities/")

    names = row_links(web)
    assert len(names) == 50
    assert names[:11] == [f"高平{chinese_number(n)}中" for n in range(1, 12)]
    pager = web.get_by_role("navigation", name="分页")
    expect(pager).to_contain_text("第 1 页 / 共 2 页")

    pager.get_by_label("跳到第").fill("2")
    pager.get_by_role("button", name="跳转").click()
    expect(pager).to_contain_text("第 2 页 / 共 2 页")
    second = row_links(web)
    assert len(second) == 11
    assert second[:10] == [f"高平{chinese_number(n)}中" for n in range(51, 61)]
    assert "高平五十中" not in second and "高平一中" not in second


def test_staff_form_autocomplete_says_how_many_it_found(web: Page, portal, login):
    login("admin")
    web.goto(portal["url"] + "/registry/people/add/")
    hint = web.locator("#id_employer_hint")
    expect(hint).to_have_text("输入名称或拼音首字母搜索，结果显示在右侧下拉框中。")
    web.get_by_placeholder("输入名称或拼音首字母搜索").fill("gpez")
    expect(hint).to_have_text("找到 1 个匹配的单位，请在右侧下拉框中选择。")
    web.get_by_placeholder("输入名称或拼音首字母搜索").fill("没有这个学校")
    expect(hint).to_have_text("没有匹配的单位，请换个名称或拼音再试。")


def test_user_form_school_is_in_reading_order_and_filters(web: Page, portal, login):
    for name in ("高平十中", "高平三中", "高平一中"):
        factories.make_school(portal["bureau"], name=name, kind="high")
    factories.make_user("system_admin", portal["bureau"], username="xitong", full_name="孙系统")
    login("xitong")
    web.goto(portal["url"] + "/accounts/users/add/")
    school = web.get_by_label("所属学校", exact=True)
    labels = school.evaluate("s => [...s.options].map(o => o.textContent.trim())")
    numbered = [label for label in labels if re.fullmatch(r"高平.中", label)]
    assert numbered == ["高平一中", "高平二中", "高平三中", "高平六中", "高平十中"]

    web.get_by_label("筛选“所属学校”").fill("gpez")
    expect(school.locator("option")).to_have_text(["（不选）", "高平二中"])
    expect(web.locator("#id_school_filter_status")).to_have_text("找到 1 项，请在下拉框中选择。")
    school.select_option(label="高平二中")
    web.get_by_label("筛选“所属学校”").fill("")
    expect(school).to_have_value(str(portal["erzhong"].pk))


def test_multi_select_filters_the_laws_and_saves_two(web: Page, portal, login):
    # A known catalogue of five, whether or not the seeded one is back (conftest).
    Law.objects.all().delete()
    for name in (
        "中华人民共和国教育法",
        "中华人民共和国教师法",
        "中华人民共和国未成年人保护法",
        "中华人民共和国预防未成年人犯罪法",
        "学校食品安全与营养健康管理规定",
    ):
        make_law(name)
    login("admin")
    web.goto(portal["url"] + "/documents/add/")
    laws = web.get_by_role("group", name="可选的“依据法律法规”")
    expect(laws.get_by_role("checkbox")).to_have_count(5)
    # The <select> is hidden; its own label now names the filter box.
    expect(web.locator("#id_laws")).to_be_hidden()
    box = web.get_by_label("依据法律法规", exact=True)
    box.fill("未成年")
    expect(web.locator("#id_laws_filter_status")).to_have_text("找到 2 项，已选 0 项。")
    visible = laws.get_by_role("checkbox")
    expect(visible).to_have_count(2)
    # Keyboard: down into the list, space to tick, down, space.
    box.press("ArrowDown")
    web.keyboard.press("Space")
    web.keyboard.press("ArrowDown")
    web.keyboard.press("Space")
    chips = web.get_by_role("list", name="已选的“依据法律法规”")
    expect(chips.get_by_role("button")).to_have_text(["中华人民共和国未成年人保护法 ×", "中华人民共和国预防未成年人犯罪法 ×"])
    # A chip removes its item; ticking it again brings it back.
    chips.get_by_role("button", name="移除“中华人民共和国预防未成年人犯罪法”").click()
    expect(chips.get_by_role("button")).to_have_count(1)
    box.fill("yfwcnr")
    laws.get_by_label("中华人民共和国预防未成年人犯罪法").check()
    expect(web.locator("#id_laws_filter_status")).to_have_text("找到 1 项，已选 2 项。")

    web.locator("#id_title").fill("关于加强未成年人保护工作的通知")
    web.locator("#id_kind").select_option(label="方案")
    web.locator("#id_issuer").fill("高平市教育局")
    web.locator("#id_issued_on").fill("2024-03-01")
    web.get_by_role("button", name="保存").click()

    expect(web.get_by_role("heading", level=1)).to_contain_text("关于加强未成年人保护工作的通知")
    main = web.locator("main")
    expect(main).to_contain_text("中华人民共和国未成年人保护法")
    expect(main).to_contain_text("中华人民共和国预防未成年人犯罪法")
    expect(main).not_to_contain_text("中华人民共和国教师法")


def test_empty_topic_list_points_to_the_dictionary(web: Page, portal, login):
    login("admin")
    web.goto(portal["url"] + "/documents/add/")
    hint = web.locator(".picker-empty")
    expect(hint).to_have_text("还没有可选的“主题”，请先在 字典管理 中添加。")
    hint.get_by_role("link", name="字典管理").click()
    expect(web).to_have_url(re.compile(r"/dictionary/\?kind=document_topic$"))
    expect(web.get_by_role("form", name="筛选").get_by_label("字典类型")).to_have_value("document_topic")


@pytest.mark.parametrize("width", [1366, 390])
def test_pickers_pass_axe(web: Page, portal, login, width):
    make_law("中华人民共和国教育法")
    make_law("中华人民共和国教师法")
    factories.make_user("system_admin", portal["bureau"], username="xitong", full_name="孙系统")
    login("admin")
    web.set_viewport_size({"width": width, "height": 900})
    web.goto(portal["url"] + "/documents/add/")
    web.get_by_label("依据法律法规", exact=True).fill("教")
    web.get_by_role("group", name="可选的“依据法律法规”").get_by_role("checkbox").first.check()
    assert serious_violations(web) == []
    web.context.clear_cookies()
    login("xitong")
    web.goto(portal["url"] + "/accounts/users/add/")
    web.get_by_label("筛选“所属学校”").fill("gp")
    assert serious_violations(web) == []
