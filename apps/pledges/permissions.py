"""What each role (apps.accounts.roles.Role, by value) may do with pledges and meetings.

A school sees and signs its own school's pledge: `change_pledge`, checked against its
school in the service, and `sign_pledge`, the school's alone, which shows it 本校承诺书.
The bureau launches campaigns, uploads a scan sent on paper, returns a pledge
(`change_campaign`) and records meetings. The city reads.
"""

from apps.core.permissions import ALL, EDIT, VIEW

STAFF_VIEW = {"pledges.campaign": VIEW, "pledges.pledge": VIEW, "pledges.meeting": VIEW, "pledges.decision": VIEW}

ROLE_PERMISSIONS = {
    "bureau_admin": {
        "pledges.campaign": EDIT,
        "pledges.pledge": ("view", "change"),
        "pledges.meeting": ALL,
        "pledges.decision": VIEW,
    },
    "legal_officer": {
        "pledges.campaign": EDIT,
        "pledges.pledge": ("view", "change"),
        "pledges.meeting": EDIT,
        "pledges.decision": VIEW,
    },
    "inspector": STAFF_VIEW,
    "school_user": {"pledges.pledge": ("view", "change", "sign")},
    "city_viewer": STAFF_VIEW,
}
