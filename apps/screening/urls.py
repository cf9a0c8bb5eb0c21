from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("overdue/", views.OverdueListView.as_view(), name="overdue_list"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/<int:pk>/file/", views.EthicsFileView.as_view(), name="ethics_file"),
    path("authorisations/", views.AuthorisationListView.as_view(), name="authorisation_list"),
    path("authorisations/add/", views.AuthorisationCreateView.as_view(), name="authorisation_add"),
    path("authorisations/<int:pk>/", views.AuthorisationDetailView.as_view(), name="authorisation"),
    path("authorisations/<int:pk>/scan/", views.AuthorisationScanView.as_view(), name="authorisation_scan"),
    path("batches/", views.QueryBatchListView.as_view(), name="querybatch_list"),
    path("batches/add/", views.QueryBatchCreateView.as_view(), name="querybatch_add"),
    path("batches/<int:pk>/", views.QueryBatchDetailView.as_view(), name="querybatch"),
    path("batches/<int:pk>/delete/", views.QueryBatchDeleteView.as_view(), name="querybatch_delete"),
    path("batches/<int:pk>/refresh/", views.BatchActionView.as_view(), name="querybatch_refresh"),
    path("batches/<int:pk>/export/", views.BatchExportView.as_view(), name="querybatch_export"),
    path("batches/<int:pk>/results/", views.ResultImportView.as_view(), name="result_import"),
    path("batches/<int:pk>/results/template/", views.ResultTemplateView.as_view(), name="result_template"),
    path("checks/", views.CheckListView.as_view(), name="check_list"),
    path("checks/<int:pk>/", views.CheckDetailView.as_view(), name="check"),
    path("results/", views.ResultListView.as_view(), name="result_list"),
    path("cases/", views.RestrictedCaseListView.as_view(), name="restrictedcase_list"),
    path("cases/<int:pk>/", views.RestrictedCaseDetailView.as_view(), name="restrictedcase"),
    path("cases/<int:pk>/edit/", views.RestrictedCaseEditView.as_view(), name="restrictedcase_edit"),
    path("cases/<int:pk>/close/", views.RestrictedCaseCloseView.as_view(), name="restrictedcase_close"),
    path("cases/<int:pk>/document/", views.RestrictedCaseDocumentView.as_view(), name="restrictedcase_document"),
    path("ethics/", views.EthicsEntryListView.as_view(), name="ethicsentry_list"),
    path("ethics/add/", views.EthicsEntryEditView.as_view(), name="ethicsentry_add"),
    path("ethics/<int:pk>/", views.EthicsEntryDetailView.as_view(), name="ethicsentry"),
    path("ethics/<int:pk>/edit/", views.EthicsEntryEditView.as_view(), name="ethicsentry_edit"),
    path("ethics/<int:pk>/delete/", views.EthicsEntryDeleteView.as_view(), name="ethicsentry_delete"),
    path("exports/", views.ExportLogListView.as_view(), name="exportlog_list"),
]
