"""The personal data locked down: no plaintext 身份证号 or outcome in any row or audit
event; a school user (gp2z) sees that a person was checked and when, never a result or
a case, of any school, in pages, exports or the dashboard."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from apps.screening.models import Check, ExportLog

from .conftest import record_results


@pytest.fixture
def recorded(admin, batch, staff):
    record_results(admin, batch, [(staff[0], "无记录"), (staff[1], "有记录"), (staff[2], "无记录"), (staff[3], "无记录")])
    return batch


def _all_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")  # noqa: S608 - our own table names
        return "\n".join(row[0] for row in cursor.fetchall())


def test_no_row_and_no_audit_event_holds_a_plaintext_number_or_outcome(recorded, staff):
    tables = [
        "screening_check", "screening_checkevent", "screening_authorisation", "screening_authorisationevent",
        "screening_restrictedcase", "screening_restrictedcaseevent", "screening_querybatch", "screening_querybatchevent",
        "screening_exportlog", "registry_person", "registry_personevent", "accounts_securityevent",
    ]  # fmt: skip
    dump = "\n".join(_all_text(t) for t in tables)
    for person in staff:
        assert person.id_number not in dump
    assert '"clear"' not in dump and '"record"' not in dump
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome_encrypted FROM screening_check WHERE status = 'checked'")
        tokens = [row[0] for row in cursor.fetchall()]
    assert len(tokens) == 4 and all(t.startswith("gAAAAA") for t in tokens)
    assert len(set(tokens)) == 4  # a random IV: equal outcomes do not look alike


def test_the_audit_screen_shows_no_ciphertext(client_for, recorded):
    check = Check.objects.get(person__name="李老师")
    html = client_for("bureau_admin").get(check.get_absolute_url()).content.decode()
    assert "gAAAAA" not in html and "查询结果（密文）" not in html


def export_text(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)


SCHOOL_PAGES = ["screening:staff_list", "screening:check_list", "core:dashboard"]


@pytest.mark.parametrize("role", ["school_user", "other_school_user"])
def test_a_school_user_sees_no_result_and_no_case_anywhere(client_for, recorded, role):
    client = client_for(role)
    texts = []
    for name in SCHOOL_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        texts.append(response.content.decode())
    for export in ("csv", "xlsx"):
        for name in ("screening:staff_list", "screening:check_list"):
            response = client.get(reverse(name) + f"?export={export}")
            texts.append(export_text(response))
    blob = "\n".join(texts).replace("还没有记录", "")
    for word in ("有记录", "无记录", "受限处置", "处置措施", "查询结果"):
        assert word not in blob, word
    for name in ("screening:result_list", "screening:restrictedcase_list"):
        assert client.get(reverse(name)).status_code == 403
        assert client.get(reverse(name) + "?export=csv").status_code == 403
    check = Check.objects.get(person__name="李老师")
    detail = client.get(check.get_absolute_url())
    assert detail.status_code == (200 if role == "school_user" else 404)
    if role == "school_user":
        html = detail.content.decode()
        assert "已查询" in html and "有记录" not in html and "受限处置" not in html
    case = check.case
    assert client.get(case.get_absolute_url()).status_code in (403, 404)
    assert client.get(reverse("screening:ethics_file", args=[check.person_id])).status_code in (403, 404)


def test_the_school_sees_that_and_when_its_staff_were_checked(client_for, recorded, staff):
    response = client_for("school_user").get(reverse("screening:staff_list") + "?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "最近查询日期" in text and recorded.query_date.strftime("%Y年%-m月%-d日") in text


def test_every_export_of_results_is_logged(client_for, admin, recorded):
    client = client_for("bureau_admin")
    before = ExportLog.objects.count()
    for name in ("screening:result_list", "screening:restrictedcase_list"):
        response = client.get(reverse(name) + "?export=xlsx")
        assert response.status_code == 200
    kinds = list(ExportLog.objects.order_by("id").values_list("kind", flat=True))[before:]
    assert kinds == ["results", "cases"]


def test_the_results_list_shows_outcomes_to_the_holder_of_the_permission(client_for, recorded):
    response = client_for("bureau_admin").get(reverse("screening:result_list") + "?outcome=record&export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.count("有记录") == 1 and "李老师" in text
    assert "14058" not in text.replace("1405**", "")  # masked numbers only
