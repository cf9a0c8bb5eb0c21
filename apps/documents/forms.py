from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, UniqueConstraint
from django.urls import reverse

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.templatetags.portal import doc_number
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect, dictionary_hint
from apps.documents.dictionary import DOCUMENT_TOPIC
from apps.registry.models import document_number_hint

from . import selectors, services
from .choices import CleanupDecisionKind, DocumentKind, ReviewKind
from .models import CleanupCampaign, Document, DocumentReview, Law, LawMaintainer, maintains_national_laws

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# What sniff_document may say, and the extension the stored file gets for it. An OLE
# file is a .doc or an .xls; only then is the uploaded name's extension believed.
ATTACHMENT_EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "ofd": ".ofd", "ole": ".doc"}
OLE_EXTENSIONS = (".doc", ".xls", ".wps", ".et")
UNSUPPORTED_ATTACHMENT = "附件类型不支持，仅支持 PDF、Word、Excel、OFD 文件。"


def size_label(size: int) -> str:
    """20971520 → "20 MB"; smaller limits (tests) in KB or bytes."""

    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} 字节"


class AttachmentInput(forms.ClearableFileInput):
    """The current attachment links to the scoped download view, never to MEDIA_URL."""

    template_name = "documents/widgets/attachment_input.html"
    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["download_url"] = self.download_url
        context["widget"]["filename"] = PurePath(str(value)).name if value else ""
        return context


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# 规范性文件 are normally valid for at most five years (《山西省行政规范性文件制定和备案办法》).
NORMATIVE_MAX_YEARS = 5


class DocumentForm(PortalFormMixin, forms.ModelForm):
    """A document of the user's bureau. The bureau is never a field: it is the user's."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = [
            "title",
            "number",
            "kind",
            "issuer",
            "issued_on",
            "effective_from",
            "effective_to",
            "status",
            "touches_market",
            "attachment",
            "topics",
            "laws",
            "summary",
        ]
        widgets = {
            "issued_on": DATE_INPUT,
            "effective_from": DATE_INPUT,
            "effective_to": DATE_INPUT,
            "attachment": AttachmentInput,
            "topics": MultiSelect(attrs={"size": 5}),
            "laws": MultiSelect(attrs={"size": 10}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["topics"].queryset = DictionaryItem.objects.for_user(user, write=True).filter(
            kind=DOCUMENT_TOPIC, is_active=True
        )
        # Laws in force the user may cite, plus any the document already cites (a repealed
        # law, another bureau's local entry: existing citations keep working).
        cited = Q(pk__in=self.instance.laws.values("pk")) if self.instance.pk else Q()
        self.fields["laws"].queryset = Law.objects.filter(Q(pk__in=selectors.law_choices(user).values("pk")) | cited)
        self.fields["touches_market"].help_text = "规范性文件涉及市场主体经济活动的，须经公平竞争审查通过后才能印发。"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        dictionary_hint(self.fields["topics"], kind=DOCUMENT_TOPIC, user=user)
        # The example is in the user's own bureau's style (泽教发〔…〕), not 高平's.
        self.fields["number"].help_text = document_number_hint(user)
        self.fields[
            "attachment"
        ].help_text = f"PDF、Word、Excel 或 OFD 文件，不超过 {size_label(settings.ATTACHMENT_MAX_BYTES)}。"
        if self.instance.pk:
            self.fields["attachment"].widget.download_url = reverse("documents:document_attachment", args=[self.instance.pk])

    def clean_number(self) -> str:
        return doc_number(self.cleaned_data["number"].strip())

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        # Only a new upload is checked; the stored file (or a cleared one) passes through.
        if not isinstance(upload, UploadedFile):
            return upload
        limit = settings.ATTACHMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"附件不能超过 {size_label(limit)}。")
        kind = sniff_document(upload)  # may itself refuse a zip bomb
        if kind not in ATTACHMENT_EXTENSIONS:
            raise forms.ValidationError(UNSUPPORTED_ATTACHMENT)
        stem, suffix = PurePath(upload.name).stem, PurePath(upload.name).suffix.lower()
        extension = suffix if kind == "ole" and suffix in OLE_EXTENSIONS else ATTACHMENT_EXTENSIONS[kind]
        # The stored name says what the content is, whatever the uploaded name claimed.
        upload.name = f"{stem or 'attachment'}{extension}"
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "失效日期不能早于生效日期。")
        if data.get("kind") == DocumentKind.NORMATIVE and end:
            begin = start or data.get("issued_on")
            if begin and end > add_years(begin, NORMATIVE_MAX_YEARS):
                self.add_error("effective_to", "规范性文件的有效期一般不超过5年，请核对“失效日期”。")
        if data.get("kind") and data.get("status"):
            probe = Document(
                pk=self.instance.pk, kind=data["kind"], status=data["status"], touches_market=data.get("touches_market", False)
            )
            for message in services.issue_blockers(probe):
                self.add_error("status", message)
        if not self.instance.pk and self.user is not None and self.user.bureau_id is None:
            raise forms.ValidationError("您的账号未关联教育局，不能新建文件。")
        return data

    def save(self, commit: bool = True) -> Document:
        """With commit=False the caller gets the unsaved document (in the user's bureau)
        and `save_m2m`, as with any ModelForm; otherwise services.document_save writes it."""

        document = super().save(commit=False)
        if not document.pk:
            document.bureau_id = self.user.bureau_id
        if commit:
            document = services.document_save(
                document=document,
                by=self.user,
                topics=self.cleaned_data["topics"],
                laws=self.cleaned_data["laws"],
                version=self.cleaned_data.get("version") if document.pk else None,
            )
        return document


class LawForm(PortalFormMixin, forms.ModelForm):
    """A catalogue entry. A new entry is the user's bureau's local one, unless the user
    maintains the national catalogue and ticks 全国通用."""

    class Meta:
        model = Law
        fields = ["name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status"]
        widgets = {"promulgated_on": DATE_INPUT, "effective_on": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk is None and maintains_national_laws(user):
            self.fields["national"] = forms.BooleanField(
                label="全国通用条目", required=False, initial=True, help_text="不勾选则为本单位的地方条目。"
            )
            self.fields["national"].widget.attrs.setdefault("class", "form-check-input")

    def _post_clean(self) -> None:
        # The entry's owner before the model's own checks (unique names per owner).
        if self.instance.pk is None:
            national = self.cleaned_data.get("national", False)
            self.instance.bureau_id = None if national else getattr(self.user, "bureau_id", None)
        super()._post_clean()

    def validate_unique(self) -> None:
        # Names are unique per owner (national / each bureau): check with the owner set.
        for constraint in Law._meta.constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(Law, self.instance)
                except ValidationError as error:
                    self.add_error("name", error.messages)

    def save(self, commit: bool = True) -> Law:
        law = super().save(commit=False)
        if commit:
            law = services.law_save(law=law, by=self.user)
        return law

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        promulgated, effective = data.get("promulgated_on"), data.get("effective_on")
        if promulgated and effective and effective < promulgated:
            self.add_error("effective_on", "施行日期不能早于公布日期。")
        return data


class ReviewForm(PortalFormMixin, forms.ModelForm):
    """A 合法性审核 or 公平竞争审查 recorded on a document."""

    token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    touches_market = forms.TypedChoiceField(
        label="涉及市场主体经济活动",
        required=False,
        choices=[("", "（合法性审核不填）"), ("yes", "涉及"), ("no", "不涉及")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        help_text="公平竞争审查必填。",
    )

    class Meta:
        model = DocumentReview
        fields = ["kind", "touches_market", "conclusion", "reviewer", "reviewed_on", "opinion"]
        widgets = {"reviewed_on": DATE_INPUT, "opinion": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == ReviewKind.FAIR_COMPETITION and data.get("touches_market") is None:
            self.add_error("touches_market", "公平竞争审查须写明是否涉及市场主体经济活动。")
        return data


class CleanupForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = CleanupCampaign
        fields = ["title", "basis_title", "basis_number", "scope_from", "scope_to", "started_on", "summary"]
        widgets = {
            "scope_from": DATE_INPUT,
            "scope_to": DATE_INPUT,
            "started_on": DATE_INPUT,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["basis_number"].help_text = document_number_hint(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("scope_from") and data.get("scope_to") and data["scope_to"] < data["scope_from"]:
            self.add_error("scope_to", "清理范围止不能早于清理范围起。")
        if not self.instance.pk and self.user is not None and self.user.bureau_id is None:
            raise forms.ValidationError("您的账号未关联教育局。")
        return data

    def save(self, commit: bool = True) -> CleanupCampaign:
        campaign = super().save(commit=False)
        if commit:
            campaign = services.cleanup_save(campaign=campaign, by=self.user)
        return campaign


class DecisionForm(PortalFormMixin, forms.Form):
    """The clean-up's decision on one document in its scope."""

    document = forms.ModelChoiceField(label="文件", queryset=Document.objects.none())
    decision = forms.ChoiceField(label="清理意见", choices=[("", "")] + CleanupDecisionKind.choices)
    reviewer = forms.CharField(label="审查人", max_length=100)
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label="审查日期", widget=DATE_INPUT)

    def __init__(self, *args: Any, campaign: CleanupCampaign, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.campaign = campaign
        self.fields["document"].queryset = services.documents_in_scope(campaign).order_by("-issued_on", "-id")


class LawMaintainerForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = LawMaintainer
        fields = ["bureau", "note"]

    def save(self, commit: bool = True) -> LawMaintainer:
        maintainer = super().save(commit=False)
        if commit:
            maintainer = services.law_maintainer_save(maintainer=maintainer, by=self.user)
        return maintainer
