from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


def site_bureau(user: Any = None) -> Any:
    """The bureau a page speaks for: the signed-in user's own (晋城市教育局 for the city
    viewer); for visitors, the public site's bureau (settings.PUBLIC_BUREAU_REGION_CODE),
    else the first county bureau (one under a city), else the first bureau."""

    if user is not None and getattr(user, "is_authenticated", False) and user.bureau_id:
        return user.bureau
    bureaus = apps.get_model("registry", "Bureau").objects.order_by("path")
    code = settings.PUBLIC_BUREAU_REGION_CODE
    return (
        (bureaus.filter(region_code=code).first() if code else None)
        or bureaus.filter(parent__isnull=False).first()
        or bureaus.first()
    )


def portal(request: HttpRequest) -> dict[str, Any]:
    """The larger-type mode (长者模式): the session's choice, else the account's."""

    user = getattr(request, "user", None)
    large = getattr(request, "session", {}).get("large_text")
    if large is None and user is not None and user.is_authenticated:
        large = user.large_text
    # Lazy: pages that draw no menu (exports, redirects) pay nothing for it.
    return {
        "large_text": bool(large),
        "site_name": "高平教育法治",
        "nav_menu": SimpleLazyObject(lambda: menu_for(user)),
        "site_bureau": SimpleLazyObject(lambda: site_bureau(user)),
    }
