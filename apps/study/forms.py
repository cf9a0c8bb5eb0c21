from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect, dictionary_hint
from apps.documents.forms import ATTACHMENT_EXTENSIONS, OLE_EXTENSIONS, UNSUPPORTED_ATTACHMENT, size_label
from apps.documents.selectors import law_choices

from .choices import AttendanceStatus
from .dictionary import STUDY_ORGANISER, STUDY_TOPIC
from .models import StudySession

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOT_LISTED = ""


class StudySessionForm(PortalFormMixin, forms.ModelForm):
    """A session. The view saves it through `services.session_save`."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = StudySession
        fields = [
            "date",
            "kind",
            "title",
            "organiser",
            "topics",
            "laws",
            "hours",
            "mode",
            "enforcement_training",
            "location",
            "content",
            "materials",
        ]
        widgets = {
            "date": DATE_INPUT,
            "content": forms.Textarea(attrs={"rows": 5}),
            "topics": MultiSelect(attrs={"size": 6}),
            "laws": MultiSelect(attrs={"size": 8}),
            "materials": forms.ClearableFileInput,
        }
        help_texts = {
            "enforcement_training": "参加人员为行政执法人员的培训（如“行政执法大讲堂”、司法局组织的执法人员公共法律知识培训）。",
            "laws": "从法律法规库中选择，可输入名称筛选，可多选。",
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        items = DictionaryItem.objects.for_user(user, write=True).filter(is_active=True)
        self.fields["organiser"].queryset = items.filter(kind=STUDY_ORGANISER)
        self.fields["topics"].queryset = items.filter(kind=STUDY_TOPIC)
        laws = law_choices()
        if self.instance.pk:
            # A law since repealed stays choosable on the session that cites it.
            laws = (laws | self.instance.laws.all()).distinct()
        self.fields["laws"].queryset = laws
        dictionary_hint(self.fields["topics"], kind=STUDY_TOPIC, user=user)
        self.fields["hours"].widget.attrs.update(step="0.5", min="0.5")
        self.fields[
            "materials"
        ].help_text = (
            f"会议记录、课件或签到表等；PDF、Word、Excel 或 OFD 文件，不超过 {size_label(settings.ATTACHMENT_MAX_BYTES)}。"
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # A new token per rendering: the same rendering posted twice saves once.
        self.fields["token"].initial = uuid.uuid4()

    def clean_materials(self):
        upload = self.cleaned_data.get("materials")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged (or cleared)
        limit = settings.ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"学习材料超过 {size_label(limit)}。")
        kind = sniff_document(upload)
        if kind not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(UNSUPPORTED_ATTACHMENT)
        stem, suffix = PurePath(upload.name).stem, PurePath(upload.name).suffix.lower()
        extension = suffix if kind == "ole" and suffix in OLE_EXTENSIONS else ATTACHMENT_EXTENSIONS[kind]
        upload.name = f"{stem or '学习材料'}{extension}"
        return upload


STATUS_CHOICES = [(NOT_LISTED, "不在名单"), *AttendanceStatus.choices]


class AttendanceForm(PortalFormMixin, forms.Form):
    """One row per person (those on the list, then the chosen unit's staff): a status
    (不在名单 takes the person off) and a note. Built from the people the view found."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, people: list[Any], current: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.people = people
        for person in people:
            row = current.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=f"{person.name}的出席情况",
                choices=STATUS_CHOICES,
                required=False,
                initial=row.status if row else NOT_LISTED,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=f"{person.name}的备注",
                required=False,
                max_length=200,
                initial=row.note if row else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "如：请假原因"}),
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(p, self[f"status_{p.pk}"], self[f"note_{p.pk}"]) for p in self.people]

    def statuses(self) -> dict[int, str]:
        """The people whose row was sent: a row missing from the post changes nothing."""

        return {p.pk: self.cleaned_data.get(f"status_{p.pk}") or NOT_LISTED for p in self.people if f"status_{p.pk}" in self.data}

    def notes(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"note_{p.pk}") or "" for p in self.people if f"status_{p.pk}" in self.data}
