"""Users (with their bureau and school), login/security events and signed-in sessions."""

from __future__ import annotations

import pgtrigger
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from apps.core.audit import ROW_NAMES, audited, audited_links
from apps.core.models import ScopedQuerySet

from .roles import Role


class PortalUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


# 长者模式 (large_text) is a display preference, not account data: a click on it is no
# 修改 用户 in the audit trail.
@audited(exclude=("password", "last_login", "large_text"))
class User(AbstractUser):
    """A portal account: belongs to one bureau and, for school staff, to one school."""

    bureau = models.ForeignKey(
        "registry.Bureau",
        verbose_name="所属教育局",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    school = models.ForeignKey(
        "registry.Entity",
        verbose_name="所属学校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    large_text = models.BooleanField("长者模式（大字号）", default=False)
    # 等保 8.1.4.1 (初始口令): a password someone else set (a new account, an admin's
    # reset) is changed by its holder before any page opens (PasswordChangeRequiredMiddleware).
    must_change_password = models.BooleanField("须修改初始密码", default=False)

    objects = PortalUserManager()

    school_lookups = ("school_id",)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]
        permissions = [
            ("view_auditlog", "查看审计日志"),
            ("unlock_user", "解除登录锁定"),
            ("reset_otp_user", "重置手机验证器"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=True) | models.Q(bureau__isnull=False),
                name="%(app_label)s_%(class)s_school_needs_bureau",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_edit", args=[self.pk])

    @cached_property
    def role(self) -> str | None:
        names = {g.name for g in self.groups.all()}
        return next((r for r in Role.values if r in names), None)

    @property
    def role_label(self) -> str:
        role = self.role
        return Role(role).label if role else ("超级管理员" if self.is_superuser else "")

    def visible_bureau_ids(self) -> list[int]:
        """This user's bureau and every bureau under it (cached for the request)."""

        if not hasattr(self, "_visible_bureau_ids"):
            from apps.registry.models import Bureau

            if self.bureau_id is None:
                self._visible_bureau_ids = []
            else:
                own = Bureau.objects.filter(pk=self.bureau_id).values("path")
                self._visible_bureau_ids = list(
                    Bureau.objects.filter(path__startswith=models.Subquery(own)).values_list("id", flat=True)
                )
        return self._visible_bureau_ids

    def password_expired(self) -> bool:
        from django.conf import settings

        if self.password_changed_at is None:
            return False
        return (timezone.now() - self.password_changed_at).days >= settings.PASSWORD_MAX_AGE_DAYS


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "登录锁定"
    LOGOUT = "logout", "退出登录"
    SESSION_ENDED = "session_ended", "会话被管理员结束"
    DENIED = "denied", "越权访问被拒绝"
    PERSONAL_DATA_VIEWED = "pii_viewed", "查看完整个人信息"
    LOG_READ = "log_read", "查看或导出日志"


class SecurityEvent(models.Model):
    """Logins, failures, lockouts and denied attempts: who, when, from where, outcome."""

    kind = models.CharField("事件", max_length=20, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        User, verbose_name="用户", null=True, blank=True, on_delete=models.SET_NULL, related_name="security_events"
    )
    bureau = models.ForeignKey(
        "registry.Bureau", verbose_name="所属教育局", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    path = models.CharField("请求路径", max_length=300, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    school_lookups = ()

    class Meta:
        verbose_name = "安全事件"
        verbose_name_plural = "安全事件"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "-created_at"], name="accounts_secevent_list"),
            models.Index(fields=["kind", "-created_at"], name="accounts_secevent_kind"),
        ]
        # The log is evidence: nobody, the application included, rewrites it.
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username}"


class UserSession(models.Model):
    """A sign-in: lets an admin see who is signed in, from where, and end that session."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="sessions")
    bureau = models.ForeignKey(
        "registry.Bureau", verbose_name="所属教育局", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session_key = models.CharField(max_length=40, unique=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    started_at = models.DateTimeField("登录时间", default=timezone.now)
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    school_lookups = ()

    class Meta:
        verbose_name = "登录会话"
        verbose_name_plural = "登录会话"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["bureau", "ended_at"], name="accounts_session_active")]

    def __str__(self) -> str:
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


# A role is a group membership: record every grant and removal (the through table has
# no model of ours to decorate).
UserRoleEvent = audited_links(User.groups.through, model_name="UserRoleEvent", app_label="accounts", verbose_name="角色变更记录")


def _role_name(group: models.Model) -> str:
    return Role(group.name).label if group.name in Role.values else group.name


# The audit trail names a role row 法规股工作人员, not its code legal_officer.
ROW_NAMES["auth.group"] = _role_name
