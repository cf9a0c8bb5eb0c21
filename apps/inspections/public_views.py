"""What anyone may see of 双随机、一公开, without signing in: published results (search,
an entity's history, CSV and JSON downloads), approved plans, the item list, and every
draw of an approved plan with its JSON for the verifier. Inspector names appear only
where the bureau publishes them; 执法证 numbers never do."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import TemplateView

from apps.core.exports import csv_response
from apps.core.pagination import paginate
from apps.core.tables import Cells, labelled_rows
from apps.registry.choices import ChangeKind
from apps.registry.models import Entity, EntityChange

from . import selectors
from .filtersets import PublicResultFilterSet
from .models import Draw, Inspection, InspectionItem
from .tables import ITEM_TABLE, PUBLIC_RESULT_TABLE

SECTIONS = [
    (
        "双随机抽查结果公示",
        "public:inspections:result_list",
        "“双随机、一公开”抽查检查结果，可按学校、任务、事项、年度和结果查询、下载。",
    ),
    (
        "抽查计划与抽取",
        "public:inspections:plan_list",
        "年度抽查计划和每次随机抽取的承诺值、种子和结果，任何人可自行核验。",
    ),
    ("随机抽查事项清单", "public:inspections:item_list", "教育局随机抽查的事项、依据、检查内容和方式。"),
]


def _rows(table, objects) -> list[tuple[Any, Cells]]:
    return labelled_rows(table.columns, table.columns, table.rows(objects), _result_url)


def _result_url(visit) -> str:
    return reverse("public:inspections:result", args=[visit.pk])


class PublicResultListView(TemplateView):
    template_name = "inspections/public_result_list.html"
    per_page = 50

    def filtered(self) -> tuple[PublicResultFilterSet, QuerySet[Inspection]]:
        ids = selectors.public_bureau_ids()
        queryset = Inspection.objects.filter(bureau_id__in=ids, status="published")
        filterset = PublicResultFilterSet(self.request.GET or None, queryset=queryset, bureau_ids=ids)
        if filterset.is_bound:
            queryset = filterset.qs if filterset.is_valid() else queryset.none()
        return filterset, queryset

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export = request.GET.get("export")
        if export in ("csv", "json"):
            _, queryset = self.filtered()
            rows = queryset.prefetch_related("tasks").order_by("-year", "-id")
            if export == "csv":
                return csv_response(PUBLIC_RESULT_TABLE, rows.iterator(chunk_size=500), "双随机抽查结果")
            return _json_download(rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filterset, queryset = self.filtered()
        request = self.request
        page = paginate(
            queryset.prefetch_related("tasks"),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            page=request.GET.get("page"),
            per_page=self.per_page,
        )
        context.update(
            title="双随机抽查结果公示",
            breadcrumbs=[],
            filter=filterset,
            filtered=any(request.GET.get(name) for name in filterset.filters),
            page=page,
            columns=PUBLIC_RESULT_TABLE.columns,
            rows=_rows(PUBLIC_RESULT_TABLE, page.object_list),
        )
        return context


def _result_json(visit: Inspection) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "entity": visit.entity_name,
        "year": visit.year,
        "tasks": [task.name for task in visit.tasks.all()],
        "inspected_on": visit.inspected_on.isoformat() if visit.inspected_on else None,
        "result": visit.get_result_display(),
        "handling": visit.handling,
        "published_on": visit.published_on.isoformat() if visit.published_on else None,
    }


def _json_download(rows: QuerySet[Inspection]) -> StreamingHttpResponse:
    """All published results as one JSON array, streamed in chunks."""

    def stream():
        yield "["
        for i, visit in enumerate(rows.iterator(chunk_size=500)):
            yield ("," if i else "") + json.dumps(_result_json(visit), ensure_ascii=False)
        yield "]"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "双随机抽查结果.json")
    return response


class PublicResultDetailView(TemplateView):
    template_name = "inspections/public_result_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        visit = get_object_or_404(selectors.public_results().select_related("entity"), pk=self.kwargs["pk"])
        show_names = selectors.setting_for(visit.bureau_id).publish_inspector_names
        inspectors = [f"{i.code} {i.person.name}" if show_names else i.code for i in visit.inspectors.select_related("person")]
        draws = [d for d in visit.draws.all() if d.status != "void"]
        context.update(
            title=f"{visit.entity_name}（{visit.year}年）",
            breadcrumbs=[("双随机抽查结果公示", reverse("public:inspections:result_list"))],
            object=visit,
            tasks=visit.tasks.all(),
            inspectors=inspectors,
            draws=draws,
        )
        return context


def lineage(entity: Entity) -> list[int]:
    """The entity and every entity merged into it, however many steps back: its
    inspection history survives merges (renames keep the same row)."""

    ids, frontier = [entity.pk], [entity.pk]
    while frontier:
        frontier = list(Entity.objects.filter(merged_into_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True))
        ids += frontier
    return ids


class PublicEntityView(TemplateView):
    template_name = "inspections/public_entity.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = get_object_or_404(Entity.objects.filter(bureau_id__in=selectors.public_bureau_ids()), pk=self.kwargs["pk"])
        ids = lineage(entity)
        results = selectors.public_results().filter(entity_id__in=ids).prefetch_related("tasks").order_by("-inspected_on", "-id")
        changes = (
            EntityChange.objects.filter(entity_id__in=ids, kind__in=[ChangeKind.RENAMED, ChangeKind.MERGED])
            .select_related("entity")
            .order_by("-effective_on")
        )
        context.update(
            title=f"{entity.name}：检查记录",
            breadcrumbs=[("双随机抽查结果公示", reverse("public:inspections:result_list"))],
            entity=entity,
            columns=PUBLIC_RESULT_TABLE.columns,
            rows=_rows(PUBLIC_RESULT_TABLE, results),
            changes=changes,
        )
        return context


class PublicPlanListView(TemplateView):
    template_name = "inspections/public_plan_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title="抽查计划与抽取", breadcrumbs=[], plans=selectors.public_plans().order_by("-year", "-id")[:100])
        return context


class PublicPlanDetailView(TemplateView):
    template_name = "inspections/public_plan_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = get_object_or_404(selectors.public_plans(), pk=self.kwargs["pk"])
        context.update(
            title=plan.title,
            breadcrumbs=[("抽查计划与抽取", reverse("public:inspections:plan_list"))],
            plan=plan,
            tasks=plan.tasks.prefetch_related("items", "draws"),
        )
        return context


class PublicItemListView(TemplateView):
    template_name = "inspections/public_item_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        items = InspectionItem.objects.filter(bureau_id__in=selectors.public_bureau_ids(), is_active=True).prefetch_related(
            "laws"
        )
        context.update(title="随机抽查事项清单", breadcrumbs=[], items=items, columns=ITEM_TABLE.columns)
        return context


class PublicDrawView(TemplateView):
    template_name = "inspections/public_draw.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from .views import _result_rows

        context = super().get_context_data(**kwargs)
        draw = get_object_or_404(selectors.public_draws().select_related("task__plan"), pk=self.kwargs["pk"])
        names = selectors.setting_for(draw.bureau_id).publish_inspector_names
        context.update(
            title=f"抽取：{draw.task.name}",
            breadcrumbs=[
                ("抽查计划与抽取", reverse("public:inspections:plan_list")),
                (draw.task.plan.title, reverse("public:inspections:plan", args=[draw.task.plan_id])),
            ],
            draw=draw,
            data=draw.public_json(),
            rows=_result_rows(draw, names=names),
        )
        return context


class PublicDrawJsonView(View):
    """The draw in DESIGN.md's shape, for scripts/verify_draw.py."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        draw = Draw.objects.filter(pk=pk).select_related("task__plan").first()
        if draw is None or not selectors.public_draws().filter(pk=pk).exists():
            raise Http404("没有这次抽取。")
        response = JsonResponse(draw.public_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = content_disposition_header(False, f"draw-{draw.pk}.json")
        return response


urlpatterns = [
    path("", PublicResultListView.as_view(), name="result_list"),
    path("results/<int:pk>/", PublicResultDetailView.as_view(), name="result"),
    path("entities/<int:pk>/", PublicEntityView.as_view(), name="entity"),
    path("plans/", PublicPlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", PublicPlanDetailView.as_view(), name="plan"),
    path("items/", PublicItemListView.as_view(), name="item_list"),
    path("draws/<int:pk>/", PublicDrawView.as_view(), name="draw"),
    path("draws/<int:pk>.json", PublicDrawJsonView.as_view(), name="draw_json"),
]
