"""Template helpers: Chinese dates, 文号 with 〔〕, query strings that keep filters."""

from __future__ import annotations

import datetime
import re

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def cn_date(value: datetime.date | datetime.datetime | None) -> str:
    """2024年3月5日 (no leading zeros, as official documents write it)."""

    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value: datetime.datetime | None) -> str:
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"


_DOC_NO = re.compile(r"[\[［【(（〔]\s*(\d{4})\s*[\]］】)）〕]")


@register.filter
def doc_number(value: str | None) -> str:
    """Write the year of a 文号 in 〔〕 whatever brackets were typed: 高教发[2024]2号 → 高教发〔2024〕2号."""

    if not value:
        return ""
    return _DOC_NO.sub(r"〔\1〕", value)


@register.simple_tag(takes_context=True)
def url_replace(context, **kwargs) -> str:
    """The current query string with some parameters replaced (filters survive paging)."""

    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    # A new cursor in one direction drops the other; anything else starts from page one.
    for key in ("after", "before"):
        if key not in kwargs:
            query.pop(key, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
