from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("large-text/", views.LargeTextToggleView.as_view(), name="large_text"),
]
