"""The five roles of DESIGN.md as Groups, and the permissions each holds.

Later apps add their models here; their migration calls `sync_roles` again.
"""

from __future__ import annotations

from django.db import models

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)
EDIT = ("view", "add", "change")


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", "局管理员"
    LEGAL_OFFICER = "legal_officer", "法规股工作人员"
    INSPECTOR = "inspector", "执法人员"
    SCHOOL_USER = "school_user", "学校工作人员"
    CITY_VIEWER = "city_viewer", "市局查看"


# role -> {"app_label.model": actions}
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.BUREAU_ADMIN: {
        "registry.bureau": VIEW,
        "registry.entity": ALL,
        "registry.entitychange": EDIT,
        "registry.person": ALL,
        "documents.law": ALL,
        "documents.document": ALL,
        "core.dictionaryitem": ALL,
        "accounts.user": EDIT,
        "accounts.usersession": ("view", "delete"),
        "accounts.securityevent": VIEW,
        "accounts.auditlog": VIEW,
    },
    Role.LEGAL_OFFICER: {
        "registry.bureau": VIEW,
        "registry.entity": EDIT,
        "registry.entitychange": EDIT,
        "registry.person": EDIT,
        "documents.law": EDIT,
        "documents.document": EDIT,
        "core.dictionaryitem": VIEW,
    },
    Role.INSPECTOR: {
        "registry.entity": VIEW,
        "registry.entitychange": VIEW,
        "documents.law": VIEW,
        "documents.document": VIEW,
    },
    Role.SCHOOL_USER: {
        "registry.entity": VIEW,
        "registry.entitychange": VIEW,
        "registry.person": EDIT,
        "documents.law": VIEW,
        "documents.document": VIEW,
    },
    Role.CITY_VIEWER: {
        "registry.bureau": VIEW,
        "registry.entity": VIEW,
        "registry.entitychange": VIEW,
        "registry.person": VIEW,
        "documents.law": VIEW,
        "documents.document": VIEW,
    },
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and give each exactly its permissions (usable in migrations)."""

    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models_actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for label, actions in models_actions.items():
            app_label, model = label.split(".")
            codenames = [f"{action}_{model}" for action in actions]
            found = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            wanted += list(found)
        group.permissions.set(wanted)
