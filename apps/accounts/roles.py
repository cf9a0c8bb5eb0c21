"""The roles of DESIGN.md as Groups, and the permissions each holds.

Each app says what every role may do in it, in its own `permissions.py`. Three of the
roles split the administration (等保 level 3, 8.1.4.2 separation of duties): no account
holds two of `ADMIN_DUTIES` (services.user_set_role refuses it).
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", "局管理员"
    LEGAL_OFFICER = "legal_officer", "法规股工作人员"
    INSPECTOR = "inspector", "执法人员"
    SCHOOL_USER = "school_user", "学校工作人员"
    CITY_VIEWER = "city_viewer", "市局查看"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# The three administrators of the standard: three different people.
ADMIN_DUTIES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def role_permissions() -> dict[str, dict[str, tuple[str, ...]]]:
    """role -> {"app_label.model": actions}, merged from every app's
    `permissions.ROLE_PERMISSIONS` (apps.core.seams), so a new app declares what each
    role may do in it without editing this file."""

    from apps.core.seams import app_modules

    merged: dict[str, dict[str, tuple[str, ...]]] = {role: {} for role in Role.values}
    for config, module in app_modules("permissions"):
        for role, grants in getattr(module, "ROLE_PERMISSIONS", {}).items():
            if role not in merged:
                raise ValueError(f"{config.name}.permissions names an unknown role {role!r}")
            merged[role].update(grants)
    return merged


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly its permissions (usable in migrations)."""

    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app configs have no models module, which create_permissions
        # skips; put back what was there (the live registry's, when tests call this with
        # it: None there stopped every later flush from recreating the permissions).
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models_actions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for label, actions in models_actions.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            wanted += list(found)
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate (AccountsConfig.ready): every migrate brings the groups to what the
    apps' `permissions.py` say now, so a new app's grants need no migration of ours."""

    from django.apps import apps

    sync_roles(apps)


def undeclared_permissions() -> list[str]:
    """Every "app.model: action" of any ROLE_PERMISSIONS that no model declares: a typo
    would otherwise grant nothing, silently. Read from the models, not the database."""

    from django.apps import apps

    missing = []
    for role, grants in role_permissions().items():
        for label, actions in grants.items():
            app_label, _, model_name = label.partition(".")
            try:
                app_config = apps.get_app_config(app_label)
            except LookupError:
                missing.append(f"{role}: {label}（没有应用 {app_label}）")
                continue
            declared = set()
            for model in app_config.get_models():
                opts = model._meta
                declared |= {f"{action}_{opts.model_name}" for action in opts.default_permissions}
                declared |= {codename for codename, _ in opts.permissions}
            missing += [f"{role}: {label} {action}" for action in actions if f"{action}_{model_name}" not in declared]
    return missing
