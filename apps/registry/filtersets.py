from __future__ import annotations

import django_filters
from django import forms

from apps.core.filtersets import ScopedFilterSet

from .choices import ChangeKind, EmploymentStatus, EntityKind, EntityStatus, Ownership, StaffCategory
from .models import Entity, EntityChange, Person


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
        return self.name_search(queryset, value)


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
        return self.name_search(queryset, value)

    def search_employer(self, queryset, name, value):
        return self.name_search(queryset, value, path="employer__")


class EntityChangeFilterSet(ScopedFilterSet):
    """名录变更记录: by kind, adjustment batch, and effective dates."""

    entity = django_filters.CharFilter(label="单位", method="search_entity")
    kind = django_filters.ChoiceFilter(label="变更类型", choices=ChangeKind.choices, empty_label="全部")
    batch = django_filters.CharFilter(label="调整批次", lookup_expr="contains")
    effective_from = django_filters.DateFilter(
        label="生效日期起", field_name="effective_on", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = django_filters.DateFilter(
        label="生效日期止", field_name="effective_on", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = EntityChange
        fields = ["entity", "kind", "batch", "effective_from", "effective_to", "bureau"]

    def search_entity(self, queryset, name, value):
        return self.name_search(queryset, value, path="entity__")


class EntityAsOfFilterSet(ScopedFilterSet):
    """历史名录查询: the date (required) and the name search of every list."""

    date = django_filters.DateFilter(
        label="日期", method="keep", required=True, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = django_filters.CharFilter(label="现名称/拼音", method="search")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices, empty_label="全部")

    class Meta:
        model = Entity
        fields = ["date", "q", "kind", "bureau"]

    def keep(self, queryset, name, value):
        return queryset  # the view reads the registry as of this date

    def search(self, queryset, name, value):
        return self.name_search(queryset, value)
