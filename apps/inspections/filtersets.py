from __future__ import annotations

import django_filters
from django.db.models import Min
from django.utils import timezone

from apps.core.filtersets import EMPTY_FILTER_LABEL, ScopedFilterSet, search_query, text_search
from apps.registry.choices import EntityKind

from .choices import Deadline, DrawStatus, InspectionStatus, PlanStatus, Result
from .models import CalendarDay, Draw, Inspection, InspectionItem, Inspector, Plan, Task
from .selectors import deadline_q


def year_choices() -> list[tuple[str, str]]:
    # a fixed window: no query to draw the form
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year + 1, 2019, -1)]


class ItemFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="编码/名称", method="search")
    kind = django_filters.ChoiceFilter(
        label="适用对象类型", field_name="entity_kinds", lookup_expr="contains", choices=EntityKind.choices,
        method="filter_kind", empty_label=EMPTY_FILTER_LABEL,
    )  # fmt: skip

    class Meta:
        model = InspectionItem
        fields = ["q", "kind", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        return queryset.filter(name__icontains=q) | queryset.filter(code__icontains=q) if q else queryset

    def filter_kind(self, queryset, name, value):
        return queryset.filter(entity_kinds__contains=[value]) if value else queryset


class PlanFilterSet(ScopedFilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, empty_label=EMPTY_FILTER_LABEL)
    status = django_filters.ChoiceFilter(label="状态", choices=PlanStatus.choices, empty_label=EMPTY_FILTER_LABEL)

    class Meta:
        model = Plan
        fields = ["year", "status", "bureau"]


class DrawFilterSet(ScopedFilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="task__plan__year", choices=year_choices, empty_label=EMPTY_FILTER_LABEL
    )
    status = django_filters.ChoiceFilter(label="状态", choices=DrawStatus.choices, empty_label=EMPTY_FILTER_LABEL)

    class Meta:
        model = Draw
        fields = ["year", "status", "bureau"]


class InspectorFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名/编号", method="search")
    valid_on = django_filters.DateFilter(
        label="执法证有效日期", method="filter_valid_on", widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Inspector
        fields = ["q", "valid_on", "bureau"]

    def search(self, queryset, name, value):
        q = search_query(value)
        if not q:
            return queryset
        by_code = queryset.filter(code__icontains=q)
        return self.name_search(queryset, value, path="person__") | by_code

    def filter_valid_on(self, queryset, name, value):
        return queryset.filter(valid_from__lte=value, valid_to__gte=value) if value else queryset


class TaskItemFilters:
    """Task and item filters as `pk IN (…)`: a join over the visit's tasks would list a
    visit twice when two of its tasks match."""

    def filter_task(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Inspection.tasks.through.objects.filter(task=value).values("inspection_id"))

    def filter_item(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Inspection.tasks.through.objects.filter(task__items=value).values("inspection_id"))


class InspectionFilterSet(TaskItemFilters, ScopedFilterSet):
    """The staff list of visits (and the report's figures link here)."""

    q = django_filters.CharFilter(label="检查对象", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, empty_label=EMPTY_FILTER_LABEL)
    task = django_filters.ModelChoiceFilter(
        label="抽查任务", method="filter_task", queryset=Task.objects.none(), empty_label=EMPTY_FILTER_LABEL
    )
    item = django_filters.ModelChoiceFilter(
        label="抽查事项", method="filter_item", queryset=InspectionItem.objects.none(), empty_label=EMPTY_FILTER_LABEL
    )
    status = django_filters.ChoiceFilter(label="状态", choices=InspectionStatus.choices, empty_label=EMPTY_FILTER_LABEL)
    result = django_filters.ChoiceFilter(label="检查结果", choices=Result.choices, empty_label=EMPTY_FILTER_LABEL)
    found = django_filters.ChoiceFilter(
        label="是否发现问题",
        choices=[("none", "未发现问题"), ("some", "发现问题")],
        method="filter_found",
        empty_label=EMPTY_FILTER_LABEL,
    )
    deadline = django_filters.ChoiceFilter(
        label="公示期限", choices=Deadline.choices, method="filter_deadline", empty_label=EMPTY_FILTER_LABEL
    )
    rectification = django_filters.ChoiceFilter(
        label="整改",
        choices=[("open", "整改中"), ("closed", "已销号")],
        method="filter_rectification",
        empty_label=EMPTY_FILTER_LABEL,
    )
    month = django_filters.NumberFilter(label="检查月份", field_name="inspected_on", lookup_expr="month")
    inspected = django_filters.ChoiceFilter(
        label="是否已检查",
        choices=[("yes", "已检查"), ("no", "未检查")],
        method="filter_inspected",
        empty_label=EMPTY_FILTER_LABEL,
    )
    # Last, so that it applies to what the other filters kept: one row per entity.
    per_entity = django_filters.BooleanFilter(
        label="每个对象只列一次", method="filter_per_entity", widget=django_filters.widgets.forms.HiddenInput
    )
    entity = django_filters.NumberFilter(
        label="检查对象编号", field_name="entity_id", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Inspection
        fields = [
            "q",
            "year",
            "task",
            "item",
            "status",
            "result",
            "found",
            "deadline",
            "rectification",
            "month",
            "entity",
            "bureau",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["task"].queryset = Task.objects.for_user(user).select_related("plan").order_by("-plan__year", "id")
        self.filters["item"].queryset = InspectionItem.objects.for_user(user)
        if user is not None and user.school_id:
            for name in ("task", "item"):  # a school sees no plan
                del self.filters[name]
                self.form.fields.pop(name, None)

    def search(self, queryset, name, value):
        return self.name_search(queryset, value, path="entity__") if search_query(value) else queryset

    def filter_inspected(self, queryset, name, value):
        if value == "yes":
            return queryset.exclude(status=InspectionStatus.ASSIGNED)
        if value == "no":
            return queryset.filter(status=InspectionStatus.ASSIGNED)
        return queryset

    def filter_per_entity(self, queryset, name, value):
        """The report's "how many schools": each entity's first visit among the rows."""

        if not value:
            return queryset
        firsts = queryset.order_by().values("entity_id").annotate(first=Min("pk")).values("first")
        return queryset.filter(pk__in=firsts)

    def filter_found(self, queryset, name, value):
        if value == "none":
            return queryset.filter(result=Result.NO_PROBLEM)
        if value == "some":
            return queryset.exclude(result__in=["", Result.NO_PROBLEM])
        return queryset

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(deadline_q(value)) if value else queryset

    def filter_rectification(self, queryset, name, value):
        if value == "open":
            return queryset.filter(result=Result.RECTIFY, rectified_on__isnull=True)
        if value == "closed":
            return queryset.filter(result=Result.RECTIFY, rectified_on__isnull=False)
        return queryset


class CalendarFilterSet(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label="年度", field_name="date", lookup_expr="year", choices=year_choices, empty_label=EMPTY_FILTER_LABEL
    )

    class Meta:
        model = CalendarDay
        fields = ["year"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select")


class PublicResultFilterSet(TaskItemFilters, django_filters.FilterSet):
    """The public search: by entity, task, item, year and result (no login)."""

    q = django_filters.CharFilter(label="检查对象", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=year_choices, empty_label=EMPTY_FILTER_LABEL)
    task = django_filters.ModelChoiceFilter(
        label="抽查任务", method="filter_task", queryset=Task.objects.none(), empty_label=EMPTY_FILTER_LABEL
    )
    item = django_filters.ModelChoiceFilter(
        label="抽查事项", method="filter_item", queryset=InspectionItem.objects.none(), empty_label=EMPTY_FILTER_LABEL
    )
    result = django_filters.ChoiceFilter(label="检查结果", choices=Result.choices, empty_label=EMPTY_FILTER_LABEL)

    class Meta:
        model = Inspection
        fields = ["q", "year", "task", "item", "result"]

    def __init__(self, *args, bureau_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bureau_ids = list(bureau_ids)
        self.filters["task"].queryset = (
            Task.objects.filter(bureau_id__in=self.bureau_ids, plan__status=PlanStatus.APPROVED)
            .select_related("plan")
            .order_by("-plan__year", "id")
        )
        self.filters["item"].queryset = InspectionItem.objects.filter(bureau_id__in=self.bureau_ids)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def search(self, queryset, name, value):
        return text_search(queryset, value, bureaus=self.bureau_ids, path="entity__") if search_query(value) else queryset
