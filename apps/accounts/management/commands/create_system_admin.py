"""`make admin` (or `manage.py create_system_admin`): the platform's system administrator.

The one account that belongs to no bureau: it opens bureaus and their first 局管理员 in
教育局管理 (/accounts/bureaus/). The password is typed twice (or read from the
SYSTEM_ADMIN_PASSWORD environment variable for a script) and held to the 等保 rules.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.models import User


class Command(BaseCommand):
    help = "创建平台系统管理员（不属于任何教育局，在“教育局管理”中新建教育局及其局管理员）。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default="", help="用户名（不填时询问）")
        parser.add_argument("--full-name", default="平台系统管理员", help="姓名")

    def handle(self, *args, username: str, full_name: str, **options) -> None:
        username = username or input("用户名：").strip()
        if not username:
            raise CommandError("请填写用户名。")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名“{username}”已存在。如需重设其密码，请由系统管理员在“用户管理”中重置。")
        user = User(username=username, full_name=full_name, is_staff=True, is_superuser=True)
        password = os.environ.get("SYSTEM_ADMIN_PASSWORD") or self._ask_password()
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("密码不符合要求：" + "；".join(error.messages)) from None
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.save()
        self.stdout.write(self.style.SUCCESS(f"已创建平台系统管理员“{username}”。登录后在“系统管理 › 教育局管理”中新建教育局。"))

    @staticmethod
    def _ask_password() -> str:
        first = getpass.getpass("密码（至少8位，含字母、数字和符号）：")
        if first != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致。")
        return first
