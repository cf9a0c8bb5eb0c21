from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.widgets import MultiSelect, SearchableSelect, dictionary_hint
from apps.registry.models import Person
from apps.registry.selectors import SCHOOL_KINDS

from . import services
from .choices import CaseAction, Selection
from .dictionary import QUERY_PLATFORM
from .models import Authorisation, EthicsEntry

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.employer.name}，{obj.masked_id_number}）"


class AuthorisationForm(PortalFormMixin, forms.Form):
    """Record the signed forms of one or more staff (one scan for all of them)."""

    people = PersonChoiceField(label="教职员工", queryset=Person.objects.none(), widget=MultiSelect)
    signed_on = forms.DateField(label="签署日期", widget=DATE_INPUT)
    scan = forms.FileField(label="授权书扫描件", help_text="PDF、JPG 或 PNG，不超过 10 MB。多人的授权书可扫描为一个文件。")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        staff = (
            Person.objects.for_user(user, write=True)
            .filter(employment_status__in=services.ACTIVE)
            .select_related("employer")
            .order_by("employer__sort_key", "sort_key", "id")
        )
        # Those still without one first is what a school looks for; all stay choosable.
        self.fields["people"].queryset = staff.annotate(
            has=Exists(Authorisation.objects.filter(person_id=OuterRef("pk")))
        ).order_by("has", "employer__sort_key", "sort_key", "id")
        if not self.is_bound:
            self.fields["signed_on"].initial = timezone.localdate()

    def save(self) -> list[Authorisation]:
        data = self.cleaned_data
        try:
            return services.authorisations_record(
                by=self.user, people=data["people"], signed_on=data["signed_on"], scan=data["scan"]
            )
        except ValidationError as error:
            _errors_to_form(self, error)
            raise


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class BatchForm(PortalFormMixin, forms.Form):
    title = forms.CharField(label="批次名称", max_length=100, help_text="如：2024年教职员工准入查询（第一批）")
    query_date = forms.DateField(label="查询日期", widget=DATE_INPUT)
    platform = forms.ModelChoiceField(label="查询平台", queryset=DictionaryItem.objects.none())
    selection = forms.ChoiceField(label="查询对象", choices=Selection.choices, initial=Selection.UNCHECKED)
    schools = forms.ModelMultipleChoiceField(
        label="学校", queryset=DictionaryItem.objects.none(), widget=MultiSelect, help_text="可多选；按名称、拼音或首字母查找。"
    )
    people = PersonChoiceField(
        label="指定人员", queryset=Person.objects.none(), required=False, widget=MultiSelect, help_text="仅“指定人员”时填写。"
    )
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from apps.registry.models import Entity

        self.fields["platform"].queryset = DictionaryItem.objects.for_user(user, write=True).filter(
            kind=QUERY_PLATFORM, is_active=True
        )
        self.fields["platform"].widget = SearchableSelect(choices=self.fields["platform"].widget.choices)
        dictionary_hint(self.fields["platform"], kind=QUERY_PLATFORM, user=user)
        self.fields["schools"].queryset = Entity.objects.for_user(user, write=True).filter(kind__in=SCHOOL_KINDS, status="open")
        self.fields["people"].queryset = (
            Person.objects.for_user(user, write=True)
            .filter(employment_status__in=services.ACTIVE)
            .select_related("employer")
            .order_by("employer__sort_key", "sort_key", "id")
        )
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4()
            self.fields["query_date"].initial = timezone.localdate()


class CaseForm(PortalFormMixin, forms.Form):
    action = forms.ChoiceField(label="处置措施", choices=[("", "")] + list(CaseAction.choices))
    action_detail = forms.CharField(label="措施说明", max_length=200, required=False, help_text="选择“其他”时必填。")
    decided_on = forms.DateField(label="处置决定日期", widget=DATE_INPUT)
    document_number = forms.CharField(label="处置文书文号", max_length=100, required=False)
    document = forms.FileField(label="处置文书", required=False, help_text="PDF、JPG 或 PNG。")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("action") == "other" and not data.get("action_detail"):
            self.add_error("action_detail", "处置措施为“其他”时，请填写措施说明。")
        document = data.get("document")
        if document:
            try:
                services.scan_extension(document)
            except ValidationError:
                self.add_error("document", "处置文书应为 PDF、JPG 或 PNG 文件，且不超过 10 MB。")
        return data


class CaseCloseForm(PortalFormMixin, forms.Form):
    closed_on = forms.DateField(label="结案日期", widget=DATE_INPUT)
    note = forms.CharField(label="结案说明", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class EthicsEntryForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = EthicsEntry
        fields = ["person", "kind", "occurred_on", "title", "detail", "document_number"]
        widgets = {"occurred_on": DATE_INPUT, "detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        people = Person.objects.for_user(user, write=True).select_related("employer")
        self.fields["person"].queryset = people
        self.fields["person"].widget = SearchableSelect(choices=self.fields["person"].widget.choices)
        self.fields["person"].label_from_instance = lambda p: f"{p.name}（{p.employer.name}）"
        if self.instance.pk:
            self.fields["person"].disabled = True

    def save(self, commit: bool = True) -> EthicsEntry:
        entry = super().save(commit=False)
        try:
            return services.ethics_entry_save(entry=entry, by=self.user)
        except ValidationError as error:
            _errors_to_form(self, error)
            raise
