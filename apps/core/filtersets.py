"""Shared filter bases: the bureau filter of the user's scope, and the one name search.

The search (`text_search`) finds any part of a name, its full pinyin or its initials,
from one character up (`中`, `二中`, `wangj`, `gpez`). Every row keeps `search_text`
(name, pinyin and initials, lower case, space-separated; apps.core.pinyin.search_key)
and a generated column `search_grams`: every one- and two-character piece of each word
of it, prefixed with the row's bureau (`140581` → `17:二中`), computed by the SQL
function `portal_search_grams` (core migration 0005) and indexed with GIN.
A term's two-character pieces must all be present (GIN `@>`), then `search_text LIKE`
rechecks the whole term. The bureau prefix keeps a search inside the user's bureaus
in the index itself: at province scale a county user's search reads the county's
matches, not the province's (docs/decisions.md, docs/benchmark.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django.apps import apps
from django.db.models import Q, QuerySet

# The prefix of rows that belong to no bureau (the law catalogue).
NO_BUREAU = 0


def search_query(value: str) -> str:
    return (value or "").strip().lower()


def query_grams(term: str) -> list[str]:
    """The pieces a row must hold for `term` to be inside one of its words."""

    if len(term) < 2:
        return [term]
    return sorted({term[i : i + 2] for i in range(len(term) - 1)})


def search_bureaus(user: Any) -> list[int]:
    """The bureau prefixes a user's search may match: the bureaus the user can see."""

    Bureau = apps.get_model("registry", "Bureau")
    if user is None or getattr(user, "is_superuser", False):
        return list(Bureau.objects.values_list("pk", flat=True))
    return list(user.visible_bureau_ids())


def text_search(queryset: QuerySet, value: str, *, bureaus: Iterable[int] | None = None, path: str = "") -> QuerySet:
    """Rows whose name, pinyin or initials contain every space-separated term of `value`.

    `bureaus`: the bureau ids to look in (`search_bureaus(user)`); None for the law
    catalogue, which belongs to no bureau. `path` reaches a related row's search
    (`employer__` finds staff by their employer's name)."""

    prefixes = [NO_BUREAU] if bureaus is None else list(bureaus)
    if not prefixes:
        return queryset.none()
    for term in search_query(value).split():
        grams = query_grams(term)
        in_index = Q()
        for prefix in prefixes:
            in_index |= Q(**{f"{path}search_grams__contains": [f"{prefix}:{g}" for g in grams]})
        queryset = queryset.filter(in_index)
        if len(term) > 2:  # two pieces present do not make the whole term
            queryset = queryset.filter(**{f"{path}search_text__contains": term})
    return queryset


def substring_search(queryset: QuerySet, value: str, *, path: str = "") -> QuerySet:
    """The same matching (every term inside the name, pinyin or initials) on a model
    without `search_grams` (the law catalogue, documents: a few thousand rows, where
    the trigram index or a scan is fast enough)."""

    for term in search_query(value).split():
        queryset = queryset.filter(**{f"{path}search_text__contains": term})
    return queryset


def name_search(queryset: QuerySet, value: str, *, user: Any = None, path: str = "") -> QuerySet:
    """`text_search` within the bureaus `user` can see (bureau-owned rows)."""

    return text_search(queryset, value, bureaus=search_bureaus(user), path=path)


EMPTY_FILTER_LABEL = "全部"


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose bureau choices are only the bureaus the user can see."""

    bureau = django_filters.ModelChoiceFilter(label="所属教育局", queryset=None, empty_label=EMPTY_FILTER_LABEL)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        bureaus = apps.get_model("registry", "Bureau").objects.for_user(user)
        self.filters["bureau"].queryset = bureaus
        # A single-bureau user gets no pointless bureau filter.
        if user is None or len(user.visible_bureau_ids()) < 2:
            del self.filters["bureau"]
        for field in self.form.fields.values():
            # A filter left empty means every row: 全部, never django-filter's "---------".
            if getattr(field, "empty_label", None) == "---------":
                field.empty_label = EMPTY_FILTER_LABEL
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def name_search(self, queryset: QuerySet, value: str, *, path: str = "") -> QuerySet:
        """The shared search within the requesting user's bureaus: a FilterSet's `q`."""

        return name_search(queryset, value, user=self.request.user if self.request else None, path=path)
