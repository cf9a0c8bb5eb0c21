"""What each role (apps.accounts.roles.Role, by value) may do with 学法 records.

Study is the bureau's own work: schools see none of it; 法规股 records sessions and
attendance; inspectors and the city read them."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"study.studysession": ALL, "study.attendance": ALL},
    "legal_officer": {"study.studysession": EDIT, "study.attendance": EDIT},
    "inspector": {"study.studysession": VIEW, "study.attendance": VIEW},
    "city_viewer": {"study.studysession": VIEW, "study.attendance": VIEW},
}
