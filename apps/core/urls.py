from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("large-text/", views.LargeTextToggleView.as_view(), name="large_text"),
    path("imports/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
]

# 字典管理 (apps/core/dictionary_views.py).
from . import dictionary_views  # noqa: E402

urlpatterns += [
    path("dictionary/", dictionary_views.DictionaryItemListView.as_view(), name="dictionaryitem_list"),
    path("dictionary/add/", dictionary_views.DictionaryItemEditView.as_view(), name="dictionaryitem_add"),
    path("dictionary/<int:pk>/edit/", dictionary_views.DictionaryItemEditView.as_view(), name="dictionaryitem_edit"),
]
