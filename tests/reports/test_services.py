"""Building, editing, reviewing and publishing a report, against the real facts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.notices.models import Notice
from apps.reports import selectors, services
from apps.reports.choices import ReportStatus
from apps.reports.figures import render_plain
from apps.reports.models import AnnualReport
from tests.notices.conftest import make_notice

from .conftest import YEAR, annual_outline, fill_required


def _section(report, title_start):
    return next(s for s in report.sections.all() if s.title.startswith(title_start))


def test_drafting_writes_markers_that_show_the_counted_figures(report):
    duties = _section(report, "一、")
    assert "{{notices.sent}}" in duties.text
    figures = selectors.figures_of(report)
    text = "".join(render_plain(duties.text, figures))
    assert "全年向学校下发通知3件" in text
    assert "签收率20%" in text  # 1 of the 5 copies
    assert duties.drafted_values["notices.sent"] == 3


def test_the_outline_follows_the_2024_report_and_next_year_is_left_to_write(report):
    titles = [s.title for s in report.sections.all()]
    assert titles[1].startswith("一、压实")
    assert titles[-1] == f"六、{YEAR + 1}年推进法治政府建设工作安排"
    last = report.sections.last()
    assert last.requires_text and last.text == ""


def test_one_report_per_bureau_and_year(report, users, bureau):
    with pytest.raises(ValidationError) as refused:
        services.create_report(by=users["legal_officer"], year=YEAR, outline=annual_outline(bureau))
    assert f"{YEAR}年度的报告已经存在" in str(refused.value)


def test_review_needs_the_written_parts(report, users):
    with pytest.raises(ValidationError) as refused:
        services.submit(by=users["legal_officer"], report=report)
    assert "还没有填写" in str(refused.value)
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_a_marker_naming_no_figure_stops_the_review(report, users):
    fill_required(report, users["legal_officer"])
    section = _section(report, "一、")
    services.save_section(by=users["legal_officer"], section=section, text="共{{notices.nothing}}件", version=section.version)
    with pytest.raises(ValidationError) as refused:
        services.submit(by=users["legal_officer"], report=report)
    assert "notices.nothing" in str(refused.value)


def test_a_save_from_an_older_version_is_refused(report, users):
    section = _section(report, "一、")
    old = section.version
    services.save_section(by=users["legal_officer"], section=section, text="甲", version=old)
    with pytest.raises(ValidationError) as refused:
        services.save_section(by=users["bureau_admin"], section=section, text="乙", version=old)
    assert "旧版本" in str(refused.value)
    section.refresh_from_db()
    assert section.text == "甲"


def test_moved_figures_are_shown_and_redrafting_takes_them(report, users, school):
    assert report.gathered is not None  # the figures it was built from, for showing it right away
    make_notice(users["bureau_admin"], [school], reply_required=False, deadline=None)
    report = AnnualReport.objects.get(pk=report.pk)  # opened again later: live figures
    section = _section(report, "一、")
    moved = selectors.moved_figures(section, selectors.figures_of(report))
    assert any(m.label == "下发通知" and m.before == "3" and m.now == "4" for m in moved)
    services.redraft_section(by=users["legal_officer"], section=section, version=section.version)
    section.refresh_from_db()
    assert section.drafted_values["notices.sent"] == 4
    assert selectors.moved_figures(section, selectors.figures_of(report)) == []


def test_the_author_cannot_review_their_own_report(users, bureau, year_of_notices):
    admin = users["bureau_admin"]
    report = services.create_report(by=admin, year=YEAR, outline=annual_outline(bureau))
    fill_required(report, admin)
    services.submit(by=admin, report=report)
    with pytest.raises(PermissionDenied):
        services.review(by=admin, report=report, conclusion="同意", approve=True)
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.REVIEW


def test_the_legal_officer_cannot_publish(report, users):
    fill_required(report, users["legal_officer"])
    services.submit(by=users["legal_officer"], report=report)
    with pytest.raises(PermissionDenied):
        services.review(by=users["legal_officer"], report=report, conclusion="同意", approve=True)


def test_a_published_report_does_not_change_when_the_data_does(published, users, school):
    figures = selectors.figures_of(published)
    assert figures["notices.sent"].value == 3
    make_notice(users["bureau_admin"], [school], reply_required=False, deadline=None)
    Notice.objects.filter(kind="forward").delete()
    published.refresh_from_db()
    assert selectors.figures_of(published)["notices.sent"].value == 3
    # ... and a published report cannot be edited
    with pytest.raises(ValidationError):
        section = published.sections.first()
        services.save_section(by=users["legal_officer"], section=section, text="改", version=section.version)


def test_unpublishing_needs_a_reason_and_makes_the_figures_live_again(published, users, school):
    admin = users["bureau_admin"]
    with pytest.raises(ValidationError):
        services.unpublish(by=admin, report=published, reason=" ")
    make_notice(admin, [school], reply_required=False, deadline=None)
    report = services.unpublish(by=admin, report=published, reason="数据有误，重新核对。")
    assert report.status == ReportStatus.DRAFT and report.unpublish_reason == "数据有误，重新核对。"
    assert selectors.figures_of(report)["notices.sent"].value == 4


def test_sent_back_by_the_reviewer_it_is_a_draft_again(report, users):
    fill_required(report, users["legal_officer"])
    services.submit(by=users["legal_officer"], report=report)
    report = services.review(by=users["bureau_admin"], report=report, conclusion="第五部分有工作秘密，请删改。", approve=False)
    assert report.status == ReportStatus.DRAFT
    assert report.review_conclusion == "第五部分有工作秘密，请删改。"


def test_building_a_report_takes_the_same_queries_however_many_records(
    users, bureau, school, other_school, django_assert_max_num_queries
):
    admin, officer = users["bureau_admin"], users["legal_officer"]
    officer.has_perm("reports.add_annualreport")  # the permission cache, loaded once per user
    counts = []
    for year, n in ((YEAR - 3, 2), (YEAR - 2, 8)):
        sent = [make_notice(admin, [school, other_school], reply_required=False, deadline=None) for _ in range(n)]
        when = timezone.make_aware(datetime.datetime(year, 5, 1, 9))
        Notice.objects.filter(pk__in=[s.pk for s in sent]).update(sent_at=when)
        outline = annual_outline(bureau)
        outline.bureau  # noqa: B018 (loaded outside the count, as the view has it)
        with CaptureQueriesContext(connection) as queries:
            services.create_report(by=officer, year=year, outline=outline)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    outline = annual_outline(bureau)
    outline.bureau  # noqa: B018
    with django_assert_max_num_queries(counts[0]):
        services.create_report(by=officer, year=YEAR - 1, outline=outline)


def test_switching_the_outline_keeps_the_written_text_and_drafts_the_rest(report, users, bureau):
    from apps.reports.choices import OutlineKind

    author = users["legal_officer"]
    duties = _section(report, "一、")
    services.save_section(by=author, section=duties, text="本局手写的第一部分。", version=duties.version)
    duty_rules = next(o for o in services.outlines_for(bureau) if o.kind != OutlineKind.ANNUAL)
    # The same heading in the new outline keeps what was written under it.
    duty_rules.sections.filter(position=2).update(title=duties.title)

    report = services.switch_outline(by=author, report=report, outline=duty_rules, version=report.version)

    assert report.outline == duty_rules
    titles = [s.title for s in report.sections.all()]
    assert len(titles) == duty_rules.sections.count()
    assert _section(report, "一、").text == "本局手写的第一部分。"
    assert not any(t.startswith("六、") for t in titles)
    with pytest.raises(ValidationError, match="已经在使用"):
        services.switch_outline(by=author, report=report, outline=duty_rules)


def test_only_a_draft_switches_and_only_to_the_bureaus_own_outline(published, users, bureau, other_bureau):
    from apps.reports.choices import OutlineKind

    other = next(o for o in services.outlines_for(bureau) if o.kind != OutlineKind.ANNUAL)
    with pytest.raises(ValidationError):
        services.switch_outline(by=users["bureau_admin"], report=published, outline=other)
    foreign = services.outlines_for(other_bureau)[0]
    with pytest.raises(PermissionDenied):
        services.switch_outline(by=users["bureau_admin"], report=published, outline=foreign)
    with pytest.raises(PermissionDenied):
        services.switch_outline(by=users["other_bureau_admin"], report=published, outline=foreign)
    assert published.sections.count() == annual_outline(bureau).sections.count()
