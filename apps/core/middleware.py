from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
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


class MalformedInputMiddleware:
    """Refuse, before any view, input no view can use: a NUL byte in the path or in any
    GET/POST name or value (PostgreSQL rejects it in text, so it would surface as a 500
    anywhere), and HTTP methods this portal does not speak (a DELETE on a delete URL
    would bypass the confirmation form). A Chinese 400 page or a 405, never a 500."""

    METHODS = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .errors import bad_request_response

        if request.method not in self.METHODS:
            return HttpResponseNotAllowed(self.METHODS, "不支持该请求方式。")
        if "\x00" in request.path_info or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return bad_request_response()
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class NoStoreMiddleware:
    """Pages a signed-in user sees hold personal data: no browser or proxy may keep them
    (the back button after logout, a shared computer). Public pages may be cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class CurrentRequestMiddleware:
    """Remember the request for the length of its response, so that the public site's
    bureau (`context_processors.public_bureau`) is the visitor's choice in every app's
    public selector, which are called without the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .context_processors import current_request

        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
