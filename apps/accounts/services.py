"""Writes of the accounts app: security events, sign-ins, sessions, users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import SecurityEvent, SecurityEventKind, User, UserSession
from .roles import Role


def _client_ip(request: HttpRequest) -> str | None:
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def security_event_record(
    *, request: HttpRequest, kind: str, user: User | None = None, username: str = "", detail: str = ""
) -> SecurityEvent:
    user = user or (request.user if getattr(request, "user", None) and request.user.is_authenticated else None)
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        bureau_id=getattr(user, "bureau_id", None),
        username=username or (user.username if user else ""),
        ip_address=_client_ip(request),
        path=request.path[:300],
        detail=detail[:300],
    )


def session_start(*, request: HttpRequest, user: User) -> UserSession:
    """Called right after login(): remember the session so an admin can see and end it."""

    security_event_record(request=request, kind=SecurityEventKind.LOGIN, user=user)
    request.session["started_at"] = timezone.now().isoformat()
    return UserSession.objects.create(
        user=user,
        bureau_id=user.bureau_id,
        session_key=request.session.session_key,
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def session_end(*, session: UserSession, by: User, request: HttpRequest) -> None:
    """An admin ends someone's session: the Django session is deleted at once."""

    if not by.has_perm("accounts.delete_usersession"):
        raise PermissionDenied
    with transaction.atomic():
        Session.objects.filter(session_key=session.session_key).delete()
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        security_event_record(
            request=request, kind=SecurityEventKind.SESSION_ENDED, detail=f"结束 {session.user.username} 的会话"
        )


def active_sessions(user: User):
    live = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return UserSession.objects.for_user(user).filter(ended_at__isnull=True, session_key__in=live).select_related("user")


def user_set_role(*, user: User, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "请选择有效的角色。"})
    user.groups.set([Group.objects.get(name=role)])


def user_create(*, by: User, data: dict[str, Any], role: str, password: str) -> User:
    """A bureau admin creates an account in its own bureau."""

    with transaction.atomic():
        user = User(bureau_id=by.bureau_id, **data)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.full_clean(exclude=["password"])
        user.save()
        user_set_role(user=user, role=role)
    return user
