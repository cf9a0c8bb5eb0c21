"""CSV and XLSX export of a list's filtered, scoped queryset, by its `Table` columns.

Every cell a spreadsheet could take for a formula (text starting with = + - @, a tab or a
carriage return) is neutralised here, once for every app (OWASP "CSV injection"): in
CSV it gets a leading single quote, in XLSX it is written as a text cell.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .tables import Table, as_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Widths are estimated on the first rows only: the workbook is written as it streams.
WIDTH_SAMPLE_ROWS = 200
MAX_COLUMN_WIDTH = 60


class _Echo:
    def write(self, value: str) -> str:
        return value


def neutralise(text: str) -> str:
    """The CSV form of a cell: text a spreadsheet would run as a formula gets a quote."""

    return "'" + text if text.startswith(FORMULA_STARTS) else text


def column_width(text: str) -> float:
    """Excel column width for `text`: CJK (wide) characters count twice."""

    width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))
    return min(MAX_COLUMN_WIDTH, max(8, width + 2))


def _values(table: Table, objects: Iterable[Any]) -> Iterator[list[str]]:
    columns = table.export_columns
    yield [c.header for c in columns]
    for obj in objects:
        yield [as_text(table.cell(obj, c)) for c in columns]


def export_filename(title: str, ext: str) -> str:
    return f"{title}_{timezone.localdate():%Y%m%d}.{ext}"


def csv_response(table: Table, objects: Iterable[Any], title: str) -> StreamingHttpResponse:
    """Streamed, with a BOM so that Excel opens the Chinese text correctly."""

    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff"
        for values in _values(table, objects):
            yield writer.writerow([neutralise(v) for v in values])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, export_filename(title, "csv"))
    return response


def _xlsx_value(value: Any) -> Any:
    """Dates stay dates (Excel sorts and filters them), numbers stay numbers, the rest text."""

    if value is None:
        return ""
    if isinstance(value, bool):
        return as_text(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | int | float | decimal.Decimal):
        return value
    return str(value)


def _xlsx_cell(sheet: Any, value: Any, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl makes any "=…" string a formula; a text cell is never evaluated.
        cell.data_type = "s"
    elif isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _display_width(value: Any) -> float:
    if isinstance(value, datetime.datetime):
        return 18
    if isinstance(value, datetime.date):
        return 12
    return column_width(str(value))


def xlsx_response(table: Table, objects: Iterable[Any], title: str) -> HttpResponse:
    """Header bold and frozen, column widths fitted to the content, real dates."""

    columns = table.export_columns
    objects = iter(objects)
    sample = [[_xlsx_value(table.cell(obj, c)) for c in columns] for obj in islice(objects, WIDTH_SAMPLE_ROWS)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, column in enumerate(columns):
        width = max([column_width(column.header) + 2] + [_display_width(r[index]) for r in sample])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(MAX_COLUMN_WIDTH, width)
    sheet.freeze_panes = "A2"
    sheet.append([_xlsx_cell(sheet, c.header, bold=True) for c in columns])
    for values in sample:
        sheet.append([_xlsx_cell(sheet, v) for v in values])
    for obj in objects:
        sheet.append([_xlsx_cell(sheet, _xlsx_value(table.cell(obj, c))) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(title, "xlsx"))
    return response
