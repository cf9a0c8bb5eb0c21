"""Registry screens: who may open what, scoping in HTML and exports, forms, query counts."""

import pytest
from django.urls import reverse

from apps.registry.models import Entity, Person
from tests import factories


@pytest.fixture
def gp2z_teacher(school):
    return factories.make_person(school, name="曾晓燕")


@pytest.fixture
def gp6z_teacher(other_school):
    return factories.make_person(other_school, name="单丽华")


def test_anonymous_is_sent_to_login(client_for, school, gp2z_teacher):
    for url in [
        reverse("registry:entity_list"),
        reverse("registry:entity", args=[school.pk]),
        reverse("registry:person_list"),
        reverse("registry:person", args=[gp2z_teacher.pk]),
        reverse("registry:entity_import"),
    ]:
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


# (role, entity list, 高平二中 page, 高平六中 page, new entity form, staff list, 高平二中 edit form)
MATRIX = [
    ("bureau_admin", 200, 200, 200, 200, 200, 200),
    ("legal_officer", 200, 200, 200, 200, 200, 200),
    ("inspector", 200, 200, 200, 403, 403, 403),
    ("school_user", 200, 200, 404, 403, 200, 403),
    ("other_school_user", 200, 404, 200, 403, 200, 404),
    ("city_viewer", 200, 200, 200, 403, 200, 403),
    ("other_bureau_admin", 200, 404, 404, 200, 200, 404),
]


@pytest.mark.parametrize(("role", "listing", "own", "other", "add", "staff", "edit"), MATRIX)
def test_registry_permission_matrix(client_for, school, other_school, role, listing, own, other, add, staff, edit):
    client = client_for(role)
    assert client.get(reverse("registry:entity_list")).status_code == listing
    assert client.get(reverse("registry:entity", args=[school.pk])).status_code == own
    assert client.get(reverse("registry:entity", args=[other_school.pk])).status_code == other
    assert client.get(reverse("registry:entity_add")).status_code == add
    assert client.get(reverse("registry:person_list")).status_code == staff
    assert client.get(reverse("registry:entity_edit", args=[school.pk])).status_code == edit


def test_school_user_sees_only_its_school_in_list_and_export(client_for, school, other_school, gp2z_teacher, gp6z_teacher):
    client = client_for("school_user")
    html = client.get(reverse("registry:entity_list")).content.decode()
    assert "高平二中" in html and "高平六中" not in html
    export = b"".join(client.get(reverse("registry:entity_list") + "?export=csv").streaming_content).decode()
    assert export.startswith("\ufeff名称,类型")
    assert "高平二中" in export and "高平六中" not in export
    staff = b"".join(client.get(reverse("registry:person_list") + "?export=csv").streaming_content).decode()
    assert "曾晓燕" in staff and "单丽华" not in staff
    assert client.get(reverse("registry:person", args=[gp6z_teacher.pk])).status_code == 404


def test_other_bureau_sees_nothing_of_gaoping(client_for, school, gp2z_teacher):
    client = client_for("other_bureau_admin")
    assert "高平二中" not in client.get(reverse("registry:entity_list")).content.decode()
    export = client.get(reverse("registry:person_list") + "?export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows == [("姓名", "性别", "工作单位", "人员类别", "职务/岗位", "身份证号", "在岗状态", "联系电话", "编号")]


def test_city_viewer_reads_county_but_cannot_change(client_for, school):
    client = client_for("city_viewer")
    assert "高平二中" in client.get(reverse("registry:entity_list")).content.decode()
    response = client.post(reverse("registry:entity_change", args=[school.pk]), {"kind": "renamed"})
    assert response.status_code == 403


def test_filters_and_pinyin_search(client_for, school, other_school, gp2z_teacher, gp6z_teacher):
    factories.make_school(name="东方红小学", kind="primary")
    client = client_for("bureau_admin")
    html = client.get(reverse("registry:entity_list"), {"q": "gpez"}).content.decode()
    assert "高平二中" in html and "高平六中" not in html
    html = client.get(reverse("registry:entity_list"), {"kind": "primary"}).content.decode()
    assert "东方红小学" in html and "高平二中" not in html
    assert "共 1 条记录" in html
    staff = client.get(reverse("registry:person_list"), {"q": "zxy"}).content.decode()
    assert "曾晓燕" in staff and "单丽华" not in staff
    staff = client.get(reverse("registry:person_list"), {"q": "shanli"}).content.decode()
    assert "单丽华" in staff and "曾晓燕" not in staff
    staff = client.get(reverse("registry:person_list"), {"employer": "gplz"}).content.decode()
    assert "单丽华" in staff and "曾晓燕" not in staff
    empty = client.get(reverse("registry:entity_list"), {"q": "不存在的学校"}).content.decode()
    assert "没有符合筛选条件的记录" in empty


def test_id_number_is_masked_in_page_and_export(client_for, school):
    person = factories.make_person(school)
    client = client_for("bureau_admin")
    html = client.get(reverse("registry:person", args=[person.pk])).content.decode()
    assert person.id_number not in html
    assert person.masked_id_number in html
    export = b"".join(client.get(reverse("registry:person_list") + "?export=csv").streaming_content).decode()
    assert person.id_number not in export and person.masked_id_number in export
    edit = client.get(reverse("registry:person_edit", args=[person.pk])).content.decode()
    assert person.id_number not in edit


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["registry:person_list", "registry:entity_list"])
def test_list_queries_do_not_grow_with_rows(client_for, school, url_name, django_assert_max_num_queries):
    client = client_for("bureau_admin")
    url = reverse(url_name)

    def grow(n):
        for _ in range(n):
            factories.make_person(factories.make_school(parent=school))

    grow(3)
    small = _queries(client, url)
    grow(40)
    with django_assert_max_num_queries(small):
        client.get(url)
    # 13: the page footer names the user's own bureau (one query per page).
    assert small <= 13


def test_keyset_pages_walk_the_whole_list_in_order(client_for, school):
    names = sorted(f"员工{i:03d}" for i in range(120))
    for name in names:
        factories.make_person(school, name=name)
    client = client_for("bureau_admin")
    seen = []
    response = client.get(reverse("registry:person_list"))
    while True:
        page = response.context["page"]
        seen += [p.name for p in page.object_list]
        if not page.next_cursor:
            break
        response = client.get(reverse("registry:person_list"), {"after": page.next_cursor})
    assert seen == names
    back = client.get(reverse("registry:person_list"), {"before": page.previous_cursor}).context["page"]
    assert [p.name for p in back.object_list] == names[50:100]
    # A tampered cursor starts over instead of failing.
    assert client.get(reverse("registry:person_list"), {"after": "!!!"}).status_code == 200


def test_create_entity_records_registration(client_for, bureau):
    client = client_for("legal_officer")
    code = factories.make_credit_code()
    response = client.post(
        reverse("registry:entity_add"),
        {"name": "高平市新建小学", "kind": "primary", "ownership": "public", "credit_code": code.lower()},
    )
    entity = Entity.objects.get(name="高平市新建小学")
    assert response.status_code == 302 and response["Location"] == entity.get_absolute_url()
    assert entity.bureau == bureau and entity.credit_code == code
    assert list(entity.changes.values_list("kind", flat=True)) == ["registered"]
    page = client.get(entity.get_absolute_url()).content.decode()
    assert "已新建监管对象“高平市新建小学”。" in page


def test_bad_credit_code_is_named_and_nothing_saved(client_for, school):
    client = client_for("bureau_admin")
    response = client.post(
        reverse("registry:entity_add"),
        {"name": "错误学校", "kind": "primary", "ownership": "public", "credit_code": "91350100M000100Y44"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == ["统一社会信用代码校验位错误或含有无效字符。"]
    response = client.post(
        reverse("registry:entity_add"),
        {"name": "重复学校", "kind": "primary", "ownership": "public", "credit_code": school.credit_code},
    )
    assert response.context["form"].errors["credit_code"] == ["该统一社会信用代码已登记在本局名录中。"]
    assert not Entity.objects.filter(name__in=["错误学校", "重复学校"]).exists()


def test_person_form_rejects_bad_id_and_other_school(client_for, school, other_school):
    client = client_for("school_user")
    data = {
        "name": "李四",
        "gender": "male",
        "id_number": "140581198503121231",
        "employer": school.pk,
        "category": "teacher",
        "employment_status": "employed",
    }
    response = client.post(reverse("registry:person_add"), data)
    assert response.context["form"].errors["id_number"] == ["身份证号校验位错误，请核对后重新输入。"]
    response = client.post(
        reverse("registry:person_add"), {**data, "id_number": factories.make_resident_id(), "employer": other_school.pk}
    )
    assert "employer" in response.context["form"].errors
    assert not Person.objects.exists()
    response = client.post(reverse("registry:person_add"), {**data, "id_number": factories.make_resident_id()})
    assert response.status_code == 302
    assert Person.objects.get().bureau == school.bureau


def test_entity_change_is_dated_and_shown_in_history(client_for, school, users):
    client = client_for("bureau_admin")
    response = client.post(
        reverse("registry:entity_change", args=[school.pk]),
        {
            "kind": "representative",
            "new_value": "王五",
            "effective_on": "2024-09-01",
            "reason": "校长调整",
            "basis": "高教发[2024]35号",
            "batch": "2024年9月名录库动态调整",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.legal_representative == "王五"
    change = school.changes.get(kind="representative")
    assert (change.old_value, change.new_value, str(change.effective_on)) == ("张三", "王五", "2024-09-01")
    page = client.get(school.get_absolute_url()).content.decode()
    assert "2024年9月1日" in page and "高教发〔2024〕35号" in page
    assert "t_admin" in page  # the audit history names who changed it


def test_merge_requires_target(client_for, school, other_school):
    client = client_for("bureau_admin")
    response = client.post(
        reverse("registry:entity_change", args=[school.pk]),
        {"kind": "merged", "effective_on": "2024-09-01", "reason": "撤并"},
    )
    assert response.context["form"].errors["merged_into"] == ["撤并时必须选择并入单位。"]
    response = client.post(
        reverse("registry:entity_change", args=[school.pk]),
        {"kind": "merged", "merged_into": other_school.pk, "effective_on": "2024-09-01", "reason": "生源减少"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.status, school.merged_into) == ("merged", other_school)


def test_registry_as_of_a_date(client_for, school):
    from apps.registry.services import entity_change

    admin = factories.make_user("bureau_admin", school.bureau)
    school.changes.create(bureau=school.bureau, kind="registered", effective_on="2000-01-01", reason="登记")
    entity_change(entity=school, by=admin, effective_on="2024-09-01", reason="更名", name="高平市第二中学校")
    later = factories.make_school(name="新办学校")
    later.changes.create(bureau=later.bureau, kind="registered", effective_on="2025-03-01", reason="登记")
    client = client_for("bureau_admin")
    rows = client.get(reverse("registry:entity_as_of"), {"date": "2024-08-31"}).context["rows"]
    names = [cells[0][1] for _, cells in rows]
    assert "高平二中" in names and "高平市第二中学校" not in names and "新办学校" not in names
    rows = client.get(reverse("registry:entity_as_of"), {"date": "2024-09-01"}).context["rows"]
    assert "高平市第二中学校" in [cells[0][1] for _, cells in rows]


def test_change_list_filters_a_batch_and_keeps_schools_to_their_own(client_for, school, other_school, users):
    from apps.registry.services import entity_change

    admin = users["bureau_admin"]
    batch = "2024年9月名录库动态调整"
    entity_change(entity=school, by=admin, effective_on="2024-09-01", reason="校长调整", batch=batch, legal_representative="王五")
    entity_change(
        entity=other_school, by=admin, effective_on="2024-09-02", reason="校长调整", batch=batch, legal_representative="赵七"
    )
    entity_change(entity=school, by=admin, effective_on="2025-03-01", reason="更名", name="高平市第二中学")
    url = reverse("registry:entitychange_list")

    page = client_for("bureau_admin").get(url, {"batch": "2024年9月"}).context["page"]
    assert [(c.entity.name, c.new_value) for c in page.object_list] == [("高平六中", "赵七"), ("高平市第二中学", "王五")]
    export = b"".join(client_for("bureau_admin").get(url, {"batch": "2024年9月", "export": "csv"}).streaming_content).decode()
    assert export.splitlines()[0] == "\ufeff单位,生效日期,变更类型,变更前,变更后,变更原因,依据文号,调整批次"
    assert "2024年9月1日,法定代表人变更,张三,王五,校长调整" in export

    school_view = client_for("school_user").get(url).context["page"].object_list
    assert {c.entity_id for c in school_view} == {school.pk}
    dated = client_for("bureau_admin").get(url, {"effective_from": "2025-01-01"}).context["page"].object_list
    assert [c.kind for c in dated] == ["renamed"]
