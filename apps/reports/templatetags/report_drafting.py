"""Tags for the section templates (templates/reports/sections/*.txt), which write a
section's first draft from its figures. They write figures as `{{key}}` markers, never
as numbers: the number is put in when the section is shown, so it is always the count
of the records behind it."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def fig(context: Any, key: str) -> str:
    """The marker of figure `key`, or "" when no installed app reports it."""

    return "{{" + key + "}}" if key in context["figures"] else ""


@register.filter
def has(figures: dict, key: str) -> bool:
    return key in figures


@register.filter
def value(figures: dict, key: str) -> Any:
    """A figure's value, for the sentence's choice of words (none found / found)."""

    figure = figures.get(key)
    return figure.value if figure else None
