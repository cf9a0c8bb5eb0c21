from __future__ import annotations

import django_filters
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, search_query
from apps.core.models import DictionaryItem
from apps.core.widgets import AutocompleteSelect
from apps.documents.models import Law
from apps.registry.models import Person

from .choices import AttendanceStatus, Mode, SessionKind
from .dictionary import STUDY_TOPIC
from .models import Attendance, StudySession

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


# Django's week_day: 1 is Sunday.
WEEKDAYS = [("2", "星期一"), ("3", "星期二"), ("4", "星期三"), ("5", "星期四"), ("6", "星期五"), ("7", "星期六"), ("1", "星期日")]


def year_choices() -> list[tuple[str, str]]:
    # A fixed window: no query to draw the form.
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, 2014, -1)]


def _person_widget() -> AutocompleteSelect:
    return AutocompleteSelect(reverse_lazy("study:person_autocomplete"), attrs={"title": "人员"})


class _StudyFilters(ScopedFilterSet):
    """The filters both lists share; `path` leads from the listed row to its session."""

    path = ""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        # ScopedFilterSet has built the form: scope its fields (and the filters, for
        # what they validate against). Small lists (a bureau's topics, the law catalogue)
        # are plain selects; people are many: an autocomplete.
        scoped = {
            "topic": DictionaryItem.objects.for_user(user).filter(kind=STUDY_TOPIC),
            "person": Person.objects.for_user(user),
        }
        for name, queryset in scoped.items():
            self.filters[name].queryset = queryset
            self.form.fields[name].queryset = queryset


class StudySessionFilterSet(_StudyFilters):
    q = django_filters.CharFilter(label="名称", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="date", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(label="形式", choices=SessionKind.choices, empty_label="全部")
    topic = django_filters.ModelChoiceFilter(label="主题", field_name="topics", queryset=DictionaryItem.objects.none())
    law = django_filters.ModelChoiceFilter(label="法律法规", field_name="laws", queryset=Law.objects.order_by("name", "id"))
    person = django_filters.ModelChoiceFilter(
        label="参加人员", field_name="attendances__person", queryset=Person.objects.none(), widget=_person_widget()
    )
    topic_label = django_filters.CharFilter(label="主题名称", method="filter_topic_label")
    weekday = django_filters.ChoiceFilter(
        label="星期", field_name="date", lookup_expr="week_day", choices=WEEKDAYS, empty_label="全部"
    )
    mode = django_filters.ChoiceFilter(label="方式", choices=Mode.choices, empty_label="全部")
    enforcement = django_filters.BooleanFilter(label="执法人员培训", field_name="enforcement_training", widget=YES_NO)
    attendance = django_filters.ChoiceFilter(
        label="出席登记", choices=[("none", "未登记"), ("some", "已登记")], method="filter_attendance", empty_label="全部"
    )

    class Meta:
        model = StudySession
        fields = [
            "q",
            "year",
            "kind",
            "topic",
            "topic_label",
            "law",
            "person",
            "weekday",
            "mode",
            "enforcement",
            "attendance",
            "bureau",
        ]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(search_text__contains=q) if q else queryset

    def filter_topic_label(self, queryset, name, value):
        # By the topic's name (扫黑除恶): the report counts a topic whatever its id.
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            pk__in=StudySession.topics.through.objects.filter(dictionaryitem__label=value).values("studysession_id")
        )

    def filter_attendance(self, queryset, name, value):
        rows = Attendance.objects.values("session_id")
        if value == "none":
            return queryset.exclude(pk__in=rows)
        return queryset.filter(pk__in=rows)


class AttendanceFilterSet(_StudyFilters):
    q = django_filters.CharFilter(label="姓名", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="date", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(label="形式", field_name="session__kind", choices=SessionKind.choices, empty_label="全部")
    topic = django_filters.ModelChoiceFilter(label="主题", field_name="session__topics", queryset=DictionaryItem.objects.none())
    law = django_filters.ModelChoiceFilter(
        label="法律法规", field_name="session__laws", queryset=Law.objects.order_by("name", "id")
    )
    person = django_filters.ModelChoiceFilter(label="人员", queryset=Person.objects.none(), widget=_person_widget())
    status = django_filters.ChoiceFilter(label="出席情况", choices=AttendanceStatus.choices, empty_label="全部")
    enforcement = django_filters.BooleanFilter(label="执法人员培训", field_name="session__enforcement_training", widget=YES_NO)

    class Meta:
        model = Attendance
        fields = ["q", "year", "kind", "topic", "law", "person", "status", "enforcement", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="person__")
