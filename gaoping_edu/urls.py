from django.contrib import admin
from django.urls import include, path

from apps.core import views as core_views
from apps.core.public import public_urlpatterns

public_patterns = (
    [path("", core_views.PublicHomeView.as_view(), name="home"), *public_urlpatterns()],
    "public",
)

urlpatterns = [
    path("", include(public_patterns)),
    path("public/", core_views.PublicHomeView.as_view()),
    path("dashboard/", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("registry/", include("apps.registry.urls")),
    path("documents/", include("apps.documents.urls")),
    path("bench/anchor/", core_views.AnchorView.as_view(), name="bench_anchor"),
    path("django-admin/", admin.site.urls),
]
