"""Restricted cases (action, dates, document, closure; a stale save refused) and the
person's 师德师风档案 (checks with results, cases, entries)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.screening import services
from apps.screening.models import EthicsEntry, RestrictedCase

from .conftest import record_results


@pytest.fixture
def case(admin, batch, staff):
    record_results(admin, batch, [(staff[0], "有记录"), (staff[1], "无记录")])
    return RestrictedCase.objects.get()


def test_a_case_save_from_an_older_version_is_refused_with_a_clear_message(client_for, case):
    url = reverse("screening:restrictedcase_edit", args=[case.pk])
    client = client_for("bureau_admin")
    data = {"action": "stopped", "decided_on": timezone.localdate().isoformat(), "version": case.version}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "action": "dismissed"})
    assert stale.status_code == 200
    assert "该记录已被他人修改" in stale.content.decode()
    case.refresh_from_db()
    assert case.action == "stopped"


def test_other_needs_a_detail_and_the_form_keeps_the_input(client_for, case):
    response = client_for("bureau_admin").post(
        reverse("screening:restrictedcase_edit", args=[case.pk]),
        {
            "action": "other",
            "decided_on": timezone.localdate().isoformat(),
            "document_number": "高教处〔2024〕1号",
            "version": case.version,
        },
    )
    html = response.content.decode()
    assert "处置措施为“其他”时，请填写措施说明。" in html and "高教处〔2024〕1号" in html


def test_a_case_closes_only_once_its_action_is_recorded(admin, case):
    with pytest.raises(ValidationError, match="请先登记处置措施"):
        services.case_close(case=case, by=admin, closed_on=timezone.localdate(), note="", version=case.version)
    case = services.case_save(
        case=case, by=admin, values={"action": "not_hired", "decided_on": timezone.localdate()}, version=case.version
    )
    case = services.case_close(case=case, by=admin, closed_on=timezone.localdate(), note="不予录用", version=case.version)
    assert case.status == "closed"
    with pytest.raises(ValidationError, match="已结案"):
        services.case_save(case=case, by=admin, values={"action": "other"}, version=case.version)


def test_the_ethics_file_shows_each_checks_result_cases_and_entries(client_for, admin, case, staff):
    EthicsEntry.objects.create(bureau=admin.bureau, person=staff[0], kind="violation", occurred_on="2024-03-01", title="有偿补课")
    html = client_for("bureau_admin").get(reverse("screening:ethics_file", args=[staff[0].pk])).content.decode()
    assert "有记录" in html and "待登记处置" in html and "违规：有偿补课" in html
    other = client_for("bureau_admin").get(reverse("screening:ethics_file", args=[staff[1].pk])).content.decode()
    assert "无记录" in other and timezone.localdate().strftime("%Y年%-m月%-d日") in other


def test_an_entry_is_recorded_through_its_form(client_for, staff):
    client = client_for("bureau_admin")
    response = client.post(
        reverse("screening:ethicsentry_add"),
        {"person": staff[1].pk, "kind": "commendation", "occurred_on": "2024-09-10", "title": "市级优秀教师"},
    )
    assert response.status_code == 302
    entry = EthicsEntry.objects.get()
    assert entry.recorded_by.username == "t_admin" and entry.person == staff[1]
    future = client.post(
        reverse("screening:ethicsentry_add"),
        {"person": staff[1].pk, "kind": "commendation", "occurred_on": "2999-01-01", "title": "未来"},
    )
    assert future.status_code == 200 and "日期不能晚于今天。" in future.content.decode()


def test_a_school_records_authorisations_once_even_when_submitted_twice(client_for, school, staff):
    from apps.screening.models import Authorisation
    from tests import factories

    from .conftest import scan

    person = factories.make_person(school, name="新同事")
    client = client_for("school_user")
    for _ in range(2):
        response = client.post(
            reverse("screening:authorisation_add"),
            {"people": [person.pk], "signed_on": timezone.localdate().isoformat(), "scan": scan()},
        )
        assert response.status_code == 302
    assert Authorisation.objects.filter(person=person).count() == 1


def test_an_authorisation_scan_must_be_a_pdf_or_image(client_for, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import factories

    person = factories.make_person(school)
    response = client_for("school_user").post(
        reverse("screening:authorisation_add"),
        {
            "people": [person.pk],
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200 and "扫描件应为 PDF、JPG 或 PNG 文件。" in response.content.decode()


def test_a_school_cannot_authorise_another_schools_staff(client_for, other_school):
    from tests import factories

    from .conftest import scan

    outsider = factories.make_person(other_school)
    response = client_for("school_user").post(
        reverse("screening:authorisation_add"),
        {"people": [outsider.pk], "signed_on": timezone.localdate().isoformat(), "scan": scan()},
    )
    assert response.status_code == 200 and "有无效的选项" in response.content.decode()
