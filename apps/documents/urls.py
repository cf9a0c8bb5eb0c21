from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("add/", views.DocumentEditView.as_view(), name="document_add"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document"),
    path("<int:pk>/edit/", views.DocumentEditView.as_view(), name="document_edit"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("<int:pk>/attachment/", views.DocumentAttachmentView.as_view(), name="document_attachment"),
    path("laws/", views.LawListView.as_view(), name="law_list"),
    path("laws/add/", views.LawEditView.as_view(), name="law_add"),
    path("laws/<int:pk>/", views.LawDetailView.as_view(), name="law"),
    path("laws/<int:pk>/edit/", views.LawEditView.as_view(), name="law_edit"),
]
