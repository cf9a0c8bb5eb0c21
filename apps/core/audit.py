"""The audit trail: database triggers (django-pghistory) on every tracked table.

Triggers see every write, `QuerySet.update()` and `bulk_create()` included, which a
signal-based history would miss. Event tables are append-only (PGHISTORY_APPEND_ONLY):
a trigger refuses UPDATE and DELETE on them, whoever asks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pghistory
from django.apps import apps
from django.db import models
from django.utils import timezone

from .validators import mask_resident_id


def audited(*, exclude: tuple[str, ...] = ()) -> Any:
    """Class decorator: record inserts, updates (the row after) and deletes (the row before)."""

    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=list(exclude) or None,
        append_only=True,
    )


ACTION_LABELS = {"insert": "新建", "update": "修改", "delete": "删除"}
# The one marker for "no value", old or new, on every audit screen and export.
EMPTY = "（空）"
# Django's own models, named as this portal names them (a role is an auth Group).
MODEL_NAMES = {"auth.group": "角色", "auth.permission": "权限"}
# How a related row is named in the trail when its str() is a code: model label → name
# function (accounts names a Group by its role's Chinese label).
ROW_NAMES: dict[str, Any] = {}
# Columns whose values never appear whole in the audit screens or its exports.
MASKED_COLUMNS = {"id_number": mask_resident_id}
# Bookkeeping columns that say nothing a reader of the log needs; ciphertext and digests
# of personal data (the masked form is shown instead).
SKIPPED_COLUMNS = {"id", "created_at", "updated_at", "search_text", "id_number_encrypted", "id_number_digest"}
# Any app's ciphertext or keyed digest (`<name>_encrypted`, `<name>_digest`: a check's
# outcome) is left out the same way: the trail says that it changed only through the
# fields around it, never what the value was.
SKIPPED_SUFFIXES = ("_encrypted", "_digest")


def _skipped(column: str) -> bool:
    return column in SKIPPED_COLUMNS or column.endswith(SKIPPED_SUFFIXES)


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def _field_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.column: f for f in model._meta.concrete_fields}


def model_name(model: type[models.Model]) -> str:
    """A model's Chinese name; a many-to-many link table (Django's auto-created
    `user-group关系`) is named by its owner and field: 用户角色, 文件主题."""

    label = model._meta.label_lower
    if label in MODEL_NAMES:
        return MODEL_NAMES[label]
    owner = model._meta.auto_created
    if owner:
        for field in owner._meta.many_to_many:
            if field.remote_field.through is model:
                verbose = str(field.verbose_name)
                # Django's own fields (User.groups: 组) say less than our name (角色).
                if field.related_model._meta.label_lower in MODEL_NAMES or verbose.isascii():
                    verbose = model_name(field.related_model)
                return f"{model_name(owner)}{verbose}"
    return str(model._meta.verbose_name)


def field_label(field: models.Field | None, column: str) -> str:
    """A column's Chinese name: the field's, or for a link table's foreign key (whose
    auto-made verbose name is the English model name) the model it points to."""

    if field is None:
        return column
    if field.is_relation and field.model._meta.auto_created:
        return model_name(field.related_model)
    return str(field.verbose_name)


# (related model, pk) → the row's name, when the caller looked them up (RelatedNames).
Names = dict[tuple[type[models.Model], str], str]


def _shown(field: models.Field | None, column: str, value: Any, names: Names | None = None) -> str:
    """A stored JSON value as a reader expects it: choice labels, 是/否, masked numbers,
    and a foreign key's name when `names` has it (else its id)."""

    if value is None or value == "":
        return EMPTY
    if field is not None and field.is_relation:
        key = (field.related_model, str(value))
        # A row deleted since: said so, with its number, rather than a bare "#34".
        return (names or {}).get(key, f"已删除的{model_name(field.related_model)}（编号 {value}）")
    if field is not None and field.name in getattr(field.model, "audit_field_name_columns", {}):
        # A column holding another model's field name (名录变更记录's 变更字段).
        target = field.model.audit_field_name_columns[field.name]
        try:
            return str(target._meta.get_field(value).verbose_name)
        except Exception:  # noqa: BLE001 - a name no longer on the model is shown as stored
            return str(value)
    if column in MASKED_COLUMNS:
        return MASKED_COLUMNS[column](str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return timezone.localtime(datetime.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            return value
    return str(value)


def related_names(events: list[Any]) -> Names:
    """The names of the rows the events' foreign keys point to: one query per related
    model, whatever the number of events (a record's history page)."""

    wanted: dict[type[models.Model], set[str]] = {}
    for event in events:
        try:
            model = apps.get_model(event.pgh_obj_model)
        except (LookupError, ValueError):
            continue
        data, diff = event.pgh_data or {}, event.pgh_diff or {}
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            for value in [data.get(field.column), *diff.get(field.column, ())]:
                if value not in (None, ""):
                    wanted.setdefault(field.related_model, set()).add(str(value))
    names: Names = {}
    for model, ids in wanted.items():
        name = ROW_NAMES.get(model._meta.label_lower, str)
        for row in model._base_manager.filter(pk__in=ids):
            names[(model, str(row.pk))] = name(row)
    return names


def event_changes(event: Any, names: Names | None = None) -> list[Change]:
    """What a write changed: field → old → new (for a new row, its initial values).

    Computed from the event alone (pgh_diff / pgh_data and the model's field names): no
    query, so the list and its export stay at a constant number of queries. Related rows
    are named from `names`, or from the names the list attached to the event
    (`attach_related_names`).
    """

    if names is None:
        names = getattr(event, "related_names", None)
    try:
        model = apps.get_model(event.pgh_obj_model)
    except (LookupError, ValueError):
        model = None
    fields = _field_by_column(model) if model else {}

    def label(column: str) -> str:
        return field_label(fields.get(column), column)

    changes = []
    # A new row: its values; a deleted row: what it held when deleted (a removed role).
    if event.pgh_label in ("insert", "delete"):
        for column, value in (event.pgh_data or {}).items():
            if _skipped(column) or value in (None, "", False):
                continue
            changes.append(Change(label(column), "", _shown(fields.get(column), column, value, names)))
    elif event.pgh_diff:
        for column, (old, new) in event.pgh_diff.items():
            if _skipped(column):
                continue
            field = fields.get(column)
            changes.append(Change(label(column), _shown(field, column, old, names), _shown(field, column, new, names)))
    return changes


@dataclass(frozen=True)
class HistoryEntry:
    at: Any
    action: str
    user: Any
    changes: list[Change]


def audited_links(through: type[models.Model], *, model_name: str, app_label: str, verbose_name: str) -> Any:
    """The event model of a many-to-many link table: every link added or removed.

    Link tables (roles, a document's topics) have no model of ours to decorate; their
    triggers are installed after migrate (PGTRIGGER_INSTALL_ON_MIGRATE).
    """

    return pghistory.create_event_model(
        through,
        pghistory.InsertEvent(),
        pghistory.DeleteEvent(),
        append_only=True,
        model_name=model_name,
        app_label=app_label,
        abstract=False,
        meta={"verbose_name": verbose_name, "verbose_name_plural": verbose_name},
    )


def attach_related_names(events: list[Any]) -> list[Any]:
    """Name the related rows of a page (or export chunk) of events: one query per related
    model, set on each event for `event_changes`."""

    names = related_names(events)
    for event in events:
        event.related_names = names
    return events


def history_for(obj: models.Model, limit: int = 50) -> list[HistoryEntry]:
    """A row's own events, newest first: who, when, and what changed, in Chinese."""

    events = list(
        pghistory.models.MiddlewareEvents.objects.tracks(obj)
        .select_related("user")
        .order_by("-pgh_created_at", "-pgh_id")[:limit]
    )
    names = related_names(events)
    return [
        HistoryEntry(
            at=event.pgh_created_at,
            action=ACTION_LABELS.get(event.pgh_label, event.pgh_label),
            user=event.user,
            changes=event_changes(event, names),
        )
        for event in events
    ]
