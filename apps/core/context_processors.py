from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import menu_for

# The session key of the bureau a visitor chose on the public site (its region code).
PUBLIC_BUREAU_SESSION_KEY = "public_bureau"

# The request being served (core.middleware.CurrentRequestMiddleware): apps' public
# selectors ask `site_bureau(None)` without a request, and still get the visitor's choice.
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


def public_bureaus() -> Any:
    """The bureaus with a public site of their own, in the chooser's order: the county
    bureaus (those under another), or every bureau when none is under another."""

    Bureau = apps.get_model("registry", "Bureau")
    counties = Bureau.objects.filter(parent__isnull=False).order_by("path")
    return counties if counties.exists() else Bureau.objects.order_by("path")


def public_bureau(request: HttpRequest | None = None) -> Any:
    """The bureau a visitor's page speaks for: `?bureau=<region code>` (remembered in the
    session), else the one chosen before, else settings.PUBLIC_BUREAU_REGION_CODE (a
    deployment for one county), else the only county bureau; None when several exist
    and none is chosen (the public home then shows the chooser).

    Apps' public views read the bureau whose published records they list from here."""

    Bureau = apps.get_model("registry", "Bureau")
    code = ""
    request = request if request is not None else current_request.get()
    if request is not None:
        code = request.GET.get("bureau", "") or getattr(request, "session", {}).get(PUBLIC_BUREAU_SESSION_KEY, "")
    code = code or settings.PUBLIC_BUREAU_REGION_CODE
    if code and code.isdigit():
        bureau = Bureau.objects.filter(region_code=code).first()
        if bureau is not None:
            if request is not None and request.GET.get("bureau") and hasattr(request, "session"):
                request.session[PUBLIC_BUREAU_SESSION_KEY] = bureau.region_code
            return bureau
    candidates = list(public_bureaus()[:2])
    return candidates[0] if len(candidates) == 1 else None


def site_bureau(user: Any = None, request: HttpRequest | None = None) -> Any:
    """The bureau a page speaks for: the signed-in user's own (晋城市教育局 for the city
    viewer); for visitors, the public site's bureau (`public_bureau`)."""

    if user is not None and getattr(user, "is_authenticated", False) and user.bureau_id:
        return user.bureau
    if user is not None and getattr(user, "is_authenticated", False):
        return None  # the platform's system administrator: no bureau of its own
    return public_bureau(request)


def portal(request: HttpRequest) -> dict[str, Any]:
    """The larger-type mode (长者模式): the session's choice, else the account's; and the
    bureau every page names (header, title, footer)."""

    user = getattr(request, "user", None)
    large = getattr(request, "session", {}).get("large_text")
    if large is None and user is not None and user.is_authenticated:
        large = user.large_text
    bureau = SimpleLazyObject(lambda: site_bureau(user, request) or False)
    # Lazy: pages that draw no menu (exports, redirects) pay nothing for it.
    return {
        "large_text": bool(large),
        "site_name": SimpleLazyObject(lambda: bureau.display_site_name if bureau else settings.PORTAL_NAME),
        "nav_menu": SimpleLazyObject(lambda: menu_for(user)),
        "site_bureau": bureau,
    }
