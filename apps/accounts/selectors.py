"""Reads of the accounts app: the audit trail (pghistory events) and the dashboard's reminder."""

from __future__ import annotations

import base64
import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pghistory.core
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from pghistory.models import MiddlewareEvents

from apps.core.attention import AttentionItem
from apps.core.audit import ACTION_LABELS, Change, attach_related_names, event_changes, model_name  # noqa: F401 (re-exported for views)
from apps.core.pagination import COUNT_CAP, Page


def tracked_event_models() -> dict[str, type[models.Model]]:
    """Tracked model label ("registry.Entity") → its event model, in app order."""

    return {event_model.pgh_tracked_model._meta.label: event_model for event_model in pghistory.core.event_models()}


def tracked_model_choices() -> list[tuple[str, str]]:
    return [(label, model_name(apps.get_model(label))) for label in tracked_event_models()]


@dataclass(frozen=True)
class AuditFilters:
    """What the audit list is narrowed to (from AuditEventFilterSet's cleaned data)."""

    model: str = ""  # a tracked model's label, "registry.Entity"
    user: str = ""  # part of the acting user's username or name
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


# The audit list reads in two steps. pghistory's MiddlewareEvents is a CTE that, for every
# row of every event table, builds the row's JSON and finds its previous version to diff;
# filtering or sorting it makes PostgreSQL do that for the whole history before keeping 50
# rows (measured: 5-12 s at 20,000 events). So step one finds the page's keys on the event
# tables themselves, scoped and filtered on their own columns (40 ms there), and step two
# asks MiddlewareEvents for just those rows by primary key (pushed into each table: 20 ms).
#
# Key and order: (pgh_created_at, pgh_id, event model label), newest first. Every event of
# one transaction shares pgh_created_at (the trigger's NOW()); pgh_id keeps write order
# within a table, and the label makes the key unique across tables.
_ORDER = ("-pgh_created_at", "-pgh_id", "-pgh_model")
Key = tuple[datetime.datetime, int, str]


def _scope(event_model: type[models.Model], ids: list[int]) -> Q:
    """An event is the bureau's when the row it wrote is (its tenant key), or when the
    request that wrote it came from a user of that bureau (the audit context's bureau).

    The row's bureau catches writes the bureau's own users did not make (a system
    administrator, an import, a script) — exactly what its auditor must see; the actor's
    bureau catches tables whose rows carry no bureau. Another bureau's rows written by
    another bureau's users match neither.
    """

    condition = Q(pgh_context__metadata__bureau__in=ids)
    lookup = getattr(event_model.pgh_tracked_model, "bureau_lookup", "bureau")
    if lookup == "pk":
        return condition | Q(pgh_obj_id__in=ids)
    try:
        event_model._meta.get_field(lookup.split("__")[0])
    except FieldDoesNotExist:
        return condition
    return condition | Q(**{f"{lookup}__in": ids})


def _after(key: Key, label: str, *, backwards: bool) -> Q:
    """This table's rows after `key` in list order (before it when paging back).

    (pgh_created_at, pgh_id, label) compared as a tuple, with `label` a constant here.
    """

    created, pgh_id, key_label = key
    op = "gt" if backwards else "lt"
    condition = Q(**{f"pgh_created_at__{op}": created}) | Q(pgh_created_at=created, **{f"pgh_id__{op}": pgh_id})
    if (label > key_label) if backwards else (label < key_label):
        condition |= Q(pgh_created_at=created, pgh_id=pgh_id)
    return condition


def audit_keys(user: Any, filters: AuditFilters, *, cursor: Key | None = None, backwards: bool = False) -> models.QuerySet | None:
    """The (pgh_created_at, pgh_id, pgh_model) of every event the user may audit, newest
    first (oldest first when paging back): a UNION ALL over the tracked event tables."""

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    event_models = tracked_event_models()
    if filters.model:
        event_models = {k: v for k, v in event_models.items() if k == filters.model}
    ids = None if user.is_superuser else user.visible_bureau_ids()
    actors = None
    if filters.user:
        User = apps.get_model(settings.AUTH_USER_MODEL)
        actors = User.objects.filter(Q(username__icontains=filters.user) | Q(full_name__icontains=filters.user))
    branches = []
    for event_model in event_models.values():
        label = event_model._meta.label
        qs = event_model.objects.all()
        if ids is not None:
            qs = qs.filter(_scope(event_model, ids))
        if actors is not None:
            actor = Cast(KeyTextTransform("user", "pgh_context__metadata"), models.BigIntegerField())
            qs = qs.alias(actor=actor).filter(actor__in=actors.values("pk"))
        if filters.date_from:
            qs = qs.filter(pgh_created_at__date__gte=filters.date_from)
        if filters.date_to:
            qs = qs.filter(pgh_created_at__date__lte=filters.date_to)
        if cursor is not None:
            qs = qs.filter(_after(cursor, label, backwards=backwards))
        branches.append(
            qs.annotate(pgh_model=models.Value(label, output_field=models.CharField()))
            .values_list("pgh_created_at", "pgh_id", "pgh_model")
            .order_by()
        )
    if not branches:
        return None
    keys = branches[0].union(*branches[1:], all=True) if len(branches) > 1 else branches[0]
    order = [o.lstrip("-") for o in _ORDER] if backwards else list(_ORDER)
    return keys.order_by(*order)


def audit_events_for(keys: list[Key]) -> list[Any]:
    """The MiddlewareEvents of these keys, in their order, with the acting user: one query."""

    if not keys:
        return []
    by_label = {m._meta.label: m for m in pghistory.core.event_models()}
    wanted = {(label, pgh_id) for _, pgh_id, label in keys}
    events = MiddlewareEvents.objects.across(*{by_label[label] for _, _, label in keys}).filter(
        pgh_id__in={pgh_id for _, pgh_id, _ in keys}
    )
    found = {(e.pgh_model, e.pgh_id): e for e in events.select_related("user") if (e.pgh_model, e.pgh_id) in wanted}
    return [found[(label, pgh_id)] for _, pgh_id, label in keys if (label, pgh_id) in found]


def audit_page(user: Any, filters: AuditFilters, *, after: str | None, before: str | None, per_page: int) -> Page:
    """One page of the audit list (newest first) and a capped count: constant queries."""

    backwards = bool(before)
    cursor = _decode(before or after or "") if (before or after) else None
    keys_qs = audit_keys(user, filters, cursor=cursor, backwards=backwards and cursor is not None)
    if keys_qs is None:
        return Page(object_list=[], next_cursor=None, previous_cursor=None, count=0, count_capped=False)
    keys = list(keys_qs[: per_page + 1])
    more = len(keys) > per_page
    keys = keys[:per_page]
    if cursor is not None and backwards:
        keys.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, cursor is not None
    all_keys = audit_keys(user, filters)
    count = all_keys[: COUNT_CAP + 1].count()
    return Page(
        object_list=audit_events_for(keys),
        next_cursor=_encode(keys[-1]) if keys and has_next else None,
        previous_cursor=_encode(keys[0]) if keys and has_previous else None,
        count=min(count, COUNT_CAP),
        count_capped=count > COUNT_CAP,
    )


def audit_iter(user: Any, filters: AuditFilters, *, chunk: int = 500) -> Iterator[Any]:
    """Every event of the filtered list, newest first, for the export: two queries a chunk."""

    cursor: Key | None = None
    while True:
        keys_qs = audit_keys(user, filters, cursor=cursor)
        if keys_qs is None:
            return
        keys = list(keys_qs[:chunk])
        yield from attach_related_names(audit_events_for(keys))
        if len(keys) < chunk:
            return
        cursor = keys[-1]


def _encode(key: Key) -> str:
    created, pgh_id, label = key
    return base64.urlsafe_b64encode(json.dumps([created.isoformat(), pgh_id, label]).encode()).decode()


def _decode(cursor: str) -> Key | None:
    try:
        created, pgh_id, label = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        created = datetime.datetime.fromisoformat(created)
        if timezone.is_naive(created):
            return None
        return created, int(pgh_id), str(label)
    except (ValueError, TypeError):
        # A tampered or stale cursor starts again from the newest events.
        return None


def event_object_label(event: Any) -> str:
    """ "监管对象 #12 高平二中": the model's Chinese name, the row's id, and its name then."""

    try:
        verbose = model_name(apps.get_model(event.pgh_obj_model))
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


def account_security(user: Any) -> models.QuerySet:
    """账号安全: the accounts in `user`'s scope with whether sign-in is locked (5 failures
    within the cool-off, axes' rule) and whether an authenticator is bound: two EXISTS
    subqueries the list can filter on, not a query a row. A superuser's account is left
    out for anyone but a superuser (UserScopeMixin refuses to act on it anyway)."""

    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import User

    locked = AccessAttempt.objects.filter(
        username=models.OuterRef("username"),
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    )
    bound = TOTPDevice.objects.filter(user=models.OuterRef("pk"), confirmed=True)
    qs = User.objects.for_user(user)
    if not user.is_superuser:
        qs = qs.exclude(is_superuser=True)
    return (
        qs.annotate(locked=models.Exists(locked), otp_bound=models.Exists(bound))
        .select_related("school")
        .prefetch_related("groups")
    )


def bureaus_with_counts(user: Any) -> models.QuerySet:
    """Every bureau (教育局管理, the platform administrator's) with its number of accounts."""

    from apps.registry.models import Bureau

    return Bureau.objects.for_user(user).annotate(account_count=models.Count("users")).select_related("parent")


def setup_steps(user: Any) -> list:
    """The new bureau's checklist: its school accounts exist (the bureau's 系统管理员
    creates them in 用户管理)."""

    from django.urls import reverse

    from apps.core.attention import SetupStep

    from .models import User

    if not user.bureau_id or not user.has_perm("registry.change_bureau"):
        return []
    done = User.objects.filter(bureau_id=user.bureau_id, school__isnull=False).exists()
    url = reverse("accounts:user_list") if user.has_perm("accounts.change_user") else ""
    return [SetupStep("创建学校账号", done, url, "由本局系统管理员在“用户管理”中为各校创建，学校首次登录时修改密码。")]
