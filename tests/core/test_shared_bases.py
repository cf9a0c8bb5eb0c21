"""Behaviour every app inherits from the shared bases."""

import datetime

from django.urls import reverse

from apps.core.models import DictionaryItem
from apps.documents.models import Document, DocumentTopicEvent
from apps.documents.services import document_save
from tests import factories


def test_invalid_filter_shows_no_rows_and_exports_none(client_for, school):
    client = client_for("bureau_admin")
    response = client.get(reverse("registry:entity_list"), {"kind": "不存在的类型"})
    assert response.context["page"].object_list == []
    assert response.context["filter"].errors["kind"]
    export = b"".join(client.get(reverse("registry:entity_list"), {"kind": "x", "export": "csv"}).streaming_content)
    assert export.decode() == "\ufeff名称,类型,举办性质,办学状态,统一社会信用代码,法定代表人,联系电话,所属单位,所属教育局\r\n"


def test_delete_confirmation_names_the_record(client_for, school):
    person = factories.make_person(school, name="待确认")
    html = client_for("bureau_admin").get(reverse("registry:person_delete", args=[person.pk])).content.decode()
    assert "确定删除教职员工“待确认”吗？" in html


def test_document_number_is_normalised_by_the_service(users, bureau):
    document = Document(
        title="工作要点",
        number="高教发[2024]3号",
        kind="work_points",
        issuer="高平市教育局",
        issued_on=datetime.date(2024, 3, 1),
    )
    document = document_save(document=document, by=users["legal_officer"])
    document.refresh_from_db()
    assert (document.bureau, document.number) == (bureau, "高教发〔2024〕3号")
    assert "高教发〔2024〕3号" in document.search_text


def test_document_topic_links_are_audited(bureau):
    document = Document.objects.create(
        bureau=bureau, title="方案", kind="plan", issuer="高平市教育局", issued_on=datetime.date(2024, 3, 1)
    )
    topic = DictionaryItem.objects.create(bureau=bureau, kind="document_topic", label="依法治校")
    document.topics.add(topic)
    document.topics.remove(topic)
    events = DocumentTopicEvent.objects.filter(document_id=document.pk).order_by("pgh_id")
    assert [(e.pgh_label, e.dictionaryitem_id) for e in events] == [("insert", topic.pk), ("delete", topic.pk)]
