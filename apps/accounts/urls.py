from django.urls import path

from apps.core.views import DashboardView

from . import views

app_name = "accounts"

# user_list, session_list, audit_list, securityevent_list: placeholders until the
# management screens land.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("users/", DashboardView.as_view(), name="user_list"),
    path("sessions/", DashboardView.as_view(), name="session_list"),
    path("audit/", DashboardView.as_view(), name="audit_list"),
    path("security-events/", DashboardView.as_view(), name="securityevent_list"),
]
