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
    path("<int:pk>/issue/", views.DocumentIssueView.as_view(), name="document_issue"),
    path("<int:pk>/reviews/add/", views.DocumentReviewAddView.as_view(), name="document_review_add"),
    path("laws/", views.LawListView.as_view(), name="law_list"),
    path("laws/add/", views.LawEditView.as_view(), name="law_add"),
    path("laws/<int:pk>/", views.LawDetailView.as_view(), name="law"),
    path("laws/<int:pk>/edit/", views.LawEditView.as_view(), name="law_edit"),
    path("laws/maintainers/", views.LawMaintainerListView.as_view(), name="lawmaintainer_list"),
    path("laws/maintainers/add/", views.LawMaintainerEditView.as_view(), name="lawmaintainer_add"),
    path("laws/maintainers/<int:pk>/delete/", views.LawMaintainerDeleteView.as_view(), name="lawmaintainer_delete"),
    path("cleanups/", views.CleanupListView.as_view(), name="cleanup_list"),
    path("cleanups/add/", views.CleanupEditView.as_view(), name="cleanup_add"),
    path("cleanups/<int:pk>/", views.CleanupDetailView.as_view(), name="cleanup"),
    path("cleanups/<int:pk>/edit/", views.CleanupEditView.as_view(), name="cleanup_edit"),
    path("cleanups/<int:pk>/decide/", views.CleanupDecideView.as_view(), name="cleanup_decide"),
    path("cleanups/<int:pk>/publish/", views.CleanupPublishView.as_view(), name="cleanup_publish"),
]
