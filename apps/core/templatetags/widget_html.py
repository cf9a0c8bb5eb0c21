"""<select> and <input> printed in Python (templates/django/forms/widgets/ override
Django's select.html and input.html with these tags): Django's select.html includes a
template per option, and each of those and every input includes attrs.html, which made
a list page's filter form a tenth of the page's time (docs/benchmark.md). The HTML is
Django's, byte for byte apart from whitespace between the options."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: False leaves an attribute out, True writes its name alone."""

    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = conditional_escape(name)
        parts.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _option(option: dict[str, Any]) -> str:
    if option.get("template_name", _OPTION_TEMPLATE) != _OPTION_TEMPLATE:
        return render_to_string(option["template_name"], {"widget": option})
    value = conditional_escape(str(option["value"]))
    return f'<option value="{value}"{attrs_html(option["attrs"])}>{conditional_escape(option["label"])}</option>'


@register.simple_tag
def select_html(widget: dict[str, Any]) -> SafeString:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'<optgroup label="{conditional_escape(group_name)}">')
        parts.extend(_option(option) for option in options)
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above


@register.simple_tag
def input_html(widget: dict[str, Any]) -> SafeString:
    """django/forms/widgets/input.html, which text, date, number, checkbox and the rest include."""

    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    name = conditional_escape(widget["name"])
    return mark_safe(f'<input type="{conditional_escape(widget["type"])}" name="{name}"{value}{attrs_html(widget["attrs"])}>')  # noqa: S308
