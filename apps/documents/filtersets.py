from __future__ import annotations

from functools import cache

import django_filters
from django import forms
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet, substring_search
from apps.core.models import DictionaryItem
from apps.core.templatetags.portal import doc_number
from apps.documents.dictionary import DOCUMENT_TOPIC

from .choices import DocumentKind, DocumentStatus, LawLevel, LawStatus
from .models import Document, Law


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

    class Meta:
        model = Document
        fields = ["q", "kind", "status", "year", "topic", "lapsed", "bureau"]

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
        self.form.fields["topic"].queryset = DictionaryItem.objects.for_user(user).filter(
            kind=DOCUMENT_TOPIC, is_active=True
        )

    def search(self, queryset, name, value):
        # 文号 are stored with 〔〕: a query typed with [] still finds them.
        return substring_search(queryset, doc_number(value))

    def filter_lapsed(self, queryset, name, value):
        if value is None:
            return queryset
        lapsed = {"effective_to__lt": timezone.localdate()}
        return queryset.filter(**lapsed) if value else queryset.exclude(**lapsed)


class LawFilterSet(django_filters.FilterSet):
    """The catalogue is shared by every bureau: no bureau filter."""

    q = django_filters.CharFilter(label="名称/简称/拼音", method="search")
    level = django_filters.ChoiceFilter(label="效力层级", choices=LawLevel.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="时效性", choices=LawStatus.choices, empty_label="全部")

    class Meta:
        model = Law
        fields = ["q", "level", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def search(self, queryset, name, value):
        return substring_search(queryset, value)
