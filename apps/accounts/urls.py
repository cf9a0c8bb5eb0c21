from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("otp/setup/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("otp/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/otp-reset/", views.UserOTPResetView.as_view(), name="user_otp_reset"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user_unlock"),
    path("users/<int:pk>/password/", views.UserPasswordView.as_view(), name="user_password"),
    path("bureaus/", views.BureauListView.as_view(), name="bureau_list"),
    path("bureaus/add/", views.BureauCreateView.as_view(), name="bureau_add"),
    path("bureaus/<int:pk>/", views.BureauDetailView.as_view(), name="bureau"),
    path("security/", views.AccountSecurityListView.as_view(), name="account_security"),
    path("sessions/", views.SessionListView.as_view(), name="session_list"),
    path("sessions/<int:pk>/end/", views.SessionEndView.as_view(), name="session_end"),
    path("audit/", views.AuditListView.as_view(), name="audit_list"),
    path("security-events/", views.SecurityEventListView.as_view(), name="securityevent_list"),
]
