from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.core.filtersets import ScopedFilterSet
from apps.registry.choices import EntityKind, StaffCategory
from apps.registry.models import Entity, Person

from .choices import BatchStatus, CaseAction, CaseStatus, CheckStatus, EntryKind, ExportKind
from .models import Authorisation, Check, EthicsEntry, ExportLog, QueryBatch, RestrictedCase

YES_NO = [("yes", "是"), ("no", "否")]


def year_choices() -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(str(y), f"{y}年") for y in range(this, 2019, -1)]


class CoverageFilterSet(ScopedFilterSet):
    """The year is read by the view (it feeds the counts); the rest filter the schools."""

    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, method="keep", empty_label=None)
    q = django_filters.CharFilter(label="学校名称/拼音", method="search")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices[:6], empty_label="全部")
    covered = django_filters.ChoiceFilter(label="本年度已开展查询", choices=YES_NO, method="filter_covered", empty_label="全部")
    complete = django_filters.ChoiceFilter(label="全员已查询", choices=YES_NO, method="filter_complete", empty_label="全部")

    class Meta:
        model = Entity
        fields = ["year", "q", "kind", "covered", "complete", "bureau"]

    def keep(self, queryset, name, value):
        return queryset

    def search(self, queryset, name, value):
        return self.name_search(queryset, value)

    def _year(self) -> int:
        from .selectors import year_of

        return year_of(self.data.get("year"))

    def filter_covered(self, queryset, name, value):
        schools = Check.objects.filter(status=CheckStatus.CHECKED, checked_on__year=self._year()).values("school_id")
        return queryset.filter(pk__in=schools) if value == "yes" else queryset.exclude(pk__in=schools)

    def filter_complete(self, queryset, name, value):
        from .selectors import fully_checked

        full = fully_checked(self._year())
        return queryset.filter(full) if value == "yes" else queryset.exclude(full)


class PersonScreeningFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音/身份证号", method="search")
    employer = django_filters.CharFilter(label="工作单位", method="search_employer")
    category = django_filters.ChoiceFilter(label="人员类别", choices=StaffCategory.choices, empty_label="全部")
    authorised = django_filters.ChoiceFilter(label="已登记授权书", choices=YES_NO, method="filter_authorised", empty_label="全部")

    class Meta:
        model = Person
        fields = ["q", "employer", "category", "authorised", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        if len(value) == 18:
            return queryset.with_id_number(value)
        return self.name_search(queryset, value)

    def search_employer(self, queryset, name, value):
        return self.name_search(queryset, value, path="employer__")

    def filter_authorised(self, queryset, name, value):
        has = Exists(Authorisation.objects.filter(person_id=OuterRef("pk")))
        return queryset.filter(has) if value == "yes" else queryset.exclude(has)


class AuthorisationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音", method="search")
    signed_from = django_filters.DateFilter(label="签署日期起", field_name="signed_on", lookup_expr="gte")

    class Meta:
        model = Authorisation
        fields = ["q", "signed_from", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="person__")


class BatchFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="批次名称", field_name="title", lookup_expr="contains")
    year = django_filters.NumberFilter(label="年度", field_name="query_date__year")
    status = django_filters.ChoiceFilter(label="状态", choices=BatchStatus.choices, empty_label="全部")

    class Meta:
        model = QueryBatch
        fields = ["q", "year", "status", "bureau"]


class CheckFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音", method="search")
    school = django_filters.CharFilter(label="学校", method="search_school")
    batch = django_filters.NumberFilter(label="批次编号", field_name="batch_id")
    year = django_filters.NumberFilter(label="查询年度", field_name="checked_on__year")
    status = django_filters.ChoiceFilter(label="查询状态", choices=CheckStatus.choices, empty_label="全部")
    category = django_filters.ChoiceFilter(
        label="人员类别", field_name="person__category", choices=StaffCategory.choices, empty_label="全部"
    )
    filed = django_filters.ChoiceFilter(label="已列入档案", choices=YES_NO, method="filter_filed", empty_label="全部")

    class Meta:
        model = Check
        fields = ["q", "school", "batch", "year", "status", "category", "filed", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="person__")

    def search_school(self, queryset, name, value):
        return self.name_search(queryset, value, path="school__")

    def filter_filed(self, queryset, name, value):
        return queryset.filter(filed_on__isnull=value != "yes")


class ResultFilterSet(CheckFilterSet):
    outcome = django_filters.ChoiceFilter(
        label="查询结果", choices=[("record", "有记录"), ("clear", "无记录")], method="filter_outcome", empty_label="全部"
    )

    class Meta(CheckFilterSet.Meta):
        fields = [*CheckFilterSet.Meta.fields, "outcome"]

    def filter_outcome(self, queryset, name, value):
        # Outcomes are encrypted: every 有记录 opened a case in the same transaction.
        hit = Exists(RestrictedCase.objects.filter(check_record_id=OuterRef("pk")))
        checked = queryset.filter(status=CheckStatus.CHECKED)
        return checked.filter(hit) if value == "record" else checked.exclude(hit)


class CaseFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音", method="search")
    year = django_filters.NumberFilter(label="查询年度", field_name="check_record__checked_on__year")
    action = django_filters.ChoiceFilter(label="处置措施", choices=CaseAction.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=CaseStatus.choices, empty_label="全部")

    class Meta:
        model = RestrictedCase
        fields = ["q", "year", "action", "status", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="person__")


class EntryFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/拼音", method="search")
    kind = django_filters.ChoiceFilter(label="类别", choices=EntryKind.choices, empty_label="全部")
    year = django_filters.NumberFilter(label="年度", field_name="occurred_on__year")

    class Meta:
        model = EthicsEntry
        fields = ["q", "kind", "year", "bureau"]

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="person__")


class ExportLogFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="导出内容", choices=ExportKind.choices, empty_label="全部")

    class Meta:
        model = ExportLog
        fields = ["kind", "bureau"]
