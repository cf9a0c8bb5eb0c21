from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.views import View

from .forms import LoginForm
from .models import SecurityEventKind
from .services import security_event_record, session_start


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        session_start(request=self.request, user=form.get_user())
        if form.get_user().password_expired():
            messages.warning(self.request, "您的密码已超过90天未修改，请尽快修改密码。")
        return response

    def form_invalid(self, form):
        security_event_record(
            request=self.request,
            kind=SecurityEventKind.LOGIN_FAILED,
            username=self.request.POST.get("username", "")[:150],
        )
        return super().form_invalid(form)


class LogoutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            security_event_record(request=request, kind=SecurityEventKind.LOGOUT)
        logout(request)
        messages.success(request, "您已安全退出。")
        return redirect("public:home")

    def get(self, request):
        # No state change on GET.
        return HttpResponseRedirect("/")
