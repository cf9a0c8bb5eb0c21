"""Reads of the annual report: its figures (live for a draft, frozen once published),
which sections' figures moved since they were drafted, the city's roll-up, the public
list, and the dashboard's due dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.attention import AttentionItem
from apps.core.reporting import facts_for, series_for

from .choices import ReportStatus
from .figures import Figure, figure_of, format_value, gather
from .models import AnnualReport, ReportSection


def reports_for(user: Any, *, write: bool = False) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.for_user(user, write=write)


def published() -> QuerySet[AnnualReport]:
    """What the public sees: published reports of every bureau."""

    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("bureau").order_by("-year", "bureau__name")


def figures_of(report: AnnualReport) -> dict[str, Figure]:
    if report.is_published and report.snapshot:
        return {key: Figure.from_json(data) for key, data in report.snapshot["figures"].items()}
    return report.gathered if report.gathered is not None else gather(report.bureau, report.year)


def series_json(bureau: Any, year: int) -> list[dict[str, Any]]:
    return [
        {"key": s.key, "label": s.label, "unit": s.unit, "url": s.url, "points": [list(p) for p in s.points]}
        for s in series_for(bureau, year)
    ]


def charts_of(report: AnnualReport) -> list[dict[str, Any]]:
    """The report's small charts: frozen with a published report, else live."""

    if report.is_published and report.snapshot:
        return report.snapshot.get("series", [])
    return series_json(report.bureau, report.year)


@dataclass(frozen=True)
class Moved:
    """A figure of a section that is not what its draft was written from."""

    label: str
    before: str
    now: str


def moved_figures(section: ReportSection, figures: dict[str, Figure]) -> list[Moved]:
    moved = []
    keys = set(section.drafted_values) | {f.key for f in figures.values() if f.key in section.drafted_values}
    for key in sorted(keys):
        before = section.drafted_values.get(key)
        figure = figures.get(key)
        now = figure.value if figure else None
        if before != now:
            label = figure.label if figure else key
            kind = figure.kind if figure else "text"
            moved.append(
                Moved(label, format_value(before, kind) if before is not None else "（无）", figure.text if figure else "（无）")
            )
    return moved


@dataclass(frozen=True)
class RollupRow:
    key: str
    label: str
    unit: str
    values: list[Any]
    total: Any


def city_rollup(user: Any, year: int) -> tuple[list[Any], list[RollupRow]]:
    """The counties under the user's bureau, and each fact side by side with its sum
    (counts and amounts are summed; texts, dates and rates are shown per county only)."""

    from apps.registry.selectors import bureaus_below

    counties = list(bureaus_below(user))
    by_county = [{f.key: f for f in facts_for(county, year)} for county in counties]
    keys: dict[str, Any] = {}
    for facts in by_county:
        for key, fact in facts.items():
            keys.setdefault(key, fact)
    rows = []
    for key, first in keys.items():
        raw = [facts[key].value if key in facts else None for facts in by_county]
        numeric = [v for v in raw if isinstance(v, int) and not isinstance(v, bool)]
        summable = first.unit != "%" and len(numeric) == len([v for v in raw if v is not None])
        total = sum(numeric) if summable and numeric else None
        values = [figure_of(facts[key]).text if key in facts else None for facts in by_county]
        rows.append(RollupRow(key, first.label, first.unit, values, total))
    return counties, rows


def due_dates(year: int) -> tuple[datetime.date, datetime.date]:
    """When last year's report is due: to the government, and public."""

    government = datetime.date(year, *settings.REPORT_DUE_GOVERNMENT)
    public = datetime.date(year, *settings.REPORT_DUE_PUBLIC)
    return government, public


def attention(user: Any) -> list[AttentionItem]:
    """From January, last year's report until it is published."""

    if not user.has_perm("reports.change_annualreport") or user.school_id:
        return []
    today = timezone.localdate()
    year = today.year - 1
    government, public = due_dates(today.year)
    if today > public:
        return []
    report = reports_for(user, write=True).filter(year=year).only("status").first()
    if report and report.status == ReportStatus.PUBLISHED:
        return []
    state = "尚未起草" if report is None else f"状态：{report.get_status_display()}"
    url = report.get_absolute_url() if report else reverse("reports:report_add")
    level = "danger" if today > government else "warning"
    deadline = f"{government.month}月{government.day}日报送、{public.month}月{public.day}日前公开"
    return [AttentionItem(f"{year}年度法治政府建设报告（{state}，{deadline}）", 1, url, level)]


def rate(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1")) if whole else Decimal("0")
