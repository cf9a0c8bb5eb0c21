from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from apps.core.views import (
    ImportTemplateView,
    ImportView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ServiceErrorsMixin,
)

from .filtersets import AdmissionFilterSet, AdmissionYearFilterSet
from .forms import AdmissionForm, AdmissionYearForm
from .importers import AdmissionImporter
from .models import Admission, AdmissionYear
from .selectors import yearly_figures
from .tables import ADMISSION_TABLE, YEAR_TABLE


class AdmissionListView(ObjectListView):
    model = Admission
    filterset_class = AdmissionFilterSet
    table = ADMISSION_TABLE
    title = "入学录取"
    add_url_name = "admissions:admission_add"
    import_url_name = "admissions:admission_import"
    template_name = "admissions/admission_list.html"


class AdmissionDetailView(ObjectDetailView):
    model = Admission
    fields = ("school", "year", "stage", "admitted", "admitted_online")


class AdmissionEditView(ServiceErrorsMixin, ObjectEditView):
    model = Admission
    form_class = AdmissionForm


class AdmissionDeleteView(ObjectDeleteView):
    model = Admission
    success_url_name = "admissions:admission_list"


class AdmissionImportView(ImportView):
    model = Admission
    importer = AdmissionImporter
    template_url_name = "admissions:admission_import_template"
    success_url_name = "admissions:admission_list"
    title = "导入入学录取（招生平台导出的 Excel）"


class AdmissionImportTemplateView(ImportTemplateView):
    model = Admission
    title = "入学录取"

    @staticmethod
    def columns(user):
        return AdmissionImporter(user).columns()


class FiguresView(PortalPermissionMixin, TemplateView):
    """The bureau's yearly figures: admitted, online, offline, online share (one query)."""

    model = Admission
    template_name = "admissions/figures.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="入学录取年度统计",
            breadcrumbs=[("入学录取", "../")],
            figures=yearly_figures(Admission.objects.for_user(self.request.user)),
        )
        return context


class AdmissionYearListView(ObjectListView):
    model = AdmissionYear
    filterset_class = AdmissionYearFilterSet
    table = YEAR_TABLE
    title = "招生年度与招生文件"
    add_url_name = "admissions:admissionyear_add"


class AdmissionYearDetailView(ObjectDetailView):
    model = AdmissionYear
    template_name = "admissions/admissionyear_detail.html"
    fields = ("year", "note")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = self.object
        context["documents"] = year.documents.order_by("issued_on", "id")
        context["figures"] = yearly_figures(Admission.objects.for_user(self.request.user).filter(year=year.year))
        return context


class AdmissionYearEditView(ObjectEditView):
    model = AdmissionYear
    form_class = AdmissionYearForm
