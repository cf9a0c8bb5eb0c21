from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.urls import reverse

from apps.core.forms import PortalFormMixin
from apps.core.models import DictionaryItem
from apps.core.templatetags.portal import doc_number
from apps.core.uploads import sniff_document
from apps.core.widgets import MultiSelect, dictionary_hint
from apps.documents.dictionary import DOCUMENT_TOPIC

from . import selectors, services
from .models import Document, Law

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


class DocumentForm(PortalFormMixin, forms.ModelForm):
    """A document of the user's bureau. The bureau is never a field: it is the user's."""

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
        # Laws in force, plus any the document already cites (a repealed law stays cited).
        cited = Q(pk__in=self.instance.laws.values("pk")) if self.instance.pk else Q()
        self.fields["laws"].queryset = Law.objects.filter(Q(pk__in=selectors.law_choices().values("pk")) | cited)
        dictionary_hint(self.fields["topics"], kind=DOCUMENT_TOPIC, user=user)
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
                document=document, by=self.user, topics=self.cleaned_data["topics"], laws=self.cleaned_data["laws"]
            )
        return document


class LawForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Law
        fields = ["name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status"]
        widgets = {"promulgated_on": DATE_INPUT, "effective_on": DATE_INPUT}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)

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
