"""双随机、一公开's part of the annual report (五): the year's tasks, the months the
inspections ran, how many schools were inspected, what was found, and where and when
the results were published. Every count links to the staff list that shows it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.urls import reverse

from apps.core.reporting import Fact

from .choices import DrawStatus, InspectionStatus, PlanStatus, Result
from .models import Draw, Inspection, Task


def _url(name: str, **params: object) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def facts(bureau, year: int) -> list[Fact]:
    tasks = list(
        Task.objects.filter(bureau=bureau, plan__year=year, plan__status=PlanStatus.APPROVED)
        .order_by("draw_on", "id")
        .values_list("name", flat=True)
    )
    draws = Draw.objects.filter(bureau=bureau, task__plan__year=year, status=DrawStatus.REVEALED).count()
    done = Inspection.objects.filter(bureau=bureau, year=year).exclude(status=InspectionStatus.ASSIGNED)
    counts = done.aggregate(
        visits=Count("pk"),
        entities=Count("entity", distinct=True),
        none=Count("pk", filter=Q(result=Result.NO_PROBLEM)),
        found=Count("pk", filter=~Q(result=Result.NO_PROBLEM)),
        rectify=Count("pk", filter=Q(result=Result.RECTIFY)),
        published=Count("pk", filter=Q(status=InspectionStatus.PUBLISHED)),
        on_time=Count("pk", filter=Q(status=InspectionStatus.PUBLISHED, published_on__lte=F("publish_due"))),
    )
    months = list(
        done.exclude(inspected_on__isnull=True)
        .annotate(month=ExtractMonth("inspected_on"))
        .values_list("month", flat=True)
        .order_by("month")
        .distinct()
    )
    where = list(
        done.filter(status=InspectionStatus.PUBLISHED)
        .values_list("published_where", flat=True)
        .order_by("published_where")
        .distinct()
    )
    published_months = list(
        done.filter(status=InspectionStatus.PUBLISHED)
        .annotate(month=ExtractMonth("published_on"))
        .values_list("month", flat=True)
        .order_by("month")
        .distinct()
    )
    listed = "inspections:inspection_list"
    return [
        Fact(
            "inspections.tasks", "抽查检查工作任务", [f"{name}" for name in tasks], "", _url("inspections:plan_list", year=year)
        ),
        Fact("inspections.draws", "随机抽取", draws, "次", _url("inspections:draw_list", year=year, status="revealed")),
        Fact("inspections.months", "检查月份", [f"{m}月" for m in months], "", _url(listed, year=year, inspected="yes")),
        Fact("inspections.visits", "检查（校次）", counts["visits"], "校次", _url(listed, year=year, inspected="yes")),
        Fact(
            "inspections.entities",
            "检查学校",
            counts["entities"],
            "所",
            _url(listed, year=year, inspected="yes", per_entity="true"),
        ),
        Fact(
            "inspections.no_problem", "未发现问题", counts["none"], "校次", _url(listed, year=year, inspected="yes", found="none")
        ),
        Fact("inspections.findings", "发现问题", counts["found"], "校次", _url(listed, year=year, inspected="yes", found="some")),
        Fact("inspections.rectify", "责令整改", counts["rectify"], "校次", _url(listed, year=year, result=Result.RECTIFY)),
        Fact("inspections.published", "结果已公示", counts["published"], "校次", _url(listed, year=year, status="published")),
        Fact(
            "inspections.published_on_time",
            "按期（20个工作日内）公示",
            counts["on_time"],
            "校次",
            _url(listed, year=year, deadline="on_time"),
        ),
        Fact("inspections.published_where", "公示渠道", where, "", _url("public:inspections:result_list", year=year)),
        Fact(
            "inspections.published_months",
            "公示月份",
            [f"{m}月" for m in published_months],
            "",
            _url(listed, year=year, status="published"),
        ),
    ]
