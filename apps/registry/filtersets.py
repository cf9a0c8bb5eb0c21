from __future__ import annotations

import django_filters

from apps.core.filtersets import ScopedFilterSet, name_search

from .choices import EmploymentStatus, EntityKind, EntityStatus, Ownership, StaffCategory
from .models import Entity, Person


class EntityFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称/拼音/信用代码", method="search")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="办学状态", choices=EntityStatus.choices, empty_label="全部")
    ownership = django_filters.ChoiceFilter(label="举办性质", choices=Ownership.choices, empty_label="全部")

    class Meta:
        model = Entity
        fields = ["q", "kind", "status", "ownership", "bureau"]

    def search(self, queryset, name, value):
        code = value.strip().upper()
        if len(code) == 18 and code.isalnum():
            return queryset.filter(credit_code=code)
        return name_search(queryset, value)


class PersonFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音/身份证号", method="search")
    employer = django_filters.CharFilter(label="工作单位", method="search_employer")
    category = django_filters.ChoiceFilter(label="人员类别", choices=StaffCategory.choices, empty_label="全部")
    employment_status = django_filters.ChoiceFilter(label="在岗状态", choices=EmploymentStatus.choices, empty_label="全部")

    class Meta:
        model = Person
        fields = ["q", "employer", "category", "employment_status", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        if len(value) == 18:
            return queryset.with_id_number(value)
        return name_search(queryset, value)

    def search_employer(self, queryset, name, value):
        return name_search(queryset, value, path="employer__")
