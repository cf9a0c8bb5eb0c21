"""Pages of 学法: filters, exports, constant queries, forms that keep what was typed,
double submits and stale saves through the browser's path, the person's year, the summary."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from apps.study.models import Attendance, StudySession
from tests import factories

from .conftest import law, make_item, make_session


def text(response) -> str:
    return unescape(response.content.decode())


def exported(client, url: str) -> list[list[str]]:
    response = client.get(url + ("&" if "?" in url else "?") + "export=csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def many_sessions(admin, staff, n: int, topic) -> None:
    laws = [law("中华人民共和国民法典"), law("山西省平安建设条例")]
    for i in range(n):
        make_session(
            admin,
            title=f"学法{i}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            topics=[topic],
            laws=laws,
            attendees={p: "present" for p in staff},
        )


@pytest.mark.parametrize("name", ["study:studysession_list", "study:attendance_list"])
def test_lists_cost_the_same_queries_at_two_sizes(client_for, admin, staff, anti_gang, name, django_assert_max_num_queries):
    client = client_for("bureau_admin")
    many_sessions(admin, staff, 3, anti_gang)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse(name)).status_code == 200
    many_sessions(admin, staff, 30, anti_gang)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_the_session_list_filters_by_year_kind_topic_law_and_person(client_for, admin, staff, anti_gang, session):
    other = make_item(session.bureau, "民法典")
    make_session(admin, title="大讲堂民法典", kind="lecture", topics=[other], laws=[law("中华人民共和国民法典")],
                 attendees={staff[0]: "present"})  # fmt: skip
    make_session(admin, title="去年的中心组", date=datetime.date(2023, 6, 2), attendees={staff[1]: "present"})
    client = client_for("legal_officer")
    base = reverse("study:studysession_list")

    def titles(query: str) -> list[str]:
        return sorted(row[0] for row in exported(client, f"{base}?{query}")[1:])

    assert titles("year=2024") == ["主题党日：学习反有组织犯罪法", "大讲堂民法典"]
    assert titles("kind=lecture") == ["大讲堂民法典"]
    assert titles(f"topic={anti_gang.pk}") == ["主题党日：学习反有组织犯罪法"]
    assert titles("topic_label=扫黑除恶") == ["主题党日：学习反有组织犯罪法"]
    assert titles(f"law={law('中华人民共和国民法典').pk}") == ["大讲堂民法典"]
    assert titles(f"person={staff[1].pk}") == ["主题党日：学习反有组织犯罪法", "去年的中心组"]
    assert titles(f"person={staff[1].pk}&year=2023") == ["去年的中心组"]
    # The export is what the page shows: the same columns.
    header = exported(client, base)[0]
    assert header[:4] == ["名称", "日期", "形式", "组织单位"] and "出席人数" in header
    row = next(r for r in exported(client, f"{base}?kind=party_day")[1:])
    assert row[header.index("主题")] == "扫黑除恶"
    assert row[header.index("学习的法律法规")] == "《中华人民共和国反有组织犯罪法》"
    assert row[header.index("出席人数")] == "2"


def test_the_attendance_list_filters_by_person_and_status(client_for, session, staff):
    client = client_for("bureau_admin")
    rows = exported(client, reverse("study:attendance_list") + "?status=present&year=2024")
    assert sorted(r[2] for r in rows[1:]) == ["李法规", "王局长"]
    rows = exported(client, reverse("study:attendance_list") + f"?person={staff[2].pk}")
    assert [(r[2], r[6]) for r in rows[1:]] == [("赵执法", "请假")]


def form_data(page_html: str, **values) -> dict:
    data = dict(re.findall(r'<input type="hidden" name="(version|token)" value="([^"]*)"', page_html))
    data.update(values)
    return data


def test_a_form_with_errors_says_what_and_keeps_what_was_typed(client_for):
    client = client_for("legal_officer")
    html = text(client.get(reverse("study:studysession_add")))
    response = client.post(
        reverse("study:studysession_add"),
        form_data(html, title="机关大讲堂：民法典", kind="lecture", hours="0", date="2024-13-01"),
    )
    html = text(response)
    assert response.status_code == 200
    assert "“日期”不是有效的日期，请按 2024-03-01 的格式填写。" in html
    assert "请选择“方式”。" in html or "mode" not in html
    assert 'value="机关大讲堂：民法典"' in html
    assert not StudySession.objects.exists()


def test_a_double_click_on_save_records_one_session(client_for):
    client = client_for("legal_officer")
    html = text(client.get(reverse("study:studysession_add")))
    data = form_data(html, title="会前学法", kind="pre_meeting", hours="0.5", date="2024-03-12", mode="onsite")
    first = client.post(reverse("study:studysession_add"), data)
    second = client.post(reverse("study:studysession_add"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert StudySession.objects.count() == 1


def test_a_stale_edit_is_refused_with_a_clear_message(client_for, session):
    alice, bob = client_for("bureau_admin"), client_for("legal_officer")
    url = reverse("study:studysession_edit", args=[session.pk])
    alice_html, bob_html = text(alice.get(url)), text(bob.get(url))
    common = {"kind": "party_day", "hours": "2", "date": "2024-06-28", "mode": "onsite"}
    assert alice.post(url, form_data(alice_html, title="甲的名称", **common)).status_code == 302
    response = bob.post(url, form_data(bob_html, title="乙的名称", **common))
    assert response.status_code == 200
    assert "该学法活动已被他人修改（您看到的是旧版本），请重新打开后再保存。" in text(response)
    assert 'value="乙的名称"' in text(response)
    assert StudySession.objects.get(pk=session.pk).title == "甲的名称"


def test_a_stale_attendance_page_is_refused(client_for, session, staff):
    url = reverse("study:attendance_edit", args=[session.pk])
    alice, bob = client_for("bureau_admin"), client_for("legal_officer")
    alice.get(url)
    bob.get(url)
    seen = session.version
    assert alice.post(url, {"version": seen, f"status_{staff[2].pk}": "present"}).status_code == 302
    response = bob.post(url, {"version": seen, f"status_{staff[2].pk}": "absent"})
    assert response.status_code == 200 and "已被他人修改" in text(response)
    assert Attendance.objects.get(session=session, person=staff[2]).status == "present"


def test_the_attendance_page_lists_the_offices_staff_and_another_unit_on_request(client_for, session, staff, bureau):
    school = factories.make_school(bureau, name="高平三中")
    teacher = factories.make_person(school, name="三中老师")
    client = client_for("bureau_admin")
    url = reverse("study:attendance_edit", args=[session.pk])
    html = text(client.get(url))
    assert all(p.name in html for p in staff) and "三中老师" not in html
    html = text(client.get(url, {"unit": school.pk}))
    assert "三中老师" in html and "王局长" in html  # those on the list stay listed
    response = client.post(
        f"{url}?unit={school.pk}", {"version": session.version, f"status_{teacher.pk}": "present", f"status_{staff[2].pk}": ""}
    )
    assert response.status_code == 302
    names = set(Attendance.objects.filter(session=session).values_list("person__name", flat=True))
    assert names == {"王局长", "李法规", "三中老师"}


def test_the_persons_year_page_is_printable_and_adds_up(client_for, admin, session, staff):
    make_session(admin, title="中心组学习", date=datetime.date(2024, 3, 8), hours=Decimal("1.5"),
                 laws=[law("习近平法治思想学习纲要")], attendees={staff[0]: "present"})  # fmt: skip
    html = text(client_for("city_viewer").get(reverse("study:person_year", args=[staff[0].pk]), {"year": 2024}))
    assert "王局长 2024年度学法情况" in html
    assert "2024年参加学法活动 2 次，累计 3.5 学时；请假 0 次，缺席 0 次。" in html
    assert "《中华人民共和国反有组织犯罪法》、《习近平法治思想学习纲要》" in html
    assert 'href="/static/study/print.css" media="print"' in html or "study/print" in html


def test_the_yearly_summary_counts_by_kind_and_lists_the_laws(client_for, admin, session, staff):
    make_session(admin, title="行政执法大讲堂", kind="online", mode="online", enforcement_training=True, hours=Decimal("4"),
                 attendees={staff[2]: "present"})  # fmt: skip
    html = text(client_for("bureau_admin").get(reverse("study:summary"), {"year": 2024}))
    assert "2024年共开展学法活动" in html and "合计 6.0 学时，参加 3 人次。" in html
    assert re.search(r"<th scope=\"row\">主题党日</th><td><a [^>]+>1</a></td><td>2\.0</td><td>2</td>", html)
    assert "行政执法大讲堂" in html and "《中华人民共和国反有组织犯罪法》" in html


def test_the_dashboard_names_sessions_without_attendance(client_for, users, admin, session):
    make_session(admin, title="还没登记出席的大讲堂", kind="lecture")
    from apps.study.selectors import attention, sessions_without_attendance

    items = attention(admin)
    assert [(i.title, i.count) for i in items] == [("未登记出席情况的学法活动", 1)]
    assert list(sessions_without_attendance(admin).values_list("title", flat=True)) == ["还没登记出席的大讲堂"]
    rows = exported(client_for("bureau_admin"), items[0].url)
    assert [r[0] for r in rows[1:]] == ["还没登记出席的大讲堂"]
    # Neither the city nor an inspector is asked to fix it.
    assert attention(users["city_viewer"]) == attention(users["inspector"]) == []
