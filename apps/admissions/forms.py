from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import PortalFormMixin
from apps.core.widgets import MultiSelect
from apps.documents.selectors import documents_for
from apps.registry.selectors import schools_for

from . import services
from .models import Admission, AdmissionYear


class AdmissionForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Admission
        fields = ["year", "school", "stage", "admitted", "admitted_online"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["school"].queryset = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        admitted, online = data.get("admitted"), data.get("admitted_online")
        if admitted is not None and online is not None and online > admitted:
            self.add_error("admitted_online", "线上录取人数不能多于录取人数。")
        return data

    def save(self, commit: bool = True) -> Admission:
        admission = super().save(commit=False)
        if commit:
            admission = services.admission_save(admission=admission, by=self.user, version=self.cleaned_data.get("version"))
        return admission


class AdmissionYearForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = AdmissionYear
        fields = ["year", "documents", "note"]
        widgets = {"documents": MultiSelect(attrs={"size": 6}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["documents"].queryset = documents_for(user, write=True).order_by("-issued_on", "-id")
        self.fields["documents"].help_text = "文件库中当年的招生文件；可输入标题筛选，可多选。"

    def validate_unique(self) -> None:
        # (bureau, year): the bureau is not a field, so check it here with a plain message.
        year = self.cleaned_data.get("year")
        if year and self.user is not None:
            clash = AdmissionYear.objects.filter(bureau_id=self.user.bureau_id, year=year).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("year", f"{year}年的招生年度已经建立。")

    def save(self, commit: bool = True) -> AdmissionYear:
        year = super().save(commit=False)
        if commit:
            year = services.admission_year_save(year=year, by=self.user, documents=self.cleaned_data["documents"])
        return year
