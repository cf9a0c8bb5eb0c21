"""The dashboard's seam: each app may offer `selectors.attention(user)`.

It returns a list of `AttentionItem`; the dashboard shows them grouped by app and
knows no app by name, so later apps add panels without touching it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .seams import app_modules


@dataclass(frozen=True)
class AttentionItem:
    title: str
    count: int
    url: str = ""
    level: str = "warning"  # bootstrap colour: warning, danger, info


@dataclass(frozen=True)
class AttentionPanel:
    app_label: str
    title: str
    items: list[AttentionItem]


def attention_for(user: Any) -> list[AttentionPanel]:
    panels = []
    for config, selectors in app_modules("selectors"):
        attention = getattr(selectors, "attention", None)
        if attention is None:
            continue
        items = [item for item in attention(user) if item.count]
        if items:
            panels.append(AttentionPanel(config.label, str(config.verbose_name), items))
    return panels
