from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet
from apps.core.models import DictionaryItem
from apps.registry.choices import EntityKind
from apps.registry.selectors import SCHOOL_KINDS

from .choices import PledgeStatus
from .dictionary import MEETING_KIND
from .models import Campaign, Decision, Meeting, Pledge

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


def _year_choices() -> list[tuple[str, str]]:
    # A fixed window: no query to draw the form.
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year + 1, 2019, -1)]


def unsigned_overdue_q(today=None) -> Q:
    """Not signed and past the campaign's deadline (the bureau's dashboard item)."""

    today = today or timezone.localdate()
    return ~Q(status=PledgeStatus.SIGNED) & Q(campaign__deadline__lt=today)


class CampaignFilterSet(ScopedFilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=_year_choices, empty_label="全部")

    class Meta:
        model = Campaign
        fields = ["year", "bureau"]


STATUS_CHOICES = [("unsigned", "未签订（待签订或退回）"), *[(str(v), label) for v, label in PledgeStatus.choices]]


class PledgeFilterSet(ScopedFilterSet):
    """Every pledge, a campaign's pledges, and a school's own."""

    q = django_filters.CharFilter(label="学校", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=_year_choices, empty_label="全部")
    kind = django_filters.ChoiceFilter(
        label="学校类型", field_name="school_kind", choices=[(k, EntityKind(k).label) for k in SCHOOL_KINDS], empty_label="全部"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=STATUS_CHOICES, method="filter_status", empty_label="全部")
    overdue = django_filters.BooleanFilter(label="逾期未签订", method="filter_overdue", widget=YES_NO)

    class Meta:
        model = Pledge
        fields = ["q", "year", "kind", "status", "overdue", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")

    def filter_status(self, queryset, name, value):
        if value == "unsigned":
            return queryset.exclude(status=PledgeStatus.SIGNED)
        return queryset.filter(status=int(value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = unsigned_overdue_q()
        return queryset.filter(late) if value else queryset.exclude(late)


def _meeting_kinds(request):
    """The kinds of meeting of the user's bureaus (字典管理)."""

    user = request.user if request else None
    return DictionaryItem.objects.for_user(user).filter(kind=MEETING_KIND).order_by("sort_order", "id")


class MeetingFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="议题", field_name="topic", lookup_expr="icontains")
    year = django_filters.ChoiceFilter(
        label="年度", field_name="held_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    kind = django_filters.ModelChoiceFilter(label="会议类型", queryset=_meeting_kinds, empty_label="全部")

    class Meta:
        model = Meeting
        fields = ["q", "year", "kind", "bureau"]


class DecisionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="决定事项/责任人", method="search")
    year = django_filters.ChoiceFilter(
        label="会议年度", field_name="meeting__held_on", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    done = django_filters.BooleanFilter(label="已办结", field_name="done_on", lookup_expr="isnull", exclude=True, widget=YES_NO)
    overdue = django_filters.BooleanFilter(label="逾期未办结", method="filter_overdue", widget=YES_NO)

    class Meta:
        model = Decision
        fields = ["q", "year", "done", "overdue", "bureau"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(Q(text__icontains=value) | Q(owner__icontains=value)) if value else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(done_on__isnull=True, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)
