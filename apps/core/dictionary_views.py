"""字典管理: the lists a bureau extends without a programmer (DictionaryItem per kind).

Its filter, columns and form live here with the views: the dictionary is one small
screen of `core`, and `core` keeps no per-screen modules otherwise.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db import IntegrityError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse

from .forms import PortalFormMixin
from .models import DictionaryItem
from .seams import dictionary_kinds
from .tables import Column, Table
from .views import ObjectEditView, ObjectListView, permission_name

DICTIONARY_TABLE = Table(
    columns=[
        Column("label", "名称"),
        Column("kind", "字典类型"),
        Column("sort_order", "排序"),
        Column("is_active", "状态", render=lambda item: "启用" if item.is_active else "停用"),
        Column("bureau.name", "所属教育局"),
    ],
    select_related=("bureau",),
)


class DictionaryItemFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="字典类型", choices=dictionary_kinds, empty_label="全部")
    q = django_filters.CharFilter(label="名称", field_name="label", lookup_expr="icontains")
    active = django_filters.ChoiceFilter(
        label="状态", choices=[("1", "启用"), ("0", "停用")], empty_label="全部", method="filter_active"
    )

    class Meta:
        model = DictionaryItem
        fields = ["kind", "q", "active"]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        for field in self.form.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if hasattr(field.widget, "choices") else "form-control")

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


class DictionaryItemForm(PortalFormMixin, forms.ModelForm):
    """An item of the admin's own bureau; its kind is fixed once created (rows refer to it)."""

    DUPLICATE = "“%(kind)s”中已有名称为“%(label)s”的字典项，请换一个名称。"

    kind = forms.ChoiceField(label="字典类型", choices=dictionary_kinds)

    class Meta:
        model = DictionaryItem
        fields = ["kind", "label", "sort_order", "is_active"]
        help_texts = {"sort_order": "数字小的排在前面。", "is_active": "停用后不再出现在选择列表中，已引用的记录不受影响。"}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["kind"].disabled = True
        else:
            self.instance.bureau_id = getattr(user, "bureau_id", None)

    def clean_label(self) -> str:
        label = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError("请填写名称。")
        return label

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.bureau_id is None:
            raise forms.ValidationError("您的账号没有所属教育局，不能维护字典。")
        kind, label = cleaned.get("kind"), cleaned.get("label")
        if kind and label and self.duplicate_exists(kind, label):
            self.add_error("label", self.duplicate_message(kind, label))
        return cleaned

    def duplicate_exists(self, kind: str, label: str) -> bool:
        # The unique constraint includes `bureau`, which is not a form field, so Django's
        # own constraint validation skips it: check here, with a message naming the field.
        others = DictionaryItem.objects.filter(bureau_id=self.instance.bureau_id, kind=kind, label=label)
        return others.filter(~Q(pk=self.instance.pk) if self.instance.pk else Q()).exists()

    def duplicate_message(self, kind: str, label: str) -> str:
        return self.DUPLICATE % {"kind": dict(dictionary_kinds()).get(kind, kind), "label": label}


class DictionaryItemListView(ObjectListView):
    model = DictionaryItem
    filterset_class = DictionaryItemFilterSet
    table = DICTIONARY_TABLE
    title = "字典管理"
    template_name = "core/dictionaryitem_list.html"
    add_url_name = "core:dictionaryitem_add"

    @property
    def link_rows(self) -> bool:  # type: ignore[override]
        # the rows link to their edit page, for who may change them only
        return self.request.user.has_perm(permission_name(DictionaryItem, "change"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("kind", "")
        context["kinds"] = dictionary_kinds()
        context["current_kind"] = kind if kind in dict(context["kinds"]) else ""
        context["can_change"] = self.link_rows
        if context["add_url"] and context["current_kind"]:
            context["add_url"] += f"?kind={context['current_kind']}"
        return context


class DictionaryItemEditView(ObjectEditView):
    model = DictionaryItem
    form_class = DictionaryItemForm

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.request.GET.get("kind") in dict(dictionary_kinds()):
            initial["kind"] = self.request.GET["kind"]
        return initial

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except IntegrityError:
            # Two admins saving the same name at once: the constraint wins, the form says why.
            form.add_error("label", form.duplicate_message(form.cleaned_data["kind"], form.cleaned_data["label"]))
            return self.form_invalid(form)

    def get_success_url(self) -> str:
        return reverse("core:dictionaryitem_list") + f"?kind={self.object.kind}"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = self.object.kind if self.object else self.request.GET.get("kind", "")
        suffix = f"?kind={kind}" if kind in dict(dictionary_kinds()) else ""
        context["cancel_url"] = reverse("core:dictionaryitem_list") + suffix
        return context
