from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic.edit import FormView
from pghistory.models import MiddlewareEvents

from apps.core.audit import history_for
from apps.core.exports import csv_response, xlsx_response
from apps.core.security import log_denied
from apps.core.views import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PortalPermissionMixin,
    ScopedObjectMixin,
    UserFormMixin,
)
from apps.registry.models import Bureau

from . import selectors, services
from .filtersets import (
    AccountSecurityFilterSet,
    AuditEventFilterSet,
    SecurityEventFilterSet,
    SessionFilterSet,
    UserFilterSet,
)
from .forms import BureauOnboardForm, LoginForm, OwnPasswordChangeForm, PasswordResetByAdminForm, UserForm
from .models import SecurityEvent, SecurityEventKind, User, UserSession
from .roles import Role
from .tables import ACCOUNT_SECURITY_TABLE, AUDIT_TABLE, BUREAU_TABLE, SECURITY_EVENT_TABLE, SESSION_TABLE, USER_TABLE


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's LoginView names the site after the host (RequestSite): the portal's name instead.
        # (site_name comes from the page's bureau: apps.core.context_processors.portal.)
        context.pop("site_name", None)
        context["site"] = None
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        services.session_start(request=self.request, user=user)
        if user.password_expired():
            messages.warning(self.request, f"您的密码已超过{settings.PASSWORD_MAX_AGE_DAYS}天未修改，请尽快修改密码。")
        return response

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")[:150]
        services.security_event_record(request=self.request, kind=SecurityEventKind.LOGIN_FAILED, username=username)
        # axes marks the request when this failure reaches the limit, or when the pair
        # (username, address) was already locked; its middleware then answers with the
        # lockout page instead of this form.
        if getattr(self.request, "axes_locked_out", False):
            services.security_event_record(
                request=self.request,
                kind=SecurityEventKind.LOCKED_OUT,
                username=username,
                detail="连续登录失败达到5次，该用户名在此地址锁定10分钟",
            )
        return super().form_invalid(form)


class LogoutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            services.session_logout(request=request)
        logout(request)
        messages.success(request, "您已安全退出。")
        return redirect("public:home")

    def get(self, request):
        # No state change on GET.
        return HttpResponseRedirect("/")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user's own password; the session survives the change."""

    form_class = OwnPasswordChangeForm
    template_name = "generic/object_edit.html"
    success_url = reverse_lazy("core:dashboard")
    extra_context = {"title": "修改密码", "cancel_url": reverse_lazy("core:dashboard")}

    def form_valid(self, form):
        form.save()
        # The password is part of the session's auth hash: refresh it, or this very
        # session would be logged out by the change.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "密码已修改。")
        return HttpResponseRedirect(self.get_success_url())


# -- users ---------------------------------------------------------------------------


class UserScopeMixin:
    """Accounts a bureau admin manages: its bureau's, never a system administrator's."""

    def scoped(self, *, write: bool = False):
        qs = super().scoped(write=write)
        if write and not self.request.user.is_superuser:
            qs = qs.exclude(is_superuser=True)
        return qs


class UserListView(ObjectListView):
    """用户管理: the system administrator's (accounts and their roles). The security
    administrator, who may also view accounts, has 账号安全 instead."""

    model = User
    action = "change"
    filterset_class = UserFilterSet
    table = USER_TABLE
    title = "用户管理"
    add_url_name = "accounts:user_add"

    def get_queryset(self):
        # role_label reads the groups: one prefetch for the page, not one query a row.
        return super().get_queryset().prefetch_related("groups")


class UserEditView(UserScopeMixin, ObjectEditView):
    model = User
    form_class = UserForm
    template_name = "accounts/user_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        # 教育局管理 › 新建账号: the platform administrator's form starts in that bureau.
        code = self.request.GET.get("bureau", "")
        if self.request.user.is_superuser and code.isdigit():
            kwargs["bureau"] = Bureau.objects.filter(pk=int(code)).first()
        return kwargs

    def form_valid(self, form) -> HttpResponse:
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # A rule only the service knows (or a model check): said on the form, not a 500.
            for field, errors in (error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)

    def get_success_url(self) -> str:
        return reverse("accounts:user_list")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("accounts:user_list")
        if self.object:
            context["history"] = history_for(self.object)
        return context


class UserPasswordView(UserScopeMixin, ScopedObjectMixin, FormView):
    """A bureau admin sets a new password for one of its accounts."""

    model = User
    action = "change"
    form_class = PasswordResetByAdminForm
    template_name = "generic/object_edit.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["target"] = self.get_object()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"重置密码：{self.get_object()}"
        context["cancel_url"] = self.get_object().get_absolute_url()
        return context

    def form_valid(self, form) -> HttpResponse:
        target = self.get_object()
        services.user_password_set(user=target, by=self.request.user, password=form.cleaned_data["password"])
        if target.pk == self.request.user.pk:
            update_session_auth_hash(self.request, target)
        messages.success(self.request, f"已重置用户“{target}”的密码，其已登录的会话已结束。请将新密码当面告知本人。")
        return HttpResponseRedirect(reverse("accounts:user_list"))


class AccountSecurityListView(ObjectListView):
    """账号安全: the security administrator's accounts with their lock state, whether an
    authenticator is bound and the last sign-in; each row lifts a lockout or resets the
    authenticator (UserUnlockView / UserOTPResetView, which check the right again)."""

    link_rows = False  # the account form is the system administrator's
    model = User
    action = "reset_otp"
    filterset_class = AccountSecurityFilterSet
    table = ACCOUNT_SECURITY_TABLE
    title = "账号安全"
    template_name = "accounts/account_security.html"

    def get_queryset(self):
        return selectors.account_security(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_unlock"] = self.request.user.has_perm("accounts.unlock_user")
        context["can_reset_otp"] = self.request.user.has_perm("accounts.reset_otp_user")
        return context


# -- sessions ------------------------------------------------------------------------


class SessionListView(ObjectListView):
    link_rows = False
    model = UserSession
    filterset_class = SessionFilterSet
    table = SESSION_TABLE
    title = "在线用户"
    template_name = "accounts/session_list.html"

    def get_queryset(self):
        return services.active_sessions(self.request.user).prefetch_related("user__groups")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_end"] = self.request.user.has_perm("accounts.delete_usersession")
        context["current_session_key"] = self.request.session.session_key
        return context


class SessionEndView(ScopedObjectMixin, View):
    """结束会话: POST only; the user's next request is anonymous."""

    model = UserSession
    action = "delete"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = self.get_object()
        if session.session_key == request.session.session_key:
            messages.error(request, "不能结束您自己当前的会话；如需离开，请点击“退出”。")
        elif session.ended_at is not None:
            messages.info(request, f"用户“{session.user}”的这个会话已经结束。")
        else:
            services.session_end(session=session, by=request.user, request=request)
            messages.success(request, f"已结束用户“{session.user}”的会话，其需要重新登录。")
        return HttpResponseRedirect(reverse("accounts:session_list"))


# -- logs ----------------------------------------------------------------------------


class AuditListView(ObjectListView):
    """审计日志: every write in the bureau (pghistory events), read-only by construction.

    Nothing here writes: there is no edit or delete view, and the event tables refuse
    UPDATE and DELETE in the database (append-only triggers) whoever asks.
    """

    link_rows = False

    model = User  # only for the base's plumbing; the permission is accounts.view_auditlog
    permission = "accounts.view_auditlog"
    filterset_class = AuditEventFilterSet
    table = AUDIT_TABLE
    title = "审计日志"
    template_name = "accounts/log_list.html"

    def check_permission(self, request: HttpRequest, action: str | None = None) -> None:
        if not request.user.has_perm(self.permission):
            log_denied(request, f"缺少权限 {self.permission}")
            raise PermissionDenied("您没有执行此操作的权限。")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The base's get, reading through selectors.audit_page / audit_iter: the events'
        # aggregate view is too costly to filter and page as a queryset (see there).
        self.filterset = self.filterset_class(request.GET or None, queryset=MiddlewareEvents.objects.none(), request=request)
        filters = self.filterset.audit_filters()
        export = request.GET.get("export")
        services.log_read_record(request=request, log="审计日志", export=export if export in ("csv", "xlsx") else None)
        if export in ("csv", "xlsx"):
            rows = selectors.audit_iter(request.user, filters)
            return (csv_response if export == "csv" else xlsx_response)(self.table, rows, self.get_title())
        page = selectors.audit_page(
            request.user, filters, after=request.GET.get("after"), before=request.GET.get("before"), per_page=self.per_page
        )
        selectors.events_link(page.object_list, request.user)
        selectors.attach_related_names(page.object_list)
        context = self.get_context_data(page=page, rows=self.table.rows(page.object_list))
        return self.render_to_response(context)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["intro"] = (
            "记录本单位所有数据的新建、修改和删除：谁、何时、从哪里、改了什么。日志只能查看和导出，任何人都不能修改或删除。"
        )
        return context


class SecurityEventListView(ObjectListView):
    link_rows = False
    model = SecurityEvent
    filterset_class = SecurityEventFilterSet
    table = SECURITY_EVENT_TABLE
    title = "登录与安全日志"
    template_name = "accounts/log_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The audit administrator's reading is recorded for the security administrator;
        # the latter's own reading of the log it watches is not (it would bury the log).
        export = request.GET.get("export") if request.GET.get("export") in ("csv", "xlsx") else None
        if request.user.role != Role.SECURITY_ADMIN:
            services.log_read_record(request=request, log="登录与安全日志", export=export)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["intro"] = "登录成功与失败、登录锁定、退出、会话被结束和越权访问被拒绝的记录，含来源地址。"
        return context


# -- two factors -----------------------------------------------------------------------


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("core:dashboard")


class OTPSetupView(LoginRequiredMixin, View):
    """Bind an authenticator app: scan the QR code (or type the key), then enter a code."""

    template_name = "accounts/otp_setup.html"

    def _render(self, request, device, error: str = ""):
        import segno

        url = device.config_url
        qr = segno.make(url, error="m").svg_inline(scale=4, title="验证器二维码")
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        return render(
            request,
            self.template_name,
            {"title": "绑定手机验证器", "qr": mark_safe(qr), "secret": secret, "error": error, "next": _safe_next(request)},
        )

    def dispatch(self, request, *args, **kwargs):
        # Binding replaces the owner's authenticator and recovery codes: only an account
        # with none confirmed (first sign-in, or after an admin reset) may bind one.
        if request.user.is_authenticated and services.otp_has_device(user=request.user):
            if request.user.is_verified():
                messages.info(request, "您已绑定手机验证器。如需更换，请联系本单位安全管理员重置后重新绑定。")
                return redirect("core:dashboard")
            return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': _safe_next(request)}, safe='/')}")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        response = self._render(request, services.otp_device_for_setup(user=request.user))
        add_never_cache_headers(response)  # the page shows the secret key
        return response

    def post(self, request):
        device = services.otp_device_for_setup(user=request.user)
        codes = services.otp_confirm(
            request=request, user=request.user, device=device, token=request.POST.get("token", "").strip()
        )
        if codes is None:
            return self._render(request, device, error="验证码不正确，请核对手机上显示的6位数字后重试。")
        response = render(request, "accounts/otp_recovery.html", {"title": "恢复码", "codes": codes, "next": _safe_next(request)})
        add_never_cache_headers(response)
        return response


class OTPVerifyView(LoginRequiredMixin, View):
    """The second step of signing in: the authenticator's code or a recovery code."""

    template_name = "accounts/otp_verify.html"

    def get(self, request):
        return render(request, self.template_name, {"title": "双因素验证", "next": _safe_next(request)})

    def post(self, request):
        if services.otp_verify(request=request, user=request.user, token=request.POST.get("token", "")):
            return redirect(_safe_next(request))
        context = {"title": "双因素验证", "next": _safe_next(request), "error": "验证码不正确或已过期，请重新输入。"}
        return render(request, self.template_name, context, status=200)


class UserOTPResetView(UserScopeMixin, ScopedObjectMixin, View):
    """The security administrator clears a user's authenticator (a lost phone)."""

    model = User
    action = "reset_otp"

    def post(self, request, pk):
        user = self.get_object()
        services.otp_reset(user=user, by=request.user, request=request)
        messages.success(request, f"已重置 {user} 的手机验证器；该用户下次登录时需重新绑定。")
        return _back_to_user(request, user)


class UserUnlockView(UserScopeMixin, ScopedObjectMixin, View):
    """The security administrator lifts a login lockout for one of its accounts."""

    model = User
    action = "unlock"

    def post(self, request, pk):
        user = self.get_object()
        cleared = services.lockout_clear(user=user, by=request.user, request=request)
        messages.success(request, f"已解除 {user} 的登录锁定（清除 {cleared} 条失败记录）。")
        return _back_to_user(request, user)


def _back_to_user(request: HttpRequest, user: User) -> HttpResponse:
    # The security administrator may not open the account form (系统管理员's): its own list.
    if request.user.has_perm("accounts.change_user"):
        return redirect("accounts:user_edit", pk=user.pk)
    return redirect("accounts:account_security")


# -- 教育局管理: the platform's system administrator opens a county ----------------------


class BureauAdminMixin:
    """Only the platform's system administrator (registry.add_bureau: no role holds it)."""

    model = Bureau
    action = "add"


class BureauListView(BureauAdminMixin, ObjectListView):
    table = BUREAU_TABLE
    title = "教育局管理"
    add_url_name = "accounts:bureau_add"

    def get_queryset(self):
        return selectors.bureaus_with_counts(self.request.user)


class BureauCreateView(UserFormMixin, BureauAdminMixin, PortalPermissionMixin, FormView):
    form_class = BureauOnboardForm
    template_name = "generic/object_edit.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="新建教育局",
            cancel_url=reverse("accounts:bureau_list"),
            breadcrumbs=[("教育局管理", reverse("accounts:bureau_list"))],
        )
        return context

    def form_valid(self, form) -> HttpResponse:
        try:
            bureau, admin = form.save()
        except ValidationError as error:
            names = {"region_code": "region_code", "name": "name", "parent": "parent", "username": "admin_username"}
            for field, errors in (error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}).items():
                form.add_error(names.get(field), errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"已新建“{bureau}”及其局管理员“{admin.username}”，并复制了默认字典。请把初始密码当面告知本人，首次登录时须修改。",
        )
        return HttpResponseRedirect(bureau.get_absolute_url())


class BureauDetailView(BureauAdminMixin, ObjectDetailView):
    template_name = "accounts/bureau_detail.html"
    fields = ("name", "short_name", "region_code", "parent")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["accounts"] = User.objects.filter(bureau=self.object).prefetch_related("groups").select_related("school")
        context["breadcrumbs"] = [("教育局管理", reverse("accounts:bureau_list"))]
        context["actions"] = []
        context["title"] = str(self.object)
        return context
