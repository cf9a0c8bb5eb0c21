from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from .pinyin import search_key


class AutocompleteSelect(forms.Select):
    """A <select> that renders only the chosen option; a search box beside it fetches
    up to 20 matches with htmx. A page never carries a whole big table as <option>s."""

    template_name = "core/widgets/autocomplete_select.html"

    def __init__(self, url: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url = url
        # Set by a form that knows its scope is small (a school's own units); 0 = unknown.
        self.offered = 0

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if v not in (None, "")]
        queryset = getattr(self.choices, "queryset", None)
        if queryset is not None:
            # Only the chosen rows, as Django admin's widget does: iterating the choices
            # would SELECT the whole table on every render (every entity on person_add).
            field = self.choices.field
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            rows = queryset.filter(pk__in=[v for v in chosen if v.isdigit()]) if chosen else queryset.none()
            self.choices = empty + [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in rows]
        else:
            self.choices = [(k, label) for k, label in self.choices if k == "" or str(k) in chosen]
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = self.url
        # A small scope (a school's own school and units) says how many it may choose.
        context["widget"]["offered"] = self.offered
        return context


class _FilterableOptions:
    """Each <option> carries its pinyin and initials (data-search), so static/js/picker.js
    finds 高平二中 by 二中, gaopingerzhong or gpez without asking the server."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value) != "":
            option["attrs"]["data-search"] = search_key(str(label))
        return option


class SearchableSelect(_FilterableOptions, forms.Select):
    """A plain <select> (works without JS) that picker.js gives a filter box above it.
    For a choice among tens or hundreds (a bureau's schools); a whole table of thousands
    takes AutocompleteSelect instead."""

    template_name = "core/widgets/searchable_select.html"


class MultiSelect(_FilterableOptions, forms.SelectMultiple):
    """A <select multiple> (Ctrl-click without JS) that picker.js turns into a filter box,
    a scrollable checkbox list and the chosen items as removable chips. The <select>
    stays in the form and is what is submitted.

    A list drawn from 字典管理 says where to add items when it is empty: see
    `dictionary_hint`."""

    template_name = "core/widgets/multi_select.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        # Set by dictionary_hint(): the field's label and, for who may edit the
        # dictionary, the 字典管理 page filtered to the kind.
        self.dictionary_label = ""
        self.dictionary_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        has_options = any(
            option["value"] not in ("", None) for _, options, _ in context["widget"]["optgroups"] for option in options
        )
        context["widget"]["dictionary_label"] = "" if has_options else self.dictionary_label
        context["widget"]["dictionary_url"] = self.dictionary_url
        return context


def dictionary_hint(field: forms.Field, *, kind: str, user: Any) -> None:
    """An empty dictionary-backed list says 还没有可选的“主题”，请先在 字典管理 中添加,
    linking to 字典管理 (filtered to `kind`) for whoever may change the dictionary."""

    widget = field.widget
    widget.dictionary_label = str(field.label)
    if user is not None and user.has_perm("core.change_dictionaryitem"):
        widget.dictionary_url = f"{reverse('core:dictionaryitem_list')}?{urlencode({'kind': kind})}"
