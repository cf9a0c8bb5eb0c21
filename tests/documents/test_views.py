"""Document library screens: who may open what, scoped lists and exports, downloads."""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.documents.choices import DocumentStatus
from apps.documents.models import Document
from tests.kit import assert_statuses, statuses

from .conftest import make_document, make_law, make_topic, pdf_upload

pytestmark = pytest.mark.django_db

# What each test subject (tests.kit) gets on each page of a 高平 document.
MATRIX = {
    "document_list": statuses(200, system_admin=403, security_admin=403, audit_admin=403),
    "document": statuses(200, other_bureau_admin=404, system_admin=403, security_admin=403, audit_admin=403),
    "document_add": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=200),
    "document_edit": statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=404),
    "document_delete": statuses(403, bureau_admin=200, other_bureau_admin=404),
    "document_attachment": statuses(200, other_bureau_admin=404, system_admin=403, security_admin=403, audit_admin=403),
}
READERS = [subject for subject, status in MATRIX["document_list"].items() if status == 200]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


@pytest.mark.parametrize("url_name", MATRIX)
def test_document_url_matrix(client_for, document, url_name):
    args = [] if url_name in ("document_list", "document_add") else [document.pk]
    assert_statuses(client_for, reverse(f"documents:{url_name}", args=args), MATRIX[url_name])


@pytest.mark.parametrize("role", ["legal_officer", "inspector", "school_user", "city_viewer"])
def test_delete_post_without_the_right_is_refused_and_keeps_the_row(client_for, document, role):
    response = client_for(role).post(reverse("documents:document_delete", args=[document.pk]))
    assert response.status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_other_bureau_cannot_change_or_delete_by_post(client_for, document):
    client = client_for("other_bureau_admin")
    edit = client.post(reverse("documents:document_edit", args=[document.pk]), {"title": "篡改"})
    delete = client.post(reverse("documents:document_delete", args=[document.pk]))
    assert (edit.status_code, delete.status_code) == (404, 404)
    document.refresh_from_db()
    assert document.title == "2024年全市学校安全稳定法治工作要点"


def test_city_viewer_reads_county_documents_but_cannot_change_them(client_for, document):
    client = client_for("city_viewer")
    assert client.get(document.get_absolute_url()).status_code == 200
    response = client.post(reverse("documents:document_edit", args=[document.pk]), {"title": "市局修改"})
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.title == "2024年全市学校安全稳定法治工作要点"


def test_bureau_admin_deletes_a_document(client_for, document):
    response = client_for("bureau_admin").post(reverse("documents:document_delete", args=[document.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("documents:document_list")
    assert "已删除文件“2024年全市学校安全稳定法治工作要点”。" in body(response)
    assert not Document.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize("role", READERS)
def test_list_shows_only_documents_in_scope(client_for, document, other_document, role):
    html = body(client_for(role).get(reverse("documents:document_list")))
    if role == "other_bureau_admin":
        assert other_document.title in html
        assert document.title not in html
        assert "共 1 条记录" in html
    else:
        assert document.title in html
        assert other_document.title not in html
        assert "共 1 条记录" in html


@pytest.mark.parametrize("role", READERS)
def test_csv_export_has_a_bom_and_only_scoped_rows(client_for, document, other_document, role):
    response = client_for(role).get(reverse("documents:document_list") + "?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "标题,文号,类别,发文机关,发文日期,生效日期,状态"
    mine, theirs = (other_document, document) if role == "other_bureau_admin" else (document, other_document)
    assert len(lines) == 2
    assert lines[1].startswith(f"{mine.title},{mine.number},")
    assert theirs.title not in text


def test_csv_export_writes_the_row_as_the_list_shows_it(client_for, bureau):
    make_document(
        bureau,
        title="高平市学校教师分级分类监管办法",
        number="高教发[2024]12号",  # typed with [] (e.g. imported), written with 〔〕
        kind="measures",
        issuer="高平市教育局",
        issued_on=datetime.date(2024, 5, 6),
        effective_from=datetime.date(2024, 6, 1),
    )
    response = client_for("legal_officer").get(reverse("documents:document_list") + "?export=csv")
    lines = body(response).lstrip("\ufeff").splitlines()
    assert lines[1] == "高平市学校教师分级分类监管办法,高教发〔2024〕12号,办法,高平市教育局,2024年5月6日,2024年6月1日,有效"
    assert "filename*=utf-8''%E6%96%87%E4%BB%B6%E5%BA%93_" in response["Content-Disposition"]


def test_xlsx_export_has_only_scoped_rows(client_for, document, other_document):
    response = client_for("city_viewer").get(reverse("documents:document_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["标题", "文号", "类别", "发文机关", "发文日期", "生效日期", "状态"]
    assert [row[0] for row in rows[1:]] == [document.title]


def test_list_filters_by_kind_status_year_topic_and_query(client_for, bureau):
    topic = make_topic(bureau, "公平竞争审查")
    plan = make_document(bureau, title="加强中小学生欺凌综合治理方案", kind="plan", issued_on=datetime.date(2024, 4, 1))
    old = make_document(bureau, title="2023年清理文件", kind="list", issued_on=datetime.date(2023, 3, 1), status="repealed")
    fair = make_document(bureau, title="公平竞争审查工作方案", number="高教发〔2024〕2号", kind="plan")
    fair.topics.add(topic)
    client = client_for("legal_officer")
    url = reverse("documents:document_list")

    def titles(query: str) -> set[str]:
        html = body(client.get(url + query))
        return {d.title for d in (plan, old, fair) if d.title in html}

    assert titles("?kind=plan") == {plan.title, fair.title}
    assert titles("?status=repealed") == {old.title}
    assert titles("?year=2023") == {old.title}
    assert titles(f"?topic={topic.pk}") == {fair.title}
    assert titles("?q=欺凌") == {plan.title}
    assert titles("?q=高教发[2024]2号") == {fair.title}  # brackets as typed
    assert titles("?q=QLZHZL") == {plan.title}  # pinyin initials, any case


def test_year_and_topic_choices_are_the_users_own(client_for, bureau, other_bureau):
    make_topic(bureau, "依法治校")
    make_topic(other_bureau, "阳城专题")
    make_document(bureau, issued_on=datetime.date(2022, 1, 5))
    make_document(other_bureau, issued_on=datetime.date(2019, 1, 5))
    html = body(client_for("legal_officer").get(reverse("documents:document_list")))
    assert '<option value="2022">2022年</option>' in html
    assert "2019年" not in html
    assert "依法治校" in html
    assert "阳城专题" not in html


def test_lapsed_filter_finds_valid_documents_past_their_end_date(client_for, bureau):
    today = datetime.date.today()
    lapsed = make_document(bureau, title="早已到期的方案", effective_to=today - datetime.timedelta(days=1))
    current = make_document(bureau, title="仍在有效期的方案", effective_to=today + datetime.timedelta(days=30))
    marked = make_document(
        bureau, title="已标记失效的方案", effective_to=today - datetime.timedelta(days=1), status=DocumentStatus.EXPIRED
    )
    html = body(client_for("legal_officer").get(reverse("documents:document_list") + "?status=valid&lapsed=true"))
    assert lapsed.title in html
    assert current.title not in html
    assert marked.title not in html
    assert "共 1 条记录" in html


def test_list_query_count_does_not_grow_with_rows(client_for, bureau, django_assert_max_num_queries):
    topic = make_topic(bureau)
    law = make_law()
    client = client_for("city_viewer")  # the widest scope, with the bureau filter
    url = reverse("documents:document_list")

    def add(n: int) -> None:
        for _ in range(n):
            document = make_document(bureau)
            document.topics.add(topic)
            document.laws.add(law)

    add(3)
    # 16: the page footer names the user's own bureau (one query per page).
    with django_assert_max_num_queries(16):
        assert "共 3 条记录" in body(client.get(url))
    add(27)
    with django_assert_max_num_queries(16):
        assert "共 30 条记录" in body(client.get(url))


def test_detail_shows_number_attachment_topics_laws_and_never_media_url(client_for, document, bureau):
    document.number = "高教发[2024]7号"
    document.save()
    document.topics.add(make_topic(bureau, "安全稳定"))
    document.laws.add(make_law("中华人民共和国未成年人保护法"))
    html = body(client_for("school_user").get(document.get_absolute_url()))
    assert "高教发〔2024〕7号" in html
    assert f'href="{reverse("documents:document_attachment", args=[document.pk])}"' in html
    assert "安全稳定" in html
    assert "《中华人民共和国未成年人保护法》" in html
    assert "/media/" not in html
    assert "修改记录" in html
    # A school user reads; it gets no buttons to change.
    assert reverse("documents:document_edit", args=[document.pk]) not in html


def test_detail_warns_about_a_lapsed_valid_document(client_for, bureau):
    document = make_document(bureau, effective_to=datetime.date(2020, 12, 31))
    html = body(client_for("legal_officer").get(document.get_absolute_url()))
    assert "此文件已过失效日期（2020年12月31日），但仍标记为“有效”。" in html


def test_edit_page_links_the_attachment_through_the_download_view(client_for, document):
    html = body(client_for("legal_officer").get(reverse("documents:document_edit", args=[document.pk])))
    assert f'href="{reverse("documents:document_attachment", args=[document.pk])}"' in html
    assert "/media/" not in html
    assert 'name="bureau"' not in html


def test_attachment_downloads_under_the_documents_chinese_title(client_for, document):
    response = client_for("school_user").get(reverse("documents:document_attachment", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(document.title + '.pdf')}"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_attachment_of_a_document_without_one_is_404(client_for, bureau):
    document = make_document(bureau)
    response = client_for("bureau_admin").get(reverse("documents:document_attachment", args=[document.pk]))
    assert response.status_code == 404


def test_attachment_file_name_drops_path_characters(client_for, bureau):
    document = make_document(bureau, title="方案/清单：2024")
    document.attachment.save("x.pdf", pdf_upload())
    response = client_for("bureau_admin").get(reverse("documents:document_attachment", args=[document.pk]))
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('方案_清单：2024.pdf')}"
