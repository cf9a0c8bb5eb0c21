import pytest
from playwright.sync_api import expect
from apps.registry.models import Person
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

@pytest.mark.parametrize("nojs", [False, True])
def test_dbl(page, portal, login, nojs):
    if nojs:
        page.route("**/js/portal.js", lambda route: route.fulfill(body="", content_type="application/javascript"))
    login("admin")
    page.goto(portal["url"] + "/registry/people/add/")
    page.get_by_label("姓名").fill("双击测试")
    page.get_by_label("性别").select_option(label="男")
    page.get_by_label("身份证号").fill(factories.make_resident_id(birth="19900101"))
    page.get_by_placeholder("输入名称或拼音首字母搜索").fill("高平二")
    employer = page.get_by_label("工作单位")
    expect(employer.locator("option", has_text="高平二中")).to_have_count(1)
    employer.select_option(label="高平二中")
    page.get_by_label("人员类别").select_option(label="专任教师")
    held = []
    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()
    page.route("**/registry/people/add/", hold)
    page.get_by_role("button", name="保存").click()
    page.wait_for_timeout(300)
    page.get_by_role("button", name="保存").click(force=True)
    page.wait_for_timeout(300)
    print("HELD", len(held))
    for r in held:
        resp = r.fetch(max_redirects=0)
        print("fetched", resp.status, resp.headers.get("location"))
        try:
            r.fulfill(response=resp)
        except Exception as e:
            print("fulfill failed", e)
    page.wait_for_load_state("networkidle")
    print("URL", page.url, page.locator("h1").inner_text(), Person.objects.filter(name="双击测试").count())
