"""Shared filter bases: the bureau filter of the user's scope, and the name search."""

from __future__ import annotations

import django_filters
from django.apps import apps


def search_query(value: str) -> str:
    return value.strip().lower()


def is_short_chinese(value: str) -> bool:
    """One or two Chinese characters: too short for a trigram index, so a name prefix."""

    return 0 < len(value) < 3 and all("\u4e00" <= ch <= "\u9fff" for ch in value)


def name_search(queryset, value: str, *, path: str = ""):
    """Search by name, pinyin or initials (`gpez` → 高平二中) on the trigram index;
    one or two Chinese characters match the start of the name."""

    q = search_query(value)
    if not q:
        return queryset
    if is_short_chinese(q):
        return queryset.filter(**{f"{path}name__startswith": q})
    return queryset.filter(**{f"{path}search_text__contains": q})


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
