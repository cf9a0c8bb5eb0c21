from django.urls import path

from . import views

app_name = "admissions"

urlpatterns = [
    path("", views.AdmissionListView.as_view(), name="admission_list"),
    path("add/", views.AdmissionEditView.as_view(), name="admission_add"),
    path("import/", views.AdmissionImportView.as_view(), name="admission_import"),
    path("import/template/", views.AdmissionImportTemplateView.as_view(), name="admission_import_template"),
    path("figures/", views.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", views.AdmissionDetailView.as_view(), name="admission"),
    path("<int:pk>/edit/", views.AdmissionEditView.as_view(), name="admission_edit"),
    path("<int:pk>/delete/", views.AdmissionDeleteView.as_view(), name="admission_delete"),
    path("years/", views.AdmissionYearListView.as_view(), name="admissionyear_list"),
    path("years/add/", views.AdmissionYearEditView.as_view(), name="admissionyear_add"),
    path("years/<int:pk>/", views.AdmissionYearDetailView.as_view(), name="admissionyear"),
    path("years/<int:pk>/edit/", views.AdmissionYearEditView.as_view(), name="admissionyear_edit"),
]
