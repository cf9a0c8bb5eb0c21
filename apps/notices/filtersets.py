from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, search_query

from .choices import NoticeKind, NoticeStatus, Progress
from .models import Notice, NoticeAddressee

YES_NO = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])


def _year_choices() -> list[tuple[str, str]]:
    # Notices start with this portal: a fixed window, no query to draw the form.
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, 2019, -1)]


class NoticeFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="标题/文号", method="search")
    kind = django_filters.ChoiceFilter(label="类别", choices=NoticeKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=NoticeStatus.choices, empty_label="全部")
    year = django_filters.ChoiceFilter(
        label="下发年度", field_name="sent_at", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    overdue = django_filters.BooleanFilter(label="有学校逾期", method="filter_overdue", widget=YES_NO)

    class Meta:
        model = Notice
        fields = ["q", "kind", "status", "year", "overdue", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(search_text__contains=q) if q else queryset

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = NoticeAddressee.objects.overdue().values("notice_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


PROGRESS_CHOICES = [
    ("pending", "未签收"),
    ("reply_due", "待反馈"),
    *[(str(value), label) for value, label in Progress.choices],
]


class AddresseeFilterSet(ScopedFilterSet):
    """The inbox, a notice's receipt table and the receipts of every notice."""

    q = django_filters.CharFilter(label="通知标题/文号", method="search")
    year = django_filters.ChoiceFilter(
        label="下发年度", field_name="sent_at", lookup_expr="year", choices=_year_choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(
        label="通知类别", field_name="notice__kind", choices=NoticeKind.choices, empty_label="全部"
    )
    progress = django_filters.ChoiceFilter(
        label="签收状态", choices=PROGRESS_CHOICES, method="filter_progress", empty_label="全部"
    )
    acknowledged = django_filters.BooleanFilter(
        label="已签收", field_name="acknowledged_at", lookup_expr="isnull", exclude=True, widget=YES_NO
    )
    overdue = django_filters.BooleanFilter(label="逾期", method="filter_overdue", widget=YES_NO)
    reminded = django_filters.BooleanFilter(
        label="被催办", field_name="reminded_at", lookup_expr="isnull", exclude=True, widget=YES_NO
    )

    class Meta:
        model = NoticeAddressee
        fields = ["q", "year", "kind", "progress", "acknowledged", "overdue", "reminded", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(notice__search_text__contains=q) if q else queryset

    def filter_progress(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(progress__lt=Progress.ACKNOWLEDGED)
        if value == "reply_due":
            today = timezone.localdate()
            return queryset.filter(
                Q(notice__deadline__gte=today) | Q(reopened_until__gte=today),
                notice__reply_required=True,
                progress__lt=Progress.REPLIED,
            )
        return queryset.filter(progress=int(value))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = NoticeAddressee.objects.overdue().values("pk")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)
