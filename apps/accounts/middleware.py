from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
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
