"""A new bureau's first 字典管理 lists: a copy of the defaults, then its own.

Generic over every kind any app registers (`dictionary.KINDS`): a kind whose app declares
`dictionary.DEFAULTS` starts from those labels; a kind without them starts from the
template bureau's active entries (settings.DICTIONARY_TEMPLATE_REGION_CODE, else the
first county bureau that has entries of that kind), leaving out any entry that names the
template bureau itself (its 发文机关 “高平市教育局” is no default for 泽州).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings

from .models import DictionaryItem
from .seams import dictionary_defaults, dictionary_kinds


def _template_labels(kind: str, exclude_bureau_id: int) -> list[str]:
    Bureau = apps.get_model("registry", "Bureau")
    items = DictionaryItem.objects.filter(kind=kind, is_active=True).exclude(bureau_id=exclude_bureau_id)
    code = getattr(settings, "DICTIONARY_TEMPLATE_REGION_CODE", "")
    template = Bureau.objects.filter(region_code=code).first() if code else None
    if template is None:
        first = items.filter(bureau__parent__isnull=False).order_by("bureau_id").values_list("bureau_id", flat=True).first()
        template = Bureau.objects.filter(pk=first).first() if first else None
    if template is None:
        return []
    names = {template.name, getattr(template, "display_short_name", "") or template.name}
    labels = items.filter(bureau=template).order_by("sort_order", "id").values_list("label", flat=True)
    return [label for label in labels if not any(name and name in label for name in names)]


def dictionary_copy_defaults(bureau: Any) -> int:
    """Give `bureau` every registered list's defaults it does not have yet; returns how
    many entries were added. Idempotent: a label already there is kept as it is."""

    declared = dictionary_defaults()
    parent = getattr(bureau, "parent", None)
    have = set(DictionaryItem.objects.filter(bureau_id=bureau.pk).values_list("kind", "label"))
    new = []
    for kind, _ in dictionary_kinds():
        if kind in declared:
            labels = []
            for label in declared[kind]:
                if "{parent}" in label and parent is None:
                    continue
                labels.append(label.format(bureau=bureau.name, parent=parent.name if parent else ""))
        else:
            labels = _template_labels(kind, bureau.pk)
        for order, label in enumerate(dict.fromkeys(labels), start=1):
            if (kind, label) not in have:
                new.append(DictionaryItem(bureau_id=bureau.pk, kind=kind, label=label, sort_order=order * 10))
    DictionaryItem.objects.bulk_create(new)
    return len(new)
