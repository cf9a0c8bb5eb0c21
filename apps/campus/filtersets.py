"""One FilterSet per list; each filter is served by an index of its model (models.py)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, search_query
from apps.core.models import DictionaryItem
from apps.registry.choices import EntityKind
from apps.registry.selectors import SCHOOL_KINDS

from .choices import AppointmentRole, CreationStatus, EventKind, Group, Level, NominatingBody, Prize, Rating, Stage
from .dictionary import CAMPAIGN, EVENT_THEME
from .models import (
    Appointment,
    AppointmentBatch,
    CampusSchool,
    Competition,
    CreationCampaign,
    Entry,
    Evaluation,
    Event,
    RectificationItem,
    Review,
)
from .selectors import REQUIRED_HOURS

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])
SCHOOL_KIND_CHOICES = [(k, EntityKind(k).label) for k in SCHOOL_KINDS]


def year_choices() -> list[tuple[str, str]]:
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, 2017, -1)]


def _school_search(filterset, queryset, value, path):
    return filterset.name_search(queryset, value, path=path) if search_query(value) else queryset


class CampusFilterSet(ScopedFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request else None
        for name in ("campaign", "theme"):
            if name in self.filters:
                kind = CAMPAIGN if name == "campaign" else EVENT_THEME
                items = DictionaryItem.objects.for_user(user).filter(kind=kind).order_by("sort_order", "id")
                # The form was built by ScopedFilterSet already: its field needs the queryset too.
                self.filters[name].queryset = self.form.fields[name].queryset = items


class EventFilterSet(CampusFilterSet):
    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="start_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(label="活动类型", choices=EventKind.choices, empty_label="全部")
    campaign = django_filters.ModelChoiceFilter(label="宣传活动", queryset=DictionaryItem.objects.none(), empty_label="全部")
    theme = django_filters.ModelChoiceFilter(
        label="主题", field_name="themes", queryset=DictionaryItem.objects.none(), empty_label="全部"
    )
    school_kind = django_filters.ChoiceFilter(
        label="学校类型", field_name="school__kind", choices=SCHOOL_KIND_CHOICES, empty_label="全部"
    )
    speaker = django_filters.NumberFilter(field_name="speaker_id", widget=forms.HiddenInput)
    school = django_filters.NumberFilter(field_name="school_id", widget=forms.HiddenInput)

    class Meta:
        model = Event
        fields = ["q", "year", "kind", "campaign", "theme", "school_kind", "speaker", "school", "bureau"]

    def search(self, queryset, name, value):
        return _school_search(self, queryset, value, "school__")


class AppointmentFilterSet(CampusFilterSet):
    q = django_filters.CharFilter(label="姓名/单位", method="search")
    role = django_filters.ChoiceFilter(label="职务类别", choices=AppointmentRole.choices, empty_label="全部")
    body = django_filters.ChoiceFilter(label="推荐单位类别", choices=NominatingBody.choices, empty_label="全部")
    batch = django_filters.ModelChoiceFilter(label="聘任批次", queryset=AppointmentBatch.objects.none(), empty_label="全部")
    batch_year = django_filters.ChoiceFilter(
        label="聘任年度", field_name="batch__appointed_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    state = django_filters.ChoiceFilter(
        label="任期",
        choices=[("current", "在任"), ("ended", "已届满"), ("future", "未开始")],
        method="filter_state",
        empty_label="全部",
    )
    ending = django_filters.NumberFilter(label="几天内届满", method="filter_ending", widget=forms.HiddenInput)
    retired = django_filters.BooleanFilter(label="退休人员", widget=YES_NO)
    short_hours = django_filters.BooleanFilter(label=f"本年课时不足{REQUIRED_HOURS:g}", method="filter_short", widget=YES_NO)
    unevaluated = django_filters.NumberFilter(label="未评价年度", method="filter_unevaluated", widget=forms.HiddenInput)

    class Meta:
        model = Appointment
        fields = ["q", "role", "body", "batch", "batch_year", "state", "retired", "short_hours", "ending", "bureau"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        batches = AppointmentBatch.objects.for_user(self.request.user if self.request else None)
        self.filters["batch"].queryset = self.form.fields["batch"].queryset = batches

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(search_text__contains=q) if q else queryset

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "current":
            return queryset.filter(term_start__lte=today, term_end__gte=today)
        if value == "ended":
            return queryset.filter(term_end__lt=today)
        return queryset.filter(term_start__gt=today)

    def filter_ending(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(term_end__gte=today, term_end__lte=today + datetime.timedelta(days=int(value)))

    def filter_short(self, queryset, name, value):
        # `hours` is annotated by the list view for the year shown (this year by default).
        if value is None:
            return queryset
        return queryset.filter(hours__lt=REQUIRED_HOURS) if value else queryset.filter(hours__gte=REQUIRED_HOURS)

    def filter_unevaluated(self, queryset, name, value):
        if value is None:
            return queryset
        user = self.request.user
        done = Evaluation.objects.filter(appointment_id=OuterRef("pk"), year=int(value))
        if user.school_id:
            done = done.filter(school_id=user.school_id)
        return queryset.filter(~Exists(done))


class EvaluationFilterSet(CampusFilterSet):
    year = django_filters.NumberFilter(label="年度")
    rating = django_filters.ChoiceFilter(label="评价等次", choices=Rating.choices, empty_label="全部")

    class Meta:
        model = Evaluation
        fields = ["year", "rating", "bureau"]


class BatchFilterSet(CampusFilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="appointed_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )

    class Meta:
        model = AppointmentBatch
        fields = ["year", "bureau"]


class CompetitionFilterSet(CampusFilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="held_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    level = django_filters.ChoiceFilter(label="级别", choices=Level.choices, empty_label="全部")
    stage = django_filters.ChoiceFilter(label="赛段", choices=Stage.choices, empty_label="全部")

    class Meta:
        model = Competition
        fields = ["year", "level", "stage", "bureau"]


class EntryFilterSet(CampusFilterSet):
    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="competition__held_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    competition = django_filters.NumberFilter(field_name="competition_id", widget=forms.HiddenInput)
    group = django_filters.ChoiceFilter(label="组别", choices=Group.choices, empty_label="全部")
    prize = django_filters.ChoiceFilter(label="奖项", choices=Prize.choices, empty_label="全部")
    awarded = django_filters.BooleanFilter(label="获奖", method="filter_awarded", widget=YES_NO)

    class Meta:
        model = Entry
        fields = ["q", "year", "group", "prize", "awarded", "competition", "bureau"]

    def search(self, queryset, name, value):
        return _school_search(self, queryset, value, "school__")

    def filter_awarded(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(prize=Prize.NONE) if value else queryset.filter(prize=Prize.NONE)


class CreationCampaignFilterSet(CampusFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=CreationStatus.choices, empty_label="全部")
    active_in = django_filters.ChoiceFilter(label="创建年度", method="filter_active", choices=year_choices, empty_label="全部")

    class Meta:
        model = CreationCampaign
        fields = ["status", "active_in", "bureau"]

    def filter_active(self, queryset, name, value):
        """Campaigns under way in that year: started by then, not revoked before it."""

        year = int(value)
        return queryset.filter(start_year__lte=year).exclude(status=CreationStatus.REVOKED, status_year__lt=year)


class ReviewFilterSet(CampusFilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="reviewed_on", lookup_expr="year", choices=year_choices, empty_label="全部"
    )
    campaign = django_filters.NumberFilter(field_name="campaign_id", widget=forms.HiddenInput)

    class Meta:
        model = Review
        fields = ["year", "campaign", "bureau"]


class RectificationItemFilterSet(CampusFilterSet):
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[("open", "未完成"), ("overdue", "逾期"), ("done", "已完成")],
        method="filter_state",
        empty_label="全部",
    )
    review = django_filters.NumberFilter(field_name="review_id", widget=forms.HiddenInput)
    school = django_filters.NumberFilter(field_name="school_id", widget=forms.HiddenInput)

    class Meta:
        model = RectificationItem
        fields = ["state", "review", "school", "bureau"]

    def filter_state(self, queryset, name, value):
        if value == "done":
            return queryset.filter(done_on__isnull=False)
        queryset = queryset.filter(done_on__isnull=True)
        return queryset.filter(due_on__lt=timezone.localdate()) if value == "overdue" else queryset


class SchoolCoverFilterSet(CampusFilterSet):
    """The coverage list: open schools and whether each has its appointees."""

    q = django_filters.CharFilter(label="学校", method="search")
    kind = django_filters.ChoiceFilter(label="学校类型", choices=SCHOOL_KIND_CHOICES, empty_label="全部")
    missing = django_filters.BooleanFilter(label="缺在任法治副校长", method="filter_missing", widget=YES_NO)
    batch_year = django_filters.ChoiceFilter(
        label="有该年度聘任", method="filter_batch_year", choices=year_choices, empty_label="全部"
    )

    class Meta:
        model = CampusSchool
        fields = ["q", "kind", "missing", "batch_year", "bureau"]

    def search(self, queryset, name, value):
        return _school_search(self, queryset, value, "")

    def filter_missing(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(has_vice_principal=not value)

    def filter_batch_year(self, queryset, name, value):
        covered = Appointment.schools.through.objects.filter(
            entity_id=OuterRef("pk"), appointment__batch__appointed_on__year=int(value)
        )
        return queryset.filter(Exists(covered))


class RollupFilterSet(CampusFilterSet):
    """A campaign's roll-up: which schools took part in it in a year (`took_part` is
    annotated by the view for the chosen year and campaign)."""

    # Year and campaign choose what `took_part` means; the view reads them (`keep`).
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, method="keep", empty_label=None)
    campaign = django_filters.ModelChoiceFilter(
        label="宣传活动", queryset=DictionaryItem.objects.none(), method="keep", empty_label="全部活动"
    )
    q = django_filters.CharFilter(label="学校", method="search")
    kind = django_filters.ChoiceFilter(label="学校类型", choices=SCHOOL_KIND_CHOICES, empty_label="全部")
    took_part = django_filters.BooleanFilter(label="参加", widget=YES_NO)

    class Meta:
        model = CampusSchool
        fields = ["year", "campaign", "q", "kind", "took_part", "bureau"]

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        return _school_search(self, queryset, value, "")
