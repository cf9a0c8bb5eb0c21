"""字典管理: a bureau's own editable lists, per kind, scoped, with clear duplicate errors."""

from __future__ import annotations

import pytest

from apps.core.models import DictionaryItem
from apps.core.seams import dictionary_kinds
from tests.kit import assert_statuses, statuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(bureau, other_bureau):
    return {
        "topic": DictionaryItem.objects.create(bureau=bureau, kind="document_topic", label="依法治校"),
        "theme": DictionaryItem.objects.create(bureau=bureau, kind="issuing_body", label="宪法宣传周", sort_order=2),
        "theirs": DictionaryItem.objects.create(bureau=other_bureau, kind="document_topic", label="阳城专用主题"),
    }


def _csv(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _post(client, url, **overrides):
    data = {"kind": "document_topic", "label": "校园安全", "sort_order": 1, "is_active": "on"}
    data.update(overrides)
    return client.post(url, data)


# -- permissions -------------------------------------------------------------------------

# 字典管理 stays with the bureau admin (its bureau's reference data, docs/decisions.md),
# not with the system administrator.
LIST = statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200)
ADD = statuses(403, bureau_admin=200, other_bureau_admin=200)
# A school user: reference data of its bureau, in scope, not its to change.
EDIT = statuses(403, bureau_admin=200, other_bureau_admin=404)


def test_permission_matrix(client_for, items):
    assert_statuses(client_for, "/dashboard/dictionary/", LIST)
    assert_statuses(client_for, "/dashboard/dictionary/add/", ADD)
    url = f"/dashboard/dictionary/{items['topic'].pk}/edit/"
    assert_statuses(client_for, url, EDIT)
    assert_statuses(
        client_for,
        url,
        {**EDIT, "bureau_admin": 302},
        method="post",
        data={"kind": "document_topic", "label": "篡改", "sort_order": 1, "is_active": "on"},
    )
    items["topic"].refresh_from_db()
    assert items["topic"].label == "篡改"


def test_other_bureaus_items_are_absent_from_page_and_export(client_for, items):
    client = client_for("bureau_admin")
    for text in (client.get("/dashboard/dictionary/").content.decode(), _csv(client.get("/dashboard/dictionary/?export=csv"))):
        assert "依法治校" in text
        assert "宪法宣传周" in text
        assert "阳城专用主题" not in text
    theirs = _csv(client_for("other_bureau_admin").get("/dashboard/dictionary/?export=csv"))
    assert "阳城专用主题" in theirs
    assert "依法治校" not in theirs


def test_legal_officer_sees_the_list_without_edit_links(client_for, items):
    html = client_for("legal_officer").get("/dashboard/dictionary/").content.decode()
    assert "依法治校" in html
    assert f"/dashboard/dictionary/{items['topic'].pk}/edit/" not in html
    assert "新建字典项" not in html
    admin_html = client_for("bureau_admin").get("/dashboard/dictionary/").content.decode()
    assert f'<a href="/dashboard/dictionary/{items["topic"].pk}/edit/">依法治校</a>' in admin_html


# -- list per kind -----------------------------------------------------------------------


def test_list_per_kind(client_for, items):
    client = client_for("bureau_admin")
    html = client.get("/dashboard/dictionary/?kind=issuing_body").content.decode()
    assert "宪法宣传周" in html
    assert "依法治校" not in html
    assert 'href="/dashboard/dictionary/add/?kind=issuing_body"' in html
    for _value, label in dictionary_kinds():
        assert label in html  # one tab per kind
    rows = _csv(client.get("/dashboard/dictionary/?kind=issuing_body&export=csv")).splitlines()
    assert rows == ["名称,字典类型,排序,状态,所属教育局", "宪法宣传周,发文机关,2,启用,高平市教育局"]


# -- add and edit ------------------------------------------------------------------------


def test_admin_adds_an_item_to_its_own_bureau(client_for, users, bureau, other_bureau):
    client = client_for("bureau_admin")
    assert 'value="issuing_body" selected' in client.get("/dashboard/dictionary/add/?kind=issuing_body").content.decode()

    response = _post(client, "/dashboard/dictionary/add/", kind="issuing_body", label="  民法典  学习 ", bureau=other_bureau.pk)

    item = DictionaryItem.objects.get(label="民法典 学习")
    assert item.bureau == bureau
    assert item.kind == "issuing_body"
    assert response["Location"] == "/dashboard/dictionary/?kind=issuing_body"
    follow = client.get(response["Location"]).content.decode()
    assert "已新建字典项“民法典 学习”。" in follow


def test_admin_edits_label_order_and_active_but_not_kind(client_for, items):
    client = client_for("bureau_admin")
    topic = items["topic"]
    response = _post(
        client, f"/dashboard/dictionary/{topic.pk}/edit/", kind="issuing_body", label="依法治校示范", sort_order=9, is_active=""
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.kind, topic.label, topic.sort_order, topic.is_active) == ("document_topic", "依法治校示范", 9, False)
    assert "已修改字典项“依法治校示范”。" in client.get(response["Location"]).content.decode()


def test_duplicate_label_in_the_same_kind_is_a_chinese_field_error(client_for, items):
    client = client_for("bureau_admin")
    response = _post(client, "/dashboard/dictionary/add/", label="依法治校")
    assert response.status_code == 200
    assert response.context["form"].errors == {"label": ["“文件主题”中已有名称为“依法治校”的字典项，请换一个名称。"]}

    # Renaming another item onto it is refused the same way.
    theme = items["theme"]
    response = _post(client, f"/dashboard/dictionary/{theme.pk}/edit/", kind="issuing_body", label="宪法宣传周")
    assert response.status_code == 302  # saving an item under its own name is fine
    other = DictionaryItem.objects.create(bureau=theme.bureau, kind="issuing_body", label="国家安全日")
    response = _post(client, f"/dashboard/dictionary/{other.pk}/edit/", label="宪法宣传周")
    assert response.context["form"].errors == {"label": ["“发文机关”中已有名称为“宪法宣传周”的字典项，请换一个名称。"]}


def test_same_label_is_allowed_in_another_kind_and_another_bureau(client_for, items):
    assert (
        _post(client_for("bureau_admin"), "/dashboard/dictionary/add/", kind="issuing_body", label="依法治校").status_code == 302
    )
    assert _post(client_for("other_bureau_admin"), "/dashboard/dictionary/add/", label="依法治校").status_code == 302
    assert DictionaryItem.objects.filter(label="依法治校").count() == 3


def test_blank_label_and_bad_order_are_refused(client_for, users):
    response = _post(client_for("bureau_admin"), "/dashboard/dictionary/add/", label="   ", sort_order="-1")
    errors = response.context["form"].errors
    assert set(errors) == {"label", "sort_order"}
    assert not DictionaryItem.objects.exists()
