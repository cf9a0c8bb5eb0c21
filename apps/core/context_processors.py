from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .navigation import menu_for


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
    }
