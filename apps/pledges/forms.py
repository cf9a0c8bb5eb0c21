"""Forms of the pledges app. Views save through `services`, never `form.save()`."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect, dictionary_hint
from apps.documents.forms import ATTACHMENT_EXTENSIONS, OLE_EXTENSIONS, UNSUPPORTED_ATTACHMENT, size_label
from apps.documents.selectors import documents_for
from apps.registry.choices import EntityKind
from apps.registry.models import Person
from apps.registry.selectors import SCHOOL_KINDS, schools_for

from .choices import Audience
from .dictionary import MEETING_KIND
from .models import Campaign, Meeting

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SCAN_HELP = "PDF、JPG 或 PNG 文件，不超过 {limit}。"
SCAN_UNSUPPORTED = "扫描件类型不支持，仅支持 PDF、JPG、PNG 文件。"


def _plain_widgets(form: forms.Form, names: tuple[str, ...]) -> None:
    """Bootstrap classes for fields added after PortalFormMixin ran; radios and
    checkboxes plain beside their labels (Django's option list has no .form-check)."""

    for name in names:
        widget = form.fields[name].widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            widget.attrs["class"] = "me-1"
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def check_scan(upload):
    """A signed scan: a PDF or a photo, judged by its content; stored under the
    extension its content says."""

    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(f"文件“{upload.name}”超过 {size_label(limit)}。")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(JPEG_MAGIC):
        extension = ".jpg"
    elif head.startswith(PNG_MAGIC):
        extension = ".png"
    elif sniff_document(upload) == "pdf":
        extension = ".pdf"
    else:
        raise forms.ValidationError(f"“{upload.name}”：{SCAN_UNSUPPORTED}")
    upload.name = f"{PurePath(upload.name).stem or '承诺书'}{extension}"
    return upload


def check_attachment(upload):
    """Minutes: an office document like the 文件库's attachments."""

    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(f"附件“{upload.name}”超过 {size_label(limit)}。")
    kind = sniff_document(upload)
    if kind not in ATTACHMENT_EXTENSIONS:
        raise forms.ValidationError(f"“{upload.name}”：{UNSUPPORTED_ATTACHMENT}")
    stem, suffix = PurePath(upload.name).stem, PurePath(upload.name).suffix.lower()
    extension = suffix if kind == "ole" and suffix in OLE_EXTENSIONS else ATTACHMENT_EXTENSIONS[kind]
    upload.name = f"{stem or '会议纪要'}{extension}"
    return upload


class CampaignForm(PortalFormMixin, forms.ModelForm):
    """A new campaign: the documents, the pledge text, the schools, the deadline."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Campaign
        fields = ["year", "title", "pledge_document", "documents", "deadline", "body"]
        widgets = {
            "deadline": DATE_INPUT,
            "body": forms.Textarea(attrs={"rows": 4}),
            "documents": MultiSelect(attrs={"size": 6}),
        }
        help_texts = {"body": "可不填；通知正文会写明承诺书、指导性文件和截止日期。"}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        documents = documents_for(user, write=True).order_by("-issued_on", "-id")
        self.fields["documents"].queryset = documents
        self.fields["documents"].help_text = "本年度的指导性文件（工作要点、职责清单等），从文件库中选择，可多选。"
        self.fields["pledge_document"].queryset = documents
        self.fields["pledge_document"].help_text = "承诺书文本，先在文件库中登记。"
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=2000, max=2100)
        schools = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        self.fields["audience"] = forms.ChoiceField(
            label="签订学校", choices=Audience.choices, initial=Audience.ALL, widget=forms.RadioSelect
        )
        self.fields["kinds"] = forms.MultipleChoiceField(
            label="学校类型",
            required=False,
            choices=[(k, EntityKind(k).label) for k in SCHOOL_KINDS],
            widget=forms.CheckboxSelectMultiple,
            help_text="签订学校为“按学校类型”时选择。",
        )
        self.fields["schools"] = forms.ModelMultipleChoiceField(
            label="指定学校",
            queryset=schools,
            required=False,
            widget=MultiSelect(attrs={"size": 10}),
            help_text="签订学校为“指定学校”时选择；可输入校名、拼音或首字母筛选。",
        )
        for name in ("audience", "kinds", "schools"):
            self.fields[name].error_messages.update({"required": f"请选择“{self.fields[name].label}”。"})
        _plain_widgets(self, ("audience", "kinds", "schools"))
        self._all_schools = schools
        self.fields["token"].initial = uuid.uuid4()

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("“年度”请填写 2000 到 2100 之间的年份。")
        return year

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError("签订截止日期不能早于今天。")
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.ALL:
            chosen = list(self._all_schools)
        elif audience == Audience.KINDS:
            if not data.get("kinds"):
                self.add_error("kinds", "请选择学校类型。")
            chosen = list(self._all_schools.filter(kind__in=data.get("kinds") or []))
        else:
            chosen = list(data.get("schools") or [])
        if audience and not chosen and not self.has_error("kinds"):
            self.add_error("schools" if audience == Audience.PICKED else "audience", "请至少选择一所签订学校。")
        data["chosen_schools"] = chosen
        return data


class SignForm(PortalFormMixin, forms.Form):
    signer = forms.CharField(label="签订人", max_length=50, help_text="学校主要负责人姓名")
    signed_on = forms.DateField(label="签订日期", widget=DATE_INPUT)
    scan = forms.FileField(label="签字盖章扫描件")
    version = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["scan"].help_text = SCAN_HELP.format(limit=size_label(settings.ATTACHMENT_MAX_BYTES))
        self.fields["token"].initial = uuid.uuid4()

    def clean_scan(self):
        return check_scan(self.cleaned_data["scan"])

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError("签订日期不能晚于今天。")
        return signed_on


class ReturnForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


def attendee_people(user: Any):
    """The bureau's own staff (people of its offices: registry entities that are not
    schools, canteens or training bodies), in reading order."""

    return (
        Person.objects.for_user(user, write=True)
        .filter(employer__kind=EntityKind.OTHER)
        .select_related("employer")
        .order_by("sort_key", "id")
    )


class MeetingForm(PortalFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["held_on", "kind", "topic", "host", "people", "units", "other_attendees", "summary", "minutes"]
        widgets = {
            "held_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "people": MultiSelect(attrs={"size": 8}),
            "units": MultiSelect(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        bureau_id = user.bureau_id
        self.fields["kind"].queryset = DictionaryItem.objects.filter(
            bureau_id=bureau_id, kind=MEETING_KIND, is_active=True
        ).order_by("sort_order", "id")
        dictionary_hint(self.fields["kind"], kind=MEETING_KIND, user=user)
        self.fields["people"].queryset = attendee_people(user)
        self.fields["people"].label_from_instance = lambda p: f"{p.name}（{p.employer.name}）"
        self.fields["people"].help_text = "本局机关工作人员，可输入姓名筛选，可多选。"
        self.fields["units"].queryset = schools_for(user).filter(bureau_id=bureau_id).order_by("sort_key", "id")
        self.fields["units"].help_text = "参会的学校，可输入校名、拼音或首字母筛选，可多选。"
        self.fields["minutes"].help_text = "PDF、Word 或 OFD 文件。"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["token"].initial = uuid.uuid4()

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes and hasattr(minutes, "content_type"):  # a new upload, not the stored file
            return check_attachment(minutes)
        return minutes


class DecisionForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label="决定事项", max_length=500)
    owner = forms.CharField(label="责任人/责任股室", max_length=100)
    due_on = forms.DateField(label="完成时限", widget=DATE_INPUT)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["token"].initial = uuid.uuid4()
