"""Reads of the accounts app: the audit trail (pghistory events) and the dashboard's reminder."""

from __future__ import annotations

import base64
import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pghistory.core
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from apps.core.attention import AttentionItem
from apps.core.pagination import COUNT_CAP, Page
from apps.core.validators import mask_resident_id

ACTION_LABELS = {"insert": "新建", "update": "修改", "delete": "删除"}
# Columns whose values never appear whole in the audit screens or its exports.
MASKED_COLUMNS = {"id_number": mask_resident_id}
# Bookkeeping columns that say nothing a reader of the log needs.
SKIPPED_COLUMNS = {"id", "created_at", "updated_at"}


def tracked_event_models() -> dict[str, type[models.Model]]:
    """Tracked model label ("registry.Entity") → its event model, in app order."""

    return {event_model.pgh_tracked_model._meta.label: event_model for event_model in pghistory.core.event_models()}


def tracked_model_choices() -> list[tuple[str, str]]:
    return [(label, str(apps.get_model(label)._meta.verbose_name)) for label in tracked_event_models()]


def audit_events(user: Any) -> models.QuerySet:
    """Every write the user may audit, newest first, with the acting user joined.

    Scope: an event is the bureau's when the row it wrote belongs to one of the user's
    bureaus (`pgh_data.bureau_id`) *or* the request that wrote it came from a user of one
    of them (`pgh_context.bureau`). The row's bureau is the tenant key, so it catches
    writes the bureau's own users did not make (a system administrator, an import, a
    script) — exactly what its auditor must see; the actor's bureau catches writes to
    tables without a bureau column (a bureau's own row, later link tables). Another
    bureau's rows written by another bureau's users match neither.
    """

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return MiddlewareEvents.objects.none()
    qs = MiddlewareEvents.objects.select_related("user").order_by("-pgh_created_at", "-pgh_id", "-pgh_model")
    if user.is_superuser:
        return qs
    ids = user.visible_bureau_ids()
    return qs.filter(
        Q(pgh_data__bureau_id__in=ids)
        | Q(pgh_context__bureau__in=ids)
        | Q(pgh_obj_model="registry.Bureau", pgh_obj_id__in=[str(i) for i in ids])
    )


# Keyset pagination over the events' CTE. core.pagination assumes the model has an `id`
# field to break ties; an aggregate event has none (its key is `pgh_slug`), and within
# one transaction every event shares pgh_created_at, so the key here is
# (pgh_created_at, pgh_id, pgh_model): unique, and newest first.
_KEY = ("pgh_created_at", "pgh_id", "pgh_model")


def _encode(event: Any) -> str:
    values = [event.pgh_created_at.isoformat(), event.pgh_id, event.pgh_model]
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode(cursor: str) -> list[Any] | None:
    try:
        created, pgh_id, model = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return [datetime.datetime.fromisoformat(created), int(pgh_id), str(model)]
    except (ValueError, TypeError):
        # A tampered or stale cursor starts again from the newest events.
        return None


def events_page(qs: models.QuerySet, *, after: str | None, before: str | None, per_page: int) -> Page:
    """One page of `audit_events` (newest first) and a capped count: two queries."""

    backwards = bool(before)
    values = _decode(before or after or "") if (before or after) else None
    page_qs = qs
    if values is not None:
        key = Tuple(*[models.F(f) for f in _KEY])
        lookup = TupleGreaterThan if backwards else TupleLessThan
        page_qs = page_qs.filter(lookup(key, Tuple(*[models.Value(v) for v in values])))
        if backwards:
            page_qs = page_qs.order_by(*_KEY)
    rows = list(page_qs[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if values is not None and backwards:
        rows.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, values is not None
    count = qs.order_by()[: COUNT_CAP + 1].count()
    return Page(
        object_list=rows,
        next_cursor=_encode(rows[-1]) if rows and has_next else None,
        previous_cursor=_encode(rows[0]) if rows and has_previous else None,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


def _field_by_column(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.column: f for f in model._meta.concrete_fields}


def _shown(field: models.Field | None, column: str, value: Any) -> str:
    """A stored JSON value as a reader expects it: choice labels, 是/否, masked numbers."""

    if value is None or value == "":
        return "（空）"
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


def event_changes(event: Any) -> list[Change]:
    """What a write changed: field → old → new (for a new row, its initial values).

    Computed from the event alone (pgh_diff / pgh_data and the model's field names): no
    query, so the list and its export stay at a constant number of queries.
    """

    try:
        model = apps.get_model(event.pgh_obj_model)
    except (LookupError, ValueError):
        model = None
    fields = _field_by_column(model) if model else {}

    def label(column: str) -> str:
        field = fields.get(column)
        return str(field.verbose_name) if field is not None else column

    changes = []
    if event.pgh_label == "insert":
        for column, value in (event.pgh_data or {}).items():
            if column in SKIPPED_COLUMNS or value in (None, "", False):
                continue
            changes.append(Change(label(column), "", _shown(fields.get(column), column, value)))
    elif event.pgh_diff:
        for column, (old, new) in event.pgh_diff.items():
            if column in SKIPPED_COLUMNS:
                continue
            field = fields.get(column)
            changes.append(Change(label(column), _shown(field, column, old), _shown(field, column, new)))
    return changes


def event_object_label(event: Any) -> str:
    """"监管对象 #12 高平二中": the model's Chinese name, the row's id, and its name then."""

    try:
        verbose = str(apps.get_model(event.pgh_obj_model)._meta.verbose_name)
    except (LookupError, ValueError):
        verbose = event.pgh_obj_model
    data = event.pgh_data or {}
    name = next((data[k] for k in ("name", "title", "label", "full_name", "username") if data.get(k)), "")
    return f"{verbose} #{event.pgh_obj_id}" + (f" {name}" if name else "")


def events_link(events: Iterable[Any], user: Any) -> None:
    """Set `object_url` on each event whose row still exists and the user may open.

    One query per tracked model present on the page (at most the number of tracked
    models, whatever the number of rows), each through that model's `for_user`.
    """

    events = list(events)
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        event.object_url = ""
        if event.pgh_obj_id is not None:
            wanted[event.pgh_obj_model].add(event.pgh_obj_id)
    existing: dict[str, dict[str, str]] = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not hasattr(model, "get_absolute_url") or not hasattr(model.objects, "for_user"):
            continue
        rows = model.objects.for_user(user).filter(pk__in=ids)
        urls = {}
        for obj in rows:
            try:
                urls[str(obj.pk)] = obj.get_absolute_url()
            except NoReverseMatch:
                continue
        existing[label] = urls
    for event in events:
        event.object_url = existing.get(event.pgh_obj_model, {}).get(event.pgh_obj_id or "", "")


def attention(user: Any) -> list[AttentionItem]:
    """The dashboard's reminder of 等保's periodic password change (no query)."""

    if getattr(user, "is_authenticated", False) and user.password_expired():
        title = f"您的密码已超过{settings.PASSWORD_MAX_AGE_DAYS}天未修改，请修改密码"
        return [AttentionItem(title, 1, reverse("accounts:password_change"), "danger")]
    return []
