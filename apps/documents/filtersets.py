from __future__ import annotations

from functools import cache

import django_filters
from django import forms
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, substring_search
from apps.core.models import DictionaryItem
from apps.core.templatetags.portal import doc_number
from apps.documents.dictionary import DOCUMENT_TOPIC

from .choices import CleanupDecisionKind, CleanupStatus, DocumentKind, DocumentStatus, LawLevel, LawStatus
from .models import CleanupCampaign, CleanupDecision, Document, Law
from .selectors import add_months


class DocumentFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="标题/文号/发文机关/拼音", method="search")
    kind = django_filters.ChoiceFilter(label="类别", choices=DocumentKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=DocumentStatus.choices, empty_label="全部")
    year = django_filters.ChoiceFilter(label="发文年度", field_name="issued_on", lookup_expr="year", empty_label="全部")
    topic = django_filters.ModelChoiceFilter(
        label="主题", field_name="topics", queryset=DictionaryItem.objects.none(), empty_label="全部"
    )
    lapsed = django_filters.BooleanFilter(
        label="已过失效日期",
        method="filter_lapsed",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )

    expiring = django_filters.BooleanFilter(
        label="六个月内到期",
        method="filter_expiring",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )
    issued = django_filters.BooleanFilter(
        label="已印发",
        method="filter_issued",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否（拟制中）")]),
    )
    cleanup_year = django_filters.NumberFilter(label="专项清理年度", method="filter_cleanup_year", min_value=1900, max_value=2100)
    cleanup_decision = django_filters.ChoiceFilter(
        label="清理意见", choices=CleanupDecisionKind.choices, empty_label="全部", method="filter_cleanup_decision"
    )

    class Meta:
        model = Document
        fields = [
            "q",
            "kind",
            "status",
            "year",
            "topic",
            "lapsed",
            "expiring",
            "issued",
            "cleanup_year",
            "cleanup_decision",
            "bureau",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None

        @cache
        def years() -> list[tuple[str, str]]:
            days = Document.objects.for_user(user).dates("issued_on", "year", order="DESC")
            return [(str(day.year), f"{day.year}年") for day in days]

        # The years that have documents, read once, when the form renders or validates.
        self.form.fields["year"].choices = years
        # The user's own topics (a city viewer also sees its counties'); a small table.
        self.form.fields["topic"].queryset = DictionaryItem.objects.for_user(user).filter(kind=DOCUMENT_TOPIC, is_active=True)

    def search(self, queryset, name, value):
        # 文号 are stored with 〔〕: a query typed with [] still finds them.
        return substring_search(queryset, doc_number(value))

    def filter_lapsed(self, queryset, name, value):
        if value is None:
            return queryset
        lapsed = {"effective_to__lt": timezone.localdate()}
        return queryset.filter(**lapsed) if value else queryset.exclude(**lapsed)

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        window = {"effective_to__gte": today, "effective_to__lte": add_months(today, 6)}
        return queryset.filter(**window) if value else queryset.exclude(**window)

    def filter_issued(self, queryset, name, value):
        if value is None:
            return queryset
        draft = {"status": DocumentStatus.DRAFT}
        return queryset.exclude(**draft) if value else queryset.filter(**draft)

    def _decisions(self):
        decisions = CleanupDecision.objects.all()
        year = self.form.cleaned_data.get("cleanup_year")
        if year:
            decisions = decisions.filter(campaign__started_on__year=year)
        kind = self.form.cleaned_data.get("cleanup_decision")
        if kind:
            decisions = decisions.filter(decision=kind)
        return decisions

    def filter_cleanup_year(self, queryset, name, value):
        # The documents a year's clean-ups decided on (with cleanup_decision: that decision).
        if not value:
            return queryset
        return queryset.filter(pk__in=self._decisions().values("document_id"))

    def filter_cleanup_decision(self, queryset, name, value):
        if not value or self.form.cleaned_data.get("cleanup_year"):
            return queryset  # applied together with the year
        return queryset.filter(pk__in=self._decisions().values("document_id"))


class CleanupFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(
        label="开始年度", field_name="started_on", lookup_expr="year", min_value=1900, max_value=2100
    )
    status = django_filters.ChoiceFilter(label="状态", choices=CleanupStatus.choices, empty_label="全部")

    class Meta:
        model = CleanupCampaign
        fields = ["year", "status", "bureau"]


class LawFilterSet(django_filters.FilterSet):
    """The catalogue is shared by every bureau: no bureau filter."""

    q = django_filters.CharFilter(label="名称/简称/拼音", method="search")
    level = django_filters.ChoiceFilter(label="效力层级", choices=LawLevel.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="时效性", choices=LawStatus.choices, empty_label="全部")
    national = django_filters.BooleanFilter(
        label="范围",
        field_name="bureau",
        lookup_expr="isnull",
        widget=forms.Select(choices=[("", "全部"), ("true", "全国通用"), ("false", "地方条目")]),
    )

    class Meta:
        model = Law
        fields = ["q", "level", "status", "national"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def search(self, queryset, name, value):
        return substring_search(queryset, value)
