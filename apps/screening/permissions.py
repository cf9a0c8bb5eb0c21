"""What each role may do with background checks (Role values, apps.accounts.roles).

Results and restricted cases (`view_result_check`, `restrictedcase`) are the bureau
admin's only; the whole 身份证号 export (`export_querybatch`) too. A school records its
staff's authorisations and sees that a person was checked and when (`view_check`),
never a result. Legal officers and the city see batches, coverage and check dates.
"""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {
        "screening.authorisation": EDIT,
        "screening.querybatch": ("view", "add", "change", "delete", "export"),
        "screening.check": ("view", "change", "view_result"),
        "screening.restrictedcase": ("view", "change"),
        "screening.ethicsentry": ALL,
        "screening.exportlog": VIEW,
    },
    "legal_officer": {
        "screening.authorisation": VIEW,
        "screening.querybatch": VIEW,
        "screening.check": VIEW,
    },
    "school_user": {
        "screening.authorisation": EDIT,
        "screening.check": VIEW,
    },
    "city_viewer": {
        "screening.authorisation": VIEW,
        "screening.querybatch": VIEW,
        "screening.check": VIEW,
    },
}
