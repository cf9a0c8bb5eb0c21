from __future__ import annotations

import re
from pathlib import PurePath

from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.views import View

from apps.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ScopedObjectMixin

from . import selectors
from .choices import DocumentStatus
from .filtersets import DocumentFilterSet, LawFilterSet
from .forms import DocumentForm, LawForm
from .models import Document, Law
from .tables import DOCUMENT_TABLE, LAW_TABLE

ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ofd": "application/ofd",
}


class DocumentListView(ObjectListView):
    model = Document
    filterset_class = DocumentFilterSet
    table = DOCUMENT_TABLE
    title = "文件库"
    add_url_name = "documents:document_add"


class DocumentDetailView(ObjectDetailView):
    model = Document
    template_name = "documents/document_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["topics"] = document.topics.all()
        context["laws"] = document.laws.all()
        context["lapsed"] = (
            document.status == DocumentStatus.VALID
            and document.effective_to is not None
            and document.effective_to < timezone.localdate()
        )
        return context


class DocumentEditView(ObjectEditView):
    model = Document
    form_class = DocumentForm


class DocumentDeleteView(ObjectDeleteView):
    model = Document
    template_name = "documents/document_delete.html"
    success_url_name = "documents:document_list"


class DocumentAttachmentView(ScopedObjectMixin, View):
    """The attachment, to those who may read the document (404 to anyone else), under
    the document's title. Files are never linked through MEDIA_URL."""

    model = Document
    action = "view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = self.get_object()
        if not document.attachment:
            raise Http404("该文件没有附件。")
        try:
            handle = document.attachment.open("rb")
        except FileNotFoundError as missing:
            raise Http404("附件文件不存在。") from missing
        extension = PurePath(document.attachment.name).suffix.lower()
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{_safe_filename(document.title)}{extension}",
            content_type=ATTACHMENT_TYPES.get(extension, "application/octet-stream"),
        )


def _safe_filename(title: str) -> str:
    # A title may hold "/" (e.g. 方案/清单) or control characters; neither belongs in a file name.
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", title).strip() or "附件"


class LawListView(ObjectListView):
    model = Law
    filterset_class = LawFilterSet
    table = LAW_TABLE
    title = "法律法规库"
    add_url_name = "documents:law_add"


class LawDetailView(ObjectDetailView):
    model = Law
    template_name = "documents/law_detail.html"
    fields = ("name", "short_name", "level", "issuing_body", "promulgated_on", "effective_on", "status")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        can_read = user.has_perm("documents.view_document")
        context["citing"] = selectors.documents_citing(self.object, user)[:50] if can_read else None
        return context


class LawEditView(ObjectEditView):
    model = Law
    form_class = LawForm
