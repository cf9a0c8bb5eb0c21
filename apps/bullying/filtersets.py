from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, search_query
from apps.registry.choices import EntityKind
from apps.registry.selectors import SCHOOL_KINDS

from .choices import SCHOOLS_TURN, Conclusion, IncidentStatus, Progress
from .models import Checklist, Incident, Rectification, Round, SelfInspection, SpotCheck, SpotCheckVisit, Training, overdue_q

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])
KIND_CHOICES = [(k, EntityKind(k).label) for k in SCHOOL_KINDS]


def _year_choices() -> list[tuple[str, str]]:
    # A fixed window: no query to draw the form.
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year + 1, 2019, -1)]


class ChecklistFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", method="search")

    class Meta:
        model = Checklist
        fields = ["q", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(title__icontains=q) if q else queryset


class RoundFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=_year_choices, empty_label="全部")

    class Meta:
        model = Round
        fields = ["q", "year", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(Q(title__icontains=q) | Q(period__icontains=q)) if q else queryset


PROGRESS_CHOICES = [
    ("open", "待填报（未开始或草稿）"),
    ("done", "已完成（已提交或已通过）"),
    *[(str(value), label) for value, label in Progress.choices],
]


class InspectionFilterSet(ScopedFilterSet):
    """Every school's forms (the report's completion figures link here) and a round's page."""

    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(label="年度", field_name="round__year", choices=_year_choices, empty_label="全部")
    kind = django_filters.ChoiceFilter(label="学校类型", field_name="school__kind", choices=KIND_CHOICES, empty_label="全部")
    progress = django_filters.ChoiceFilter(label="状态", choices=PROGRESS_CHOICES, method="filter_progress", empty_label="全部")
    overdue = django_filters.BooleanFilter(label="逾期", method="filter_overdue", widget=YES_NO)

    class Meta:
        model = SelfInspection
        fields = ["q", "year", "kind", "progress", "overdue", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")

    def filter_progress(self, queryset, name, value):
        if value == "open":
            return queryset.filter(progress__in=(Progress.NOT_STARTED, Progress.DRAFT))
        if value == "done":
            return queryset.filter(progress__in=(Progress.SUBMITTED, Progress.PASSED))
        return queryset.filter(progress=int(value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())


class SpotCheckFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="planned_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )

    class Meta:
        model = SpotCheck
        fields = ["q", "year", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(title__icontains=q) if q else queryset


class VisitFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="spot_check__planned_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    conclusion = django_filters.ChoiceFilter(label="结论", choices=Conclusion.choices, empty_label="全部")
    recorded = django_filters.BooleanFilter(
        label="已录入结果", field_name="recorded_at", lookup_expr="isnull", exclude=True, widget=YES_NO
    )

    class Meta:
        model = SpotCheckVisit
        fields = ["q", "year", "conclusion", "recorded", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")


class RectificationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=_year_choices, method="filter_year", empty_label="全部")
    source = django_filters.ChoiceFilter(
        label="来源", choices=[("inspection", "学校自查"), ("visit", "督查")], method="filter_source", empty_label="全部"
    )
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[("open", "待答复"), ("answered", "已答复待验收"), ("closed", "已验收")],
        method="filter_state",
        empty_label="全部",
    )
    overdue = django_filters.BooleanFilter(label="逾期未答复", method="filter_overdue", widget=YES_NO)

    class Meta:
        model = Rectification
        fields = ["q", "year", "source", "state", "overdue", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")

    def filter_year(self, queryset, name, value):
        # The year of the work it belongs to: the 督查's date, or the round's year.
        year = int(value)
        return queryset.filter(Q(visit__spot_check__planned_on__year=year) | Q(inspection__round__year=year))

    def filter_source(self, queryset, name, value):
        return queryset.filter(visit__isnull=value != "visit")

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(answered_at__isnull=True, closed_at__isnull=True)
        if value == "answered":
            return queryset.filter(answered_at__isnull=False, closed_at__isnull=True)
        return queryset.filter(closed_at__isnull=False)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Rectification.objects.overdue().values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class TrainingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称/主讲人", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="held_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )

    class Meta:
        model = Training
        fields = ["q", "year", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(search_text__contains=q) if q else queryset


class IncidentFilterSet(ScopedFilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="occurred_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=IncidentStatus.choices, empty_label="全部")

    class Meta:
        model = Incident
        fields = ["year", "status", "bureau"]


__all__ = ["SCHOOLS_TURN"]
