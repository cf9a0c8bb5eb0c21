from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from apps.core.forms import PortalFormMixin
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect
from apps.documents.forms import ATTACHMENT_EXTENSIONS, OLE_EXTENSIONS, UNSUPPORTED_ATTACHMENT, size_label
from apps.documents.selectors import documents_for
from apps.registry.choices import EntityKind
from apps.registry.models import document_number_hint
from apps.registry.selectors import SCHOOL_KINDS, schools_for

from .choices import Audience
from .models import Notice

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several attachments, each judged by its content and size like the 文件库's."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {MAX_FILES} 个附件。")
        return [self.check(super(AttachmentsField, self).clean(f, initial)) for f in files]

    @staticmethod
    def check(upload):
        limit = settings.ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"附件“{upload.name}”超过 {size_label(limit)}。")
        kind = sniff_document(upload)
        if kind not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(f"“{upload.name}”：{UNSUPPORTED_ATTACHMENT}")
        stem, suffix = PurePath(upload.name).stem, PurePath(upload.name).suffix.lower()
        extension = suffix if kind == "ole" and suffix in OLE_EXTENSIONS else ATTACHMENT_EXTENSIONS[kind]
        # The stored name says what the content is, whatever the uploaded name claimed.
        upload.name = f"{stem or '附件'}{extension}"
        return upload


def _attachment_help() -> str:
    return f"可多选；PDF、Word、Excel 或 OFD 文件，每个不超过 {size_label(settings.ATTACHMENT_MAX_BYTES)}。"


class SchoolChoiceMixin:
    """Schools chosen as all, by kind, or picked one by one."""

    def school_fields(self, user: Any) -> None:
        schools = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        self.fields["audience"] = forms.ChoiceField(
            label="下发范围", choices=Audience.choices, initial=Audience.PICKED, widget=forms.RadioSelect
        )
        self.fields["kinds"] = forms.MultipleChoiceField(
            label="学校类型",
            required=False,
            choices=[(k, EntityKind(k).label) for k in SCHOOL_KINDS],
            widget=forms.CheckboxSelectMultiple,
            help_text="下发范围为“按学校类型”时填写。",
        )
        self.fields["schools"] = forms.ModelMultipleChoiceField(
            label="指定学校",
            queryset=schools,
            required=False,
            widget=MultiSelect(attrs={"size": 10}),
            help_text="下发范围为“指定学校”时选择；可输入校名、拼音或首字母筛选。",
        )
        self._all_schools = schools

    def chosen_schools(self) -> list:
        data = self.cleaned_data
        audience = data.get("audience")
        if audience == Audience.ALL:
            chosen = list(self._all_schools)
        elif audience == Audience.KINDS:
            if not data.get("kinds"):
                self.add_error("kinds", "请选择学校类型。")
                return []
            chosen = list(self._all_schools.filter(kind__in=data["kinds"]))
        else:
            chosen = list(data.get("schools") or [])
        if not chosen and audience:
            self.add_error("schools" if audience == Audience.PICKED else "audience", "请至少选择一所下发学校。")
        return chosen


class NoticeForm(SchoolChoiceMixin, PortalFormMixin, forms.ModelForm):
    """A draft. The view saves it through `services.notice_save_draft`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Notice
        fields = ["title", "number", "kind", "body", "documents", "reply_required", "deadline"]
        widgets = {
            "deadline": DATE_INPUT,
            "body": forms.Textarea(attrs={"rows": 8}),
            "documents": MultiSelect(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.school_fields(user)
        self.fields["number"].help_text = document_number_hint(user)
        self.fields["attachments"] = AttachmentsField(label="附件", help_text=_attachment_help())
        self.fields["documents"].queryset = documents_for(user, write=True).order_by("-issued_on", "-id")
        self.fields["documents"].help_text = "印发或转发的文件库文件；可输入标题筛选，可多选。"
        # Re-apply the Bootstrap classes to the fields added after PortalFormMixin ran.
        for name in ("audience", "kinds", "schools", "attachments"):
            widget = self.fields[name].widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                # Plain inputs beside their labels: Bootstrap's form-check-input expects a
                # .form-check wrapper that Django's option list does not have.
                widget.attrs.setdefault("class", "me-1")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
        if self.instance.pk:
            # The draft's attachments so far, each with a 删除 box (removed on save).
            self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                label="已上传的附件",
                queryset=self.instance.attachments.order_by("id"),
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "me-1"}),
                help_text="勾选要删除的附件，保存后删除。",
            )
            self.fields["remove_attachments"].label_from_instance = lambda a: f"删除 {a.name}"
            self.fields["version"].initial = self.instance.version
            picked = list(self.instance.addressees.values_list("school_id", flat=True))
            self.fields["schools"].initial = picked
        # A new token per rendering: the same rendering posted twice saves once.
        self.fields["token"].initial = uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("reply_required") and not data.get("deadline"):
            self.add_error("deadline", "需要反馈的通知必须填写截止日期。")
        deadline = data.get("deadline")
        if deadline and not self.instance.pk and deadline < timezone.localdate():
            self.add_error("deadline", "截止日期不能早于今天。")
        data["chosen_schools"] = self.chosen_schools()
        return data


class AddSchoolsForm(SchoolChoiceMixin, PortalFormMixin, forms.Form):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.school_fields(user)
        for name in ("audience", "kinds", "schools"):
            widget = self.fields[name].widget
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, MultiSelect) else "me-1")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["chosen_schools"] = self.chosen_schools()
        return data


class ReplyForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label="反馈内容", widget=forms.Textarea(attrs={"rows": 6}))
    version = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["attachments"] = AttachmentsField(label="附件", help_text=_attachment_help())
        self.fields["attachments"].widget.attrs.setdefault("class", "form-control")
        self.fields["token"].initial = uuid.uuid4()


class ReopenForm(PortalFormMixin, forms.Form):
    until = forms.DateField(label="重新开放至", widget=DATE_INPUT)
