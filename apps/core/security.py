"""Security events the shared bases raise (a refused access, a whole 身份证号 shown).

`core` imports no app above it: the app that keeps the security log (accounts)
registers its recorder here in its AppConfig.ready(). The kinds are its
SecurityEventKind values.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

DENIED = "denied"
PERSONAL_DATA_VIEWED = "pii_viewed"

Recorder = Callable[..., object]
_recorders: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    """`recorder(request=, kind=, detail=)` is called for every event below."""

    if recorder not in _recorders:
        _recorders.append(recorder)


def _record(request: HttpRequest, kind: str, detail: str) -> None:
    for recorder in _recorders:
        recorder(request=request, kind=kind, detail=detail)


def log_denied(request: HttpRequest, detail: str) -> None:
    """Record a refused attempt (等保: every denied access is audited with its address)."""

    _record(request, DENIED, detail)


def log_personal_data_view(request: HttpRequest, detail: str) -> None:
    """Record that someone saw a whole 身份证号 (SECURITY.md: every such view is logged)."""

    _record(request, PERSONAL_DATA_VIEWED, detail)
