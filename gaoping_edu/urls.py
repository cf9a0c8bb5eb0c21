from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, re_path, reverse

from apps.accounts import views as accounts_views
from apps.accounts.services import otp_required
from apps.core import views as core_views
from apps.core.public import public_urlpatterns
from apps.registry import views as registry_views


# One way in: the admin site signs in and out through the portal, so every sign-in is
# logged, listed among sessions, capped and held to the second factor.
def _admin_login(request, extra_context=None):
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


def _admin_logout(request, extra_context=None):
    return accounts_views.LogoutView.as_view()(request)


def _admin_has_permission(request) -> bool:
    user = request.user
    return AdminSite.has_permission(admin.site, request) and (user.is_verified() or not otp_required(user))


admin.site.login = _admin_login
admin.site.logout = _admin_logout
admin.site.has_permission = _admin_has_permission
admin.site.site_header = admin.site.site_title = f"{settings.PORTAL_NAME} 系统管理"

handler400 = "apps.core.errors.bad_request"

public_patterns = (
    [
        path("", core_views.PublicHomeView.as_view(), name="home"),
        # Each bureau's own public site, and the chooser between them (issue 15).
        path("public/bureaus/", core_views.PublicBureauChooserView.as_view(), name="bureau_chooser"),
        re_path(r"^public/(?P<region_code>\d{6})/$", core_views.PublicHomeView.as_view(), name="bureau_home"),
        *public_urlpatterns(),
    ],
    "public",
)

urlpatterns = [
    path("", include(public_patterns)),
    path("public/", core_views.PublicHomeView.as_view()),
    path("dashboard/", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("registry/", include("apps.registry.urls")),
    path("documents/", include("apps.documents.urls")),
    path("notices/", include("apps.notices.urls")),
    path("pledges/", include("apps.pledges.urls")),
    path("study/", include("apps.study.urls")),
    path("campus/", include("apps.campus.urls")),
    path("bullying/", include("apps.bullying.urls")),
    path("screening/", include("apps.screening.urls")),
    path("inspections/", include("apps.inspections.urls")),
    path("powers/", include("apps.powers.urls")),
    path("admissions/", include("apps.admissions.urls")),
    path("reports/", include("apps.reports.urls")),
    path("bench/anchor/", registry_views.AnchorView.as_view(), name="bench_anchor"),
    path("django-admin/", admin.site.urls),
]
