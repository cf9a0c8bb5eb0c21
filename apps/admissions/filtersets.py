from __future__ import annotations

import django_filters

from apps.core.filtersets import ScopedFilterSet

from .choices import Stage
from .models import Admission, AdmissionYear


class AdmissionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="学校名称/拼音", method="search")
    year = django_filters.NumberFilter(label="招生年度", min_value=1900, max_value=2100)
    stage = django_filters.ChoiceFilter(label="学段", choices=Stage.choices, empty_label="全部")

    class Meta:
        model = Admission
        fields = ["q", "year", "stage", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")


class AdmissionYearFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label="招生年度", min_value=1900, max_value=2100)

    class Meta:
        model = AdmissionYear
        fields = ["year", "bureau"]
