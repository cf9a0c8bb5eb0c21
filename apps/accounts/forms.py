from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q

from apps.core.forms import PortalFormMixin
from apps.core.widgets import SearchableSelect
from apps.registry.choices import EntityStatus
from apps.registry.models import Bureau, Entity

from . import services
from .models import User
from .roles import Role

PASSWORD_HELP = "至少8位，须同时包含字母、数字和符号，不能与用户名、姓名相近。"
_PHONE = re.compile(r"^[0-9][0-9\- ]{5,19}$")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败5次将锁定10分钟。",
        "inactive": "该账号已停用，请联系本单位管理员。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        # AuthenticationForm sets max_length on the username field but no validator: a
        # longer name reached the lockout's 255-character column (a 500). Check both.
        self.fields["username"].validators.append(MaxLengthValidator(150, "用户名最长150个字符。"))
        self.fields["password"].validators.append(MaxLengthValidator(128, "密码最长128个字符。"))
        self.fields["password"].widget.attrs["maxlength"] = "128"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


def _validate_new_password(form: forms.Form, field: str, password: str, user: User) -> None:
    """AUTH_PASSWORD_VALIDATORS (等保: length, letters + digits + symbols), errors on `field`."""

    try:
        password_validation.validate_password(password, user)
    except forms.ValidationError as error:
        form.add_error(field, error)


class UserForm(PortalFormMixin, forms.ModelForm):
    """A bureau admin's form for an account of its own bureau.

    Only the fields below can be set: `bureau` is always the admin's, and `is_superuser`,
    `is_staff` and `groups` are not fields at all (the role is the one group an account
    gets, through `services.user_set_role`).
    """

    role = forms.ChoiceField(label="角色", choices=Role.choices)
    password = forms.CharField(
        label="初始密码",
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        required=False,
        help_text=PASSWORD_HELP,
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "bureau", "school", "is_active"]
        widgets = {"school": SearchableSelect, "bureau": SearchableSelect}

    field_order = ["username", "full_name", "phone", "bureau", "role", "school", "password", "is_active"]

    def __init__(self, *args: Any, user: Any = None, bureau: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        platform_admin = user is not None and user.is_superuser
        if platform_admin and not self.instance.pk:
            # The platform's system administrator has no bureau of its own: it names the
            # account's (a new county's first admin). Required: no role lives without one.
            self.fields["bureau"].queryset = Bureau.objects.order_by("path")
            self.fields["bureau"].required = True
            self.fields["bureau"].help_text = "账号所属的教育局；每个角色都必须属于一个教育局。"
            if bureau is not None:
                self.fields["bureau"].initial = bureau.pk
        else:
            del self.fields["bureau"]
        # Schools: top-level entities (not canteens or other units) of the admin's own
        # bureau that are open, plus the account's current school so an edit stays valid.
        schools = Entity.objects.for_user(user, write=True).filter(parent__isnull=True)
        # Sorted as people read names (高平二中 before 高平十中), with a filter box.
        self.fields["school"].queryset = schools.filter(Q(status=EntityStatus.OPEN) | Q(pk=self.instance.school_id)).order_by(
            "sort_key", "id"
        )
        self.fields["school"].help_text = "学校工作人员必须选择所属学校；其他角色不选。"
        self.fields["school"].empty_label = "（不选）"
        self.fields["full_name"].required = True
        self.fields["is_active"].label = "启用"
        self.fields["is_active"].help_text = "停用后该账号不能登录，已登录的会话立即结束；账号和操作记录保留。"
        if platform_admin:
            # Any bureau's schools; clean() checks the school is the chosen bureau's.
            self.fields["school"].queryset = (
                Entity.objects.filter(parent__isnull=True)
                .filter(Q(status=EntityStatus.OPEN) | Q(pk=self.instance.school_id))
                .order_by("sort_key", "id")
            )
        if user is not None and not user.is_superuser and len(user.visible_bureau_ids()) < 2:
            # 市局查看 only makes sense in a bureau that has bureaus under it.
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.CITY_VIEWER]
        if self.instance.pk:
            self.fields["role"].initial = self.instance.role
            self.fields["username"].disabled = True
            self.fields["username"].help_text = "用户名创建后不能修改。"
            del self.fields["password"]
            if user is not None and self.instance.pk == user.pk:
                # An admin neither demotes nor deactivates itself (services check it too).
                self.fields["role"].disabled = True
                self.fields["role"].help_text = "不能修改自己的角色。"
                self.fields["is_active"].disabled = True
                self.fields["is_active"].help_text = "不能停用自己的账号。"
        else:
            # Known before validation, so the model's own checks see the real bureau.
            self.instance.bureau_id = getattr(user, "bureau_id", None) or getattr(bureau, "pk", None)
            self.fields["password"].required = True
            del self.fields["is_active"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError("请输入有效的手机号或固定电话，例如 13912345678 或 0356-5221234。")
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        role, school = cleaned.get("role"), cleaned.get("school")
        if role == Role.SCHOOL_USER and not school and "school" not in self.errors:
            self.add_error("school", "学校工作人员必须选择所属学校。")
        if role and role != Role.SCHOOL_USER and school:
            self.add_error("school", "只有学校工作人员才能选择所属学校。")
        bureau = cleaned.get("bureau")
        if bureau is not None and school is not None and school.bureau_id != bureau.pk:
            self.add_error("school", f"“{school}”不属于{bureau}。")
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), full_name=cleaned.get("full_name", ""))
            _validate_new_password(self, "password", password, candidate)
        return cleaned

    def save(self, commit: bool = True) -> User:
        """Through the services (they check the right, the role and the sessions). With
        commit=False nothing is written: the account as the form would leave it, unsaved,
        for the caller to inspect; the role is applied only by a committing save."""

        data = {name: self.cleaned_data[name] for name in ("full_name", "phone", "school")}
        if self.cleaned_data.get("bureau") is not None:
            data["bureau"] = self.cleaned_data["bureau"]
        role = self.cleaned_data["role"]
        if not commit:
            # ModelForm's validation already copied the fields onto the instance.
            self.save_m2m = lambda: None
            return self.instance
        if self.instance.pk is None:
            data["username"] = self.cleaned_data["username"]
            return services.user_create(by=self.user, data=data, role=role, password=self.cleaned_data["password"])
        data["is_active"] = self.cleaned_data["is_active"]
        return services.user_update(user=self.instance, by=self.user, data=data, role=role)


class PasswordResetByAdminForm(PortalFormMixin, forms.Form):
    """An admin sets a new password for an account (it is told to the user in person)."""

    password = forms.CharField(
        label="新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label="再次输入新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, target: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password, password2 = cleaned.get("password"), cleaned.get("password2")
        if password and password2 and password != password2:
            self.add_error("password2", "两次输入的密码不一致。")
        elif password:
            _validate_new_password(self, "password", password, self.target)
        return cleaned


class OwnPasswordChangeForm(PasswordChangeForm):
    """A user's own password: the old one, then the new one twice, by the 等保 rules."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": "两次输入的新密码不一致。",
        "password_incorrect": "原密码不正确，请重新输入。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "原密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["new_password2"].help_text = ""
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def save(self, commit: bool = True) -> User:
        services.password_change(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class BureauOnboardForm(PortalFormMixin, forms.Form):
    """教育局管理 › 新建教育局: the bureau (under its parent, with its region code) and its
    first 局管理员 in one form; services.bureau_onboard saves both or neither."""

    name = forms.CharField(label="教育局名称", max_length=100, help_text="全称，如：泽州县教育局。")
    region_code = forms.RegexField(
        label="行政区划代码",
        regex=r"^\d{6}$",
        error_messages={"invalid": "行政区划代码应为6位数字，如 140525。"},
        help_text="6位数字，如泽州县为 140525；身份证号和统一社会信用代码的示例由它生成。",
    )
    parent = forms.ModelChoiceField(label="上级教育局", queryset=Bureau.objects.none(), required=False)
    short_name = forms.CharField(label="简称", max_length=20, required=False, help_text="如：泽州；不填时由名称得出。")
    admin_username = forms.CharField(label="局管理员用户名", max_length=150, help_text="如：zz_admin。")
    admin_full_name = forms.CharField(label="局管理员姓名", max_length=50)
    admin_phone = forms.CharField(label="局管理员手机号", max_length=30, required=False)
    admin_password = forms.CharField(
        label="局管理员初始密码",
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP + "首次登录时须由本人修改。",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["parent"].queryset = Bureau.objects.order_by("path")
        self.fields["parent"].empty_label = "（无上级）"

    def clean_region_code(self) -> str:
        code = self.cleaned_data["region_code"]
        if Bureau.objects.filter(region_code=code).exists():
            raise forms.ValidationError("该行政区划代码已有教育局。")
        return code

    def clean_admin_username(self) -> str:
        username = self.cleaned_data["admin_username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用，请换一个。")
        return username

    def clean_admin_phone(self) -> str:
        phone = self.cleaned_data["admin_phone"].strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError("请输入有效的手机号或固定电话，例如 13912345678 或 0356-5221234。")
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password = cleaned.get("admin_password")
        if password:
            candidate = User(username=cleaned.get("admin_username", ""), full_name=cleaned.get("admin_full_name", ""))
            _validate_new_password(self, "admin_password", password, candidate)
        return cleaned

    def save(self) -> tuple[Bureau, User]:
        data = self.cleaned_data
        return services.bureau_onboard(
            by=self.user,
            bureau_data={
                "name": data["name"],
                "region_code": data["region_code"],
                "parent": data["parent"],
                "short_name": data["short_name"],
            },
            admin_data={"username": data["admin_username"], "full_name": data["admin_full_name"], "phone": data["admin_phone"]},
            password=data["admin_password"],
        )
