"""What each role (apps.accounts.roles.Role, by value) may do in the registry."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"registry.bureau": VIEW, "registry.entity": ALL, "registry.entitychange": EDIT, "registry.person": ALL},
    "legal_officer": {"registry.bureau": VIEW, "registry.entity": EDIT, "registry.entitychange": EDIT, "registry.person": EDIT},
    "inspector": {"registry.entity": VIEW, "registry.entitychange": VIEW},
    "school_user": {"registry.entity": VIEW, "registry.entitychange": VIEW, "registry.person": EDIT},
    "city_viewer": {"registry.bureau": VIEW, "registry.entity": VIEW, "registry.entitychange": VIEW, "registry.person": VIEW},
}
