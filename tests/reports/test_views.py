"""The report's pages as each role, anonymous and outsiders see them; its files; the
public pages; the city's roll-up; the dashboard's due date."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from apps.reports import services
from apps.reports.choices import ReportStatus
from apps.reports.selectors import figures_of
from tests.conftest import login
from tests.kit import assert_statuses, statuses
from tests.notices.conftest import make_notice
from tests.reporting_helpers import listed_rows

from .conftest import YEAR, annual_outline, fill_required

READERS = {"bureau_admin": 200, "legal_officer": 200, "city_viewer": 200}
HIDDEN = {"school_user": 404, "other_school_user": 404, "other_bureau_admin": 404}


def test_who_sees_a_draft(client_for, report):
    url = report.get_absolute_url()
    assert_statuses(client_for, url, statuses(403, **READERS, **HIDDEN))
    for kind in ("docx", "xlsx"):
        assert_statuses(client_for, reverse("reports:report_file", args=[report.pk, kind]), statuses(403, **READERS, **HIDDEN))
    assert_statuses(client_for, reverse("reports:report_print", args=[report.pk]), statuses(403, **READERS, **HIDDEN))


def test_who_writes(client_for, report):
    section = report.sections.first()
    writers = {"bureau_admin": 200, "legal_officer": 200}
    assert_statuses(client_for, reverse("reports:section_edit", args=[section.pk]), statuses(403, **writers, **HIDDEN))
    assert_statuses(
        client_for, reverse("reports:report_add"), statuses(403, **writers, other_bureau_admin=200)
    )
    assert_statuses(
        client_for,
        reverse("reports:report_list"),
        statuses(403, **READERS, other_bureau_admin=200),
    )
    assert_statuses(client_for, reverse("reports:rollup"), statuses(403, **READERS, other_bureau_admin=200))
    assert_statuses(client_for, reverse("reports:outline_list"), statuses(403, **READERS, other_bureau_admin=200))


def test_only_a_publisher_other_than_the_author_reviews(client_for, report, users):
    fill_required(report, users["legal_officer"])
    services.submit(by=users["legal_officer"], report=report)
    url = reverse("reports:report_review", args=[report.pk])
    assert_statuses(client_for, url, statuses(403, bureau_admin=200, **HIDDEN))


def test_the_author_is_refused_by_the_review_page(users, bureau, year_of_notices):
    admin = users["bureau_admin"]
    report = services.create_report(by=admin, year=YEAR, outline=annual_outline(bureau))
    fill_required(report, admin)
    services.submit(by=admin, report=report)
    response = login(admin).post(
        reverse("reports:report_review", args=[report.pk]),
        {"conclusion": "同意", "version": report.version + 1, "decision": "approve"},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW


def test_every_count_in_the_report_lists_exactly_that_many_records(report, users):
    client = login(users["bureau_admin"])
    counts = [f for f in figures_of(report).values() if f.is_count]
    assert counts
    for figure in counts:
        assert listed_rows(client, figure.url) == figure.value, figure.key
    page = client.get(report.get_absolute_url()).content.decode()
    sent = figures_of(report)["notices.sent"]
    assert f'href="{sent.url}"' in page


def test_editing_a_section_keeps_what_was_typed_when_stale(report, users):
    section = report.sections.get(position=2)
    client = login(users["legal_officer"])
    url = reverse("reports:section_edit", args=[section.pk])
    assert client.post(url, {"text": "第一稿", "version": section.version}).status_code == 302
    response = client.post(url, {"text": "基于旧版本的修改", "version": section.version})
    assert response.status_code == 200
    body = response.content.decode()
    assert "旧版本" in body and "基于旧版本的修改" in body
    section.refresh_from_db()
    assert section.text == "第一稿"


def test_the_review_and_publication_through_the_pages(report, users):
    officer, admin = login(users["legal_officer"]), login(users["bureau_admin"])
    last = report.sections.last()
    officer.post(reverse("reports:section_edit", args=[last.pk]), {"text": "继续加强学法。", "version": last.version})
    officer.post(reverse("reports:report_submit", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.REVIEW
    response = admin.post(
        reverse("reports:report_review", args=[report.pk]), {"conclusion": "", "version": report.version, "decision": "approve"}
    )
    assert "请填写" in response.content.decode()
    admin.post(
        reverse("reports:report_review", args=[report.pk]),
        {"conclusion": "不涉密", "version": report.version, "decision": "approve"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.reviewer == users["bureau_admin"]
    # the public finds it, with its files
    public = Client()
    listing = public.get(reverse("public:reports:list")).content.decode()
    assert report.title in listing
    assert public.get(reverse("public:reports:report", args=[report.pk])).status_code == 200


def test_the_public_sees_published_reports_only(client, report):
    assert client.get(reverse("public:reports:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("public:reports:file", args=[report.pk, "docx"])).status_code == 404
    assert report.title not in client.get(reverse("public:reports:list")).content.decode()


def test_the_docx_has_the_official_document_layout(published, client):
    response = client.get(reverse("public:reports:file", args=[published.pk, "docx"]))
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    title = doc.paragraphs[0]
    assert title.text == published.title
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    assert title.runs[0]._element.rPr.rFonts.get(qn) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._element.rPr.rFonts.get(qn) == "黑体"
    sub = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert sub.runs[0]._element.rPr.rFonts.get(qn) == "楷体_GB2312"
    body = [p for p in doc.paragraphs if "下发通知" in p.text]
    assert body and "全年向学校下发通知3件" in body[0].text
    assert all(r._element.rPr.rFonts.get(qn) == "仿宋_GB2312" for r in body[0].runs)
    assert body[0].runs[0].font.size.pt == 16
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_docx_as_an_a4_official_document(published, client, tmp_path):
    docx = tmp_path / "report.docx"
    docx.write_bytes(client.get(reverse("public:reports:file", args=[published.pk, "docx"])).content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        capture_output=True, check=True, timeout=300,
    )  # fmt: skip
    pdf = tmp_path / "report.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "595.3" in info and "841.89" in info  # A4 in points
    first_page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    compact = "".join(first_page.split())
    assert published.title in compact
    assert "—1—" in compact  # the page number as a 公文 writes it


def test_the_pdf_carries_the_chinese_text(published, client):
    response = client.get(reverse("public:reports:file", args=[published.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    compact = "".join(text.split())
    assert published.title in compact
    assert "全年向学校下发通知3件" in compact


def test_the_figures_sheet_lists_every_figure_with_its_source(report, users):
    response = login(users["legal_officer"]).get(reverse("reports:report_file", args=[report.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("数据项", "数值", "单位")
    figures = figures_of(report)
    assert len(rows) - 1 == len(figures)
    sent = next(r for r in rows if r[5] == "notices.sent")
    assert sent[1] == 3 and sent[6].startswith("http://testserver/notices/")


def test_the_city_sees_its_counties_side_by_side(report, users, other_bureau):
    response = login(users["city_viewer"]).get(reverse("reports:rollup"), {"year": YEAR})
    body = response.content.decode()
    assert response.status_code == 200
    assert "高平市教育局" in body and "下发通知" in body


@pytest.mark.parametrize("published_first", [False, True])
def test_the_dashboard_reminds_of_last_years_report(users, bureau, settings, published_first, year_of_notices):
    settings.REPORT_DUE_GOVERNMENT = (12, 31)
    settings.REPORT_DUE_PUBLIC = (12, 31)
    client = login(users["legal_officer"])
    assert f"{YEAR - 1}年度法治政府建设报告（尚未起草" in client.get(reverse("core:dashboard")).content.decode()
    report = services.create_report(by=users["legal_officer"], year=YEAR - 1, outline=annual_outline(bureau))
    if published_first:
        fill_required(report, users["legal_officer"])
        services.submit(by=users["legal_officer"], report=report)
        services.review(by=users["bureau_admin"], report=report, conclusion="同意", approve=True)
        assert "年度法治政府建设报告" not in client.get(reverse("core:dashboard")).content.decode()
    else:
        assert "状态：草稿" in client.get(reverse("core:dashboard")).content.decode()


def test_the_charts_are_svg_with_a_text_alternative_and_freeze_on_publication(published, client, users, school):
    page = client.get(reverse("public:reports:report", args=[published.pk])).content.decode()
    assert '<svg role="img"' in page and "各月下发通知" in page
    month = timezone.localdate().month
    assert f"<tr><th scope=\"row\">{month}月</th><td>3</td></tr>" in page  # the table beside the chart
    make_notice(users["bureau_admin"], [school], reply_required=False, deadline=None)
    again = client.get(reverse("public:reports:report", args=[published.pk])).content.decode()
    assert f"<tr><th scope=\"row\">{month}月</th><td>3</td></tr>" in again


def test_the_public_gets_the_documents_but_not_the_staff_figures_sheet(client, published):
    assert client.get(reverse("public:reports:file", args=[published.pk, "pdf"])).status_code == 200
    assert client.get(reverse("public:reports:file", args=[published.pk, "xlsx"])).status_code == 404


def test_switching_the_outline_through_the_report_page(report, users, bureau):
    from apps.reports.choices import OutlineKind

    other = next(o for o in services.outlines_for(bureau) if o.kind != OutlineKind.ANNUAL)
    client = login(users["legal_officer"])
    page = client.get(report.get_absolute_url()).content.decode()
    assert "改用此提纲" in page and other.name in page
    stale = report.version
    url = reverse("reports:report_outline", args=[report.pk])
    assert client.post(url, {"outline": other.pk, "version": stale}).status_code == 302
    report.refresh_from_db()
    assert report.outline == other
    # A second press from the old page (the double submit) changes nothing more.
    response = client.post(url, {"outline": annual_outline(bureau).pk, "version": stale}, follow=True)
    assert "旧状态" in response.content.decode()
    report.refresh_from_db()
    assert report.outline == other
    assert login(users["school_user"]).post(url, {"outline": other.pk, "version": report.version}).status_code == 404
