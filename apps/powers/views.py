from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from apps.core.views import (
    ImportTemplateView,
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ServiceErrorsMixin,
    UserFormMixin,
)

from .filtersets import AdjustmentFilterSet, CreditGradeFilterSet, PowerItemFilterSet
from .forms import CancelItemForm, CatalogueImportForm, CreditGradeForm, PowerItemForm
from .importers import PowerItemImporter
from .models import Adjustment, CreditGrade, PowerBasis, PowerItem
from .tables import ADJUSTMENT_TABLE, CHANGE_TABLE, GRADE_TABLE, ITEM_LIST_TABLE, ITEM_TABLE


def with_bases(queryset):
    """Items with their bases and laws in one more query for the whole page or export."""

    return queryset.select_related("parent", "bureau").prefetch_related(
        Prefetch("bases", queryset=PowerBasis.objects.select_related("law").order_by("id"))
    )


class PowerItemListView(ObjectListView):
    model = PowerItem
    filterset_class = PowerItemFilterSet
    table = ITEM_LIST_TABLE
    export_table = ITEM_TABLE
    title = "权责清单"
    add_url_name = "powers:poweritem_add"
    import_url_name = "powers:poweritem_import"
    template_name = "powers/poweritem_list.html"

    def get_queryset(self):
        qs = self.scoped()
        if self.request.GET.get("export"):
            return with_bases(qs)
        return qs.select_related(*self.table.select_related)


class PowerItemDetailView(ObjectDetailView):
    model = PowerItem
    template_name = "powers/poweritem_detail.html"
    fields = ("code", "name", "kind", "implementing_unit", "supervision_phone", "status")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.object
        context["bases"] = item.bases.select_related("law")
        context["sub_items"] = item.sub_items.all()
        context["changes"] = item.changes.select_related("adjustment", "adjustment__document").order_by("-adjusted_on", "-id")
        if context["can_change"] and item.status == "current":
            from django.urls import reverse

            context["actions"].append(("取消事项", reverse("powers:poweritem_cancel", args=[item.pk]), "btn-outline-danger"))
        return context


class PowerItemEditView(ServiceErrorsMixin, ObjectEditView):
    model = PowerItem
    form_class = PowerItemForm


class PowerItemCancelView(ServiceErrorsMixin, ObjectEditView):
    model = PowerItem
    form_class = CancelItemForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"取消权责事项：{self.object}"
        return context


class PowerItemImportView(UserFormMixin, ImportView):
    model = PowerItem
    importer = PowerItemImporter
    form_class = CatalogueImportForm
    template_url_name = "powers:poweritem_import_template"
    success_url_name = "powers:adjustment_list"
    title = "导入权责清单"

    def make_importer(self, form) -> PowerItemImporter:
        data = form.cleaned_data
        return PowerItemImporter(
            self.request.user, adjusted_on=data.get("adjusted_on"), reason=data.get("reason", ""), document=data.get("document")
        )


class PowerItemImportTemplateView(ImportTemplateView):
    model = PowerItem
    title = "权责清单"

    @staticmethod
    def columns(user):
        return PowerItemImporter(user).columns()


class AdjustmentListView(ObjectListView):
    model = Adjustment
    filterset_class = AdjustmentFilterSet
    table = ADJUSTMENT_TABLE
    title = "清单调整记录"


class AdjustmentDetailView(ObjectDetailView):
    model = Adjustment
    template_name = "powers/adjustment_detail.html"
    fields = ("adjusted_on", "reason", "document", "made_by")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["changes"] = self.object.changes.order_by("kind_rank", "code", "id")
        context["change_table"] = CHANGE_TABLE
        return context


class CreditGradeListView(ObjectListView):
    model = CreditGrade
    filterset_class = CreditGradeFilterSet
    table = GRADE_TABLE
    title = "培训机构信用等级"
    add_url_name = "powers:creditgrade_add"


class CreditGradeDetailView(ObjectDetailView):
    model = CreditGrade
    fields = ("entity", "year", "grade", "basis", "graded_on", "reason")


class CreditGradeEditView(ServiceErrorsMixin, ObjectEditView):
    model = CreditGrade
    form_class = CreditGradeForm


class CreditGradeDeleteView(ObjectDeleteView):
    model = CreditGrade
    success_url_name = "powers:creditgrade_list"
