"""Coverage per school, the yearly re-check (exactly the people due), the dashboard
items, and constant query counts as rows grow."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.screening import selectors
from apps.screening.choices import CheckStatus
from apps.screening.models import Check
from tests import factories

from .conftest import authorise, make_batch, record_results


def coverage_row(client, school, year):
    response = client.get(reverse("screening:coverage") + f"?year={year}&export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    for line in text.splitlines():
        if line.startswith(school.name + ","):
            return line.split(",")
    raise AssertionError(f"{school.name} not listed")


def test_coverage_counts_staff_checked_not_checked_and_hired_since(client_for, admin, users, school, staff):
    today = timezone.localdate()
    batch = make_batch(admin, [school], day=today - datetime.timedelta(days=20))
    record_results(admin, batch, [(staff[0], "无记录"), (staff[1], "无记录"), (staff[2], "查询失败"), (staff[3], "无记录")])
    factories.make_person(school, name="新来的", hired_on=today - datetime.timedelta(days=5))
    factories.make_person(school, name="已离职", employment_status="left")
    row = coverage_row(client_for("bureau_admin"), school, today.year)
    # 学校, 类型, 在岗, 已查询, 尚未查询, 覆盖率, 最近查询日期, 新入职
    assert row[2:6] == ["5", "3", "2", "60.0%"]
    assert row[7] == "1"


def test_the_yearly_recheck_lists_exactly_the_people_due(admin, users, school, other_school, staff):
    today = timezone.localdate()
    old = make_batch(admin, [school], day=today - datetime.timedelta(days=400), title="去年")
    record_results(admin, old, [(staff[0], "无记录"), (staff[1], "无记录")])
    # 赵师傅 and 钱保安 are still pending in the old batch: never checked, so due.
    Check.objects.filter(batch=old, status=CheckStatus.PENDING).update(status=CheckStatus.FAILED)
    recent = make_batch(
        admin, [school], day=today - datetime.timedelta(days=10), selection="picked", people=[staff[1]], title="今年"
    )
    record_results(admin, recent, [(staff[1], "无记录")])
    never = factories.make_person(other_school, name="从未查询")
    factories.make_person(other_school, name="离职者", employment_status="left")
    canteen = factories.make_school(admin.bureau, name="二中食堂", kind="canteen", parent=school)
    cook = factories.make_person(canteen, name="食堂厨师")
    training = factories.make_school(admin.bureau, name="某培训机构", kind="training")
    factories.make_person(training, name="培训老师")
    due = set(selectors.overdue(admin).values_list("name", flat=True))
    assert due == {"王老师", "赵师傅", "钱保安", never.name, cook.name}


def test_the_overdue_page_and_dashboard_item_show_the_count(client_for, admin, school, staff):
    response = client_for("bureau_admin").get(reverse("core:dashboard"))
    html = response.content.decode()
    assert "到期未复查的教职员工" in html
    listed = client_for("bureau_admin").get(reverse("screening:overdue_list") + "?export=csv")
    assert len(b"".join(listed.streaming_content).decode("utf-8-sig").splitlines()) == 1 + 4


def test_a_school_is_told_who_has_no_authorisation(client_for, school, staff):
    factories.make_person(school, name="没授权")
    html = client_for("school_user").get(reverse("core:dashboard")).content.decode()
    assert "未登记授权书的教职员工" in html
    listed = client_for("school_user").get(reverse("screening:staff_list") + "?authorised=no&export=csv")
    text = b"".join(listed.streaming_content).decode("utf-8-sig")
    assert "没授权" in text and "王老师" not in text


def _grow(admin, users, school, n):
    people = [factories.make_person(school, category="teacher") for _ in range(n)]
    authorise(users["school_user"], people)
    batch = make_batch(admin, [school], title=f"批次{n}")
    record_results(admin, batch, [(p, "无记录") for p in people])
    for i in range(n):
        factories.make_school(admin.bureau, name=f"增长学校{n}-{i}")


@pytest.mark.parametrize(
    "name", ["coverage", "overdue_list", "staff_list", "check_list", "result_list", "querybatch_list", "authorisation_list"]
)
def test_list_query_counts_stay_constant_as_rows_grow(client_for, admin, users, school, name, django_assert_max_num_queries):
    client = client_for("school_user" if name == "staff_list" else "bureau_admin")
    url = reverse(f"screening:{name}")
    _grow(admin, users, school, 3)
    with django_assert_max_num_queries(15) as small:
        assert client.get(url).status_code == 200
    _grow(admin, users, school, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_query_count_stays_constant(client_for, admin, users, school, django_assert_max_num_queries):
    client = client_for("bureau_admin")
    _grow(admin, users, school, 3)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("core:dashboard"))
    _grow(admin, users, school, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("core:dashboard"))


def test_a_units_staff_count_for_its_school_and_filters_read_the_counts(client_for, admin, users, school, other_school, staff):
    today = timezone.localdate()
    canteen = factories.make_school(admin.bureau, name="二中食堂", kind="canteen", parent=school)
    cook = factories.make_person(canteen, name="食堂厨师")
    authorise(users["school_user"], [cook])
    batch = make_batch(admin, [school], day=today)
    record_results(admin, batch, [(p, "无记录") for p in [*staff, cook]])
    factories.make_person(other_school, name="未查询的")
    row = coverage_row(client_for("bureau_admin"), school, today.year)
    assert row[2:6] == ["5", "5", "0", "100.0%"]
    assert row[6] == f"{today.year}年{today.month}月{today.day}日"
    client = client_for("bureau_admin")
    url = reverse("screening:coverage") + f"?year={today.year}"
    complete = client.get(url + "&complete=yes").content.decode()
    assert school.name in complete and other_school.name not in complete
    incomplete = client.get(url + "&complete=no").content.decode()
    assert school.name not in incomplete and other_school.name in incomplete
    covered = client.get(url + "&covered=no").content.decode()
    assert school.name not in covered and other_school.name in covered
    # Last year nobody was checked: the same page says so.
    last_year = coverage_row(client, school, today.year - 1)
    assert last_year[3] == "0"


def test_the_page_shows_each_schools_counts_and_the_totals(client_for, admin, users, school, staff):
    today = timezone.localdate()
    batch = make_batch(admin, [school], day=today)
    record_results(admin, batch, [(staff[0], "无记录"), (staff[1], "无记录")])
    html = client_for("bureau_admin").get(reverse("screening:coverage") + f"?year={today.year}").content.decode()
    assert "50.0%" in html
    # The totals are the listed schools' (here every school fits on the page).
    schools = selectors.coverage(admin, today.year)
    staff = sum(s.staff_total for s in schools)
    assert f"{schools.count()} 所学校，在岗教职员工 {staff} 人，已查询 2 人" in html
