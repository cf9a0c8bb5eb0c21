"""The dashboard's seams: each app may offer `selectors.attention(user)` and
`selectors.key_figures(user)`.

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


@dataclass(frozen=True)
class KeyFigure:
    """A number the dashboard shows for a role (e.g. 在办学校 123 所), linking to its list."""

    label: str
    value: int
    unit: str = ""
    url: str = ""


def key_figures_for(user: Any) -> list[KeyFigure]:
    """Each app's `selectors.key_figures(user)`, in app order; each app scopes its own."""

    figures: list[KeyFigure] = []
    for _, selectors in app_modules("selectors"):
        key_figures = getattr(selectors, "key_figures", None)
        if key_figures is not None:
            figures.extend(key_figures(user))
    return figures


@dataclass(frozen=True)
class SetupStep:
    """One line of a new bureau's setup checklist on the dashboard (名录库已导入 …).

    `action` is a POST URL that marks the step done by hand (字典已核对), if any."""

    label: str
    done: bool
    url: str = ""
    hint: str = ""
    action: str = ""
    action_label: str = ""


def setup_steps_for(user: Any) -> list[SetupStep]:
    """Each app's `selectors.setup_steps(user)`; the dashboard shows the checklist while
    any step is open, and nothing once all are done."""

    steps: list[SetupStep] = []
    for _, selectors in app_modules("selectors"):
        setup_steps = getattr(selectors, "setup_steps", None)
        if setup_steps is not None:
            steps.extend(setup_steps(user))
    return steps
