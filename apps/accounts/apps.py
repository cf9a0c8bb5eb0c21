from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from apps.core import security

        from . import services
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="accounts_sync_roles")
        checks.register(check_role_permissions)
        # core records refused and personal-data views through this hook: it imports no accounts model.
        security.register_recorder(services.security_event_record)


def check_role_permissions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every permission a role is granted exists (a model and one of its actions)."""

    from .roles import undeclared_permissions

    return [
        checks.Error(
            f"角色权限指向不存在的权限：{missing}", id="accounts.E001", hint="检查各应用 permissions.py 的模型名和操作名。"
        )
        for missing in undeclared_permissions()
    ]
