"""What a clerk sees in the shared page frame and generic templates (issue 6): the header
names the signed-in person, breadcrumbs, the record named on its edit page, buttons drawn
by the generic detail page, plain form errors, 全部 in filters, the footer's bureau, a
bureau column left out where it never changes."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.html import format_html

from apps.core.models import ImportJob
from apps.documents.models import CleanupCampaign, Law, LawMaintainer
from tests import factories
from tests.documents.conftest import make_document
from tests.notices.conftest import make_notice


def body(response) -> str:
    return unescape(response.content.decode())


def header_name(html: str) -> str:
    match = re.search(r'data-testid="signed-in-user">([^<]*)<', html)
    assert match, "no signed-in user in the header"
    return match.group(1)


# Views that answer POST only, files, fragments: no page frame to check.
NOT_PAGES = {
    "accounts:logout",
    "accounts:user_otp_reset",
    "accounts:user_unlock",
    "accounts:session_end",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:login",
    "core:large_text",
    "registry:entity_autocomplete",
    "registry:bureau_logo",  # an image, when the bureau has one
    "registry:entity_import_template",
    "registry:person_import_template",
    "documents:document_attachment",
    "notices:notice_attachment",
    "notices:reply_attachment",
    "notices:notice_replies_zip",
}


def portal_url_names() -> list[tuple[str, bool]]:
    """(namespaced url name, takes a pk) of every view of our apps."""

    names = []
    for resolver in get_resolver().url_patterns:
        if not isinstance(resolver, URLResolver) or resolver.namespace not in ("accounts", "core", "registry", "documents"):
            continue
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLPattern) and pattern.name:
                names.append((f"{resolver.namespace}:{pattern.name}", "<int:pk>" in str(pattern.pattern)))
    return names


@pytest.fixture
def records(users, school, bureau):
    from apps.core.models import DictionaryItem
    from apps.documents.dictionary import DOCUMENT_TOPIC

    person = factories.make_person(school)
    document = make_document(bureau)
    law = Law.objects.order_by("pk").first()
    item = DictionaryItem.objects.create(bureau=bureau, kind=DOCUMENT_TOPIC, label="安全稳定")
    notice = make_notice(users["bureau_admin"], [school])
    cleanup = CleanupCampaign.objects.create(
        bureau=bureau,
        title="专项清理",
        scope_from=datetime.date(2021, 1, 1),
        scope_to=datetime.date(2023, 12, 31),
        started_on=datetime.date(2024, 4, 1),
    )
    return {
        "cleanup": cleanup,
        "lawmaintainer": LawMaintainer.objects.create(bureau=bureau.parent),
        "bureau": bureau,
        "notice": notice,
        "receipt": notice.addressees.get(),
        "user": users["school_user"],
        "entity": school,
        "person": person,
        "document": document,
        "law": law,
        "dictionaryitem": item,
    }


@pytest.mark.parametrize(("role", "label"), [("bureau_admin", "局管理员"), ("system_admin", "系统管理员")])
def test_header_names_the_signed_in_user_on_every_page(client_for, users, records, role, label):
    """On /accounts/users/4/edit/ the top bar read the edited user's name: a context
    variable called `user` shadowed the signed-in one."""

    admin = users[role]
    admin.full_name = "王局管"
    admin.save()
    edited = records["user"]
    edited.full_name = "牛海燕"
    edited.save()
    client = client_for(role)
    # A background import's page is its uploader's only.
    records["import"] = ImportJob.objects.create(user=admin, importer="x", title="教职员工", file_name="a.xlsx")
    checked = []
    for name, takes_pk in portal_url_names():
        if name in NOT_PAGES:
            continue
        if takes_pk:
            key = name.split(":")[1].split("_")[0]
            url = reverse(name, args=[records[key].pk])
        else:
            url = reverse(name)
        response = client.get(url)
        if response.status_code in (403, 405):
            continue  # not this role's page
        assert response.status_code == 200, url
        assert header_name(body(response)) == f"王局管（{label}）", url
        checked.append(url)
    if role == "system_admin":
        assert f"/accounts/users/{edited.pk}/edit/" in checked
    else:
        assert len(checked) >= 15


def test_edit_page_names_the_record_and_breadcrumbs_lead_back(client_for, school):
    html = body(client_for("bureau_admin").get(reverse("registry:entity_edit", args=[school.pk])))
    assert '<h1 class="h3 mb-3">修改监管对象：高平二中</h1>' in html
    crumbs = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r">([^<>]+)</(?:a|li)>", crumbs) == ["工作台", "监管对象", "高平二中", "修改监管对象：高平二中"]
    assert f'href="{reverse("registry:entity_list")}"' in crumbs


def test_detail_page_draws_edit_and_delete_from_permission_and_write_scope(client_for, school):
    person = factories.make_person(school)
    url = reverse("registry:person", args=[person.pk])
    edit = f'href="{reverse("registry:person_edit", args=[person.pk])}">修改</a>'
    delete = f'href="{reverse("registry:person_delete", args=[person.pk])}">删除</a>'
    admin = body(client_for("bureau_admin").get(url))
    assert edit in admin and delete in admin
    # The city reads its counties' records but changes none: no buttons at all.
    city = body(client_for("city_viewer").get(url))
    assert edit not in city and delete not in city


def test_bureau_column_is_left_out_for_a_one_bureau_user_but_kept_in_the_export(client_for, school):
    county = client_for("bureau_admin")
    html = body(county.get(reverse("registry:entity_list")))
    assert '<th scope="col">所属教育局</th>' not in html and '<th scope="col">统一社会信用代码</th>' in html
    export = county.get(reverse("registry:entity_list") + "?export=csv")
    assert "所属教育局" in b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0]
    city = body(client_for("city_viewer").get(reverse("registry:entity_list")))
    assert '<th scope="col">所属教育局</th>' in city
    # Every cell carries its header for the phone layout.
    assert 'data-label="名称"' in city


def test_list_cells_are_escaped_once_and_the_first_links_to_the_row(client_for, school):
    from apps.core.tables import Cells

    school.name = '<script>alert("x")</script>高平二中'
    school.save()
    html = client_for("bureau_admin").get(reverse("registry:entity_list")).content.decode()
    assert "<script>alert" not in html
    expected = f'<a href="{school.get_absolute_url()}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;高平二中</a>'
    assert expected in html
    cells = Cells([("名称", "A&B"), ("成立日期", "2024年3月1日"), ("说明", format_html("<b>{}</b>", "粗"))], link="/x/?a=1&b=2")
    assert cells.html == (
        '<td data-label="名称"><a href="/x/?a=1&amp;b=2">A&amp;B</a></td>'
        '<td data-label="成立日期" class="text-nowrap">2024年3月1日</td>'
        '<td data-label="说明"><b>粗</b></td>'
    )
    assert [value for _, value, _ in cells][:2] == ["A&B", "2024年3月1日"]


def test_filters_offer_all_not_dashes(client_for, school):
    html = body(client_for("city_viewer").get(reverse("registry:entity_list")))
    assert '<select name="bureau"' in html
    assert "---------" not in html
    assert re.search(r'<select name="bureau"[^>]*>\s*<option value="" selected>全部</option>', html)


def test_footer_names_the_signed_in_users_bureau(client_for, client, school):
    assert "晋城市教育局 主办" in body(client_for("city_viewer").get(reverse("core:dashboard")))
    assert "高平市教育局 主办" in body(client_for("school_user").get(reverse("core:dashboard")))
    # Visitors: the public site's bureau, the county (not the city above it).
    assert "高平市教育局 主办" in body(client.get("/"))


def test_form_errors_say_which_field_and_mark_it(client_for, bureau):
    response = client_for("bureau_admin").post(
        reverse("registry:entity_add"), {"name": "", "kind": "", "established_on": "2024年3月1日"}
    )
    html = body(response)
    assert response.status_code == 200
    assert "这个字段是必填项" not in html
    assert "请填写“名称”。" in html
    assert "请选择“类型”。" in html
    assert "“登记日期”不是有效的日期，请按 2024-03-01 的格式填写。" in html
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "is-invalid" in name_input and 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_error"' in name_input
    # The long form lists the errors at the top, each a link to its field.
    summary = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S).group(0)
    assert '<a href="#id_name">请填写“名称”。</a>' in summary


def test_username_help_is_in_plain_words(client_for, bureau):
    html = body(client_for("system_admin").get(reverse("accounts:user_add")))
    assert "只能用字母、数字和 @ . + - _，最多 150 个字符。" in html
    assert "仅有的" not in html


FIGURE = re.compile(r'<span class="d-block text-body-secondary">([^<]+)</span>\s*<span class="value">(\d+)</span>')


def test_dashboard_shows_shortcuts_and_key_figures_of_the_users_scope(client_for, school, other_bureau):
    factories.make_school(name="高平三中")
    factories.make_school(other_bureau, name="阳城一中")
    for _ in range(3):
        factories.make_person(school)
    make_document(school.bureau, status="valid")
    html = body(client_for("bureau_admin").get(reverse("core:dashboard")))
    figures = dict(FIGURE.findall(html))
    in_force = Law.objects.filter(status="in_force").count()
    # 高平二中, 高平六中 (fixtures) and 高平三中; not 阳城一中 of another bureau.
    assert figures == {
        "在办监管对象": "3",
        "教职员工": "3",
        "现行文件": "1",
        "现行有效法律法规": str(in_force),
        "今年下发通知": "0",
        "今年学法活动": "0",
        "今年欺凌防治自查轮次": "0",
        "今年公示的检查结果": "0",
        "今年准入查询": "0",
        "今年法治进校园活动": "0",
    }
    assert f'href="{reverse("registry:entity_list")}?status=open"' in html
    assert "常用功能" in html and ">教职员工</span>" in html
    # A school user: its own school's figures, no bureau-wide ones.
    school_html = body(client_for("school_user").get(reverse("core:dashboard")))
    school_figures = dict(FIGURE.findall(school_html))
    assert school_figures["教职员工"] == "3"


def test_dashboard_query_count_is_constant(client_for, school, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("bureau_admin")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:dashboard"))
    for n in range(20):
        factories.make_person(factories.make_school(name=f"测试学校{n}"))
        make_document(school.bureau, status="valid")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("core:dashboard")).status_code == 200


def test_public_law_catalogue_needs_no_login(client, bureau):
    law = Law.objects.filter(status="in_force").order_by("name").first()
    home = body(client.get("/"))
    assert f'href="{reverse("public:documents:law_list")}"' in home
    response = client.get(reverse("public:documents:law_list"))
    assert response.status_code == 200
    html = body(response)
    assert f"共 {Law.objects.count()} 部" in html
    assert "导出" not in html
    found = body(client.get(reverse("public:documents:law_list"), {"q": law.name}))
    assert f'href="{reverse("public:documents:law", args=[law.pk])}">{law.name}</a>' in found
    detail = body(client.get(reverse("public:documents:law", args=[law.pk])))
    assert f'<h1 class="h3 mb-3">{law.name}</h1>' in detail and "现行有效" in detail
    assert client.get(reverse("public:documents:law", args=[999999])).status_code == 404
    # The staff catalogue (with edit links) still needs a login.
    assert client.get(reverse("documents:law_list")).status_code == 302
