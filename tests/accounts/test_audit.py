"""审计日志 and 登录与安全日志: scoped, filterable, exportable, constant queries, unalterable."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts import selectors
from apps.accounts.models import SecurityEvent, SecurityEventKind, User
from apps.registry.models import Entity, Person
from tests import factories

from .helpers import csv_text

pytestmark = pytest.mark.django_db


def _rows(client, query: str = "") -> list[str]:
    return csv_text(client.get(f"/accounts/audit/?export=csv&{query}")).splitlines()[1:]


def test_a_write_through_the_app_is_logged_with_who_what_where(client_for, users):
    target = users["legal_officer"]
    client_for("system_admin").post(
        f"/accounts/users/{target.pk}/edit/",
        {"full_name": "李法规", "phone": "13800001111", "role": "legal_officer", "school": "", "is_active": "on"},
        REMOTE_ADDR="10.1.2.3",
    )

    # Every event of a test shares its transaction's timestamp, so find the row rather
    # than assume it sorts first.
    client = client_for("audit_admin")
    newest = next(row for row in _rows(client) if f"用户 #{target.pk} 李法规" in row and ",修改," in row)
    assert newest.startswith(timezone.localtime().strftime("%Y-%m-%d"))
    assert f",t_xitong,修改,用户 #{target.pk} 李法规," in newest
    assert "手机号：（空） → 13800001111" in newest
    assert "姓名：（空） → 李法规" in newest
    assert f"/accounts/users/{target.pk}/edit/,10.1.2.3," in newest

    html = client.get("/accounts/audit/").content.decode()
    # The object links to the row, which still exists; the diff is one line per field.
    assert f'<a href="/accounts/users/{target.pk}/edit/">用户 #{target.pk} 李法规</a>' in html
    assert "<strong>手机号</strong>：<del>（空）</del> → <ins>13800001111</ins>" in html


def test_other_bureaus_writes_are_absent_from_page_and_exports(client_for, users, other_bureau):
    # Written first: in a test everything is one transaction, and pghistory's context
    # (set per transaction) would otherwise still name the last request's user.
    factories.make_school(users["bureau_admin"].bureau, name="高平三中")
    factories.make_school(other_bureau, name="阳城一中")
    other_admin = users["other_system_admin"]
    client_for("other_system_admin").post(
        f"/accounts/users/{other_admin.pk}/edit/",
        {"full_name": "阳城管理员", "phone": "", "role": "system_admin", "school": "", "is_active": "on"},
    )

    client = client_for("audit_admin")
    html = client.get("/accounts/audit/").content.decode()
    exported = csv_text(client.get("/accounts/audit/?export=csv"))
    workbook = load_workbook(io.BytesIO(client.get("/accounts/audit/?export=xlsx").content))
    xlsx_text = "\n".join(str(c.value) for row in workbook.active.iter_rows() for c in row)
    for text in (html, exported, xlsx_text):
        assert "高平三中" in text
        assert "阳城一中" not in text
        assert "阳城管理员" not in text
        assert "t_yangcheng" not in text
        # The city above is not the county's to audit: no event of its own row (高平's
        # own creation names it as 上级教育局, by name since related rows are named).
        assert f"教育局 #{users['city_viewer'].bureau_id}" not in text

    # And the other way round.
    theirs = csv_text(client_for("other_audit_admin").get("/accounts/audit/?export=csv"))
    assert "阳城一中" in theirs
    assert "高平三中" not in theirs


def test_events_are_newest_first(client_for, users, school):
    # A test is one transaction, so every event here has the same pgh_created_at (the
    # trigger stamps the transaction's start); the next key, pgh_id, keeps write order.
    Entity.objects.filter(pk=school.pk).update(phone="0356-1111111")
    Entity.objects.filter(pk=school.pk).update(phone="0356-2222222")
    rows = _rows(client_for("audit_admin"), "model=registry.Entity")
    assert "0356-1111111 → 0356-2222222" in rows[0]
    assert "（空） → 0356-1111111" in rows[1]
    keys = selectors.audit_keys(users["audit_admin"], selectors.AuditFilters())
    assert keys.query.order_by == ("-pgh_created_at", "-pgh_id", "-pgh_model")


def test_events_filter_by_model_user_and_date(client_for, users, school):
    Entity.objects.filter(pk=school.pk).update(phone="0356-5221234")
    client_for("system_admin").post(
        f"/accounts/users/{users['inspector'].pk}/edit/",
        {"full_name": "赵执法", "phone": "", "role": "inspector", "school": "", "is_active": "on"},
    )
    client = client_for("audit_admin")
    everything = _rows(client)

    entities = _rows(client, "model=registry.Entity")
    assert entities and all(",监管对象 #" in row for row in entities)
    assert "联系电话：（空） → 0356-5221234" in entities[0]

    by_admin = _rows(client, "user=t_xitong")
    assert len(by_admin) == 1
    assert "赵执法" in by_admin[0]

    today = timezone.localdate()
    assert len(_rows(client, f"date_from={today}&date_to={today}")) == len(everything)
    assert _rows(client, f"date_to={today - datetime.timedelta(days=1)}") == []
    assert _rows(client, f"date_from={today + datetime.timedelta(days=1)}") == []


def test_the_model_filter_offers_tracked_models_by_chinese_name(client_for, users):
    html = client_for("audit_admin").get("/accounts/audit/").content.decode()
    assert '<option value="registry.Entity">监管对象</option>' in html
    assert '<option value="accounts.User">用户</option>' in html
    assert dict(selectors.tracked_model_choices())["registry.Person"] == "教职员工"


def test_resident_id_numbers_are_masked_in_the_log(client_for, users, school):
    person = factories.make_person(school, name="张老师")
    exported = csv_text(client_for("audit_admin").get("/accounts/audit/?export=csv&model=registry.Person"))
    assert person.id_number not in exported
    assert f"身份证号：{person.masked_id_number}" in exported


def test_a_deleted_row_is_still_in_the_log_without_a_link(client_for, users, school):
    person = factories.make_person(school, name="临时教师")
    pk = person.pk
    person.delete()

    client = client_for("audit_admin")
    rows = _rows(client, "model=registry.Person")
    assert f",删除,教职员工 #{pk} 临时教师," in rows[0]
    assert f",新建,教职员工 #{pk} 临时教师," in rows[1]
    html = client.get("/accounts/audit/?model=registry.Person").content.decode()
    assert f"/registry/people/{pk}/" not in html


def test_audit_list_costs_the_same_queries_for_few_and_many_events(client_for, users, school, django_assert_max_num_queries):
    client = client_for("audit_admin")
    person = factories.make_person(school)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/audit/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(40):
        Entity.objects.filter(pk=school.pk).update(phone=f"0356-52{n:05d}")
        Person.objects.filter(pk=person.pk).update(phone=f"139{n:08d}")
        factories.make_user("inspector", school.bureau)
    # One query per tracked model present on the page (for its links) at most, not per row.
    assert count() <= few
    with django_assert_max_num_queries(few):
        client.get("/accounts/audit/?export=csv")


def test_audit_pages_go_back_in_time_without_repeating(client_for, users, school):
    for n in range(60):
        Entity.objects.filter(pk=school.pk).update(phone=f"0356-5{n:06d}")
    client = client_for("audit_admin")
    first = client.get("/accounts/audit/")
    page1 = [row[0].pgh_slug for row in first.context["rows"]]
    assert len(page1) == 50
    second = client.get(f"/accounts/audit/?after={first.context['page'].next_cursor}")
    page2 = [row[0].pgh_slug for row in second.context["rows"]]
    assert page2 and not set(page1) & set(page2)
    assert len(page1) + len(page2) == second.context["page"].count
    back = client.get(f"/accounts/audit/?before={second.context['page'].previous_cursor}")
    assert [row[0].pgh_slug for row in back.context["rows"]] == page1
    # A forged cursor starts again from the newest.
    assert client.get("/accounts/audit/?after=bm90LWEtY3Vyc29y").status_code == 200


def test_the_audit_log_has_no_way_to_write(client_for, users):
    client = client_for("audit_admin")
    assert client.post("/accounts/audit/").status_code == 405
    assert client.post("/accounts/security-events/").status_code == 405


def test_event_tables_refuse_update_and_delete_in_the_database(users, school):
    Entity.objects.filter(pk=school.pk).update(phone="0356-1111111")
    events = Entity.pgh_event_model.objects.filter(pgh_obj_id=school.pk)
    before = list(events.order_by("pgh_id").values_list("pgh_id", "phone"))
    assert len(before) == 2

    with pytest.raises(DatabaseError), transaction.atomic():
        events.update(phone="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        events.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        User.pgh_event_model.objects.all().delete()

    assert list(events.order_by("pgh_id").values_list("pgh_id", "phone")) == before


def test_security_events_cannot_be_rewritten_either(users):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN, username="t_admin")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).update(username="someone")
    with pytest.raises(DatabaseError), transaction.atomic():
        SecurityEvent.objects.filter(pk=event.pk).delete()
    assert SecurityEvent.objects.get(pk=event.pk).username == "t_admin"


# -- 登录与安全日志 ----------------------------------------------------------------------


def _security_rows(client, query: str = "") -> list[str]:
    return csv_text(client.get(f"/accounts/security-events/?export=csv&{query}")).splitlines()[1:]


def test_security_log_shows_failed_logins_against_the_bureaus_accounts(client_for, users):
    from django.test import Client

    Client(REMOTE_ADDR="10.0.0.9").post("/accounts/login/", {"username": "t_fagui", "password": "wrong"})
    Client(REMOTE_ADDR="10.0.0.8").post("/accounts/login/", {"username": "t_yangcheng", "password": "wrong"})
    Client(REMOTE_ADDR="10.0.0.7").post("/accounts/login/", {"username": "nobody", "password": "wrong"})

    client = client_for("security_admin")
    html = client.get("/accounts/security-events/").content.decode()
    rows = _security_rows(client)
    assert len(rows) == 1
    assert ",登录失败,t_fagui,,10.0.0.9,/accounts/login/," in rows[0]
    for text in (html, "\n".join(rows)):
        assert "t_yangcheng" not in text
        assert "nobody" not in text
    assert "t_yangcheng" in "\n".join(_security_rows(client_for("other_security_admin")))


def test_security_log_filters_by_kind_username_and_date(client_for, users):
    from django.test import Client

    Client().post("/accounts/login/", {"username": "t_fagui", "password": "wrong"})
    Client().post("/accounts/login/", {"username": "t_zhifa", "password": factories.PASSWORD})
    # A denied attempt is logged too.
    assert client_for("legal_officer").get("/accounts/audit/").status_code == 403

    client = client_for("security_admin")
    kinds = {row.split(",")[1] for row in _security_rows(client)}
    assert kinds == {"登录失败", "登录成功", "越权访问被拒绝"}
    assert [r.split(",")[2] for r in _security_rows(client, "kind=login")] == ["t_zhifa"]
    denied = _security_rows(client, "kind=denied")
    assert len(denied) == 1
    assert ",越权访问被拒绝,t_fagui,," in denied[0]
    assert "缺少权限 accounts.view_auditlog" in denied[0]
    assert [r.split(",")[1] for r in _security_rows(client, "username=fagui")] == ["越权访问被拒绝", "登录失败"]
    today = timezone.localdate()
    assert len(_security_rows(client, f"date_from={today}&date_to={today}")) == 3
    xlsx = client.get("/accounts/security-events/?export=xlsx&kind=login_failed")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows())] == ["时间", "事件", "用户名", "姓名", "来源地址", "请求路径", "说明"]
    assert [[c.value for c in row][1:3] for row in sheet.iter_rows(min_row=2)] == [["登录失败", "t_fagui"]]
    assert _security_rows(client, f"date_to={today - datetime.timedelta(days=1)}") == []


def test_security_log_queries_do_not_grow_with_rows(client_for, users):
    from django.test import Client

    client = client_for("security_admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/accounts/security-events/").status_code == 200
        return len(ctx.captured_queries)

    Client().post("/accounts/login/", {"username": "t_zhifa", "password": factories.PASSWORD})
    few = count()
    for _ in range(20):
        Client().post("/accounts/login/", {"username": "t_fagui", "password": factories.PASSWORD})
    assert count() == few


def test_export_walks_every_event_in_order_across_chunks(users, school):
    for n in range(7):
        Entity.objects.filter(pk=school.pk).update(phone=f"0356-{n:07d}")
    admin = users["audit_admin"]
    filters = selectors.AuditFilters()
    whole = [e.pgh_slug for e in selectors.audit_iter(admin, filters)]
    chunked = [e.pgh_slug for e in selectors.audit_iter(admin, filters, chunk=3)]
    assert chunked == whole
    assert len(whole) == len(set(whole)) == selectors.audit_keys(admin, filters).count()
    assert selectors.audit_page(admin, filters, after=None, before=None, per_page=100).count == len(whole)


def test_the_audit_administrators_reading_is_logged_for_the_security_administrator(client_for, users):
    # 等保: the audit administrator's own actions are visible to the others.
    auditor = client_for("audit_admin")
    assert auditor.get("/accounts/audit/").status_code == 200
    assert auditor.get("/accounts/audit/?export=xlsx").status_code == 200
    assert auditor.get("/accounts/security-events/").status_code == 200
    rows = _security_rows(client_for("security_admin"), "kind=log_read")
    assert [row.split(",")[1:3] + row.split(",")[-1:] for row in rows] == [
        ["查看或导出日志", "t_shenji", "查看登录与安全日志"],
        ["查看或导出日志", "t_shenji", "导出审计日志（XLSX）"],
        ["查看或导出日志", "t_shenji", "查看审计日志"],
    ]
    # The security administrator's own reading of the log it watches is not recorded.
    assert "t_anquan" not in "\n".join(_security_rows(client_for("security_admin"), "kind=log_read"))
