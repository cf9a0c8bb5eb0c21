"""The public home's seam: each app may offer `public_views.SECTIONS` (title, url name)."""

from __future__ import annotations

from django.urls import reverse

from .seams import app_modules


def public_sections() -> list[tuple[str, str, str]]:
    return [
        (title, reverse(url_name), description)
        for _, module in app_modules("public_views")
        for title, url_name, description in getattr(module, "SECTIONS", ())
    ]


def public_urlpatterns() -> list:
    """Each app's `public_views.urlpatterns` under /public/<app>/, named
    `public:<app>:<name>` (the public home's sections point at them)."""

    from django.urls import include, path

    return [
        path(f"public/{config.label}/", include((module.urlpatterns, config.label)))
        for config, module in app_modules("public_views")
        if getattr(module, "urlpatterns", None)
    ]
