from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
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
    to set one up. The public site, the two-factor pages and logout stay open."""

    OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/accounts/login/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .services import otp_required

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and otp_required(user)
            and request.path != "/"
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:otp_verify" if confirmed else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
