from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("add/", views.ReportCreateView.as_view(), name="report_add"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report"),
    path("<int:pk>/submit/", views.ReportStepView.as_view(), name="report_submit"),
    path("<int:pk>/outline/", views.ReportOutlineView.as_view(), name="report_outline"),
    path("<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
    path("<int:pk>/unpublish/", views.ReportUnpublishView.as_view(), name="report_unpublish"),
    path("<int:pk>/print/", views.ReportPrintView.as_view(), name="report_print"),
    path("<int:pk>/file/<str:kind>/", views.ReportFileView.as_view(), name="report_file"),
    path("sections/<int:pk>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path("sections/<int:pk>/redraft/", views.SectionRedraftView.as_view(), name="section_redraft"),
    path("outlines/", views.OutlineListView.as_view(), name="outline_list"),
    path("outlines/<int:pk>/", views.OutlineDetailView.as_view(), name="outline"),
    path("outline-sections/add/", views.OutlineSectionEditView.as_view(), name="outlinesection_add"),
    path("outline-sections/<int:pk>/edit/", views.OutlineSectionEditView.as_view(), name="outlinesection_edit"),
    path("outline-sections/<int:pk>/delete/", views.OutlineSectionDeleteView.as_view(), name="outlinesection_delete"),
    path("rollup/", views.RollupView.as_view(), name="rollup"),
]
