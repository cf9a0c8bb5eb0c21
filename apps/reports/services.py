"""Writes of the annual report: making it (gathering every app's figures and drafting
each section), editing and redrafting a section, sending it for review, the review
(保密审查) by a second person, publishing (the snapshot) and unpublishing. Each takes the
acting user, checks the right inside and refuses an invalid step with a Chinese message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .choices import ReportStatus
from .drafting import draft, drafted_values
from .figures import Figure, gather, markers_in
from .models import AnnualReport, Outline, OutlineSection, ReportSection
from .outlines import BUILT_IN

STALE = "该章节已被他人修改（您看到的是旧版本），请重新打开后再修改。"
STALE_REPORT = "报告已被他人处理（您看到的是旧状态），请刷新后再操作。"
NOT_DRAFT = "报告已送审或已发布，不能再修改；如需修改，请先由审核人退回。"
ALREADY_EXISTS = "{year}年度的报告已经存在。"
OWN_REVIEW = "不能审核自己起草或送审的报告，请由另一位同事审核。"


def _require(by: Any, perm: str, bureau_id: int | None = None) -> None:
    if not by.has_perm(perm) or by.school_id:
        raise PermissionDenied("您没有执行此操作的权限。")
    if bureau_id is not None and not by.is_superuser and by.bureau_id != bureau_id:
        raise PermissionDenied("您只能处理本局的报告。")


def outlines_for(bureau: Any) -> list[Outline]:
    """The bureau's outlines; the built-in ones copied in the first time they are asked for."""

    existing = list(Outline.objects.filter(bureau=bureau).order_by("id"))
    if existing:
        return existing
    with transaction.atomic():
        for spec in BUILT_IN:
            outline = Outline.objects.create(bureau=bureau, name=spec.name, kind=spec.kind)
            OutlineSection.objects.bulk_create(
                OutlineSection(
                    bureau=bureau,
                    outline=outline,
                    position=position,
                    level=s.level,
                    title=s.title,
                    facts=list(s.facts),
                    template=s.template,
                    guidance=s.guidance,
                    requires_text=s.requires_text,
                )
                for position, s in enumerate(spec.sections, start=1)
            )
    return list(Outline.objects.filter(bureau=bureau).order_by("id"))


def _title(bureau: Any, year: int) -> str:
    return f"{bureau.name}{year}年法治政府建设工作年度报告"


def _sections(report: AnnualReport, outline: Outline, figures: dict[str, Figure], by: Any,
              kept: dict[str, str]) -> list[ReportSection]:
    """The outline's sections for `report`, each drafted from the figures, except those
    whose title is in `kept`: their text (the staff's writing) carries over."""

    year, bureau = report.year, report.bureau
    sections = []
    for s in outline.sections.order_by("position"):
        title = s.title.format(year=year, next_year=year + 1)
        sections.append(
            ReportSection(
                bureau=bureau,
                report=report,
                position=s.position,
                level=s.level,
                title=title,
                facts=s.facts,
                template=s.template,
                guidance=s.guidance,
                requires_text=s.requires_text,
                text=kept[title] if title in kept else draft(s.template, s.facts, figures, year, bureau.name),
                drafted_values=drafted_values(s.facts, figures),
                edited_by=by,
            )
        )
    return ReportSection.objects.bulk_create(sections)


def create_report(*, by: Any, year: int, outline: Outline) -> AnnualReport:
    """A report for `year`: the outline's sections copied, each drafted from the figures."""

    _require(by, "reports.add_annualreport", outline.bureau_id)
    bureau = outline.bureau
    figures = gather(bureau, year)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                bureau=bureau, year=year, title=_title(bureau, year), outline=outline, created_by=by
            )
            _sections(report, outline, figures, by, kept={})
    except IntegrityError as clash:
        raise ValidationError({"year": ALREADY_EXISTS.format(year=year)}) from clash
    report.gathered = figures
    return report


def switch_outline(*, by: Any, report: AnnualReport, outline: Outline, version: int | None = None) -> AnnualReport:
    """A draft rebuilt on another of the bureau's outlines. A section whose title the new
    outline also has keeps its text; the others are drafted afresh."""

    _require(by, "reports.change_annualreport", report.bureau_id)
    if outline.bureau_id != report.bureau_id:
        raise PermissionDenied("只能使用本局的提纲。")
    with transaction.atomic():
        report = _transition(report, ReportStatus.DRAFT, version)
        if outline.pk == report.outline_id:
            raise ValidationError({"outline": "报告已经在使用这个提纲。"})
        kept = {s.title: s.text for s in report.sections.all() if s.text.strip()}
        report.sections.all().delete()
        figures = gather(report.bureau, report.year)
        _sections(report, outline, figures, by, kept)
        report.outline = outline
        report.version += 1
        report.save(update_fields=["outline", "version", "updated_at"])
    report.gathered = figures
    return report


def _editable(by: Any, report: AnnualReport) -> None:
    _require(by, "reports.change_annualreport", report.bureau_id)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(NOT_DRAFT)


def save_section(*, by: Any, section: ReportSection, text: str, version: int | None) -> ReportSection:
    """The staff's narrative; refused when saved from an older version of the section."""

    with transaction.atomic():
        section = ReportSection.objects.select_for_update().select_related("report").get(pk=section.pk)
        _editable(by, section.report)
        if version is not None and version != section.version:
            raise ValidationError(STALE)
        section.text = text.strip()
        section.version += 1
        section.edited_by = by
        section.save(update_fields=["text", "version", "edited_by", "updated_at"])
    return section


def redraft_section(*, by: Any, section: ReportSection, version: int | None = None) -> ReportSection:
    """Write the section again from today's figures (its edits are replaced)."""

    with transaction.atomic():
        section = ReportSection.objects.select_for_update().select_related("report__bureau").get(pk=section.pk)
        report = section.report
        _editable(by, report)
        if version is not None and version != section.version:
            raise ValidationError(STALE)
        figures = gather(report.bureau, report.year)
        section.text = draft(section.template, section.facts, figures, report.year, report.bureau.name)
        section.drafted_values = drafted_values(section.facts, figures)
        section.version += 1
        section.edited_by = by
        section.save(update_fields=["text", "drafted_values", "version", "edited_by", "updated_at"])
    return section


def problems(report: AnnualReport, figures: dict[str, Figure]) -> list[str]:
    """What stops the report going to review: a section that must be written and is
    empty, a figure the text names that no app reports."""

    found = []
    for section in report.sections.all():
        name = section.title or "导语"
        if section.requires_text and not section.text.strip():
            found.append(f"“{name}”还没有填写。")
        missing = [key for key in markers_in(section.text) if key not in figures]
        if missing:
            found.append(f"“{name}”引用了不存在的数据：{'、'.join(missing)}。")
    return found


def _transition(report: AnnualReport, expected: str, version: int | None) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != expected or (version is not None and version != locked.version):
        raise ValidationError(STALE_REPORT)
    return locked


def submit(*, by: Any, report: AnnualReport, version: int | None = None) -> AnnualReport:
    _require(by, "reports.change_annualreport", report.bureau_id)
    with transaction.atomic():
        report = _transition(report, ReportStatus.DRAFT, version)
        found = problems(report, gather(report.bureau, report.year))
        if found:
            raise ValidationError(found)
        report.status = ReportStatus.REVIEW
        report.submitted_by = by
        report.submitted_at = timezone.now()
        report.reviewer = None
        report.reviewed_on = None
        report.version += 1
        report.save()
    return report


def _snapshot(report: AnnualReport) -> dict[str, Any]:
    figures = gather(report.bureau, report.year)
    from .selectors import series_json

    return {
        "figures": {key: figure.as_json() for key, figure in figures.items()},
        "series": series_json(report.bureau, report.year),
        "sections": [{"level": s.level, "title": s.title, "text": s.text} for s in report.sections.order_by("position")],
    }


def review(*, by: Any, report: AnnualReport, conclusion: str, approve: bool, version: int | None = None) -> AnnualReport:
    """保密审查 by someone other than the author: approving publishes (it needs the right
    to publish), sending back returns the report to draft with the conclusion."""

    _require(by, "reports.publish_annualreport", report.bureau_id)
    if not conclusion.strip():
        raise ValidationError({"conclusion": "请填写审查结论。"})
    with transaction.atomic():
        report = _transition(report, ReportStatus.REVIEW, version)
        if by.pk in (report.created_by_id, report.submitted_by_id):
            raise PermissionDenied(OWN_REVIEW)
        report.reviewer = by
        report.reviewed_on = timezone.localdate()
        report.review_conclusion = conclusion.strip()
        report.version += 1
        if approve:
            report.snapshot = _snapshot(report)
            report.status = ReportStatus.PUBLISHED
            report.published_on = timezone.localdate()
            report.published_by = by
            report.unpublish_reason = ""
        else:
            report.status = ReportStatus.DRAFT
        report.save()
    return report


def unpublish(*, by: Any, report: AnnualReport, reason: str, version: int | None = None) -> AnnualReport:
    """Back to draft, with the reason kept (and in the audit trail); the figures are live again."""

    _require(by, "reports.publish_annualreport", report.bureau_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回发布的原因。"})
    with transaction.atomic():
        report = _transition(report, ReportStatus.PUBLISHED, version)
        report.status = ReportStatus.DRAFT
        report.unpublish_reason = reason.strip()
        report.snapshot = {}
        report.published_on = None
        report.version += 1
        report.save()
    return report
