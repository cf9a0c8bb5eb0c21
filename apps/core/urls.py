from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("large-text/", views.LargeTextToggleView.as_view(), name="large_text"),
]

# Placeholder until the dictionary screens land.
urlpatterns += [path("dictionary/", views.DashboardView.as_view(), name="dictionaryitem_list")]
