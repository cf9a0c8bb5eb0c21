from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.urls import reverse_lazy

from apps.core.forms import PortalFormMixin
from apps.core.widgets import AutocompleteSelect, MultiSelect
from apps.documents.models import Law
from apps.notices.forms import AttachmentsField
from apps.registry.choices import EntityKind
from apps.registry.forms import entity_field
from apps.registry.models import Person

from .choices import Result
from .models import CalendarDay, InspectionItem, InspectionSetting, Inspector, Plan, Recusal, Task

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def kinds_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, choices=EntityKind.choices, widget=MultiSelect)


class BureauModelForm(PortalFormMixin, forms.ModelForm):
    """A bureau-owned row: new rows belong to the user's bureau."""

    def save(self, commit: bool = True) -> Any:
        obj = super().save(commit=False)
        if obj.pk is None:
            obj.bureau_id = self.user.bureau_id
        if commit:
            obj.save()
            self.save_m2m()
        return obj


class VersionedForm(BureauModelForm):
    """A row two people may edit: a save based on an older version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale_message = "该记录已被他人修改（您看到的是旧版本），请重新打开后再修改。"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk:
            current = type(self.instance).objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if data.get("version") != current:
                raise forms.ValidationError(self.stale_message)
        return data

    def save(self, commit: bool = True) -> Any:
        if self.instance.pk:
            self.instance.version += 1
        return super().save(commit)


class InspectionItemForm(VersionedForm):
    entity_kinds = kinds_field("适用对象类型")
    laws = forms.ModelMultipleChoiceField(label="法律依据", queryset=Law.objects.all(), required=False, widget=MultiSelect)

    class Meta:
        model = InspectionItem
        fields = [
            "code",
            "name",
            "laws",
            "basis",
            "inspecting_unit",
            "content",
            "method",
            "entity_kinds",
            "joint_departments",
            "is_active",
        ]
        widgets = {"basis": forms.Textarea(attrs={"rows": 2}), "content": forms.Textarea(attrs={"rows": 3})}

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = InspectionItem.objects.filter(bureau_id=self.user.bureau_id, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("本局已有该事项编码。")
        return code


class PlanForm(VersionedForm):
    class Meta:
        model = Plan
        fields = ["year", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.pk and self.instance.is_approved:
            raise forms.ValidationError("计划已批准，不能再修改。")
        return data


class TaskForm(BureauModelForm):
    entity_kinds = kinds_field("抽查对象类型")

    class Meta:
        model = Task
        fields = [
            "name",
            "items",
            "entity_kinds",
            "ownership",
            "share",
            "count",
            "inspectors_per_entity",
            "load_limit",
            "draw_on",
            "inspect_from",
            "inspect_to",
            "joint_departments",
        ]
        widgets = {"items": MultiSelect, "draw_on": DATE_INPUT, "inspect_from": DATE_INPUT, "inspect_to": DATE_INPUT}

    def __init__(self, *args: Any, plan: Plan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan or getattr(self.instance, "plan", None)
        self.fields["items"].queryset = InspectionItem.objects.for_user(self.user, write=True).filter(is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.plan is not None and self.plan.is_approved and self.instance.pk:
            raise forms.ValidationError("计划已批准，任务不能再修改。")
        start, end, draw_on = data.get("inspect_from"), data.get("inspect_to"), data.get("draw_on")
        if start and end and end < start:
            self.add_error("inspect_to", "检查结束日期不能早于开始日期。")
        if draw_on and start and start < draw_on:
            self.add_error("inspect_from", "检查应在抽取之后开始。")
        name = (data.get("name") or "").strip()
        if self.plan is not None and name and self.plan.tasks.filter(name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", "该计划已有同名任务。")
        if self.plan is not None and draw_on and draw_on.year != self.plan.year:
            self.add_error("draw_on", f"抽取日期应在计划年度（{self.plan.year}年）内。")
        return data

    def save(self, commit: bool = True) -> Task:
        if self.instance.pk is None:
            self.instance.plan = self.plan
        return super().save(commit)


def person_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="人员", queryset=Person.objects.none(), widget=AutocompleteSelect(reverse_lazy("inspections:person_autocomplete"))
    )


class InspectorForm(VersionedForm):
    person = person_field()

    class Meta:
        model = Inspector
        fields = ["person", "user", "code", "credential_number", "issuing_authority", "valid_from", "valid_to"]
        widgets = {"valid_from": DATE_INPUT, "valid_to": DATE_INPUT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from apps.accounts.models import User

        self.fields["person"].queryset = Person.objects.for_user(self.user, write=True)
        # The bureau's own inspector accounts: a short list.
        self.fields["user"].queryset = User.objects.filter(
            bureau_id=self.user.bureau_id, school__isnull=True, groups__name="inspector"
        ).order_by("username")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "有效期至不能早于有效期自。")
        bureau = self.user.bureau_id
        for field, message in (("code", "本局已有该执法人员编号。"), ("credential_number", "该执法证号已登记。")):
            value = data.get(field)
            if value and Inspector.objects.filter(bureau_id=bureau, **{field: value}).exclude(pk=self.instance.pk).exists():
                self.add_error(field, message)
        person = data.get("person")
        if person and Inspector.objects.filter(bureau_id=bureau, person=person).exclude(pk=self.instance.pk).exists():
            self.add_error("person", "此人已在执法人员名录库中。")
        return data


class RecusalForm(BureauModelForm):
    entity = entity_field("回避对象")

    class Meta:
        model = Recusal
        fields = ["entity", "kind", "note"]

    def __init__(self, *args: Any, inspector: Inspector | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from apps.registry.models import Entity

        self.inspector = inspector
        self.fields["entity"].queryset = Entity.objects.for_user(self.user, write=True)

    def clean_entity(self):
        entity = self.cleaned_data["entity"]
        if self.inspector and Recusal.objects.filter(inspector=self.inspector, entity=entity).exists():
            raise forms.ValidationError("已登记该回避关系。")
        return entity

    def save(self, commit: bool = True) -> Recusal:
        self.instance.inspector = self.inspector
        return super().save(commit)


class RevealForm(PortalFormMixin, forms.Form):
    witness_name = forms.CharField(label="监督人员", max_length=50)
    witness_phrase = forms.CharField(
        label="监督人员口令",
        max_length=200,
        help_text="由监督人员当场输入任意一句话；它与已公布承诺值的服务器种子共同决定抽取结果。",
    )


class VoidForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label="作废原因", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class ResultForm(PortalFormMixin, forms.Form):
    inspected_on = forms.DateField(label="检查日期", widget=DATE_INPUT)
    contents = forms.CharField(label="检查内容及发现", widget=forms.Textarea(attrs={"rows": 4}))
    result = forms.ChoiceField(label="检查结果", choices=[("", "")] + list(Result.choices))
    handling = forms.CharField(label="处理情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rectify_by = forms.DateField(label="整改期限", required=False, widget=DATE_INPUT, help_text="责令整改的必填。")
    attachments = AttachmentsField(label="附件（检查记录表、照片等）")
    version = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["token"].initial = uuid.uuid4()


class RectificationForm(PortalFormMixin, forms.Form):
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE_INPUT)
    note = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class CalendarDayForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": DATE_INPUT}

    def save(self, commit: bool = True) -> CalendarDay:
        from .services import calendar_changed

        before = self.initial.get("date") if self.instance.pk else None
        day = super().save(commit)
        calendar_changed([before, day.date])  # the deadlines (and "due within 5 days") move
        return day


class SettingForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = InspectionSetting
        fields = ["publish_inspector_names"]
