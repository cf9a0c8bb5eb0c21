"""How shared screens find what each app offers without knowing the app: by module name."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(module_name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Each of our apps' `<app>.<module_name>` module, in INSTALLED_APPS order."""

    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as missing:
            # Only "this app has no such module"; a broken import inside one must surface.
            if missing.name != f"{config.name}.{module_name}":
                raise
            continue
        yield config, module


def dictionary_kinds() -> list[tuple[str, str]]:
    """(value, Chinese label) of every 字典管理 list, from each app's `dictionary.KINDS`, in
    app order: the screen's tabs, its filter and the item's validation read these, so an
    app adds a list of its own without a core migration."""

    kinds: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for config, module in app_modules("dictionary"):
        for value, label in getattr(module, "KINDS", ()):
            if value in seen:
                raise ValueError(f"{config.name}.dictionary: kind {value!r} is already declared by {seen[value]}")
            seen[value] = config.name
            kinds.append((value, str(label)))
    return kinds


def dictionary_defaults() -> dict[str, tuple[str, ...]]:
    """kind -> the labels a new bureau starts with, from each app's optional
    `dictionary.DEFAULTS` ({kind: labels}). A label may say `{bureau}` or `{parent}`
    (the new bureau's name, its parent's): 发文机关 starts with the bureau itself."""

    defaults: dict[str, tuple[str, ...]] = {}
    for _, module in app_modules("dictionary"):
        for kind, labels in getattr(module, "DEFAULTS", {}).items():
            defaults[kind] = tuple(labels)
    return defaults
