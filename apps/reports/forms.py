from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from apps.core.forms import PortalFormMixin

from .drafting import template_names
from .models import Outline, OutlineSection


def _year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this_year, this_year - 6, -1)]


class ReportCreateForm(PortalFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=_year_choices)
    outline = forms.ModelChoiceField(label="提纲", queryset=Outline.objects.none(), empty_label=None)

    def __init__(self, *args: Any, outlines: list[Outline], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outline"].queryset = Outline.objects.filter(pk__in=[o.pk for o in outlines])
        # Last year's report is the one written in January.
        self.fields["year"].initial = timezone.localdate().year - 1


class SwitchOutlineForm(PortalFormMixin, forms.Form):
    outline = forms.ModelChoiceField(label="改用提纲", queryset=Outline.objects.none(), empty_label=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, report: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outline"].queryset = Outline.objects.filter(bureau_id=report.bureau_id).exclude(pk=report.outline_id)


class SectionForm(PortalFormMixin, forms.Form):
    text = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每段一行。{{数据键}} 是由记录统计出的数字，显示时自动替换并链接到对应的记录列表；不要手工改成数字。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(PortalFormMixin, forms.Form):
    conclusion = forms.CharField(label="保密审查结论", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class UnpublishForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label="撤回发布的原因", widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class OutlineSectionForm(PortalFormMixin, forms.ModelForm):
    facts = forms.CharField(
        label="数据来源",
        required=False,
        help_text="数据键的前缀，用空格或逗号分隔，如 study powers.items；为空表示本节全部手写。",
    )
    template = forms.ChoiceField(label="起草模板", required=False)

    class Meta:
        model = OutlineSection
        fields = ["position", "level", "title", "facts", "template", "guidance", "requires_text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", "（手写，不起草）"), *[(n, n) for n in template_names()]]
        if self.instance.pk:
            self.initial["facts"] = " ".join(self.instance.facts)

    def clean_facts(self) -> list[str]:
        raw = self.cleaned_data["facts"].replace("，", " ").replace(",", " ")
        return [part for part in raw.split() if part]

    def clean_position(self) -> int:
        position = self.cleaned_data["position"]
        taken = OutlineSection.objects.filter(outline_id=self.instance.outline_id, position=position).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"顺序 {position} 已被本提纲的另一节使用，请换一个数字。")
        return position
