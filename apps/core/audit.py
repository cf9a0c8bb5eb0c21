"""The audit trail: database triggers (django-pghistory) on every tracked table.

Triggers see every write, `QuerySet.update()` and `bulk_create()` included, which a
signal-based history would miss. Event tables are append-only (PGHISTORY_APPEND_ONLY):
a trigger refuses UPDATE and DELETE on them, whoever asks.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.db import models


def audited(*, exclude: tuple[str, ...] = ()) -> Any:
    """Class decorator: record inserts, updates (the row after) and deletes (the row before)."""

    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=list(exclude) or None,
        append_only=True,
    )


def history_for(obj: models.Model) -> models.QuerySet:
    """A row's own events, newest first, with the user who made each and what changed."""

    return pghistory.models.MiddlewareEvents.objects.tracks(obj).select_related("user").order_by("-pgh_created_at", "-pgh_id")
