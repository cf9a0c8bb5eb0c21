"""The reports tests: a year of notices in 高平 (the facts the report is built from)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.reports import services
from apps.reports.choices import OutlineKind
from tests.notices.conftest import make_notice

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year_of_notices(users, school, other_school):
    """This year: two notices to both schools, one to 高平二中; 高平二中 signs one."""

    admin = users["bureau_admin"]
    sent = [
        make_notice(admin, [school, other_school], kind="issue", reply_required=False, deadline=None),
        make_notice(admin, [school, other_school], kind="forward", reply_required=False, deadline=None),
        make_notice(admin, [school], reply_required=False, deadline=None),
    ]
    from apps.notices import services as notices

    notices.addressee_acknowledge(addressee=sent[0].addressees.get(school=school), by=users["school_user"])
    return sent


def annual_outline(bureau):
    return next(o for o in services.outlines_for(bureau) if o.kind == OutlineKind.ANNUAL)


@pytest.fixture
def report(users, bureau, year_of_notices):
    return services.create_report(by=users["legal_officer"], year=YEAR, outline=annual_outline(bureau))


def fill_required(report, by):
    for section in report.sections.filter(requires_text=True):
        services.save_section(by=by, section=section, text="（一）继续加强学法。", version=section.version)


@pytest.fixture
def published(report, users):
    fill_required(report, users["legal_officer"])
    services.submit(by=users["legal_officer"], report=report)
    return services.review(by=users["bureau_admin"], report=report, conclusion="不涉密，同意公开。", approve=True)
