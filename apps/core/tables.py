"""Column declarations shared by a list page and its CSV/XLSX export.

What you see is what you download: both read the same `Table.columns`.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from .templatetags.portal import cn_date


@dataclass(frozen=True)
class Column:
    """One column: an attribute path (`employer.name`), its Chinese header, and options."""

    accessor: str
    header: str
    # Export-only value (e.g. a masked id number stays masked in exports too).
    render: Callable[[Any], Any] | None = None
    export: bool = True
    # The row's bureau: the same on every row for a user who sees one bureau only, so the
    # page leaves it out for them (the export keeps it: a file travels without its context).
    bureau_column: bool = False


def resolve(obj: Any, accessor: str) -> Any:
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        display = getattr(value, f"get_{part}_display", None)
        value = display() if display else getattr(value, part)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return cn_date(value)
    return str(value)


def _display(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date | bool):
        return as_text(value)
    if isinstance(value, int):
        return str(value)  # the digits the template would print, without its localisation per cell
    return value


@dataclass
class Table:
    """The columns of a list; `select_related` names what rendering needs in one query."""

    columns: list[Column]
    select_related: tuple[str, ...] = ()

    def cell(self, obj: Any, column: Column) -> Any:
        return column.render(obj) if column.render else resolve(obj, column.accessor)

    def rows(self, objects: Any) -> list[tuple[Any, list[Any]]]:
        """Cells ready to print: dates in Chinese, None as blank (the template only prints;
        per-cell template logic cost a fifth of a 50-row page, measured)."""

        return [(obj, [_display(self.cell(obj, c)) for c in self.columns]) for obj in objects]

    def visible_columns(self, user: Any) -> list[Column]:
        """The columns the list page shows this user: a bureau column only when the user
        sees more than one bureau."""

        if not any(c.bureau_column for c in self.columns):
            return self.columns
        if getattr(user, "is_superuser", False) or len(user.visible_bureau_ids()) > 1:
            return self.columns
        return [c for c in self.columns if not c.bureau_column]

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]


# A cell that must not break mid-number (dates, codes, phone numbers, times): short and
# made of digits, Latin letters and their punctuation (a credit code, 2024年3月1日,
# 0356-5221234). 长者模式 at 390 px broke 2024-03-01 over lines.
_NUMERIC_CELL = re.compile(r"^[\w\s:.\-/+*@（）()]{1,30}$", re.ASCII)
_DATE_CELL = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2})?$")


def _keeps_whole(cell: Any) -> bool:
    text = str(cell)
    return bool(text) and bool(_NUMERIC_CELL.match(text) or _DATE_CELL.match(text))


def _escape(value: Any) -> str:
    # Django's conditional_escape, without its lazy-string wrapper for the plain strings
    # that are nearly every cell (a thousand calls on a 50-row page).
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


class Cells(list):
    """One row's cells for a list template, each (header, value, keeps whole), and as
    `html` its <td>s, escaped once here: a 50-row page printed through the template's
    nested loops spent about half its time on them (measured, docs/benchmark.md). The
    header is each cell's `data-label` (the phone layout's card rows); a first cell
    with a `link` is an anchor to the row's page."""

    def __init__(self, cells: Iterable[tuple[str, Any]], link: str | None = None):
        super().__init__((header, value, _keeps_whole(value)) for header, value in cells)
        parts = []
        for header, value, nowrap in self:
            text = _escape(value)
            if link is not None:
                text, link = f'<a href="{_escape(link)}">{text}</a>', None
            wrap = ' class="text-nowrap"' if nowrap else ""
            parts.append(f'<td data-label="{_escape(header)}"{wrap}>{text}</td>')
        self.html: SafeString = mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def labelled_rows(
    all_columns: list[Column], shown: list[Column], rows: list[tuple[Any, list[Any]]], link: Callable[[Any], str] | None = None
) -> list[tuple[Any, Cells]]:
    """Rows for a list template: the shown columns' cells with their headers (hidden
    columns left out) and, with `link`, the first cell linking to `link(row)`."""

    keep = [(i, column.header) for i, column in enumerate(all_columns) if column in shown]
    return [(obj, Cells(((header, cells[i]) for i, header in keep), link(obj) if link else None)) for obj, cells in rows]
