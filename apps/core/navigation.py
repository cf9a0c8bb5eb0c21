"""The menu's seam: each app may offer `navigation.MENU`, a list of `NavGroup`s.

Groups with the same label merge (accounts and core both add to 系统管理), so a new
app adds its menu without editing a shared template. An item is shown only to users
holding its permission; an item marked `shortcut` also becomes a tile on the dashboard.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from .seams import app_modules


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # "app_label.codename"; the item shows only to users holding it.
    permission: str
    shortcut: bool = False
    description: str = ""

    @property
    def url(self) -> str:
        return _url(self.url_name)


@functools.cache
def _url(url_name: str) -> str:
    # Reversed once per process: every signed-in page prints the whole menu (60-odd links).
    return reverse(url_name)


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]
    # Lower comes first; groups of the same label keep the lowest.
    order: int = 100


@dataclass
class VisibleGroup:
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)


def declared_groups() -> list[NavGroup]:
    return [group for _, module in app_modules("navigation") for group in getattr(module, "MENU", ())]


def menu_for(user: Any) -> list[VisibleGroup]:
    """The groups and items this user may open, merged by label, in order."""

    if not getattr(user, "is_authenticated", False):
        return []
    merged: dict[str, VisibleGroup] = {}
    for group in declared_groups():
        visible = [item for item in group.items if user.has_perm(item.permission)]
        if not visible:
            continue
        target = merged.setdefault(group.label, VisibleGroup(group.label, group.order))
        target.order = min(target.order, group.order)
        target.items.extend(visible)
    return sorted(merged.values(), key=lambda group: group.order)


def shortcuts_for(user: Any) -> list[NavItem]:
    return [item for group in menu_for(user) for item in group.items if item.shortcut]


# core's own screen (字典管理) joins 系统管理 like any app's entry.
MENU = [NavGroup("系统管理", (NavItem("字典管理", "core:dictionaryitem_list", "core.change_dictionaryitem"),), order=900)]
