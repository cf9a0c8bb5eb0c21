from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone


class SessionLifetimeMiddleware:
    """Cap a session's whole life (等保: idle *and* absolute timeouts).

    The idle timeout is Django's own (SESSION_COOKIE_AGE, refreshed on each request).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get("started_at")
            if started and timezone.now() - datetime.fromisoformat(started) > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(request, "登录已超过最长有效时间，请重新登录。")
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class TwoFactorMiddleware:
    """A bureau account that has signed in with its password reaches the portal only
    after its TOTP code (or a recovery code); until it has an authenticator, it is sent
    to set one up.

    While half-signed-in, only the views that step needs are reachable, matched by URL
    name after resolve() (never by path prefix: `//`, `%2F`, case or a missing slash
    would slip past a prefix). Everything else, including a path that resolves to
    nothing, leads to the second factor.
    """

    OPEN_VIEWS = frozenset({"public:home", "accounts:login", "accounts:logout", "accounts:otp_setup", "accounts:otp_verify"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .services import otp_has_device, otp_required

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and otp_required(user)
            and self.view_name(request) not in self.OPEN_VIEWS
        ):
            target = "accounts:otp_verify" if otp_has_device(user=user) else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()}, safe='/')}")
        return self.get_response(request)

    @staticmethod
    def view_name(request) -> str | None:
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None


class PasswordChangeRequiredMiddleware:
    """等保 8.1.4.1 (初始口令): an account whose password someone else set (a new account,
    an administrator's reset) opens no page but 修改密码 until its holder has changed it.
    Matched by URL name after resolve(), as TwoFactorMiddleware does."""

    OPEN_VIEWS = frozenset(
        {
            "public:home",
            "accounts:login",
            "accounts:logout",
            "accounts:otp_setup",
            "accounts:otp_verify",
            "accounts:password_change",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and TwoFactorMiddleware.view_name(request) not in self.OPEN_VIEWS
        ):
            messages.warning(request, "您的密码是管理员设置的初始密码，请先修改密码，然后才能使用本平台。")
            return redirect("accounts:password_change")
        return self.get_response(request)
