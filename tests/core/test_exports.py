"""Exports (apps/core/exports.py): formulas neutralised in CSV and XLSX, widths fitted,
the header bold and frozen, dates as dates."""

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from apps.registry.models import EntityChange
from tests import factories

FORMULA = '=HYPERLINK("http://evil.example","点我")'


def test_csv_cells_that_start_a_formula_get_a_quote(client_for, school):
    factories.make_person(school, name=FORMULA, position="+1+1", phone="-2+3")
    response = client_for("bureau_admin").get(reverse("registry:person_list"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert '"\'=HYPERLINK(""http://evil.example"",""点我"")"' in body
    assert ",'+1+1," in body and ",'-2+3," in body


def test_xlsx_cells_that_start_a_formula_are_text(client_for, school):
    factories.make_person(school, name=FORMULA, position="@SUM(1)")
    response = client_for("bureau_admin").get(reverse("registry:person_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == (FORMULA, "s")
    assert (sheet["E2"].value, sheet["E2"].data_type) == ("@SUM(1)", "s")


def test_xlsx_opens_well_widths_bold_frozen_header_real_dates(client_for, school):
    EntityChange.objects.create(
        bureau=school.bureau, entity=school, kind="renamed", effective_on=datetime.date(2024, 9, 1), reason="调整"
    )
    response = client_for("bureau_admin").get(reverse("registry:entitychange_list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["B2"].value == datetime.datetime(2024, 9, 1) and sheet["B2"].is_date
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    # 高平二中: four CJK characters are 8 wide, plus 2; 生效日期 likewise, plus 2 for the header.
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 12
