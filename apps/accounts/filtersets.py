from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from apps.core.filtersets import ScopedFilterSet

from . import selectors
from .models import SecurityEvent, SecurityEventKind, User, UserSession
from .roles import Role

ACTIVE_CHOICES = [("1", "启用"), ("0", "停用")]


def _date_filter(label: str, lookup: str, field_name: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label,
        field_name=field_name,
        lookup_expr=lookup,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class UserFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="用户名/姓名/手机号", method="search")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, empty_label="全部", method="filter_role")
    active = django_filters.ChoiceFilter(label="状态", choices=ACTIVE_CHOICES, empty_label="全部", method="filter_active")

    class Meta:
        model = User
        fields = ["q", "role", "active", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value) | Q(phone__contains=value))

    def filter_role(self, queryset, name, value):
        return queryset.filter(groups__name=value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class AccountSecurityFilterSet(UserFilterSet):
    """账号安全: the account filters, and the two states the security administrator acts on."""

    locked = django_filters.ChoiceFilter(
        label="登录锁定", choices=[("1", "已锁定"), ("0", "未锁定")], empty_label="全部", method="filter_flag"
    )
    otp_bound = django_filters.ChoiceFilter(
        label="手机验证器", choices=[("1", "已绑定"), ("0", "未绑定")], empty_label="全部", method="filter_flag"
    )

    class Meta:
        model = User
        fields = ["q", "role", "active", "locked", "otp_bound", "bureau"]

    def filter_flag(self, queryset, name, value):
        # `locked` and `otp_bound` are annotations of selectors.account_security.
        return queryset.filter(**{name: value == "1"})


class SessionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="用户名/姓名", method="search")

    class Meta:
        model = UserSession
        fields = ["q", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__username__icontains=value) | Q(user__full_name__icontains=value))


class SecurityEventFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="事件", choices=SecurityEventKind.choices, empty_label="全部")
    username = django_filters.CharFilter(label="用户名", lookup_expr="icontains")
    date_from = _date_filter("开始日期", "date__gte", "created_at")
    date_to = _date_filter("结束日期", "date__lte", "created_at")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "date_from", "date_to", "bureau"]


class AuditEventFilterSet(django_filters.FilterSet):
    """The audit list's filters. They are not applied to a queryset here but by
    `selectors.audit_keys` on the event tables themselves (see there why), through
    `audit_filters()`; this class gives the form, its validation and the template's shape."""

    model = django_filters.ChoiceFilter(
        label="对象类型", choices=selectors.tracked_model_choices, empty_label="全部", method="applied_in_selectors"
    )
    user = django_filters.CharFilter(label="操作人", method="applied_in_selectors")
    date_from = django_filters.DateFilter(
        label="开始日期", method="applied_in_selectors", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label="结束日期", method="applied_in_selectors", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def applied_in_selectors(self, queryset, name, value):
        return queryset

    def audit_filters(self) -> selectors.AuditFilters:
        if not (self.is_bound and self.is_valid()):
            return selectors.AuditFilters()
        data = self.form.cleaned_data
        return selectors.AuditFilters(
            model=data.get("model") or "",
            user=(data.get("user") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
