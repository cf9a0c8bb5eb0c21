"""XLSX import with row-level errors, all or nothing, fast, inside the write scope.

An app describes its sheet with an `Importer`: the `ImportColumn`s, the keys that find a
row's existing record, and how a row becomes a model instance. `run_import` does the rest
for every app, so none can forget it:

- cells are read as values; a formula cell is refused (it would go out again live);
- each cell is checked by the model field's own validators (no form per row: a ModelForm
  per row cost about 11 ms, i.e. 20,000 rows held a worker for minutes);
- existing rows are found with one query per key, always through
  `for_user(user, write=True)`: a row held outside the user's write scope is never
  matched, and the message never says who holds it;
- nothing is saved unless every row is valid; then one transaction of
  bulk_create/bulk_update under the acting user's audit context (pghistory's triggers
  record bulk operations too).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

import pghistory
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from .exports import XLSX_TYPE, column_width

FILE_UNREADABLE = "无法读取该 Excel 文件，文件可能已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。"
FORMULA_REFUSED = "单元格是公式，请复制后“粘贴为数值”再上传。"
REQUIRED = "此项不能为空。"
OUTSIDE_SCOPE = "该{header}属于您管理范围以外的人员或单位，不能在此导入或修改。"


@dataclass(frozen=True)
class ImportColumn:
    header: str
    field: str
    required: bool = False
    example: str = ""
    # The column must be in the sheet even if its cell may be blank (checked per row).
    required_header: bool = False
    # Turns the cell text into the field's value (a choice label into its code…).
    # Must not query: references are resolved in bulk by Importer.prepare.
    convert: Callable[[str], Any] | None = None
    # A code that must be text (身份证号, 统一社会信用代码): when Excel stored the cell as
    # a number and the value is then wrong, the message says what Excel did.
    text_only: bool = False


@dataclass(frozen=True)
class ImportKey:
    """A way to find a row's existing record: the model lookup, the column to blame,
    and whether the value is unique in the bureau (a database constraint)."""

    lookup: str
    header: str
    value: Callable[[dict[str, Any]], Any]
    unique: bool = True


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number the user sees (header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}“{self.column}”：{self.message}" if self.column else f"{where}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


@dataclass
class Row:
    number: int
    texts: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    existing: models.Model | None = None
    # Fields whose cell Excel stored as a number, and of those the ones past a float's
    # 15 significant digits (an 18-digit code whose last digits became 0).
    numeric: set[str] = field(default_factory=set)
    lossy: set[str] = field(default_factory=set)

    def error(self, header: str, message: str) -> None:
        self.errors.append(RowError(self.number, header, message))


class Importer:
    """One model's sheet. Subclasses set `model`, `reason`, `keys` and `columns()`, and
    may override `prepare` (bulk lookups), `clean_row` and `save`."""

    model: type[models.Model]
    reason = "Excel导入"
    keys: tuple[ImportKey, ...] = ()
    # Fields written on update (bulk_update needs them named); default: every column's.
    update_fields: tuple[str, ...] = ()

    def __init__(self, user: Any) -> None:
        self.user = user

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)

    def columns(self) -> list[ImportColumn]:
        raise NotImplementedError

    def existing_rows(self, queryset: models.QuerySet) -> models.QuerySet:
        """The rows a key may match (and may collide with), narrowed from the write scope:
        an app whose rows live under a parent (a checklist's draft version) keeps the
        match inside it."""

        return queryset

    def prepare(self, rows: list[Row]) -> None:
        """Resolve references for all rows at once (one query per kind of reference)."""

    def clean_row(self, row: Row) -> None:
        """Checks across fields of one row; report with `row.error(header, message)`."""

    def build(self, row: Row) -> models.Model:
        obj = row.existing or self.model(bureau_id=self.user.bureau_id)
        for name, value in row.values.items():
            if _is_model_field(self.model, name):
                setattr(obj, name, value)
        return obj

    def save(self, created: list[models.Model], updated: list[models.Model]) -> None:
        self.model.objects.bulk_create(created, batch_size=1000)
        if updated:
            fields = self.update_fields or [
                c.field for c in self.columns() if _is_model_field(self.model, c.field) and c.field != "id"
            ]
            self.model.objects.bulk_update(updated, [*fields, "updated_at"], batch_size=1000)


def _is_model_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


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


def open_sheet_rows(upload) -> tuple[Any, Iterable]:
    """The first sheet's rows of cells; any damage to the file is one Chinese error."""

    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        return workbook, sheet.iter_rows()
    except (zipfile.BadZipFile, ParseError, KeyError, ValueError, TypeError, OSError, IndexError, EOFError):
        raise ImportFailed([RowError(0, "", FILE_UNREADABLE)]) from None
    except Exception:  # openpyxl raises many kinds on a damaged file; none is the user's 500
        raise ImportFailed([RowError(0, "", FILE_UNREADABLE)]) from None


def read_rows(upload, columns: list[ImportColumn]) -> list[Row]:
    """The sheet's non-empty rows as {field: text}, keyed by header; a missing required
    header, a formula cell or too many rows is an error."""

    workbook, rows = open_sheet_rows(upload)
    limit = settings.IMPORT_MAX_ROWS
    result: list[Row] = []
    errors: list[RowError] = []
    try:
        header_cells = next(rows, ())
        header = [_cell_text(c.value) for c in header_cells]
        positions = {}
        missing = []
        for column in columns:
            if column.header in header:
                positions[column.field] = (header.index(column.header), column.header)
            elif column.required or column.required_header:
                missing.append(column.header)
        if missing:
            raise ImportFailed([RowError(1, h, "缺少此列，请使用模板文件。") for h in missing])
        for number, cells in enumerate(rows, start=2):
            texts = {}
            numeric, lossy = set(), set()
            for name, (i, column_header) in positions.items():
                cell = cells[i] if i < len(cells) else None
                if cell is not None and cell.data_type == "f":
                    errors.append(RowError(number, column_header, FORMULA_REFUSED))
                    texts[name] = ""
                    continue
                texts[name] = _cell_text(cell.value) if cell is not None else ""
                if cell is not None and isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                    numeric.add(name)
                    if isinstance(cell.value, float) and abs(cell.value) >= 1e15:
                        lossy.add(name)
            if any(texts.values()):
                result.append(Row(number, texts, numeric=numeric, lossy=lossy))
                if len(result) > limit:
                    raise ImportFailed(
                        [RowError(0, "", f"文件超过 {limit} 行，一次最多导入 {limit} 行，请拆分为多个文件后分别导入。")]
                    )
    except ImportFailed:
        raise
    except Exception:
        raise ImportFailed([RowError(0, "", FILE_UNREADABLE)]) from None
    finally:
        workbook.close()
    if errors:
        raise ImportFailed(errors)
    if not result:
        raise ImportFailed([RowError(0, "", "文件中没有数据行。")])
    return result


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


def parse_date_text(text: str) -> datetime.date:
    """A date as people type it in Excel: 2020-09-01, 2020.9.1, 2020/9/1, 2020年9月1日,
    20200901. A bare number like 44075 is Excel's serial (the cell lost its date
    format): refused with what happened, since 44075 might be anything."""

    text = text.strip()
    match = _DATE_TEXT.match(text)
    if match is None and re.fullmatch(r"\d{8}", text):
        match = re.match(r"(\d{4})(\d{2})(\d{2})", text)
    if match is not None:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise ValueError(f"“{text}”不是有效的日期（月份或日期超出范围）。") from None
    if re.fullmatch(r"\d{4,6}(\.\d+)?", text):
        raise ValueError(f"日期被 Excel 存成了数字 {text}，请把该列设为“日期”格式，或按 2020-09-01 填写。")
    raise ValueError(f"“{text}”不是有效的日期，请按 2020-09-01 或 2020.9.1 填写。")


def _excel_number_message(header: str) -> str:
    return f"{header}被 Excel 存成了数字，末尾几位可能已变成0。请把该列设为“文本”格式后重新填写。"


def _clean_values(importer: Importer, rows: list[Row], columns: list[ImportColumn]) -> None:
    model = importer.model
    fields = {c.field: model._meta.get_field(c.field) for c in columns if _is_model_field(model, c.field)}
    for row in rows:
        for column in columns:
            text = row.texts.get(column.field, "")
            if not text:
                if column.required:
                    row.error(column.header, REQUIRED)
                continue
            if column.text_only and column.field in row.lossy:
                # Even when the check digit happens to fit, the number is not what was typed.
                row.error(column.header, _excel_number_message(column.header))
                continue
            model_field = fields.get(column.field)
            convert = column.convert
            is_date = isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField)
            if convert is None and is_date:
                convert = parse_date_text
            try:
                value = convert(text) if convert else text
                if model_field is not None and not model_field.is_relation:
                    value = model_field.clean(value, None)
            except (ValueError, ValidationError) as exc:
                message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                if column.text_only and column.field in row.numeric:
                    message = _excel_number_message(column.header)
                row.error(column.header, message)
                continue
            row.values[column.field] = value


def _match_existing(importer: Importer, rows: list[Row]) -> None:
    """One query per key over the write scope; a unique key held outside it is an error."""

    user = importer.user
    model = importer.model
    scoped = importer.existing_rows(model.objects.for_user(user, write=True))
    for key in importer.keys:
        wanted = {}
        for row in rows:
            value = key.value(row.values)
            if value not in (None, ""):
                wanted.setdefault(value, []).append(row)
        if not wanted:
            continue
        found = {getattr(obj, key.lookup): obj for obj in scoped.filter(**{f"{key.lookup}__in": list(wanted)})}
        holders = {}
        if key.unique and key.lookup != "pk" and len(found) < len(wanted):
            holders = dict(
                importer.existing_rows(model.objects.all())
                .filter(bureau_id=user.bureau_id, **{f"{key.lookup}__in": [v for v in wanted if v not in found]})
                .values_list(key.lookup, "pk")
            )
        for value, matched_rows in wanted.items():
            obj = found.get(value)
            for row in matched_rows:
                if obj is not None:
                    if row.existing is None:
                        row.existing = obj
                    elif key.unique and row.existing.pk != obj.pk:
                        row.error(key.header, f"该{key.header}已登记在另一条记录上。")
                elif key.lookup == "pk":
                    row.error(key.header, f"没有编号为 {value} 的记录，或该记录不在您的管理范围内。")
                elif value in holders:
                    row.error(key.header, OUTSIDE_SCOPE.format(header=key.header))


def _duplicates(importer: Importer, rows: list[Row]) -> None:
    for key in importer.keys:
        if not key.unique:
            continue
        seen: dict[Any, int] = {}
        for row in rows:
            value = key.value(row.values)
            if value in (None, ""):
                continue
            if value in seen:
                row.error("", f"与第{seen[value]}行重复。")
            else:
                seen[value] = row.number


def _define_trigger_ignore_list() -> None:
    """Give this transaction an empty `pgtrigger.ignore` list (ignore nothing: every audit
    trigger still fires). Unset, each trigger's `_pgtrigger_should_ignore()` reads it
    inside a BEGIN/EXCEPTION block, and the error it catches for every inserted row cost
    about a third of the save: 20,000 staff rows 7.4 s -> 5.1 s (docs/benchmark.md)."""

    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")


def run_import(
    importer: Importer,
    upload,
    *,
    progress: Callable[[int, int], None] | None = None,
    rows: list[Row] | None = None,
) -> ImportResult:
    """Validate every row; save all or nothing. `progress(done, total)` is told as the
    rows are checked (the background task shows it); the save is one transaction."""

    columns = importer.columns()
    if rows is None:
        rows = read_rows(upload, columns)
    total = len(rows)
    step = 2000
    for start in range(0, total, step):
        chunk = rows[start : start + step]
        _clean_values(importer, chunk, columns)
        if progress:
            progress(min(start + step, total) // 2, total)
    importer.prepare(rows)
    _duplicates(importer, rows)
    _match_existing(importer, rows)
    errors: list[RowError] = []
    for row in rows:
        if not row.errors:
            importer.clean_row(row)
        errors += row.errors
    if errors:
        raise ImportFailed(errors)
    created, updated = [], []
    for row in rows:
        obj = importer.build(row)
        (updated if row.existing is not None else created).append(obj)
    if progress:
        progress(total * 3 // 4, total)
    with transaction.atomic(), pghistory.context(user=importer.user.pk, reason=importer.reason):
        _define_trigger_ignore_list()
        importer.save(created, updated)
    if progress:
        progress(total, total)
    return ImportResult(created=len(created), updated=len(updated))


def template_response(columns: list[ImportColumn], title: str) -> HttpResponse:
    """An empty sheet with the expected headers (required ones in bold) and one example row."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    sheet.append([c.example for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=column.required or column.required_header)
        sheet.column_dimensions[cell.column_letter].width = max(column_width(column.header), column_width(column.example))
    # The sample cells are text: a 身份证号 or a code must not turn into a number.
    for cell in sheet[2]:
        cell.data_type = "s"
        cell.number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{title}导入模板.xlsx")
    return response
