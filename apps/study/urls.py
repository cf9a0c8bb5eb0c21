from django.urls import path

from . import views

app_name = "study"

urlpatterns = [
    path("", views.StudySessionListView.as_view(), name="studysession_list"),
    path("add/", views.StudySessionEditView.as_view(), name="studysession_add"),
    path("<int:pk>/", views.StudySessionDetailView.as_view(), name="studysession"),
    path("<int:pk>/edit/", views.StudySessionEditView.as_view(), name="studysession_edit"),
    path("<int:pk>/delete/", views.StudySessionDeleteView.as_view(), name="studysession_delete"),
    path("<int:pk>/materials/", views.StudySessionMaterialsView.as_view(), name="studysession_materials"),
    path("<int:pk>/attendance/", views.AttendanceEditView.as_view(), name="attendance_edit"),
    path("<int:pk>/attendance/import/", views.AttendanceImportView.as_view(), name="attendance_import"),
    path("attendance/", views.AttendanceListView.as_view(), name="attendance_list"),
    path("attendance/import/template/", views.AttendanceImportTemplateView.as_view(), name="attendance_import_template"),
    path("people/autocomplete/", views.PersonAutocompleteView.as_view(), name="person_autocomplete"),
    path("people/<int:pk>/", views.PersonYearView.as_view(), name="person_year"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
]
