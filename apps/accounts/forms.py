from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from apps.core.forms import PortalFormMixin
from apps.registry.models import Entity

from .models import User
from .roles import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败5次将锁定10分钟。",
        "inactive": "该账号已停用，请联系本单位管理员。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class UserForm(PortalFormMixin, forms.ModelForm):
    """A bureau admin's form for an account of its own bureau."""

    role = forms.ChoiceField(label="角色", choices=Role.choices)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="新建账号时必填；至少8位，须含字母、数字和符号。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "school", "is_active"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["school"].queryset = Entity.objects.for_user(user, write=True).filter(parent__isnull=True)
        self.fields["school"].help_text = "学校工作人员必须选择所属学校。"
        self.fields["is_active"].label = "启用"
        if self.instance.pk:
            self.fields["role"].initial = self.instance.role
            del self.fields["password"]
        else:
            self.fields["password"].required = True

    def clean(self):
        cleaned = super().clean()
        role, school = cleaned.get("role"), cleaned.get("school")
        if role == Role.SCHOOL_USER and not school:
            self.add_error("school", "学校工作人员必须选择所属学校。")
        if role != Role.SCHOOL_USER and school:
            self.add_error("school", "只有学校工作人员才能选择所属学校。")
        password = cleaned.get("password")
        if password:
            candidate = User(username=cleaned.get("username", ""), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        from django.utils import timezone

        from .services import user_set_role

        user = super().save(commit=False)
        if not user.pk:
            user.bureau_id = self.user.bureau_id
            user.set_password(self.cleaned_data["password"])
            user.password_changed_at = timezone.now()
        user.save()
        user_set_role(user=user, role=self.cleaned_data["role"])
        return user


class PasswordResetByAdminForm(PortalFormMixin, forms.Form):
    password = forms.CharField(label="新密码", widget=forms.PasswordInput, help_text="至少8位，须含字母、数字和符号。")

    def __init__(self, *args: Any, target: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = target

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password, self.target)
        return password
