"""The annual report's part of `make bench`, run inside bench.django_side's child process.

`build` times making and rendering a report (its figures gathered from every app, each
section drafted, the page's HTML and charts rendered; rolled back) against running the
same facts' aggregate queries bare, as a median ratio (target ≤ 2×), and counts the
queries of both. `plan` publishes a report of the user's bureau for the public page."""

from __future__ import annotations

import statistics
import time

BUILD_LIMIT = 2.0
PUBLIC = "public report"


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year - 1


def build(user, rounds: int = 5) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from apps.core.reporting import facts_for, series_for
    from apps.reports import services
    from apps.reports.charts import bar_chart
    from apps.reports.selectors import charts_of, figures_of
    from apps.reports.views import report_parts

    bureau, year = user.bureau, _year() + 1  # a year no report exists for
    outline = services.outlines_for(bureau)[0]
    user.has_perm("reports.add_annualreport")  # the permission cache, as in a request

    def bare() -> None:
        facts_for(bureau, year)
        facts_for(bureau, year - 1)
        series_for(bureau, year)

    def full() -> None:
        with transaction.atomic():
            report = services.create_report(by=user, year=year, outline=outline)
            figures = figures_of(report)
            for part in report_parts(report, figures):
                str(part["html"])
            for index, series in enumerate(charts_of(report)):
                str(bar_chart(series, f"c{index}"))
            transaction.set_rollback(True)

    timings: dict[str, list[float]] = {"bare": [], "full": []}
    queries = {}
    for name, run in (("bare", bare), ("full", full)):
        run()  # warm
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[name] = len(captured)
        for _ in range(rounds):
            started = time.perf_counter()
            run()
            timings[name].append(time.perf_counter() - started)
    bare_s, full_s = statistics.median(timings["bare"]), statistics.median(timings["full"])
    return {
        "bare_ms": round(bare_s * 1000, 1),
        "build_ms": round(full_s * 1000, 1),
        "ratio": round(full_s / bare_s, 2),
        "target": BUILD_LIMIT,
        "queries": queries,
    }


def plan(user) -> dict:
    """A published report of the user's bureau (made once) and its public page."""

    from django.urls import reverse

    from apps.accounts.models import User
    from apps.reports import services
    from apps.reports.models import AnnualReport

    year = _year()
    report = AnnualReport.objects.filter(bureau=user.bureau, year=year).first()
    if report is None:
        reviewer = User.objects.filter(bureau=user.bureau, groups__name="bureau_admin").exclude(pk=user.pk).first()
        if reviewer is None:
            reviewer = User.objects.create_user(username="bench_reviewer", bureau=user.bureau, full_name="基准审核人")
            from django.contrib.auth.models import Group

            reviewer.groups.add(Group.objects.get(name="bureau_admin"))
            reviewer = User.objects.get(pk=reviewer.pk)
        report = services.create_report(by=user, year=year, outline=services.outlines_for(user.bureau)[0])
        for section in report.sections.filter(requires_text=True):
            services.save_section(by=user, section=section, text="基准测试填写。", version=section.version)
        services.submit(by=user, report=report)
        report = services.review(by=reviewer, report=report, conclusion="基准测试", approve=True)
    return {"public": reverse("public:reports:report", args=[report.pk])}
