"""XLSX import with row-level errors, all or nothing.

An app describes its sheet with `ImportColumn`s and a ModelForm that validates one row;
`run_import` reads every row, validates all of them first, and saves only when every
row is valid, in one transaction, under the acting user's audit context.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pghistory
from django.db import transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from .exports import XLSX_TYPE


@dataclass(frozen=True)
class ImportColumn:
    header: str
    field: str
    required: bool = False
    example: str = ""
    # Turns the cell text into what the form expects (a choice label into its value…).
    convert: Callable[[str], Any] | None = None


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number the user sees (header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}“{self.column}”：{self.message}" if self.column else f"{where}：{self.message}"


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(upload, columns: list[ImportColumn]) -> list[tuple[int, dict[str, str]]]:
    """The sheet's rows as {field: text}, keyed by header; a missing header is an error."""

    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ImportFailed([RowError(0, "", "无法读取该 Excel 文件，请确认是 .xlsx 格式。")]) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(rows, ())]
    positions = {}
    missing = []
    for column in columns:
        if column.header in header:
            positions[column.field] = header.index(column.header)
        elif column.required:
            missing.append(column.header)
    if missing:
        raise ImportFailed([RowError(1, h, "缺少此列，请使用模板文件。") for h in missing])
    result = []
    for number, values in enumerate(rows, start=2):
        texts = {name: _cell_text(values[i]) if i < len(values) else "" for name, i in positions.items()}
        if any(texts.values()):
            result.append((number, texts))
    workbook.close()
    if not result:
        raise ImportFailed([RowError(0, "", "文件中没有数据行。")])
    return result


def run_import(
    *,
    upload,
    columns: list[ImportColumn],
    user: Any,
    build_form: Callable[[dict[str, Any], int], Any],
    key: Callable[[dict[str, str]], str],
    reason: str,
) -> ImportResult:
    """Validate every row with `build_form(data, row_number)`; save all or nothing.

    `key` names a row's identity (credit code, 身份证号) so that the same key twice in
    one file is reported instead of silently saving the last.
    """

    rows = read_rows(upload, columns)
    by_field = {c.field: c for c in columns}
    errors: list[RowError] = []
    forms = []
    seen: dict[str, int] = {}
    for number, texts in rows:
        data: dict[str, Any] = {}
        for name, text in texts.items():
            column = by_field[name]
            if column.convert and text:
                try:
                    data[name] = column.convert(text)
                except ValueError as exc:
                    errors.append(RowError(number, column.header, str(exc)))
                    continue
            else:
                data[name] = text
        identity = key(texts)
        if identity and identity in seen:
            errors.append(RowError(number, "", f"与第{seen[identity]}行重复。"))
            continue
        if identity:
            seen[identity] = number
        form = build_form(data, number)
        if not form.is_valid():
            for name, messages in form.errors.items():
                header = by_field[name].header if name in by_field else ""
                errors += [RowError(number, header, m) for m in messages]
        forms.append(form)
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    with transaction.atomic(), pghistory.context(user=user.pk, reason=reason):
        for form in forms:
            created = form.instance.pk is None
            form.save()
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result


def template_response(columns: list[ImportColumn], title: str) -> HttpResponse:
    """An empty sheet with the expected headers (required ones in bold) and one example row."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    sheet.append([c.example for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=column.required)
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header) * 2 + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{title}导入模板.xlsx")
    return response
