"""Forms of 欺凌防治. The school's form is built from the checklist version it answers:
one answer, note and evidence field per item, one answer per open 整改 item."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from apps.accounts.models import User
from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect, SearchableSelect
from apps.documents.forms import ATTACHMENT_EXTENSIONS, OLE_EXTENSIONS, size_label
from apps.documents.selectors import documents_for
from apps.registry.choices import EntityKind
from apps.registry.models import Entity
from apps.registry.selectors import SCHOOL_KINDS, schools_for

from . import selectors
from .choices import AnswerType, Compliance, Conclusion
from .dictionary import INCIDENT_HANDLING, TRAINING_AUDIENCE, TRAINING_ORGANISER
from .models import Checklist, ChecklistItem, ChecklistVersion, Incident, SpotCheck, Training

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_FILES = 10
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
EVIDENCE_UNSUPPORTED = "文件类型不支持，仅支持 PDF、Word、Excel、OFD 文件和 JPG、PNG 照片。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


def sniff_evidence(upload) -> str | None:
    """The evidence's real extension by its content: documents as the 文件库 accepts them,
    and photos (JPEG, PNG); None for anything else."""

    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(JPEG_MAGIC):
        return ".jpg"
    if head.startswith(PNG_MAGIC):
        return ".png"
    kind = sniff_document(upload)
    if kind not in ATTACHMENT_EXTENSIONS:
        return None
    suffix = PurePath(upload.name).suffix.lower()
    return suffix if kind == "ole" and suffix in OLE_EXTENSIONS else ATTACHMENT_EXTENSIONS[kind]


class EvidenceField(forms.FileField):
    """Several files, each judged by its content and size; the stored name takes the
    extension its content has, whatever the uploaded name claimed."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", evidence_help())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {MAX_FILES} 个文件。")
        return [self.check(super(EvidenceField, self).clean(f, initial)) for f in files if f]

    @staticmethod
    def check(upload):
        limit = settings.ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"“{upload.name}”超过 {size_label(limit)}。")
        extension = sniff_evidence(upload)
        if extension is None:
            raise forms.ValidationError(f"“{upload.name}”：{EVIDENCE_UNSUPPORTED}")
        upload.name = f"{PurePath(upload.name).stem or '佐证材料'}{extension}"
        return upload


def evidence_help() -> str:
    return f"可多选；PDF、Word、Excel、OFD 或照片（JPG、PNG），每个不超过 {size_label(settings.ATTACHMENT_MAX_BYTES)}。"


def _restyle(form: forms.Form, names: list[str]) -> None:
    """Bootstrap classes for fields added after PortalFormMixin ran."""

    for name in names:
        widget = form.fields[name].widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            widget.attrs.setdefault("class", "me-1")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _dictionary(user: Any, kind: str):
    return DictionaryItem.objects.for_user(user).filter(kind=kind, is_active=True).order_by("sort_order", "id")


# -- checklists ---------------------------------------------------------------------------


class ChecklistForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Checklist
        fields = ["title", "document", "related_documents", "description"]
        widgets = {
            "document": SearchableSelect(),
            "related_documents": MultiSelect(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        documents = documents_for(user, write=True).order_by("-issued_on", "-id")
        self.fields["document"].queryset = documents
        self.fields["related_documents"].queryset = documents


class ChecklistItemForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["position", "section", "text", "answer_type", "evidence_required", "guidance"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "guidance": forms.Textarea(attrs={"rows": 2})}


# -- rounds -------------------------------------------------------------------------------


def _school_kind_choices() -> list[tuple[str, str]]:
    return [(k, EntityKind(k).label) for k in SCHOOL_KINDS]


class RoundForm(PortalFormMixin, forms.Form):
    title = forms.CharField(label="名称", max_length=200, help_text="如：2024年春季学期防治校园欺凌自查")
    version = forms.ModelChoiceField(label="检查清单版本", queryset=ChecklistVersion.objects.none())
    period = forms.CharField(label="学期", max_length=50, help_text="如：2024年春季学期")
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    kinds = forms.MultipleChoiceField(
        label="学校类型", choices=_school_kind_choices, widget=forms.CheckboxSelectMultiple, help_text="所选类型的全部在办学校。"
    )
    deadline = forms.DateField(label="截止日期", widget=DATE_INPUT)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["version"].queryset = selectors.published_versions(user)
        self.fields["kinds"].widget.attrs["class"] = "me-1"
        self.fields["token"].initial = uuid.uuid4()
        self.fields["year"].initial = timezone.localdate().year

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError("截止日期不能早于今天。")
        return deadline


# -- the school's form --------------------------------------------------------------------


class InspectionForm(PortalFormMixin, forms.Form):
    """One field set per checklist item (answer, note, files) and one answer per open 整改
    item. Built from the version's items; a bound form keeps everything typed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        user: Any = None,
        items: list[ChecklistItem],
        answers: dict[int, Any],
        rectifications: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.items, self.rectifications = items, rectifications
        for item in items:
            answer = answers.get(item.pk)
            label = f"{item.position}. {item.text}"
            if item.answer_type == AnswerType.COMPLIANCE:
                field = forms.ChoiceField(
                    label=label, required=False, choices=[("", "未填写"), *Compliance.choices], widget=forms.RadioSelect
                )
            elif item.answer_type == AnswerType.NUMBER:
                field = forms.CharField(label=label, required=False, max_length=30)
                field.widget.attrs["inputmode"] = "decimal"
            else:
                field = forms.CharField(label=label, required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
            field.initial = answer.value if answer else ""
            self.fields[f"value_{item.pk}"] = field
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=f"第{item.position}项说明",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=answer.note if answer else "",
            )
            self.fields[f"evidence_{item.pk}"] = EvidenceField(label=f"第{item.position}项佐证材料")
        for rectification in rectifications:
            self.fields[f"reply_{rectification.pk}"] = forms.CharField(
                label="整改情况", required=False, widget=forms.Textarea(attrs={"rows": 3}), initial=rectification.answer
            )
            self.fields[f"reply_evidence_{rectification.pk}"] = EvidenceField(label="整改佐证材料")
        self.fields["remove_evidence"] = forms.CharField(required=False, widget=forms.HiddenInput)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs["class"] = "form-check-input"
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")
        self.fields["token"].initial = uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        from django.core.exceptions import ValidationError

        from .services import check_value

        data = super().clean()
        for item in self.items:
            name = f"value_{item.pk}"
            if name in data:
                try:
                    data[name] = check_value(item, data[name])
                except ValidationError as error:
                    self.add_error(name, error.messages[0])
        removed = []
        for part in (data.get("remove_evidence") or "").split(","):
            if part.strip().isdigit():
                removed.append(int(part))
        data["remove_evidence"] = removed
        return data

    def rows(self) -> list[dict[str, Any]]:
        """The items in order with their bound fields, grouped under their section."""

        out, section = [], None
        for item in self.items:
            out.append(
                {
                    "item": item,
                    "new_section": item.section != section,
                    "value": self[f"value_{item.pk}"],
                    "note": self[f"note_{item.pk}"],
                    "evidence": self[f"evidence_{item.pk}"],
                }
            )
            section = item.section
        return out

    def reply_rows(self) -> list[dict[str, Any]]:
        return [
            {"rectification": r, "reply": self[f"reply_{r.pk}"], "evidence": self[f"reply_evidence_{r.pk}"]}
            for r in self.rectifications
        ]

    def answers(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {item.pk: (data.get(f"value_{item.pk}") or "", data.get(f"note_{item.pk}") or "") for item in self.items}

    def evidence(self) -> dict[int, list]:
        return {item.pk: self.cleaned_data.get(f"evidence_{item.pk}") or [] for item in self.items}

    def replies(self) -> dict[int, str]:
        return {r.pk: self.cleaned_data.get(f"reply_{r.pk}") or "" for r in self.rectifications}

    def reply_evidence(self) -> dict[int, list]:
        return {r.pk: self.cleaned_data.get(f"reply_evidence_{r.pk}") or [] for r in self.rectifications}


class ReviewForm(PortalFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=f"第{item.position}项整改意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"comment_{item.pk}"].widget.attrs["class"] = "form-control"

    def comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"comment_{item.pk}") or "" for item in self.items}


# -- spot checks --------------------------------------------------------------------------


class SpotCheckForm(PortalFormMixin, forms.ModelForm):
    schools = forms.ModelMultipleChoiceField(
        label="督查学校",
        queryset=Entity.objects.none(),
        widget=MultiSelect(attrs={"size": 10}),
        help_text="可输入校名、拼音或首字母筛选。",
    )
    team = forms.ModelMultipleChoiceField(
        label="督查组成员", queryset=User.objects.none(), required=False, widget=MultiSelect(attrs={"size": 6})
    )

    class Meta:
        model = SpotCheck
        fields = ["title", "planned_on", "method", "version", "notes"]
        widgets = {"planned_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["schools"].queryset = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        self.fields["team"].queryset = User.objects.filter(
            bureau_id=user.bureau_id, school__isnull=True, is_active=True
        ).order_by("username")
        self.fields["team"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["version"].queryset = selectors.published_versions(user)
        _restyle(self, ["schools", "team"])
        if self.instance.pk:
            self.fields["schools"].initial = list(self.instance.visits.values_list("school_id", flat=True))
            self.fields["team"].initial = list(self.instance.team.values_list("pk", flat=True))


RECTIFICATION_ROWS = 5


class VisitRecordForm(PortalFormMixin, forms.Form):
    """Findings per item, the conclusion, and up to five 整改 items (owner and due date)."""

    visited_on = forms.DateField(label="检查日期", widget=DATE_INPUT)
    conclusion = forms.ChoiceField(label="结论", choices=[("", "—— 请选择 ——"), *Conclusion.choices])
    summary = forms.CharField(label="总体情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any = None, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.items = items
        for item in items:
            if item.answer_type == AnswerType.COMPLIANCE:
                field = forms.ChoiceField(
                    label=f"{item.position}. {item.text}", required=False, choices=[("", "未检查"), *Compliance.choices]
                )
            else:
                field = forms.CharField(label=f"{item.position}. {item.text}", required=False, max_length=500)
            self.fields[f"result_{item.pk}"] = field
            self.fields[f"finding_{item.pk}"] = forms.CharField(
                label=f"第{item.position}项发现的问题", required=False, max_length=2000
            )
        item_choices = [("", "（不对应具体检查项）"), *[(str(i.pk), f"第{i.position}项") for i in items]]
        for n in range(RECTIFICATION_ROWS):
            self.fields[f"rect_item_{n}"] = forms.ChoiceField(
                label=f"整改要求{n + 1}：检查项", required=False, choices=item_choices
            )
            self.fields[f"rect_comment_{n}"] = forms.CharField(label=f"整改要求{n + 1}", required=False, max_length=2000)
            self.fields[f"rect_owner_{n}"] = forms.CharField(label=f"整改要求{n + 1}：责任人", required=False, max_length=100)
            self.fields[f"rect_due_{n}"] = forms.DateField(label=f"整改要求{n + 1}：期限", required=False, widget=DATE_INPUT)
        _restyle(self, [n for n in self.fields if n not in ("visited_on", "conclusion", "summary")])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for n in range(RECTIFICATION_ROWS):
            comment = (data.get(f"rect_comment_{n}") or "").strip()
            if not comment:
                continue
            if not (data.get(f"rect_owner_{n}") or "").strip():
                self.add_error(f"rect_owner_{n}", f"请填写整改要求{n + 1}的责任人。")
            due = data.get(f"rect_due_{n}")
            if due is None:
                self.add_error(f"rect_due_{n}", f"请填写整改要求{n + 1}的整改期限。")
        return data

    def findings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {i.pk: (data.get(f"result_{i.pk}") or "", data.get(f"finding_{i.pk}") or "") for i in self.items}

    def rectifications(self) -> list[Any]:
        from .services import RectificationDraft

        data, out = self.cleaned_data, []
        for n in range(RECTIFICATION_ROWS):
            comment = (data.get(f"rect_comment_{n}") or "").strip()
            if comment:
                item = data.get(f"rect_item_{n}")
                out.append(
                    RectificationDraft(
                        int(item) if item else None, comment, data.get(f"rect_owner_{n}") or "", data[f"rect_due_{n}"]
                    )
                )
        return out

    def finding_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(i, self[f"result_{i.pk}"], self[f"finding_{i.pk}"]) for i in self.items]

    def rectification_rows(self) -> list[list[Any]]:
        return [[self[f"rect_{part}_{n}"] for part in ("item", "comment", "owner", "due")] for n in range(RECTIFICATION_ROWS)]


class RectificationAnswerForm(PortalFormMixin, forms.Form):
    text = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["files"] = EvidenceField(label="佐证材料")
        _restyle(self, ["files"])


# -- trainings and incidents ----------------------------------------------------------------


class TrainingForm(PortalFormMixin, forms.ModelForm):
    organiser = forms.ChoiceField(label="组织单位")

    class Meta:
        model = Training
        fields = ["title", "held_on", "venue", "organiser", "audience", "attendance", "speakers", "topics"]
        widgets = {
            "held_on": DATE_INPUT,
            "venue": SearchableSelect(),
            "audience": forms.CheckboxSelectMultiple,
            "speakers": forms.Textarea(attrs={"rows": 2}),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["venue"].queryset = schools_for(user).filter(bureau_id=user.bureau_id).order_by("sort_key", "id")
        self.fields["audience"].queryset = _dictionary(user, TRAINING_AUDIENCE)
        self.fields["audience"].widget.attrs["class"] = "me-1"
        organisers = [(i.label, i.label) for i in _dictionary(user, TRAINING_ORGANISER)]
        current = self.instance.organiser if self.instance.pk else ""
        if current and current not in dict(organisers):
            organisers.append((current, current))
        self.fields["organiser"].choices = [("", "—— 请选择 ——"), *organisers]
        self.fields["materials"] = EvidenceField(label="培训材料")
        _restyle(self, ["materials"])


class IncidentForm(PortalFormMixin, forms.ModelForm):
    real_names = forms.CharField(
        label="真实姓名",
        required=False,
        max_length=300,
        help_text="加密保存，页面和导出都不显示；修改时留空表示不变。",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Incident
        fields = ["occurred_on", "description", "students", "handling", "status", "follow_up"]
        widgets = {
            "occurred_on": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
            "handling": forms.CheckboxSelectMultiple,
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["handling"].queryset = _dictionary(user, INCIDENT_HANDLING)
        self.fields["handling"].widget.attrs["class"] = "me-1"
        _restyle(self, ["real_names"])

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("发生日期不能晚于今天。")
        return day
