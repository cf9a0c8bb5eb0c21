from __future__ import annotations

from typing import Any

from django import forms


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
