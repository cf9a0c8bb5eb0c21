from django.http import HttpRequest


def log_denied(request: HttpRequest, detail: str) -> None:
    """Record a refused attempt (等保: every denied access is audited with its address)."""

    from apps.accounts.models import SecurityEventKind
    from apps.accounts.services import security_event_record

    security_event_record(request=request, kind=SecurityEventKind.DENIED, detail=detail)


def log_personal_data_view(request: HttpRequest, detail: str) -> None:
    """Record that someone saw a whole 身份证号 (SECURITY.md: every such view is logged)."""

    from apps.accounts.models import SecurityEventKind
    from apps.accounts.services import security_event_record

    security_event_record(request=request, kind=SecurityEventKind.PERSONAL_DATA_VIEWED, detail=detail)
