from django.urls import path

from . import views

app_name = "powers"

urlpatterns = [
    path("", views.PowerItemListView.as_view(), name="poweritem_list"),
    path("add/", views.PowerItemEditView.as_view(), name="poweritem_add"),
    path("import/", views.PowerItemImportView.as_view(), name="poweritem_import"),
    path("import/template/", views.PowerItemImportTemplateView.as_view(), name="poweritem_import_template"),
    path("<int:pk>/", views.PowerItemDetailView.as_view(), name="poweritem"),
    path("<int:pk>/edit/", views.PowerItemEditView.as_view(), name="poweritem_edit"),
    path("<int:pk>/cancel/", views.PowerItemCancelView.as_view(), name="poweritem_cancel"),
    path("adjustments/", views.AdjustmentListView.as_view(), name="adjustment_list"),
    path("adjustments/<int:pk>/", views.AdjustmentDetailView.as_view(), name="adjustment"),
    path("grades/", views.CreditGradeListView.as_view(), name="creditgrade_list"),
    path("grades/add/", views.CreditGradeEditView.as_view(), name="creditgrade_add"),
    path("grades/<int:pk>/", views.CreditGradeDetailView.as_view(), name="creditgrade"),
    path("grades/<int:pk>/edit/", views.CreditGradeEditView.as_view(), name="creditgrade_edit"),
    path("grades/<int:pk>/delete/", views.CreditGradeDeleteView.as_view(), name="creditgrade_delete"),
]
