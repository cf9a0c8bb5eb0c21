from typing import Any

from django.http import HttpRequest
from pghistory.middleware import HistoryMiddleware


def client_ip(request: HttpRequest) -> str:
    """The client's address as axes resolved it (it trusts only PROXY_COUNT proxies)."""

    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware(HistoryMiddleware):
    """Attach the user, path, address and bureau to every write a request makes."""

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().get_context(request)
        user = getattr(request, "user", None)
        context["ip"] = request.META.get("REMOTE_ADDR", "")
        context["bureau"] = getattr(user, "bureau_id", None)
        return context
