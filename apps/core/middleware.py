from typing import Any

from django.http import HttpRequest
from pghistory.middleware import HistoryMiddleware


def client_ip(request: HttpRequest) -> str:
    """The client's address, read the way the login lockout reads it: X-Forwarded-For is
    trusted only through PROXY_COUNT proxies (AXES_IPWARE_*), else REMOTE_ADDR."""

    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware(HistoryMiddleware):
    """Attach the user, path, address and bureau to every write a request makes."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().get_context(request)
        user = getattr(request, "user", None)
        context["ip"] = client_ip(request)
        context["bureau"] = getattr(user, "bureau_id", None)
        return context
