from __future__ import annotations

import django_filters
from django.db.models import Q

from .choices import EmploymentStatus, EntityKind, EntityStatus, Ownership, StaffCategory
from .models import Bureau, Entity, Person


def search_query(value: str) -> str:
    return value.strip().lower()


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose bureau choices are only the bureaus the user can see."""

    bureau = django_filters.ModelChoiceFilter(label="所属教育局", queryset=Bureau.objects.none())

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        bureaus = Bureau.objects.for_user(user)
        self.filters["bureau"].queryset = bureaus
        # A single-bureau user gets no pointless bureau filter.
        if user is None or len(user.visible_bureau_ids()) < 2:
            del self.filters["bureau"]
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")


class EntityFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称/拼音/信用代码", method="search")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="办学状态", choices=EntityStatus.choices, empty_label="全部")
    ownership = django_filters.ChoiceFilter(label="举办性质", choices=Ownership.choices, empty_label="全部")

    class Meta:
        model = Entity
        fields = ["q", "kind", "status", "ownership", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(Q(search_text__contains=q) | Q(credit_code=value.strip().upper())) if q else queryset


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
            return queryset.filter(id_number=value.upper())
        q = search_query(value)
        return queryset.filter(search_text__contains=q) if q else queryset

    def search_employer(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(employer__search_text__contains=q) if q else queryset
