from django.http import HttpRequest


def log_denied(request: HttpRequest, detail: str) -> None:
    """Record a refused attempt (等保: every denied access is audited with its address)."""

    from apps.accounts.models import SecurityEventKind
    from apps.accounts.services import security_event_record

    security_event_record(request=request, kind=SecurityEventKind.DENIED, detail=detail)
