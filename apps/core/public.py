"""The public home's seam: each app may offer `public_views.SECTIONS` (title, url name)."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.urls import reverse


def public_sections() -> list[tuple[str, str, str]]:
    sections = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = import_module(f"{config.name}.public_views")
        except ModuleNotFoundError as missing:
            # Only "this app has no public_views"; a broken import inside one must surface.
            if missing.name != f"{config.name}.public_views":
                raise
            continue
        for title, url_name, description in getattr(module, "SECTIONS", ()):
            sections.append((title, reverse(url_name), description))
    return sections
