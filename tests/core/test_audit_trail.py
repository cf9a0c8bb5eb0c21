"""The audit trail in words a clerk reads (issue 6.5): Chinese names for models, link
tables and fields; related rows by name; one empty marker; 长者模式 is no account change."""

from __future__ import annotations

import datetime
import re
from html import unescape

from django.urls import reverse
from pghistory.models import MiddlewareEvents

from apps.accounts.models import User
from apps.core.audit import EMPTY, history_for, model_name
from apps.registry.services import entity_change
from tests import factories


def page(client, url: str) -> str:
    return unescape(client.get(url).content.decode())


def text_of(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def export(client, url: str) -> str:
    return b"".join(client.get(url + "?export=csv").streaming_content).decode("utf-8-sig")


def test_link_tables_have_chinese_names():
    assert model_name(User.groups.through) == "用户角色"
    from apps.documents.models import Document

    assert model_name(Document.topics.through) == "文件主题"
    assert model_name(Document.laws.through) == "文件依据法律法规"


def test_audit_list_names_types_fields_and_related_rows(client_for, users, school):
    teacher = users["school_user"]
    # Through the form, as the system administrator does it (the trail records who and from where).
    client_for("system_admin").post(
        reverse("accounts:user_edit", args=[teacher.pk]),
        {"full_name": "牛海燕", "phone": "", "role": "legal_officer", "school": "", "is_active": "on"},
    )
    entity_change(
        entity=school,
        by=users["bureau_admin"],
        effective_on=datetime.date(2024, 9, 1),
        reason="换届",
        legal_representative="李四",
    )
    client = client_for("audit_admin")
    for text in (text_of(page(client, reverse("accounts:audit_list"))), export(client, reverse("accounts:audit_list"))):
        assert "user-group" not in text and "关系" not in text
        assert "用户角色" in text
        # The link row names both ends: who, and which role.
        assert "用户：牛海燕" in text and "角色：法规股工作人员" in text and "legal_officer" not in text
        # The role taken away is named too (a deleted link row shows what it held).
        assert "角色：学校工作人员" in text
        # 名录变更记录's 变更字段 by the field's Chinese name, its entity by name.
        assert "变更字段：法定代表人" in text and "legal_representative" not in text
        assert "监管对象：高平二中" in text
        assert "#" + str(school.pk) + "<" not in text and "：#" not in text
        assert "（无）" not in text
    # The type filter offers the link tables by their Chinese names too.
    assert '<option value="accounts.User_groups">用户角色</option>' in page(client, reverse("accounts:audit_list"))


def test_a_deleted_related_row_is_said_to_be_deleted(users, school):
    person = factories.make_person(school)
    other = factories.make_school(name="临时学校")
    person.employer = other
    person.save()
    person.employer = school
    person.save()
    other_pk = other.pk
    other.delete()
    changes = [c for entry in history_for(person) for c in entry.changes if c.field == "工作单位"]
    deleted = f"已删除的监管对象（编号 {other_pk}）"
    assert any(deleted in (c.old, c.new) for c in changes)


def test_one_empty_marker_and_compact_history(client_for, school):
    from apps.registry.models import Entity

    Entity.objects.filter(pk=school.pk).update(phone="0356-5221234")
    Entity.objects.filter(pk=school.pk).update(phone="")
    html = page(client_for("bureau_admin"), reverse("registry:entity", args=[school.pk]))
    assert f"<del>0356-5221234</del> → <ins>{EMPTY}</ins>" in html
    assert "（无）" not in html
    assert '<p class="change"><strong>联系电话</strong>' in html


def test_large_text_is_not_an_account_change(client_for, users):
    teacher = users["school_user"]
    before = MiddlewareEvents.objects.tracks(teacher).count()
    client = client_for("school_user")
    client.post(reverse("core:large_text"), {"on": "1", "next": "/dashboard/"})
    teacher.refresh_from_db()
    assert teacher.large_text is True
    assert MiddlewareEvents.objects.tracks(teacher).count() == before
