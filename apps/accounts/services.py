"""Writes of the accounts app: security events, sign-ins, sessions, users and passwords.

Every function takes the acting user (`by`) and checks its right itself, so a view that
forgot a check still cannot create, change or end what the actor may not touch.
"""

from __future__ import annotations

import datetime
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from apps.core.middleware import client_ip

from .models import SecurityEvent, SecurityEventKind, User, UserSession
from .roles import ADMIN_DUTIES, Role

DUTIES_SEPARATED = "系统管理员、安全管理员和审计管理员须由不同的人担任，一个账号不能同时拥有其中两个角色。"


def _client_ip(request: HttpRequest) -> str | None:
    return client_ip(request) or None


def security_event_record(
    *, request: HttpRequest, kind: str, user: User | None = None, username: str = "", detail: str = ""
) -> SecurityEvent:
    """Log a security event with the request's address.

    A failed login has no signed-in user; the event still gets the bureau of the account
    it named (when that account exists), so that bureau's admin sees attacks on its
    accounts. The `user` stays empty: the attempt was not made by that user.
    """

    user = user or (request.user if getattr(request, "user", None) and request.user.is_authenticated else None)
    bureau_id = getattr(user, "bureau_id", None)
    if user is None and username:
        bureau_id = User.objects.filter(username=username).values_list("bureau_id", flat=True).first()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        bureau_id=bureau_id,
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


def session_logout(*, request: HttpRequest) -> None:
    """The user signs out (before django.contrib.auth.logout): logged, and the sign-in closed."""

    security_event_record(request=request, kind=SecurityEventKind.LOGOUT)
    UserSession.objects.filter(session_key=request.session.session_key, ended_at__isnull=True).update(ended_at=timezone.now())


def session_end(*, session: UserSession, by: User, request: HttpRequest) -> None:
    """An admin ends someone's session: the Django session is deleted at once."""

    if not by.has_perm("accounts.delete_usersession"):
        raise PermissionDenied
    if not UserSession.objects.for_user(by, write=True).filter(pk=session.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        Session.objects.filter(session_key=session.session_key).delete()
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        security_event_record(
            request=request, kind=SecurityEventKind.SESSION_ENDED, detail=f"结束 {session.user.username} 的会话"
        )


def _sessions_end_all(*, user: User) -> None:
    """End every session of `user` (deactivated, or given a new password by an admin)."""

    open_sessions = UserSession.objects.filter(user=user, ended_at__isnull=True)
    Session.objects.filter(session_key__in=open_sessions.values("session_key")).delete()
    open_sessions.update(ended_at=timezone.now())


def active_sessions(user: User) -> models.QuerySet[UserSession]:
    """The signed-in sessions the user may see, each with `expire_date` and `last_activity`.

    Django refreshes a session's expiry on every request (SESSION_SAVE_EVERY_REQUEST), so
    the last request was at expire_date − SESSION_COOKIE_AGE. One correlated subquery on
    django_session gives both the liveness filter and that time, in the list's one query.
    """

    expire_date = Session.objects.filter(session_key=models.OuterRef("session_key")).values("expire_date")[:1]
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return (
        UserSession.objects.for_user(user)
        .filter(ended_at__isnull=True)
        .annotate(expire_date=models.Subquery(expire_date))
        .filter(expire_date__gt=timezone.now())
        .annotate(
            last_activity=models.ExpressionWrapper(
                models.F("expire_date") - models.Value(idle), output_field=models.DateTimeField()
            )
        )
        .select_related("user")
    )


def roles_check(roles: set[str]) -> None:
    """等保 8.1.4.2: the three administrators' duties are held by three different people.

    The database holds the same rule (a trigger on the user-group table, accounts
    migration 0005), so django-admin or a script cannot give an account two of them.
    """

    if len(roles & set(ADMIN_DUTIES)) > 1:
        raise ValidationError({"role": DUTIES_SEPARATED})


def user_set_role(*, user: User, role: str) -> None:
    """An account holds exactly one role: any other group it had is removed."""

    if role not in Role.values:
        raise ValidationError({"role": "请选择有效的角色。"})
    roles_check({role})
    user.groups.set([Group.objects.get(name=role)])
    user.__dict__.pop("role", None)  # User.role is a cached_property


def user_add_role(*, user: User, role: str) -> None:
    """Give an account one more group (a script's or django-admin's way, never the
    portal form's): refused when it would make one person two administrators."""

    if role not in Role.values:
        raise ValidationError({"role": "请选择有效的角色。"})
    roles_check({role, *user.groups.values_list("name", flat=True)})
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("role", None)


def _check_can_manage(*, by: User, action: str, user: User | None = None) -> None:
    """`action` on accounts: add / change (系统管理员), unlock / reset_otp (安全管理员)."""

    if not by.has_perm(f"accounts.{action}_user"):
        raise PermissionDenied("您没有管理用户的权限。")
    # Accounts of the admin's own bureau only; system administrators are not theirs.
    if user is not None and not by.is_superuser and (user.bureau_id != by.bureau_id or user.is_superuser):
        raise PermissionDenied("只能管理本单位的用户。")


NEEDS_BUREAU = "请选择“所属教育局”：每个角色都属于一个教育局，没有所属教育局的账号登录后看不到任何数据。"


def _audit_in_bureau(bureau_id: int | None) -> None:
    """Writes on a bureau's accounts belong to that bureau's audit trail even when the
    platform's system administrator (no bureau) makes them: the role grant's row has no
    bureau of its own, so the request's audit context names it (pghistory merges this
    into the request's context)."""

    if bureau_id is not None:
        pghistory.context(bureau=bureau_id)


def user_create(*, by: User, data: dict[str, Any], role: str, password: str) -> User:
    """The system administrator creates an account (the password is validated by the form).

    A bureau's system administrator creates them in its own bureau; the platform's (a
    superuser, no bureau) names the bureau in `data`. Every role belongs to a bureau: an
    account without one is refused. The holder changes the password at first sign-in."""

    _check_can_manage(by=by, action="add")
    data = dict(data)
    bureau = data.pop("bureau", None)
    bureau_id = bureau.pk if bureau is not None and by.is_superuser else by.bureau_id
    if bureau_id is None:
        raise ValidationError({"bureau": NEEDS_BUREAU})
    with transaction.atomic():
        _audit_in_bureau(bureau_id)
        user = User(bureau_id=bureau_id, **data)
        if user.school_id and user.school.bureau_id != bureau_id:
            raise ValidationError({"school": "所属学校不在所选教育局的名录中。"})
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.must_change_password = True
        user.full_clean(exclude=["password"])
        user.save()
        user_set_role(user=user, role=role)
    return user


def user_update(*, user: User, by: User, data: dict[str, Any], role: str) -> User:
    """Change an account's details, role, school or activity; never its bureau.

    Deactivating (never deleting: the audit trail names the account) ends its sessions.
    An admin cannot deactivate itself nor change its own role, so a bureau always keeps
    the admin who is acting.
    """

    _check_can_manage(by=by, action="change", user=user)
    if user.pk == by.pk:
        if data.get("is_active") is False:
            raise ValidationError({"is_active": "不能停用自己的账号。"})
        if role != user.role:
            raise ValidationError({"role": "不能修改自己的角色。"})
    data = {name: value for name, value in data.items() if name != "bureau"}  # never moved between bureaus
    with transaction.atomic():
        _audit_in_bureau(user.bureau_id)
        for name, value in data.items():
            setattr(user, name, value)
        if user.bureau_id is None and not user.is_superuser:
            raise ValidationError({"role": NEEDS_BUREAU})
        if user.school_id and user.school.bureau_id != user.bureau_id:
            raise ValidationError({"school": "所属学校不在该账号所属教育局的名录中。"})
        user.full_clean(exclude=["password"])
        user.save()
        user_set_role(user=user, role=role)
        if not user.is_active:
            _sessions_end_all(user=user)
    return user


def user_password_set(*, user: User, by: User, password: str) -> None:
    """An admin gives an account a new password: its open sessions end."""

    _check_can_manage(by=by, action="change", user=user)
    with transaction.atomic():
        _audit_in_bureau(user.bureau_id)
        user.set_password(password)
        user.password_changed_at = timezone.now()
        # Someone else knows this password now: its holder replaces it at the next sign-in.
        user.must_change_password = user.pk != by.pk
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        if user.pk != by.pk:
            _sessions_end_all(user=user)


def password_change(*, user: User, password: str) -> None:
    """A user changes its own password (the form checked the old one and the rules)."""

    user.set_password(password)
    user.password_changed_at = timezone.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])


def bureau_onboard(*, by: User, bureau_data: dict[str, Any], admin_data: dict[str, Any], password: str) -> tuple[Any, User]:
    """The system administrator opens a bureau and its first 局管理员 in one step (all or
    nothing): the bureau with its region code under its parent and its default lists
    (registry.services.bureau_create), then the admin, who changes the password at
    first sign-in. The audit of both is the new bureau's."""

    from apps.registry.services import bureau_create

    with transaction.atomic():
        bureau = bureau_create(by=by, **bureau_data)
        admin = user_create(by=by, data={**admin_data, "bureau": bureau}, role=Role.BUREAU_ADMIN, password=password)
    return bureau, admin


# -- two factors (TOTP) --------------------------------------------------------------

RECOVERY_CODES = 10


def otp_required(user: User) -> bool:
    """Bureau accounts (and system administrators) need a second factor; school accounts
    do not (settings.OTP_REQUIRED switches it off for a trial without phones)."""

    from django.conf import settings

    if not settings.OTP_REQUIRED:
        return False
    return user.is_superuser or (user.role is not None and user.role != Role.SCHOOL_USER)


def otp_has_device(*, user: User) -> bool:
    """Whether the account has a confirmed authenticator (then it may not bind another)."""

    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_device_for_setup(*, user: User):
    """The user's authenticator being set up: kept unconfirmed until a code proves it."""

    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=False)


def otp_confirm(*, request: HttpRequest, user: User, device, token: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns the new recovery codes
    (shown once), or None when the code is wrong. Older authenticators are removed."""

    from django_otp import login as otp_login
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if otp_has_device(user=user) or device.user_id != user.pk:
        # Never replace a confirmed authenticator here: that is an admin reset's job.
        raise PermissionDenied("该账号已绑定手机验证器。")
    if not device.verify_token(token):
        security_event_record(request=request, kind=SecurityEventKind.LOGIN_FAILED, detail="绑定验证器时验证码错误")
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save()
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="恢复码")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    otp_login(request, device)
    security_event_record(request=request, kind=SecurityEventKind.LOGIN, detail="已绑定验证器，完成双因素登录")
    return codes


def otp_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """The second step of a sign-in: a TOTP code or an unused recovery code."""

    from django_otp import login as otp_login
    from django_otp import match_token

    device = match_token(user, token.replace(" ", ""))
    if device is None:
        security_event_record(request=request, kind=SecurityEventKind.LOGIN_FAILED, detail="验证码错误")
        return False
    otp_login(request, device)
    used = "恢复码" if device.__class__.__name__ == "StaticDevice" else "验证码"
    security_event_record(request=request, kind=SecurityEventKind.LOGIN, detail=f"双因素登录（{used}）")
    return True


def otp_reset(*, user: User, by: User, request: HttpRequest) -> None:
    """The security administrator clears a user's authenticator (a lost phone): the user sets up a new
    one at the next sign-in, and its current sessions end."""

    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _check_can_manage(by=by, action="reset_otp", user=user)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _sessions_end_all(user=user)
        security_event_record(request=request, kind=SecurityEventKind.SESSION_ENDED, detail=f"重置 {user.username} 的验证器")


def lockout_clear(*, user: User, by: User, request: HttpRequest) -> int:
    """The security administrator lifts a login lockout (5 failures) on one of its accounts before
    the 10 minutes are over; returns how many recorded failures were cleared."""

    from axes.utils import reset

    _check_can_manage(by=by, action="unlock", user=user)
    cleared = reset(username=user.username)
    security_event_record(request=request, kind=SecurityEventKind.SESSION_ENDED, detail=f"解除 {user.username} 的登录锁定")
    return cleared


def log_read_record(*, request: HttpRequest, log: str, export: str | None = None) -> SecurityEvent:
    """Reading or exporting a log is itself logged (等保: the audit administrator's own
    actions are visible to the others): a security event the security administrator sees."""

    detail = f"导出{log}（{export.upper()}）" if export else f"查看{log}"
    return security_event_record(request=request, kind=SecurityEventKind.LOG_READ, detail=detail)
