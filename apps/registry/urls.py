from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("entities/", views.EntityListView.as_view(), name="entity_list"),
    path("entities/add/", views.EntityEditView.as_view(), name="entity_add"),
    path("entities/import/", views.EntityImportView.as_view(), name="entity_import"),
    path("entities/import/template/", views.EntityImportTemplateView.as_view(), name="entity_import_template"),
    path("entities/autocomplete/", views.EntityAutocompleteView.as_view(), name="entity_autocomplete"),
    path("entities/as-of/", views.EntityAsOfView.as_view(), name="entity_as_of"),
    path("changes/", views.EntityChangeListView.as_view(), name="entitychange_list"),
    path("entities/<int:pk>/", views.EntityDetailView.as_view(), name="entity"),
    path("entities/<int:pk>/edit/", views.EntityEditView.as_view(), name="entity_edit"),
    path("entities/<int:pk>/change/", views.EntityChangeView.as_view(), name="entity_change"),
    path("entities/<int:pk>/delete/", views.EntityDeleteView.as_view(), name="entity_delete"),
    path("bureau/settings/", views.BureauSiteView.as_view(), name="bureau_site"),
    path("bureau/lists-reviewed/", views.BureauListsReviewedView.as_view(), name="bureau_lists_reviewed"),
    path("bureau/<str:region_code>/logo/", views.BureauLogoView.as_view(), name="bureau_logo"),
    path("conflicts/", views.ConflictListView.as_view(), name="conflict_list"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/add/", views.PersonEditView.as_view(), name="person_add"),
    path("people/import/", views.PersonImportView.as_view(), name="person_import"),
    path("people/import/template/", views.PersonImportTemplateView.as_view(), name="person_import_template"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
]
