"""Query batches: who goes in, who is missing an authorisation, the export with whole
身份证号 (its own permission, logged), a double submit, a stale version."""

from __future__ import annotations

import datetime
import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.accounts.models import SecurityEvent
from apps.screening import services
from apps.screening.choices import BatchStatus, CheckStatus
from apps.screening.models import Check, ExportLog, QueryBatch
from tests import factories

from .conftest import authorise, make_batch, make_platform, record_results


def test_a_batch_takes_the_authorised_active_staff_and_names_who_lacks_an_authorisation(admin, school, staff):
    unauthorised = factories.make_person(school, name="孙新人", category="teacher")
    factories.make_person(school, name="周离职", employment_status="left")
    batch = make_batch(admin, [school])
    assert set(batch.checks.values_list("person__name", flat=True)) == {"王老师", "李老师", "赵师傅", "钱保安"}
    assert list(services.batch_missing_authorisation(batch)) == [unauthorised]


def test_the_batch_page_lists_who_is_missing_an_authorisation(client_for, admin, school, staff):
    factories.make_person(school, name="孙新人", category="teacher")
    batch = make_batch(admin, [school])
    html = client_for("bureau_admin").get(batch.get_absolute_url()).content.decode()
    assert "缺少授权书、未能加入的人员" in html
    assert "孙新人" in html


def test_nobody_authorised_creates_no_batch(admin, school):
    factories.make_person(school)
    with pytest.raises(ValidationError, match="没有符合条件且已登记授权书的人员"):
        make_batch(admin, [school])
    assert not QueryBatch.objects.exists()


def test_people_already_checked_this_year_or_waiting_are_not_taken_again(admin, school, staff):
    first = make_batch(admin, [school])
    record_results(admin, first, [(staff[0], "无记录"), (staff[1], "查询失败")])
    # 赵师傅 and 钱保安 still wait in the first batch; 李老师 failed and may be queried again.
    second = make_batch(admin, [school], title="补查")
    assert list(second.checks.values_list("person__name", flat=True)) == ["李老师"]


def test_hired_since_takes_the_people_hired_after_the_schools_last_check(admin, users, school, staff):
    day = timezone.localdate()
    first = make_batch(admin, [school], day=day - datetime.timedelta(days=30))
    record_results(admin, first, [(p, "无记录") for p in staff])
    newcomer = factories.make_person(school, name="新教师", hired_on=day - datetime.timedelta(days=10))
    factories.make_person(school, name="老教师", hired_on=day - datetime.timedelta(days=400))
    authorise(users["school_user"], [newcomer])
    batch = make_batch(admin, [school], selection="hired_since", title="新入职")
    assert list(batch.checks.values_list("person__name", flat=True)) == ["新教师"]


def test_a_hand_picked_batch_takes_only_the_picked(admin, school, staff):
    batch = make_batch(admin, [school], selection="picked", people=[staff[2]])
    assert list(batch.checks.values_list("person", flat=True)) == [staff[2].pk]


def test_a_double_submitted_batch_is_created_once(admin, school, staff):
    token = uuid.uuid4()
    kwargs = dict(
        by=admin, title="双击", query_date=timezone.localdate(), platform=make_platform(admin.bureau),
        selection="unchecked", schools=[school], token=token,
    )  # fmt: skip
    first = services.batch_create(**kwargs)
    second = services.batch_create(**kwargs)
    assert first.pk == second.pk
    assert QueryBatch.objects.count() == 1 and Check.objects.count() == 4


def test_a_double_submit_through_the_page_creates_one_batch(client_for, admin, school, staff):
    client = client_for("bureau_admin")
    data = {
        "title": "页面批次", "query_date": timezone.localdate().isoformat(),
        "platform": make_platform(admin.bureau).pk, "selection": "unchecked", "schools": [school.pk],
        "token": str(uuid.uuid4()),
    }  # fmt: skip
    assert client.post(reverse("screening:querybatch_add"), data).status_code == 302
    assert client.post(reverse("screening:querybatch_add"), data).status_code == 302
    assert QueryBatch.objects.count() == 1


def test_the_batch_form_says_what_is_wrong_and_keeps_the_input(client_for, admin, school):
    make_platform(admin.bureau)
    response = client_for("bureau_admin").post(
        reverse("screening:querybatch_add"), {"title": "保留我", "query_date": "2024-13-40", "selection": "unchecked"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“查询日期”不是有效的日期" in html and "请选择“学校”。" in html and 'value="保留我"' in html


def test_the_export_carries_whole_numbers_says_it_is_personal_data_and_is_logged(client_for, admin, batch, staff):
    response = client_for("bureau_admin").post(reverse("screening:querybatch_export", args=[batch.pk]))
    assert response.status_code == 200
    assert "%E5%90%AB%E4%B8%AA%E4%BA%BA%E4%BF%A1%E6%81%AF" in response["Content-Disposition"]  # 含个人信息
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["查询名单"]
    assert [c.value for c in sheet[1]] == services.EXPORT_HEADERS
    numbers = {row[4].value for row in sheet.iter_rows(min_row=2)}
    assert numbers == {p.id_number for p in staff}
    assert "个人信息" in workbook["说明"]["A1"].value
    assert workbook.properties.subject == "个人信息"
    log = ExportLog.objects.get()
    assert (log.by, log.batch, log.rows, log.kind) == (admin, batch, 4, "batch")
    assert SecurityEvent.objects.filter(kind="pii_viewed", user=admin).exists()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.EXPORTED


def test_the_export_without_its_permission_is_403_and_logs_nothing(client_for, users, batch):
    from django.contrib.auth.models import Permission

    users["bureau_admin"].groups.first().permissions.remove(Permission.objects.get(codename="export_querybatch"))
    response = client_for("bureau_admin").post(reverse("screening:querybatch_export", args=[batch.pk]))
    assert response.status_code == 403
    assert not ExportLog.objects.exists()
    with pytest.raises(PermissionDenied):
        services.batch_export(batch=batch, by=factories.make_user("legal_officer", batch.bureau))


def test_the_export_is_post_only(client_for, batch):
    assert client_for("bureau_admin").get(reverse("screening:querybatch_export", args=[batch.pk])).status_code == 405


def test_a_refresh_from_an_older_version_is_refused(admin, batch):
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.batch_refresh(batch=batch, by=admin, version=batch.version + 5)


def test_the_refresh_adds_people_authorised_since(admin, users, school, batch):
    late = factories.make_person(school, name="后补")

    authorise(users["school_user"], [late])
    assert services.batch_refresh(batch=batch, by=admin, version=batch.version) == 1
    assert batch.checks.filter(person=late, status=CheckStatus.PENDING).exists()
