"""CSV and XLSX export of a list's filtered, scoped queryset, by its `Table` columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from .tables import Table, as_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Echo:
    def write(self, value: str) -> str:
        return value


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
            yield writer.writerow(values)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, export_filename(title, "csv"))
    return response


def xlsx_response(table: Table, objects: Iterable[Any], title: str) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for values in _values(table, objects):
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, export_filename(title, "xlsx"))
    return response
