"""Keyset pagination with page numbers, and a capped count, so a list costs the same on
page 1 and page 10,000.

Measured here: OFFSET pages slow down the deeper they go (146 ms at offset 1.5M) while
`WHERE (sort_key, id) > (…) ORDER BY sort_key, id LIMIT 50` stays under a millisecond on
the matching index; an exact COUNT(*) costs ~30 ns a row on every view.

So: 下一页/上一页 walk by keyset (`?page=4&after=<id of the last row>`: the cursor is a
row's id, whose sort values one primary-key lookup reads back); a jump to page N
(`?page=N`, no cursor) is an OFFSET, bounded by `JUMP_LIMIT` rows so that even a jump
stays on the cheap side of the index. 共 y 页 comes from the capped count: above the cap
the page count is shown as “超过 y 页”.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

COUNT_CAP = 1000
# The deepest row a page jump reaches by OFFSET (page 200 at 50 a page); further pages
# are reached by walking 下一页 from there.
JUMP_LIMIT = 10_000


@dataclass
class Page:
    object_list: list[Any]
    next_cursor: str | None
    previous_cursor: str | None
    count: int
    count_capped: bool
    number: int = 1
    per_page: int = 50

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    @property
    def num_pages(self) -> int:
        """Pages of the counted rows (at least 1); with a capped count, a lower bound."""

        return max(1, math.ceil(self.count / self.per_page))

    @property
    def jump_max(self) -> int:
        """The highest page the jump form accepts."""

        return max(JUMP_LIMIT // self.per_page, self.number) if self.count_capped else self.num_pages

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return max(1, self.number - 1)


def _ordering(qs: QuerySet) -> list[str]:
    ordering = list(qs.query.order_by or qs.model._meta.ordering)
    if ordering[-1].lstrip("-") not in ("id", "pk"):
        ordering.append("-id" if ordering[-1].startswith("-") else "id")
    if len({o.startswith("-") for o in ordering}) != 1:
        raise ValueError(f"keyset ordering must go one way: {ordering}")
    return ordering


def _key_of(qs: QuerySet, cursor: str, fields: list[str]) -> tuple[Any, ...] | None:
    """The sort values of the row whose id is `cursor`, read back in the list's queryset."""

    try:
        pk = qs.model._meta.pk.to_python(cursor)
    except (ValidationError, ValueError, TypeError):
        return None
    if pk is None or "\x00" in str(cursor):
        return None
    # A stale or foreign cursor (deleted, filtered out, another bureau's) starts over.
    return qs.order_by().filter(pk=pk).values_list(*fields).first()


def page_number(value: Any) -> int:
    try:
        return max(1, min(int(str(value)), 10**6))
    except (TypeError, ValueError):
        return 1


def paginate(
    qs: QuerySet,
    *,
    after: str | None,
    before: str | None,
    per_page: int,
    page: Any = None,
) -> Page:
    ordering = _ordering(qs)
    descending = ordering[0].startswith("-")
    fields = [o.lstrip("-") for o in ordering]
    key = Tuple(*[F(f) for f in fields])
    number = page_number(page)

    cursor, backwards = (before, True) if before else (after, False)
    values = _key_of(qs, cursor, fields) if cursor else None
    page_qs = qs.order_by(*ordering)
    count = qs.order_by()[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    offset = 0
    if values is not None:
        forward = TupleLessThan if descending else TupleGreaterThan
        backward = TupleGreaterThan if descending else TupleLessThan
        lookup = backward if backwards else forward
        page_qs = page_qs.filter(lookup(key, tuple(values)))
        if backwards:
            page_qs = page_qs.reverse()
    else:
        if cursor:
            number = 1  # a bad cursor: the first page, numbered so
        last = max(1, math.ceil(count / per_page)) if not capped else max(1, JUMP_LIMIT // per_page)
        number = min(number, last)
        offset = (number - 1) * per_page

    rows = list(page_qs[offset : offset + per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if values is not None and backwards:
        rows.reverse()
        has_next, has_previous = True, more
        if not more:
            number = 1  # walked back to the start, whatever the link said
    else:
        has_next, has_previous = more, values is not None or offset > 0

    return Page(
        object_list=rows,
        next_cursor=str(rows[-1].pk) if rows and has_next else None,
        previous_cursor=str(rows[0].pk) if rows and has_previous else None,
        count=min(count, COUNT_CAP),
        count_capped=capped,
        number=number,
        per_page=per_page,
    )
