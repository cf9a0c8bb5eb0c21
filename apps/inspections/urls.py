from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("items/", views.ItemListView.as_view(), name="inspectionitem_list"),
    path("items/add/", views.ItemEditView.as_view(), name="inspectionitem_add"),
    path("items/import/", views.ItemImportView.as_view(), name="inspectionitem_import"),
    path("items/import/template/", views.ItemImportTemplateView.as_view(), name="inspectionitem_import_template"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="inspectionitem"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="inspectionitem_edit"),
    path("items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="inspectionitem_delete"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanEditView.as_view(), name="plan_add"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path("plans/<int:pk>/approve/", views.PlanApproveView.as_view(), name="plan_approve"),
    path("plans/<int:plan>/tasks/add/", views.TaskEditView.as_view(), name="task_add"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/edit/", views.TaskEditView.as_view(), name="task_edit"),
    path("tasks/<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("tasks/<int:pk>/commit/", views.DrawCommitView.as_view(), name="draw_commit"),
    path("draws/", views.DrawListView.as_view(), name="draw_list"),
    path("draws/<int:pk>/", views.DrawDetailView.as_view(), name="draw"),
    path("draws/<int:pk>/reveal/", views.DrawRevealView.as_view(), name="draw_reveal"),
    path("draws/<int:pk>/void/", views.DrawVoidView.as_view(), name="draw_void"),
    path("inspectors/", views.InspectorListView.as_view(), name="inspector_list"),
    path("inspectors/add/", views.InspectorEditView.as_view(), name="inspector_add"),
    path("inspectors/import/", views.InspectorImportView.as_view(), name="inspector_import"),
    path("inspectors/import/template/", views.InspectorImportTemplateView.as_view(), name="inspector_import_template"),
    path("inspectors/people/", views.PersonAutocompleteView.as_view(), name="person_autocomplete"),
    path("inspectors/<int:pk>/", views.InspectorDetailView.as_view(), name="inspector"),
    path("inspectors/<int:pk>/edit/", views.InspectorEditView.as_view(), name="inspector_edit"),
    path("inspectors/<int:pk>/delete/", views.InspectorDeleteView.as_view(), name="inspector_delete"),
    path("inspectors/<int:inspector>/recusals/add/", views.RecusalAddView.as_view(), name="recusal_add"),
    path("recusals/<int:pk>/delete/", views.RecusalDeleteView.as_view(), name="recusal_delete"),
    path("results/", views.InspectionListView.as_view(), name="inspection_list"),
    path("results/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection"),
    path("results/<int:pk>/record/", views.InspectionRecordView.as_view(), name="inspection_record"),
    path("results/<int:pk>/publish/", views.InspectionPublishView.as_view(), name="inspection_publish"),
    path("results/<int:pk>/rectification/", views.RectificationView.as_view(), name="inspection_rectification"),
    path(
        "results/<int:pk>/attachments/<int:attachment>/", views.InspectionAttachmentView.as_view(), name="inspection_attachment"
    ),
    path("calendar/", views.CalendarDayListView.as_view(), name="calendarday_list"),
    path("calendar/add/", views.CalendarDayEditView.as_view(), name="calendarday_add"),
    path("calendar/<int:pk>/edit/", views.CalendarDayEditView.as_view(), name="calendarday_edit"),
    path("calendar/<int:pk>/delete/", views.CalendarDayDeleteView.as_view(), name="calendarday_delete"),
    path("setting/", views.SettingView.as_view(), name="setting"),
]
