"""Keyset paging (apps.core.pagination): forwards, backwards, descending, page numbers
and jumps, and bad cursors; plus the pager a person sees on a list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.pagination import COUNT_CAP, paginate
from apps.registry.models import Entity, EntityChange
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(bureau):
    # 高平一中 … 高平十二中: the sort key orders them by value.
    names = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    return [factories.make_school(bureau, name=f"高平{n}中") for n in names]


def walk(qs, per_page=5):
    pages, page = [], paginate(qs, after=None, before=None, per_page=per_page)
    pages.append(page)
    while page.next_cursor:
        page = paginate(qs, after=page.next_cursor, before=None, per_page=per_page, page=page.next_number)
        pages.append(page)
    return pages


def names(page) -> list[str]:
    return [obj.name for obj in page.object_list]


def test_ascending_forwards_and_backwards(schools):
    qs = Entity.objects.all()
    pages = walk(qs)
    assert [names(p) for p in pages] == [
        ["高平一中", "高平二中", "高平三中", "高平四中", "高平五中"],
        ["高平六中", "高平七中", "高平八中", "高平九中", "高平十中"],
        ["高平十一中", "高平十二中"],
    ]
    assert [(p.number, p.num_pages, p.count) for p in pages] == [(1, 3, 12), (2, 3, 12), (3, 3, 12)]
    assert pages[-1].next_cursor is None and pages[0].previous_cursor is None
    # Back from the last page: the middle page again, then the first, numbered so.
    back = paginate(qs, after=None, before=pages[2].previous_cursor, per_page=5, page=2)
    assert names(back) == names(pages[1]) and back.number == 2 and back.next_cursor and back.previous_cursor
    first = paginate(qs, after=None, before=back.previous_cursor, per_page=5, page=1)
    assert names(first) == names(pages[0]) and first.previous_cursor is None and first.number == 1


def test_descending_forwards_and_backwards(bureau, school):
    for day in range(1, 8):
        EntityChange.objects.create(
            bureau=bureau, entity=school, kind="registered", effective_on=f"2024-09-0{day}", reason=f"第{day}条"
        )
    qs = EntityChange.objects.all()  # ordering ["-effective_on", "-id"]
    pages = walk(qs, per_page=3)
    assert [[c.reason for c in p.object_list] for p in pages] == [
        ["第7条", "第6条", "第5条"],
        ["第4条", "第3条", "第2条"],
        ["第1条"],
    ]
    back = paginate(qs, after=None, before=pages[2].previous_cursor, per_page=3, page=2)
    assert [c.reason for c in back.object_list] == ["第4条", "第3条", "第2条"]
    back = paginate(qs, after=None, before=back.previous_cursor, per_page=3, page=1)
    assert [c.reason for c in back.object_list] == ["第7条", "第6条", "第5条"] and back.previous_cursor is None


def test_jump_to_a_page_and_clamp(schools):
    qs = Entity.objects.all()
    page = paginate(qs, after=None, before=None, per_page=5, page="2")
    assert names(page) == ["高平六中", "高平七中", "高平八中", "高平九中", "高平十中"]
    assert page.number == 2 and page.previous_cursor and page.next_cursor
    # The previous page of a jumped-to page is a keyset walk.
    back = paginate(qs, after=None, before=page.previous_cursor, per_page=5, page=page.previous_number)
    assert names(back)[0] == "高平一中" and back.number == 1
    assert paginate(qs, after=None, before=None, per_page=5, page="99").number == 3
    for bad in ("0", "-3", "abc", "\x00", "", None):
        assert paginate(qs, after=None, before=None, per_page=5, page=bad).number == 1


@pytest.mark.parametrize("cursor", ["abc", "\x00", "999999999", "-1", "eyJhIjoxfQ=="])
def test_bad_or_foreign_cursor_starts_over(schools, cursor):
    page = paginate(Entity.objects.all(), after=cursor, before=None, per_page=5, page=7)
    assert names(page)[0] == "高平一中" and page.number == 1


def test_capped_count_says_more_than(bureau):
    Entity.objects.bulk_create(
        [Entity(bureau=bureau, kind="primary", name=f"学校{n}", sort_key=f"{n:05d}") for n in range(COUNT_CAP + 5)]
    )
    page = paginate(Entity.objects.all(), after=None, before=None, per_page=50)
    assert page.count_capped and page.num_pages == 20 and page.jump_max == 200


def test_list_page_shows_page_numbers_and_jumps(client_for, bureau):
    for n in range(120):
        factories.make_person(factories.make_school(bureau) if n == 0 else None, name=f"张{n:03d}")
    client = client_for("bureau_admin")
    html = client.get(reverse("registry:person_list"), {"q": "张"}).content.decode()
    assert "第 1 页 / 共 3 页" in html
    assert '<input type="hidden" name="q" value="张">' in html
    html = client.get(reverse("registry:person_list"), {"q": "张", "page": "3"}).content.decode()
    assert "第 3 页 / 共 3 页" in html and "张119" in html and "张000" not in html
    next_url = client.get(reverse("registry:person_list"), {"q": "张"}).context["page"].next_cursor
    html = client.get(reverse("registry:person_list"), {"q": "张", "page": "2", "after": next_url}).content.decode()
    assert "第 2 页 / 共 3 页" in html and "张050" in html
