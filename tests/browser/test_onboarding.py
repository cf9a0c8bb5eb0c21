"""A new county's onboarding in a real browser (issue 15): the platform's system
administrator opens 泽州县教育局 and its admin; the admin signs in, changes the initial
password, sees 泽州 everywhere, imports the registry (a canteen under a school of the
same file) and the staff; 泽州's system administrator creates a school account; the school
signs in. Then every page is crawled as 泽州's admin and as 高平's `admin`: neither finds
anything of the other; the city's viewer sees both, read-only."""

from __future__ import annotations

import base64
import re

from django_otp.oath import totp
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from apps.accounts.models import User
from apps.core.validators import resident_id_check_digit, uscc_with_check
from apps.registry.models import Entity, Person
from tests import factories
from tests.browser.test_accessibility import serious_violations
from tests.onboarding.crawl import crawl

INITIAL = "Chushi@2025!"
CHANGED = "Zezhou#2025go"


def _xlsx(path, rows) -> str:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return str(path)


def _resident_id(serial: int) -> str:
    first17 = f"14052519800101{serial:03d}"
    return first17 + resident_id_check_digit(first17)


def _new_page(chromium_browser) -> Page:
    # CSP bypassed only so that axe-core can be injected (the CSP has tests of its own).
    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def _sign_in(web: Page, url: str, username: str, password: str, *, new_password: str | None = None) -> None:
    """The login form, the authenticator (bound from the key shown), then — for a password
    someone else set — the change the portal asks for before any page."""

    web.goto(url + "/accounts/login/")
    web.get_by_label("用户名").fill(username)
    web.get_by_label("密码").fill(password)
    web.get_by_role("button", name="登录", exact=True).click()
    web.wait_for_url(re.compile(r"/(dashboard|accounts/otp/setup|accounts/password)/"))
    if "/accounts/otp/setup/" in web.url:
        secret = web.locator("code").inner_text().strip()
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        web.get_by_label("6位验证码").fill(f"{totp(key):06d}")
        web.get_by_role("button", name="完成绑定").click()
        web.get_by_role("link", name="我已保存，继续").click()
    if new_password:
        web.wait_for_url(re.compile(r"/accounts/password/$"))
        expect(web.get_by_role("status")).to_contain_text("请先修改密码")
        web.get_by_label("原密码").fill(password)
        web.get_by_role("textbox", name=re.compile(r"^新密码")).fill(new_password)
        web.get_by_label("再次输入新密码").fill(new_password)
        web.get_by_role("button", name="保存").click()
    web.wait_for_url(re.compile(r"/dashboard/$"))


def _menu(web: Page, group: str, item: str) -> None:
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name=group).click()
    nav.get_by_role("link", name=item, exact=True).click()


def _fetch(page: Page):
    def fetch(url: str):
        response = page.request.get(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + url)
        kind = response.headers.get("content-type", "")
        body = response.body().decode("utf-8-sig", errors="replace") if "text" in kind else ""
        return response.status, kind, body

    return fetch


def test_a_new_county_onboards_and_stays_apart_from_gaoping(web: Page, portal, chromium_browser, tmp_path):
    url = portal["url"]
    city = portal["bureau"].parent
    User.objects.create_superuser(username="pingtai", password=factories.PASSWORD, full_name="平台管理员")

    # 1. The platform's system administrator opens 泽州 and its first admin.
    _sign_in(web, url, "pingtai", factories.PASSWORD)
    _menu(web, "系统管理", "教育局管理")
    web.get_by_role("link", name="新建").click()
    web.get_by_label("教育局名称").fill("泽州县教育局")
    web.get_by_label("行政区划代码").fill("140525")
    web.get_by_label("上级教育局").select_option(label=city.name)
    web.get_by_label("局管理员用户名").fill("zz_admin")
    web.get_by_label("局管理员姓名").fill("泽州局管")
    web.get_by_label("局管理员初始密码").fill(INITIAL)
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("status")).to_contain_text("已新建“泽州县教育局”及其局管理员“zz_admin”")
    # …and its own 系统管理员, who will manage its school accounts (三权分立).
    web.get_by_role("link", name="新建账号").click()
    expect(web.locator("#id_bureau")).to_have_value(str(User.objects.get(username="zz_admin").bureau_id))
    web.get_by_label("用户名").fill("zz_xitong")
    web.get_by_label("姓名").fill("泽州系统管理员")
    web.get_by_label("角色").select_option(label="系统管理员")
    web.get_by_label("初始密码").fill(INITIAL)
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("status")).to_contain_text("已新建用户“泽州系统管理员”")

    # 2. 泽州's admin: new password first, then 泽州 everywhere and the setup checklist.
    admin = _new_page(chromium_browser)
    _sign_in(admin, url, "zz_admin", INITIAL, new_password=CHANGED)
    expect(admin.get_by_role("navigation", name="主导航")).to_contain_text("泽州教育法治")
    expect(admin.locator("footer")).to_contain_text("泽州县教育局 主办")
    assert admin.title() == "工作台 - 泽州教育法治"
    checklist = admin.get_by_test_id("setup-checklist")
    expect(checklist).to_contain_text("导入名录库")
    expect(checklist).to_contain_text("创建学校账号")
    assert serious_violations(admin) == []

    # 3. The registry in one file: a canteen names a school two rows below it.
    school_code = uscc_with_check("12140525MB0000001")
    entities = _xlsx(
        tmp_path / "名录.xlsx",
        [
            ["名称", "简称", "类型", "举办性质", "统一社会信用代码", "所属单位", "登记日期"],
            ["泽州一中食堂", "", "学校食堂", "公办", "", "泽州县第一中学", ""],
            ["泽州县实验小学", "泽州实小", "小学", "公办", uscc_with_check("12140525MB0000002"), "", "2010.9.1"],
            ["泽州县第一中学", "泽州一中", "高中", "公办", school_code, "", "2001.9.1"],
        ],
    )
    checklist.get_by_role("link", name=re.compile("导入名录库")).click()
    admin.get_by_label("Excel 文件（.xlsx）").set_input_files(entities)
    admin.get_by_role("button", name="上传并导入监管对象").click()
    expect(admin.get_by_role("status")).to_contain_text("导入完成：新增 3 条，更新 0 条。")
    canteen = Entity.objects.get(name="泽州一中食堂")
    assert canteen.parent.name == "泽州县第一中学" and canteen.bureau.region_code == "140525"

    # 4. Staff, with the short name people write for 工作单位.
    staff = _xlsx(
        tmp_path / "教职员工.xlsx",
        [
            ["姓名", "性别", "身份证号", "工作单位", "人员类别"],
            ["崔明", "男", _resident_id(11), "泽州一中", "专任教师"],
            ["郝丽", "女", _resident_id(22), "泽州实小", "专任教师"],
        ],
    )
    _menu(admin, "名录库", "教职员工")
    admin.get_by_role("link", name="Excel 导入").click()
    admin.get_by_label("Excel 文件（.xlsx）").set_input_files(staff)
    admin.get_by_role("button", name="上传并导入教职员工").click()
    expect(admin.get_by_role("status")).to_contain_text("导入完成：新增 2 条，更新 0 条。")
    assert Person.objects.filter(bureau__region_code="140525").count() == 2
    admin.goto(url + "/dashboard/")
    admin.get_by_role("button", name="已核对").click()
    expect(admin.get_by_role("status")).to_contain_text("已确认本局的字典")

    # 5. 泽州's system administrator creates the school's account.
    xitong = _new_page(chromium_browser)
    _sign_in(xitong, url, "zz_xitong", INITIAL, new_password=CHANGED)
    _menu(xitong, "系统管理", "用户管理")
    xitong.get_by_role("link", name="新建").click()
    xitong.get_by_label("用户名").fill("zz1z")
    xitong.get_by_label("姓名").fill("一中安全干事")
    xitong.get_by_label("角色").select_option(label="学校工作人员")
    xitong.get_by_label("所属学校", exact=True).select_option(label="泽州县第一中学")
    xitong.get_by_label("初始密码").fill(INITIAL)
    xitong.get_by_role("button", name="保存").click()
    expect(xitong.get_by_role("status")).to_contain_text("已新建用户“一中安全干事”")

    # 6. The school signs in, changes its password, and is in 泽州.
    school = _new_page(chromium_browser)
    _sign_in(school, url, "zz1z", INITIAL, new_password=CHANGED)
    expect(school.get_by_role("main")).to_contain_text("所属学校：泽州县第一中学")
    expect(school.locator("footer")).to_contain_text("泽州县教育局 主办")
    admin.goto(url + "/dashboard/")
    expect(admin.get_by_test_id("setup-checklist")).to_have_count(0)

    # 7. Every page each county's admin can reach shows nothing of the other.
    zezhou_texts = ["泽州", "140525", school_code, "zz_admin", "zz1z", "崔明", "郝丽"]
    gaoping_texts = [
        "高平",
        "gp2z",
        portal["erzhong"].credit_code,
        *Person.objects.filter(bureau=portal["bureau"]).values_list("name", flat=True),
    ]
    seen, found = crawl(_fetch(admin), ["/dashboard/"], gaoping_texts, limit=250)
    assert found == [] and len(seen) > 30, found
    gaoping = _new_page(chromium_browser)
    _sign_in(gaoping, url, "admin", factories.PASSWORD)
    seen, found = crawl(_fetch(gaoping), ["/dashboard/"], zezhou_texts, limit=250)
    assert found == [] and len(seen) > 30, found

    # 8. The city sees both counties' schools, and changes neither.
    factories.make_user("city_viewer", city, username="jincheng", full_name="市局郭")
    jincheng = _new_page(chromium_browser)
    _sign_in(jincheng, url, "jincheng", factories.PASSWORD)
    _menu(jincheng, "名录库", "监管对象")
    table = jincheng.get_by_role("table")
    expect(table).to_contain_text("泽州县第一中学")
    expect(table).to_contain_text("高平二中")
    jincheng.get_by_role("link", name="泽州县第一中学").click()
    expect(jincheng.get_by_role("heading", name="泽州县第一中学")).to_be_visible()
    expect(jincheng.get_by_role("main").get_by_role("link", name="修改", exact=True)).to_have_count(0)
