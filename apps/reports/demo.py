"""The 2024 annual report of 高平市教育局, built from the demo records by `fagui`,
reviewed and published by `admin` as the bureau published it on 2025-02-26, so that a
visitor of the demo finds it on the public site. Runs after every other app's demo (the
reports app is the last installed); idempotent: an existing 2024 report is left alone."""

from __future__ import annotations

import datetime
from pathlib import Path

import pghistory
from django.conf import settings
from django.db import transaction

from apps.accounts.models import User
from apps.registry.models import Bureau

from . import services
from .choices import OutlineKind
from .models import AnnualReport

COUNTY = "140581"
YEAR = 2024
PUBLISHED_ON = datetime.date(2025, 2, 26)

# Part 六 is written by hand (the data cannot write next year's plans): the bureau's own words.
NEXT_YEAR = Path(settings.BASE_DIR, "fixtures", "gaoping", "report_2024_part6.txt").read_text(encoding="utf-8").strip()


def load(stdout) -> None:
    bureau = Bureau.objects.get(region_code=COUNTY)
    if AnnualReport.objects.filter(bureau=bureau, year=YEAR).exists():
        stdout.write("  年度报告：2024年度报告已存在")
        return
    author = User.objects.get(username="fagui")
    reviewer = User.objects.get(username="admin")
    with transaction.atomic(), pghistory.context(reason="演示数据"):
        outline = next(o for o in services.outlines_for(bureau) if o.kind == OutlineKind.ANNUAL)
        report = services.create_report(by=author, year=YEAR, outline=outline)
        for section in report.sections.filter(requires_text=True, text=""):
            services.save_section(by=author, section=section, text=NEXT_YEAR, version=section.version)
        report = services.submit(by=author, report=report)
        report = services.review(
            by=reviewer, report=report, conclusion="经审查，报告不涉及国家秘密和工作秘密，同意公开。", approve=True
        )
        AnnualReport.objects.filter(pk=report.pk).update(
            published_on=PUBLISHED_ON, reviewed_on=PUBLISHED_ON - datetime.timedelta(days=2)
        )
    stdout.write("  年度报告：2024年度报告已生成并发布（2025-02-26）")
