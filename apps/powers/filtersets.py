from __future__ import annotations

import django_filters
from django import forms

from apps.core.filtersets import ScopedFilterSet, substring_search

from .choices import Grade, ItemStatus, PowerKind
from .models import Adjustment, CreditGrade, PowerItem
from .selectors import items_as_of

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PowerItemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="事项名称/编码/拼音", method="search")
    kind = django_filters.ChoiceFilter(label="事项类型", choices=PowerKind.choices, empty_label="全部", method="filter_kind")
    status = django_filters.ChoiceFilter(label="状态", choices=ItemStatus.choices, empty_label="全部")
    as_of = django_filters.DateFilter(label="截至日期的清单", method="filter_as_of", widget=DATE_INPUT)

    class Meta:
        model = PowerItem
        fields = ["q", "kind", "status", "as_of", "bureau"]

    def search(self, queryset, name, value):
        return substring_search(queryset, value)

    def filter_kind(self, queryset, name, value):
        # With a date, the type is the item's type on that day (filter_as_of applies it).
        if not value or self.form.cleaned_data.get("as_of"):
            return queryset
        return queryset.filter(kind=value)

    def filter_as_of(self, queryset, name, value):
        if not value:
            return queryset
        return items_as_of(queryset, value, self.form.cleaned_data.get("kind") or None)


class AdjustmentFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(
        label="调整年度", field_name="adjusted_on", lookup_expr="year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Adjustment
        fields = ["year", "bureau"]


class CreditGradeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="机构名称/拼音", method="search")
    year = django_filters.NumberFilter(label="评定年度", min_value=1900, max_value=2100)
    grade = django_filters.ChoiceFilter(label="信用等级", choices=Grade.choices, empty_label="全部")

    class Meta:
        model = CreditGrade
        fields = ["q", "year", "grade", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="entity__")
