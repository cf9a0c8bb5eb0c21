from django.urls import path

from apps.core.views import DashboardView

app_name = "documents"

# Placeholders until the document library's screens land.
urlpatterns = [
    path("", DashboardView.as_view(), name="document_list"),
    path("laws/", DashboardView.as_view(), name="law_list"),
]
