"""Results by XLSX, keyed by 身份证号 (matched on the digest): every row checked, rows
named, nothing saved unless all are right; a hit opens a case; results are filed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.imports import ImportFailed, run_import
from apps.core.validators import resident_id_check_digit
from apps.screening import services
from apps.screening.choices import BatchStatus, CheckStatus
from apps.screening.imports import ResultImporter
from apps.screening.models import Check, RestrictedCase
from tests import factories
from tests.factories import make_resident_id

from .conftest import RESULT_HEADER, results_sheet, xlsx


@pytest.fixture
def exported(admin, batch):
    services.batch_export(batch=batch, by=admin)
    batch.refresh_from_db()
    return batch


def errors_of(admin, batch, upload) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        run_import(ResultImporter(admin, batch), upload)
    return [str(e) for e in failed.value.errors]


def nothing_saved(batch) -> bool:
    return not batch.checks.exclude(status=CheckStatus.PENDING).exists() and not RestrictedCase.objects.exists()


def test_results_are_recorded_a_hit_opens_a_case_and_each_result_is_filed(admin, exported, staff):
    result = run_import(
        ResultImporter(admin, exported),
        results_sheet([(staff[0], "无记录"), (staff[1], "有记录"), (staff[2], "无记录"), (staff[3], "查询失败")]),
    )
    assert result.updated == 4
    checks = {c.person_id: c for c in exported.checks.all()}
    assert checks[staff[0].pk].status == CheckStatus.CHECKED and checks[staff[0].pk].outcome == "clear"
    assert checks[staff[1].pk].outcome == "record"
    assert checks[staff[3].pk].status == CheckStatus.FAILED and checks[staff[3].pk].filed_on is None
    assert checks[staff[0].pk].filed_on == timezone.localdate()
    case = RestrictedCase.objects.get()
    assert case.person == staff[1] and case.check_record == checks[staff[1].pk]
    exported.refresh_from_db()
    assert exported.status == BatchStatus.COMPLETED


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("14058119850312001", "身份证号应为18位，当前为17位。"),
        ("140581198503120010", "身份证号校验位错误"),
        (lambda: (f := "140581209901010011"[:17]) + resident_id_check_digit(f), "身份证号中的出生日期无效。"),
    ],
    ids=["length", "check digit", "future birth date"],
)
def test_an_invalid_number_is_refused_with_its_row_named_and_nothing_saved(admin, exported, staff, number, message):
    number = number() if callable(number) else number
    upload = results_sheet([(staff[0], "无记录"), (number, "无记录")])
    errors = errors_of(admin, exported, upload)
    assert len(errors) == 1 and errors[0].startswith("第3行“证件号码”：") and message in errors[0]
    assert nothing_saved(exported)


def test_a_person_outside_the_batch_saves_nothing(admin, exported, staff, other_school):
    outsider = factories.make_person(other_school, name="外校人")
    errors = errors_of(admin, exported, results_sheet([(staff[0], "无记录"), (outsider, "无记录")]))
    assert errors == [f"第3行“证件号码”：{outsider.masked_id_number} 的人员不在本批次中，不能导入其结果。"]
    assert nothing_saved(exported)


def test_an_unknown_number_and_a_duplicate_row_are_named(admin, exported, staff):
    unknown = make_resident_id()
    errors = errors_of(admin, exported, results_sheet([(staff[0], "无记录"), (unknown, "无记录"), (staff[0], "无记录")]))
    assert errors == [
        f"第3行“证件号码”：系统中没有证件号码为 {unknown[:4]}**********{unknown[-4:]} 的教职员工。",
        "第4行“证件号码”：与第2行重复。",
    ]
    assert nothing_saved(exported)


def test_a_bad_outcome_and_a_wrong_name_are_named(admin, exported, staff):
    upload = xlsx([RESULT_HEADER, [staff[0].id_number, "张冠李戴", "无记录", "", ""], [staff[1].id_number, "", "不清楚", "", ""]])
    errors = errors_of(admin, exported, upload)
    assert "第3行“查询结果”：“不清楚”不是有效的查询结果，应为：无记录、有记录、查询失败。" in errors
    assert f"第2行“姓名”：姓名与证件号码不符（本批次中该号码的人员为“{staff[0].name}”）。" in errors
    assert nothing_saved(exported)


def test_a_recorded_result_cannot_be_turned_into_another(admin, exported, staff):
    run_import(ResultImporter(admin, exported), results_sheet([(staff[0], "无记录")]))
    errors = errors_of(admin, exported, results_sheet([(staff[0], "有记录")]))
    assert errors == ["第2行“查询结果”：该人员的结果已登记为“无记录”，不能更改为“有记录”。"]
    # The same sheet again changes nothing and opens no case.
    run_import(ResultImporter(admin, exported), results_sheet([(staff[0], "无记录")]))
    assert not RestrictedCase.objects.exists()


def test_the_import_page_names_the_rows_and_saves_nothing(client_for, exported, staff, other_school):
    outsider = factories.make_person(other_school)
    response = client_for("bureau_admin").post(
        reverse("screening:result_import", args=[exported.pk]),
        {"file": results_sheet([(staff[0], "无记录"), (outsider, "无记录")])},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "导入未完成，没有保存任何数据" in html and "第3行" in html
    assert nothing_saved(exported)


def test_the_import_page_records_the_results(client_for, exported, staff):
    response = client_for("bureau_admin").post(
        reverse("screening:result_import", args=[exported.pk]), {"file": results_sheet([(p, "无记录") for p in staff])}
    )
    assert response.status_code == 302
    assert Check.objects.filter(status=CheckStatus.CHECKED).count() == 4


def test_results_cannot_be_imported_before_the_export(client_for, batch):
    response = client_for("bureau_admin").get(reverse("screening:result_import", args=[batch.pk]))
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
