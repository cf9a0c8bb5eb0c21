"""The demo's 2024 report: built from the demo records, published on 2025-02-26, on the
public site; loading again leaves it alone."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.reports import demo
from apps.reports.choices import ReportStatus
from apps.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def test_the_2024_report_is_published_from_the_demo_records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    report = AnnualReport.objects.get(bureau__region_code="140581", year=2024)
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_on == datetime.date(2025, 2, 26)
    assert report.reviewer.username == "admin" and report.created_by.username == "fagui"
    # figures frozen from the records: the notices of 2024 (apps/notices/demo.py)
    from apps.notices.models import Notice

    sent = Notice.objects.filter(bureau=report.bureau, status="sent", sent_at__year=2024).count()
    assert report.snapshot["figures"]["notices.sent"]["value"] == sent > 0
    page = Client().get(reverse("public:reports:report", args=[report.pk])).content.decode()
    assert "高平市教育局2024年法治政府建设工作年度报告" in page
    assert "2025年推进法治政府建设工作安排" in page and "加强理论学习" in page
    out = StringIO()
    demo.load(out)
    assert "已存在" in out.getvalue()
    assert AnnualReport.objects.count() == 1
