"""What each role may do with admissions: the bureau records and imports them; a school
reads its own; the city reads its counties'."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"admissions.admission": ALL, "admissions.admissionyear": EDIT},
    "legal_officer": {"admissions.admission": EDIT, "admissions.admissionyear": EDIT},
    "inspector": {"admissions.admission": VIEW, "admissions.admissionyear": VIEW},
    "school_user": {"admissions.admission": VIEW, "admissions.admissionyear": VIEW},
    "city_viewer": {"admissions.admission": VIEW, "admissions.admissionyear": VIEW},
}
