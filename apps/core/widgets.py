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

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        self.choices = [(k, label) for k, label in self.choices if k == "" or str(k) in chosen]
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["url"] = self.url
        return context
