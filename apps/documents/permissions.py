"""What each role (apps.accounts.roles.Role, by value) may do in the 文件库 and 法律法规库.

The law catalogue's national entries are kept by the system administrator (and the
bureaus it names, `lawmaintainer`); a bureau's 法规股 adds and corrects its own local
entries (`documents.models.LawQuerySet.for_user(write=True)` decides which rows).
Reviews and clean-up decisions are written through `change_document` /
`change_cleanupcampaign` on their document or campaign.
"""

from apps.core.permissions import ALL, EDIT, VIEW

ROLE_PERMISSIONS = {
    "bureau_admin": {
        "documents.law": EDIT,
        "documents.document": ALL,
        "documents.documentreview": VIEW,
        "documents.cleanupcampaign": EDIT,
    },
    "legal_officer": {
        "documents.law": EDIT,
        "documents.document": EDIT,
        "documents.documentreview": VIEW,
        "documents.cleanupcampaign": EDIT,
    },
    "inspector": {"documents.law": VIEW, "documents.document": VIEW, "documents.cleanupcampaign": VIEW},
    "school_user": {"documents.law": VIEW, "documents.document": VIEW, "documents.cleanupcampaign": VIEW},
    "city_viewer": {
        "documents.law": VIEW,
        "documents.document": VIEW,
        "documents.documentreview": VIEW,
        "documents.cleanupcampaign": VIEW,
    },
    "system_admin": {"documents.law": EDIT, "documents.lawmaintainer": ALL},
}
