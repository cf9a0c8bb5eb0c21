from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from apps.core.forms import ImportUploadForm, PortalFormMixin
from apps.documents.selectors import documents_for, laws_for
from apps.registry.choices import EntityKind
from apps.registry.models import Entity

from . import services
from .bases import format_bases, law_names, parse_bases
from .choices import ChangeAction, ItemStatus
from .models import CreditGrade, PowerItem

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
BASES_HELP = "一行一项，格式：《法律法规名称》第X条：条文内容。法律法规须已在法律法规库中（可用全称或简称）。"


def law_lookup(user: Any, text: str) -> dict[str, Any]:
    """{full or short name: Law} for the laws `text` names, among those `user` may cite."""

    names = law_names(text)
    laws = laws_for(user).filter(Q(name__in=names) | Q(short_name__in=names))
    found: dict[str, Any] = {}
    for law in laws:
        found[law.name] = law
        if law.short_name:
            found.setdefault(law.short_name, law)
    return found


class AdjustmentFieldsMixin:
    """The adjustment's date, reason and document on every form that changes the catalogue."""

    def adjustment_fields(self, user: Any) -> None:
        self.fields["adjusted_on"] = forms.DateField(label="调整日期", initial=timezone.localdate, widget=DATE_INPUT)
        self.fields["reason"] = forms.CharField(label="调整原因", max_length=500, help_text="如：依据省级权责清单调整。")
        self.fields["document"] = forms.ModelChoiceField(
            label="依据文件",
            required=False,
            queryset=documents_for(user, write=True).order_by("-issued_on", "-id"),
            help_text="文件库中的调整文件（可不选）。",
        )
        self.fields["token"] = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
        for name in ("adjusted_on", "reason", "document"):
            widget = self.fields[name].widget
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")


class PowerItemForm(AdjustmentFieldsMixin, PortalFormMixin, forms.ModelForm):
    """An item, added or changed as one adjustment (services.adjustment_apply)."""

    parent_code = forms.CharField(label="所属主项编码", required=False, max_length=50, help_text="子项填写其主项的事项编码。")
    bases_text = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 5}), help_text=BASES_HELP)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PowerItem
        fields = [
            "code",
            "name",
            "kind",
            "implementing_unit",
            "responsibilities",
            "accountability",
            "supervision_phone",
            "process",
        ]
        widgets = {
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "accountability": forms.Textarea(attrs={"rows": 3}),
            "process": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.adjustment_fields(user)
        item = self.instance
        if item.pk:
            # The code is the item's identity across adjustments.
            self.fields["code"].disabled = True
            self.fields["version"].initial = item.version
            self.fields["parent_code"].initial = item.parent.code if item.parent_id else ""
            self.fields["bases_text"].initial = format_bases(
                {"law": b.law.name, "article": b.article, "text": b.text} for b in item.bases.select_related("law")
            )
        self.bases = []

    def clean_bases_text(self) -> str:
        text = self.cleaned_data["bases_text"]
        self.bases = parse_bases(text, law_lookup(self.user, text))
        return text

    def validate_unique(self) -> None:
        # (bureau, code) is checked by the service, which names the code.
        pass

    def save(self, commit: bool = True) -> PowerItem:
        data = self.cleaned_data
        item = self.instance
        draft = services.ItemDraft(
            code=item.code if item.pk else data["code"].strip(),
            action=ChangeAction.CHANGE if item.pk else ChangeAction.ADD,
            values={name: data[name] for name in services.ITEM_FIELDS},
            bases=self.bases,
            parent_code=data.get("parent_code", "").strip(),
            version=data.get("version") if item.pk else None,
        )
        services.adjustment_apply(
            by=self.user,
            adjusted_on=data["adjusted_on"],
            reason=data["reason"],
            document=data.get("document"),
            drafts=[draft],
            token=data.get("token"),
        )
        return PowerItem.objects.get(bureau_id=self.user.bureau_id, code=draft.code)


class CancelItemForm(AdjustmentFieldsMixin, PortalFormMixin, forms.ModelForm):
    """Cancel an item from the catalogue (it stays in the history)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = PowerItem
        fields: list[str] = []

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.adjustment_fields(user)
        self.fields["version"].initial = self.instance.version
        self.fields["reason"].help_text = "如：上级取消该事项、职能划转。"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.instance.status == ItemStatus.CANCELLED:
            raise ValidationError("该事项已经取消。")
        return data

    def save(self, commit: bool = True) -> PowerItem:
        data = self.cleaned_data
        services.adjustment_apply(
            by=self.user,
            adjusted_on=data["adjusted_on"],
            reason=data["reason"],
            document=data.get("document"),
            drafts=[services.ItemDraft(code=self.instance.code, action=ChangeAction.CANCEL, version=data.get("version"))],
            token=data.get("token"),
        )
        self.instance.refresh_from_db()
        return self.instance


class CatalogueImportForm(ImportUploadForm):
    """The upload, and the adjustment the whole file is recorded as."""

    adjusted_on = forms.DateField(label="调整日期", required=False, widget=DATE_INPUT, help_text="不填为今天。")
    reason = forms.CharField(label="调整原因", required=False, max_length=500, help_text="不填为“Excel导入权责清单”。")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["document"] = forms.ModelChoiceField(
            label="依据文件",
            required=False,
            queryset=documents_for(user, write=True).order_by("-issued_on", "-id"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )


class CreditGradeForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CreditGrade
        fields = ["entity", "year", "grade", "basis", "graded_on", "reason"]
        widgets = {"graded_on": DATE_INPUT, "reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A county has dozens of training institutions: a plain select is fine here.
        self.fields["entity"].queryset = Entity.objects.for_user(user, write=True).filter(kind=EntityKind.TRAINING)
        self.fields["basis"].queryset = documents_for(user, write=True).order_by("-issued_on", "-id")
        self.fields["basis"].help_text = "文件库中的信用分级分类管理办法。"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def validate_unique(self) -> None:
        # One grade per institution and year, said in plain words on the year.
        entity, year = self.cleaned_data.get("entity"), self.cleaned_data.get("year")
        if entity and year and CreditGrade.objects.filter(entity=entity, year=year).exclude(pk=self.instance.pk).exists():
            self.add_error("year", f"{entity}已有{year}年度的信用等级评定，请修改原评定。")

    def save(self, commit: bool = True) -> CreditGrade:
        grade = super().save(commit=False)
        if commit:
            grade = services.grade_save(grade=grade, by=self.user, version=self.cleaned_data.get("version"))
        return grade
