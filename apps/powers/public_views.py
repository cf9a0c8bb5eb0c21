"""The public 权责清单 (no login): the public bureau's catalogue grouped by type with
counts, search, each item's page, the XLSX download, the catalogue as it stood on any
day, two days compared, and the history of adjustments. Only what is published: the
catalogue itself is public by law (政务公开), so every item and adjustment is shown."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import TemplateView

from apps.core.context_processors import site_bureau
from apps.core.exports import xlsx_response
from apps.core.filtersets import substring_search
from apps.core.pagination import paginate
from apps.core.tables import Table

from . import selectors
from .choices import ItemStatus, PowerKind
from .models import Adjustment, PowerItem
from .tables import CHANGE_TABLE, ITEM_TABLE
from .views import with_bases

SECTIONS = [
    (
        "权责清单",
        "public:powers:catalogue",
        "教育局的行政权力和责任事项：类型、法律依据、责任事项、追责情形和监督电话，可下载 Excel。",
    ),
]

PUBLIC_ITEM_TABLE = Table([c for c in ITEM_TABLE.columns if not c.bureau_column and c.accessor != "status"])
DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label="事项名称/编码", required=False, max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    kind = forms.ChoiceField(
        label="事项类型",
        required=False,
        choices=[("", "全部"), *PowerKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    as_of = forms.DateField(label="查看某日的清单", required=False, widget=DATE_INPUT, help_text="不填为现行清单。")


class CompareForm(forms.Form):
    start = forms.DateField(label="较早日期", widget=DATE_INPUT)
    end = forms.DateField(label="较晚日期", widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "较晚日期不能早于较早日期。")
        return data


def public_bureau() -> Any:
    bureau = site_bureau(None)
    if bureau is None:
        raise Http404("尚未设置公开信息所属的教育局。")
    return bureau


class CatalogueView(TemplateView):
    template_name = "powers/public_catalogue.html"
    per_page = 50

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        bureau = public_bureau()
        form = CatalogueForm(request.GET or None)
        valid = form.is_valid() if form.is_bound else True
        data = form.cleaned_data if form.is_bound and valid else {}
        as_of = data.get("as_of")
        if as_of:
            rows = selectors.changes_as_of([bureau.pk], as_of)
            if data.get("q"):
                term = data["q"].strip()
                rows = rows.filter(Q(name__contains=term) | Q(code__icontains=term))
            table = CHANGE_TABLE
        else:
            rows = PowerItem.objects.filter(bureau=bureau, status=ItemStatus.CURRENT)
            if data.get("q"):
                rows = substring_search(rows, data["q"])
            table = PUBLIC_ITEM_TABLE
        if not valid:
            rows = rows.none()
        counts = (selectors.kind_counts if as_of else selectors.current_kind_counts)(rows)
        if data.get("kind"):
            rows = rows.filter(kind=data["kind"])
        title = f"{bureau.name}权责清单"
        if as_of:
            title += f"（{as_of:%Y年%m月%d日}）"
        if request.GET.get("export") == "xlsx":
            objects = rows.iterator(chunk_size=500) if as_of else with_bases(rows).iterator(chunk_size=500)
            return xlsx_response(table, objects, title)
        page = paginate(
            rows,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            page=request.GET.get("page"),
            per_page=self.per_page,
        )
        context = self.get_context_data(
            bureau=bureau,
            form=form,
            as_of=as_of,
            title=title,
            counts=counts,
            total=sum(n for _, _, n in counts),
            kind=data.get("kind", ""),
            page=page,
            breadcrumbs=[],
            filtered=any(request.GET.get(name) for name in ("q", "kind", "as_of")),
        )
        return self.render_to_response(context)


class ItemView(TemplateView):
    model = PowerItem
    template_name = "powers/public_item.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bureau = public_bureau()
        item = get_object_or_404(PowerItem.objects.select_related("parent"), pk=self.kwargs["pk"], bureau=bureau)
        context.update(
            item=item,
            title=item.name,
            bases=item.bases.select_related("law"),
            sub_items=item.sub_items.filter(status=ItemStatus.CURRENT),
            changes=item.changes.select_related("adjustment").order_by("-adjusted_on", "-id"),
            breadcrumbs=[("权责清单", reverse("public:powers:catalogue"))],
        )
        return context


class AdjustmentsView(TemplateView):
    template_name = "powers/public_adjustments.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bureau = public_bureau()
        adjustments = Adjustment.objects.filter(bureau=bureau).select_related("document")
        page = paginate(
            adjustments,
            after=self.request.GET.get("after"),
            before=self.request.GET.get("before"),
            page=self.request.GET.get("page"),
            per_page=50,
        )
        context.update(
            title="权责清单调整记录",
            page=page,
            breadcrumbs=[("权责清单", reverse("public:powers:catalogue"))],
        )
        return context


class AdjustmentView(TemplateView):
    model = Adjustment
    template_name = "powers/public_adjustment.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        adjustment = get_object_or_404(
            Adjustment.objects.select_related("document"), pk=self.kwargs["pk"], bureau=public_bureau()
        )
        context.update(
            adjustment=adjustment,
            title=str(adjustment),
            changes=adjustment.changes.order_by("kind_rank", "code", "id"),
            breadcrumbs=[("权责清单", reverse("public:powers:catalogue")), ("调整记录", reverse("public:powers:adjustments"))],
        )
        return context


class CompareView(TemplateView):
    template_name = "powers/public_compare.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        bureau = public_bureau()
        form = CompareForm(self.request.GET or None)
        comparison = None
        if form.is_bound and form.is_valid():
            comparison = selectors.compare(bureau.pk, form.cleaned_data["start"], form.cleaned_data["end"])
        elif not form.is_bound:
            today = datetime.date.today()
            form = CompareForm(initial={"start": today.replace(month=1, day=1), "end": today})
        context.update(
            title="比较两个日期的权责清单",
            form=form,
            comparison=comparison,
            breadcrumbs=[("权责清单", reverse("public:powers:catalogue"))],
        )
        return context


urlpatterns = [
    path("", CatalogueView.as_view(), name="catalogue"),
    path("items/<int:pk>/", ItemView.as_view(), name="item"),
    path("adjustments/", AdjustmentsView.as_view(), name="adjustments"),
    path("adjustments/<int:pk>/", AdjustmentView.as_view(), name="adjustment"),
    path("compare/", CompareView.as_view(), name="compare"),
]
