"""Writes of the 文件库 and 法律法规库: keyword-only, the acting user first checked, atomic.

The derived fields (the 文号's 〔〕, the search key) are filled here, not in
`Model.save()`: a write that skips the service is visible as such, not silently fixed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser as User  # type hints only
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.core.models import DictionaryItem
from apps.core.pinyin import search_key
from apps.core.templatetags.portal import doc_number

from .models import Document, Law


def document_index(document: Document) -> None:
    """The 文号 with 〔〕 whatever brackets were typed, and the search key of the list's
    `q` (also used by test builders that write rows directly)."""

    document.number = doc_number(document.number.strip())
    document.search_text = search_key(document.title, document.number, document.issuer)


def law_index(law: Law) -> None:
    law.search_text = search_key(law.name, law.short_name)


def _require(by: User, perm: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied("您没有执行此操作的权限。")


@transaction.atomic
def document_save(
    *,
    document: Document,
    by: User,
    topics: Iterable[DictionaryItem] | None = None,
    laws: Iterable[Law] | None = None,
) -> Document:
    """Create (no pk: in `by`'s bureau) or change a document of `by`'s own bureau, with
    its topics and cited laws when given."""

    if document.pk is None:
        _require(by, "documents.add_document")
        if by.bureau_id is None:
            raise ValidationError("您的账号未关联教育局，不能新建文件。")
        document.bureau_id = by.bureau_id
    else:
        _require(by, "documents.change_document")
        # Re-checked against the stored row: the bureau a form was given cannot move it.
        if not Document.objects.for_user(by, write=True).filter(pk=document.pk, bureau_id=document.bureau_id).exists():
            raise PermissionDenied("您只能查看此记录，不能修改。")
    document_index(document)
    document.full_clean()
    document.save()
    if topics is not None:
        document.topics.set(topics)
    if laws is not None:
        document.laws.set(laws)
    return document


@transaction.atomic
def law_save(*, law: Law, by: User) -> Law:
    """Add or correct a law of the catalogue (national reference data, no bureau)."""

    _require(by, "documents.add_law" if law.pk is None else "documents.change_law")
    law_index(law)
    law.full_clean()
    law.save()
    return law
