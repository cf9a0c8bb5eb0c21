"""What each role (apps.accounts.roles.Role, by value) may do in the 文件库 and 法律法规库."""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {"documents.law": ALL, "documents.document": ALL},
    "legal_officer": {"documents.law": EDIT, "documents.document": EDIT},
    "inspector": {"documents.law": VIEW, "documents.document": VIEW},
    "school_user": {"documents.law": VIEW, "documents.document": VIEW},
    "city_viewer": {"documents.law": VIEW, "documents.document": VIEW},
}
