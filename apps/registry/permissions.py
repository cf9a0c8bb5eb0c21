"""What each role (apps.accounts.roles.Role, by value) may do in the registry."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    # change: its own bureau's portal settings (name, footer, logo), nothing else of it.
    "bureau_admin": {
        "registry.bureau": ("view", "change"),
        "registry.entity": ALL,
        "registry.entitychange": EDIT,
        "registry.person": ALL,
    },
    "legal_officer": {"registry.bureau": VIEW, "registry.entity": EDIT, "registry.entitychange": EDIT, "registry.person": EDIT},
    "inspector": {"registry.entity": VIEW, "registry.entitychange": VIEW},
    "school_user": {"registry.entity": VIEW, "registry.entitychange": VIEW, "registry.person": EDIT},
    # registry.conflict: Bureau.Meta.permissions (跨局代码冲突, a page of the city's own).
    "city_viewer": {
        "registry.bureau": VIEW,
        "registry.conflict": VIEW,
        "registry.entity": VIEW,
        "registry.entitychange": VIEW,
        "registry.person": VIEW,
    },
}
