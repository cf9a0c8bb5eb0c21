"""Column declarations shared by a list page and its CSV/XLSX export.

What you see is what you download: both read the same `Table.columns`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

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
