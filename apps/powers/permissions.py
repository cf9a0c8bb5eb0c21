"""What each role (apps.accounts.roles.Role, by value) may do with the 权责清单 and the
credit grades. The catalogue is public: every bureau-side role and schools read it;
only the bureau's own staff change it (always as an adjustment, never a deletion)."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"powers.poweritem": EDIT, "powers.adjustment": VIEW, "powers.creditgrade": ALL},
    "legal_officer": {"powers.poweritem": EDIT, "powers.adjustment": VIEW, "powers.creditgrade": EDIT},
    "inspector": {"powers.poweritem": VIEW, "powers.adjustment": VIEW, "powers.creditgrade": VIEW},
    "school_user": {"powers.poweritem": VIEW, "powers.adjustment": VIEW},
    "city_viewer": {"powers.poweritem": VIEW, "powers.adjustment": VIEW, "powers.creditgrade": VIEW},
}
