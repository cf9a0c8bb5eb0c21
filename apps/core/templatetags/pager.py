"""The page-jump form's hidden fields: the list's filters, without the page and cursors."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join

register = template.Library()

PAGING_PARAMS = ("page", "after", "before", "export")


@register.simple_tag(takes_context=True)
def pager_hidden_fields(context) -> str:
    pairs = [
        (key, value)
        for key, values in context["request"].GET.lists()
        if key not in PAGING_PARAMS
        for value in values
        if value != ""
    ]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)
