"""Forms of the campus app. Quick on a phone: the school's own school is never asked,
numbers open the numeric keypad, dates the date picker, the photo field the camera; the
first fields are the ones every event has. Each form carries the record's version and a
one-time token (the services refuse an older version and save a double click once)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.widgets import MultiSelect, SearchableSelect, dictionary_hint
from apps.documents.forms import size_label
from apps.registry.selectors import bureau_examples, schools_for

from . import images
from .dictionary import CAMPAIGN, EVENT_THEME
from .models import (
    Appointment,
    AppointmentBatch,
    Competition,
    CreationCampaign,
    Entry,
    Evaluation,
    Event,
    RectificationItem,
    Review,
)
from .selectors import current

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric", "min": "0"}
PHOTO_MAX_FILES = 9


def photo_max_bytes() -> int:
    return getattr(settings, "CAMPUS_PHOTO_MAX_BYTES", 10 * 1024 * 1024)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos, each judged by its content (a JPG or PNG, whole) and its size."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > PHOTO_MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {PHOTO_MAX_FILES} 张照片。")
        return [self.check(super(PhotosField, self).clean(f, initial)) for f in files]

    @staticmethod
    def check(upload):
        limit = photo_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(images.TOO_LARGE.format(name=upload.name, limit=size_label(limit)))
        upload.seek(0)
        try:
            images.inspect(upload.read())
        except images.ImageRejected:
            raise forms.ValidationError(images.NOT_AN_IMAGE.format(name=upload.name)) from None
        upload.seek(0)
        return upload


class CampusForm(PortalFormMixin, forms.ModelForm):
    """A record's form with its version and one-time token."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        # A new token per rendering: the same rendering posted twice saves once.
        self.fields["token"].initial = uuid.uuid4()
        for field in self.fields.values():
            if isinstance(field.widget, forms.NumberInput):
                for key, value in NUMBER.items():
                    field.widget.attrs.setdefault(key, value)

    def values(self) -> dict[str, Any]:
        """The model fields' cleaned values, many-to-many ones left to the service."""

        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data and name not in m2m}

    def _style(self, *names: str) -> None:
        for name in names:
            widget = self.fields[name].widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                widget.attrs["class"] = "me-1"
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _school_field(form: forms.ModelForm, user: Any) -> None:
    """Bureau staff pick one of their schools; a school user is never asked."""

    if user.school_id:
        form.fields.pop("school", None)
        return
    field = form.fields["school"]
    field.queryset = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
    field.widget = SearchableSelect(attrs={"class": "form-select"})
    field.widget.choices = field.choices


def _dictionary(user: Any, kind: str):
    return DictionaryItem.objects.for_user(user).filter(kind=kind, is_active=True).order_by("sort_order", "id")


class EventForm(CampusForm):
    class Meta:
        model = Event
        fields = [
            "school",
            "kind",
            "start_on",
            "campaign",
            "themes",
            "speaker",
            "students",
            "teachers",
            "class_hours",
            "summary",
            "news_url",
            "end_on",
        ]
        widgets = {
            "start_on": DATE_INPUT,
            "end_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "themes": MultiSelect(attrs={"size": 5}),
            "news_url": forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
            "class_hours": forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "min": "0"}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _school_field(self, user)
        self.fields["themes"].queryset = _dictionary(user, EVENT_THEME)
        dictionary_hint(self.fields["themes"], kind=EVENT_THEME, user=user)
        self.fields["campaign"].queryset = _dictionary(user, CAMPAIGN)
        speakers = current(Appointment.objects.for_user(user, write=True))
        if self.instance.pk and self.instance.speaker_id:
            speakers = Appointment.objects.for_user(user).filter(pk=self.instance.speaker_id) | speakers
        self.fields["speaker"].queryset = speakers.distinct().order_by("name", "id")
        self.fields["speaker"].label_from_instance = lambda a: f"{a.name}（{a.get_role_display()}，{a.unit}）"
        self.fields["speaker"].help_text = "由本校法治副校长主讲时选择，课时计入其年度授课。"
        if not self.instance.pk and not self.initial.get("start_on"):
            self.initial["start_on"] = timezone.localdate()  # the instance's None would win over a field initial
        self.fields["photos"] = PhotosField(
            label="照片",
            help_text=f"可多选或直接拍照；JPG 或 PNG，每张不超过 {size_label(photo_max_bytes())}，最多 {PHOTO_MAX_FILES} 张。",
        )
        self._style("photos")
        if self.instance.pk:
            self.fields["remove_photos"] = forms.ModelMultipleChoiceField(
                label="已上传的照片",
                queryset=self.instance.photos.order_by("id"),
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "me-1"}),
                help_text="勾选要删除的照片，保存后删除。",
            )
            self.fields["remove_photos"].label_from_instance = lambda p: f"删除 {p.name}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "结束日期不能早于活动日期。")
        if start and start > timezone.localdate() + datetime.timedelta(days=1):
            self.add_error("start_on", "活动日期不能晚于今天：请在活动举办后填报。")
        return data


class AppointmentForm(CampusForm):
    class Meta:
        model = Appointment
        fields = [
            "name",
            "role",
            "body",
            "unit",
            "post",
            "phone",
            "schools",
            "term_start",
            "term_end",
            "batch",
            "retired",
            "birth_date",
        ]
        widgets = {
            "term_start": DATE_INPUT,
            "term_end": DATE_INPUT,
            "birth_date": DATE_INPUT,
            "schools": MultiSelect(attrs={"size": 6}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["schools"].queryset = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        self.fields["schools"].help_text = "最多两所；可输入校名、拼音或首字母筛选。"
        self.fields["unit"].help_text = f"如：{bureau_examples(user)['place']}公安局城关派出所"
        self.fields["batch"].queryset = AppointmentBatch.objects.for_user(user, write=True)
        self.fields["retired"].widget.attrs["class"] = "form-check-input"


class EvaluationForm(CampusForm):
    class Meta:
        model = Evaluation
        fields = ["school", "year", "rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3}), "rating": forms.RadioSelect}

    def __init__(self, *args: Any, user: Any = None, appointment: Appointment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if user.school_id:
            self.fields.pop("school")
        else:
            self.fields["school"].queryset = appointment.schools.order_by("sort_key", "id")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["year"].widget.attrs.update(NUMBER)
        self.fields["rating"].choices = [c for c in self.fields["rating"].choices if c[0]]
        self._style("rating")


class BatchForm(CampusForm):
    class Meta:
        model = AppointmentBatch
        fields = ["name", "led_by", "appointed_on", "note"]
        widgets = {"appointed_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}


class CompetitionForm(CampusForm):
    class Meta:
        model = Competition
        fields = ["name", "organiser", "level", "stage", "held_on"]
        widgets = {"held_on": DATE_INPUT}


class EntryForm(CampusForm):
    class Meta:
        model = Entry
        fields = ["competition", "student_name", "school", "group", "represented", "rank", "prize"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["competition"].queryset = Competition.objects.for_user(user, write=True)
        _school_field(self, user)
        self.fields["rank"].widget.attrs.update(NUMBER)
        self.fields["represented"].help_text = f"如：{bureau_examples(user)['city']}"


class CreationCampaignForm(CampusForm):
    class Meta:
        model = CreationCampaign
        fields = ["school", "title", "start_year", "status", "status_year"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _school_field(self, user)
        for name in ("start_year", "status_year"):
            self.fields[name].widget.attrs.update(NUMBER)


class ReviewForm(CampusForm):
    class Meta:
        model = Review
        fields = ["reviewed_on", "body", "findings", "guidance"]
        widgets = {
            "reviewed_on": DATE_INPUT,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["body"].help_text = f"如：{bureau_examples(user)['city']}关工委"


class RectificationItemForm(CampusForm):
    """The bureau records the item; a school only reports it done, with evidence."""

    class Meta:
        model = RectificationItem
        fields = ["finding", "owner", "due_on", "done_on", "evidence"]
        widgets = {
            "due_on": DATE_INPUT,
            "done_on": DATE_INPUT,
            "finding": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if user.school_id:
            for name in ("finding", "owner", "due_on"):
                self.fields.pop(name)
